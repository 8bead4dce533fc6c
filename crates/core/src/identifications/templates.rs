//! Answer templates: an account's reusable sets of pre-defined answers, kept with the type
//! the officer chose for each (the wire form alone cannot tell a date from a text).

use crate::accounts::AccountService;
use crate::error::{Error, Result};
use crate::identifications::IdentificationService;
use crate::identifications::questions::TypedAnswer;
use crate::journal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AnswerTemplate {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub answers: Vec<TypedAnswer>,
}

impl IdentificationService<'_> {
    /// Saves the answers under `name` for the account, replacing a template of that name.
    pub async fn save_answer_template(
        self,
        account_id: &str,
        name: &str,
        answers: Vec<TypedAnswer>,
    ) -> Result<AnswerTemplate> {
        let account = AccountService::new(self.cx).account(account_id).await?;
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid(
                "name",
                "Give the template a name, e.g. \"Private customers\".",
            ));
        }
        if answers.iter().any(|a| a.key.trim().is_empty()) {
            return Err(Error::invalid(
                "answers",
                "Every answer needs the question's key.",
            ));
        }
        let json = serde_json::to_string(&answers).map_err(|e| Error::Storage {
            message: e.to_string(),
        })?;
        // In a team workspace the server keeps it first (refused offline: nothing half-saved).
        self.save_team_template(&account.id, name, &answers).await?;
        let id = uuid::Uuid::new_v4().to_string();
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            tx.execute(
                "INSERT INTO answer_templates (id, account_id, name, questions_json, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (account_id, name) DO UPDATE SET questions_json = excluded.questions_json",
                (&id, &account.id, name, &json, &stamp.at),
            )?;
            journal::record_detail(tx, &stamp, "template.saved", &account.id, Some(&format!("{} answers", answers.len())))
        })?;
        self.answer_templates(&account.id)
            .await?
            .into_iter()
            .find(|t| t.name == name)
            .ok_or_else(|| Error::NotFound {
                what: "Answer template",
                id: name.to_owned(),
            })
    }

    pub async fn answer_templates(self, account_id: &str) -> Result<Vec<AnswerTemplate>> {
        let account = AccountService::new(self.cx).account(account_id).await?;
        self.pull_team_templates(&account.id).await?;
        self.cx.store.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id, account_id, name, questions_json FROM answer_templates WHERE account_id = ?1 ORDER BY name COLLATE NOCASE",
            )?;
            let rows = stmt.query_map([&account.id], |r| {
                let json: String = r.get(3)?;
                Ok(AnswerTemplate {
                    id: r.get(0)?,
                    account_id: r.get(1)?,
                    name: r.get(2)?,
                    // Written by this code only; an unreadable one shows empty rather than failing the list.
                    answers: serde_json::from_str(&json).unwrap_or_default(),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    pub async fn delete_answer_template(self, id: &str) -> Result<()> {
        let found: Option<(String, String)> = self.cx.store.read(|conn| {
            Ok(rusqlite::OptionalExtension::optional(conn.query_row(
                "SELECT account_id, name FROM answer_templates WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            ))?)
        })?;
        if let Some((account_id, name)) = &found {
            self.delete_team_template(account_id, name).await?;
        }
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            let removed = tx.execute("DELETE FROM answer_templates WHERE id = ?1", [id])?;
            if removed == 0 {
                return Err(Error::NotFound {
                    what: "Answer template",
                    id: id.to_owned(),
                });
            }
            journal::record(tx, &stamp, "template.deleted", id)
        })
    }
}
