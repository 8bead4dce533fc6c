//! Accepting or rejecting a final result. In a team workspace one officer proposes and
//! another confirms, enforced by the server (`team/decisions.rs`). In solo mode the decision is one officer's: the
//! OS account running IdentDesk decides, with a note, in one step — four-eyes needs a second
//! signed-in officer, which only a team workspace has. Every write is guarded inside its
//! transaction: the identification must still hold the final result the officer saw, and
//! no decision may stand on it already, so a sync landing in between is never overwritten.

pub(crate) mod team;

use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::context::service;
use crate::error::{Error, Result};
use crate::identifications::IdentificationRef;
use crate::identifications::IdentificationService;
use crate::journal;
use crate::team::TeamService;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Accept,
    Reject,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::Reject => "reject",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum AcceptanceState {
    /// Waiting for a second officer (team workspace).
    Proposed,
    /// Two officers agreed (team workspace).
    Confirmed,
    /// One officer decided (solo mode).
    Decided,
    /// A newer result arrived before confirmation; propose again.
    Voided,
    /// Confirmed with a key no colleague has vouched for yet: it does not count (team).
    Unvouched,
    /// Not signed by its officer: written past the team's functions — possible tampering.
    Unsigned,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Acceptance {
    pub decision: Decision,
    pub note: String,
    pub result_at_proposal: String,
    pub proposed_by: String,
    pub proposed_at: String,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<String>,
    pub state: AcceptanceState,
}

service! {
    /// Accepting or rejecting a final result: alone in solo mode, four-eyes in a team.
    DecisionService
}

impl DecisionService<'_> {
    /// The acting officer accepts or rejects the final result `seen_result`: alone in solo
    /// mode; in a team workspace as a proposal a colleague confirms.
    pub async fn record(
        self,
        ident: &IdentificationRef,
        decision: Decision,
        note: &str,
        seen_result: &str,
    ) -> Result<Acceptance> {
        self.check_note_is_impersonal(ident, note).await?;
        if TeamService::new(self.cx).joined() {
            return self
                .propose_decision(ident, decision, note, seen_result)
                .await;
        }
        let note = note.trim();
        if note.is_empty() {
            return Err(Error::invalid(
                "note",
                "Write a note saying why (no personal data needed).",
            ));
        }
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            let result = final_result(tx, ident)?;
            if result != seen_result {
                return Err(Error::invalid(
                    "decision",
                    format!(
                        "The result changed to {result} since you opened it; look at it again before deciding."
                    ),
                ));
            }
            let standing: Option<bool> = tx
                .query_row(
                    "SELECT voided_at IS NULL FROM acceptances WHERE account_id = ?1 AND transaction_number = ?2",
                    (&ident.account_id, &ident.transaction_number),
                    |r| r.get(0),
                )
                .optional()?;
            if standing == Some(true) {
                return Err(Error::AlreadyExists {
                    message: "A decision stands on this result already.".into(),
                });
            }
            tx.execute(
                "INSERT INTO acceptances (account_id, transaction_number, decision, note, result_at_proposal,
                                          proposed_by, proposed_at, confirmed_by, confirmed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)
                 ON CONFLICT (account_id, transaction_number) DO UPDATE SET
                    decision = excluded.decision, note = excluded.note,
                    result_at_proposal = excluded.result_at_proposal, proposed_by = excluded.proposed_by,
                    proposed_at = excluded.proposed_at, confirmed_by = excluded.confirmed_by,
                    confirmed_at = excluded.confirmed_at, voided_at = NULL
                  WHERE acceptances.voided_at IS NOT NULL",
                (
                    &ident.account_id,
                    &ident.transaction_number,
                    decision.as_str(),
                    note,
                    &result,
                    &stamp.actor,
                    &stamp.at,
                ),
            )?;
            journal::record_detail(
                tx,
                &stamp,
                "decision.recorded",
                &ident.transaction_number,
                Some(&format!("{} {result}, single officer", decision.as_str())),
            )
        })?;
        self.acceptance(ident)
            .await?
            .ok_or_else(|| Error::NotFound {
                what: "Decision",
                id: ident.transaction_number.clone(),
            })
    }

    pub async fn acceptance(self, ident: &IdentificationRef) -> Result<Option<Acceptance>> {
        if TeamService::new(self.cx).joined() {
            return self.team_acceptance(ident);
        }
        self.cx.store.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT decision, note, result_at_proposal, proposed_by, proposed_at, confirmed_by, confirmed_at, voided_at
                       FROM acceptances WHERE account_id = ?1 AND transaction_number = ?2",
                    (&ident.account_id, &ident.transaction_number),
                    |r| {
                        let decision: String = r.get(0)?;
                        let proposed_by: String = r.get(3)?;
                        let confirmed_by: Option<String> = r.get(5)?;
                        let confirmed_at: Option<String> = r.get(6)?;
                        let voided_at: Option<String> = r.get(7)?;
                        let state = match (&confirmed_at, &voided_at) {
                            (Some(_), _) if confirmed_by.as_deref() == Some(proposed_by.as_str()) => {
                                AcceptanceState::Decided
                            }
                            (Some(_), _) => AcceptanceState::Confirmed,
                            (None, Some(_)) => AcceptanceState::Voided,
                            (None, None) => AcceptanceState::Proposed,
                        };
                        Ok(Acceptance {
                            decision: if decision == "reject" { Decision::Reject } else { Decision::Accept },
                            note: r.get(1)?,
                            result_at_proposal: r.get(2)?,
                            proposed_by,
                            proposed_at: r.get(4)?,
                            confirmed_by,
                            confirmed_at,
                            state,
                        })
                    },
                )
                .optional()?)
        })
    }
}

