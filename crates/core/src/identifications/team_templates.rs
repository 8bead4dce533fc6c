//! Answer templates in a team workspace: kept on the server per registered account, so
//! every officer of the team offers the same; this folder keeps a copy for offline use.

use identdesk_team::TeamTemplate;

use crate::error::{Error, Result};
use crate::identifications::IdentificationService;
use crate::identifications::questions::TypedAnswer;
use crate::team::TeamService;

impl IdentificationService<'_> {
    /// Team: saves the template on the server (the local copy is written by the caller).
    pub(crate) async fn save_team_template(
        self,
        account_id: &str,
        name: &str,
        answers: &[TypedAnswer],
    ) -> Result<()> {
        let Some(link) = TeamService::new(self.cx).team_link().await? else {
            return Ok(());
        };
        let account = TeamService::new(self.cx).team_account(account_id)?;
        let json = serde_json::to_value(answers).map_err(|e| Error::Storage {
            message: e.to_string(),
        })?;
        Ok(link.workspace.save_template(account, name, &json).await?)
    }

    pub(crate) async fn delete_team_template(self, account_id: &str, name: &str) -> Result<()> {
        let Some(link) = TeamService::new(self.cx).team_link().await? else {
            return Ok(());
        };
        let account = TeamService::new(self.cx).team_account(account_id)?;
        Ok(link.workspace.delete_template(account, name).await?)
    }

    /// Team: the server's templates for the account replace the local copy (unreachable:
    /// the copy is used as it is).
    pub(crate) async fn pull_team_templates(self, account_id: &str) -> Result<()> {
        let Some(link) = TeamService::new(self.cx).team_link().await? else {
            return Ok(());
        };
        let Ok(account) = TeamService::new(self.cx).team_account(account_id) else {
            return Ok(());
        };
        let templates: Vec<TeamTemplate> = match link.workspace.templates(account).await {
            Ok(templates) => templates,
            Err(err) => {
                tracing::info!(error = %err, "team templates not read; the local copy is shown");
                return Ok(());
            }
        };
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            tx.execute("DELETE FROM answer_templates WHERE account_id = ?1", [account_id])?;
            for template in &templates {
                tx.execute(
                    "INSERT INTO answer_templates (id, account_id, name, questions_json, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    (
                        uuid::Uuid::new_v4().to_string(),
                        account_id,
                        &template.name,
                        template.answers.to_string(),
                        &stamp.at,
                    ),
                )?;
            }
            Ok(())
        })
    }
}