/// The identification's final result, read inside the deciding transaction.
fn final_result(tx: &Transaction<'_>, ident: &IdentificationRef) -> Result<String> {
    let (result, is_final, purged): (Option<String>, bool, bool) = tx
        .query_row(
            "SELECT result, result_final, purged_at IS NOT NULL FROM identifications
              WHERE account_id = ?1 AND transaction_number = ?2",
            (&ident.account_id, &ident.transaction_number),
            |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "Identification",
            id: ident.transaction_number.clone(),
        })?;
    match result {
        Some(result) if is_final && !purged => Ok(result),
        _ => Err(Error::invalid(
            "decision",
            "Only a final result whose data is still here can be accepted or rejected; sync and wait for it.",
        )),
    }
}

impl DecisionService<'_> {
    /// A decision's note holds no personal data: it must not name the person's first name,
    /// last name or birthday as this cache has them (sent, or as IDnow captured them).
    async fn check_note_is_impersonal(self, ident: &IdentificationRef, note: &str) -> Result<()> {
        let detail = IdentificationService::new(self.cx).detail(ident).await?;
        let captured = detail
            .result
            .iter()
            .flat_map(|r| &r.person)
            .filter(|f| matches!(f.name.as_str(), "firstname" | "lastname" | "birthday"));
        let mut personal: Vec<String> = captured
            .flat_map(|f| [f.value.clone(), f.original.clone()])
            .flatten()
            .collect();
        let sent = &detail.request;
        personal.extend(
            [&sent.firstname, &sent.lastname, &sent.birthday]
                .into_iter()
                .flatten()
                .cloned(),
        );
        if names_the_person(note, &personal) {
            return Err(Error::invalid(
                "note",
                "Notes hold no personal data: leave out the person's name and birthday (the transaction number says who it is).",
            ));
        }
        Ok(())
    }
}

/// Whether `note` names one of `personal`'s values: whole words only ("Ben" is not in
/// "benchmark"), a birthday also as 12.08.1964.
fn names_the_person(note: &str, personal: &[String]) -> bool {
    let note_words = words(note);
    personal.iter().any(|value| {
        let as_german_date = chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
            .ok()
            .map(|d| words(&d.format("%d.%m.%Y").to_string()));
        [Some(words(value)), as_german_date]
            .into_iter()
            .flatten()
            .filter(|w| !w.is_empty() && w.iter().map(String::len).sum::<usize>() >= 2)
            .any(|w| {
                note_words
                    .windows(w.len())
                    .any(|window| window == w.as_slice())
            })
    })
}

/// A text's words, lower-cased: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::names_the_person;

    #[test]
    fn a_note_names_the_person_only_by_whole_words_or_their_birthday() {
        let person = [
            "Ben".to_owned(),
            "Müller-Lüdenscheidt".to_owned(),
            "1964-08-12".to_owned(),
        ];
        for named in [
            "ben looked nervous",
            "Frau Müller-Lüdenscheidt, documents fine",
            "born 1964-08-12",
            "geboren am 12.08.1964",
        ] {
            assert!(names_the_person(named, &person), "{named}");
        }
        for fine in [
            "benchmark run",
            "documents in order",
            "Lüdenscheid branch",
            "1964",
        ] {
            assert!(!names_the_person(fine, &person), "{fine}");
        }
    }
}
