//! Four-eyes acceptance of a final result: one officer proposes to accept or reject it
//! with a note, a different officer confirms. A newer result voids an open proposal (sync
//! does that), and nobody confirms their own proposal.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::audit;
use crate::core::Core;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Accept,
    Reject,
}

impl Decision {
    fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::Reject => "reject",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum AcceptanceState {
    /// Waiting for a second officer.
    Proposed,
    Confirmed,
    /// A newer result arrived before confirmation; propose again.
    Voided,
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

impl Core {
    /// The first pair of eyes: propose to accept or reject the final result.
    pub async fn propose_decision(
        &self,
        account_id: &str,
        txn: &str,
        decision: Decision,
        note: &str,
        officer: &str,
    ) -> Result<Acceptance> {
        let officer = officer.trim();
        if officer.is_empty() {
            return Err(Error::invalid("officer", "Name the officer who proposes."));
        }
        if note.trim().is_empty() {
            return Err(Error::invalid(
                "note",
                "Write a note saying why (no personal data needed).",
            ));
        }
        let (result, is_final): (Option<String>, bool) = self
            .store
            .read(|conn| {
                Ok(conn
                    .query_row(
                        "SELECT result, result_final FROM identifications WHERE account_id = ?1 AND transaction_number = ?2",
                        (account_id, txn),
                        |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)),
                    )
                    .optional()?)
            })?
            .ok_or_else(|| Error::NotFound { what: "Identification", id: txn.to_owned() })?;
        let (Some(result), true) = (result, is_final) else {
            return Err(Error::invalid(
                "decision",
                "Only a final result can be accepted or rejected; sync and wait for it.",
            ));
        };
        if self
            .acceptance(account_id, txn)
            .await?
            .is_some_and(|a| a.state == AcceptanceState::Confirmed)
        {
            return Err(Error::AlreadyExists {
                message: "This result was accepted or rejected by two officers already.".into(),
            });
        }
        let now = self.clock.now_text();
        self.store.write(|tx| {
            tx.execute(
                "INSERT INTO acceptances (account_id, transaction_number, decision, note, result_at_proposal, proposed_by, proposed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (account_id, transaction_number) DO UPDATE SET
                    decision = excluded.decision, note = excluded.note, result_at_proposal = excluded.result_at_proposal,
                    proposed_by = excluded.proposed_by, proposed_at = excluded.proposed_at,
                    confirmed_by = NULL, confirmed_at = NULL, voided_at = NULL",
                (account_id, txn, decision.as_str(), note.trim(), &result, officer, &now),
            )?;
            audit::record_as(tx, officer, &now, "acceptance.proposed", txn, Some(&format!("{} {result}", decision.as_str())))
        })?;
        self.stored_acceptance(account_id, txn).await
    }

    /// The second pair of eyes: another officer confirms the open proposal.
    pub async fn confirm_decision(
        &self,
        account_id: &str,
        txn: &str,
        officer: &str,
    ) -> Result<Acceptance> {
        let officer = officer.trim();
        let open = self.acceptance(account_id, txn).await?.ok_or_else(|| {
            Error::invalid(
                "decision",
                "Nothing to confirm: no officer has proposed a decision yet.",
            )
        })?;
        match open.state {
            AcceptanceState::Confirmed => {
                return Err(Error::AlreadyExists {
                    message: "This decision is confirmed already.".into(),
                });
            }
            AcceptanceState::Voided => {
                return Err(Error::invalid(
                    "decision",
                    "A newer result arrived after the proposal; it must be proposed again.",
                ));
            }
            AcceptanceState::Proposed => {}
        }
        if officer.is_empty() || officer.eq_ignore_ascii_case(&open.proposed_by) {
            return Err(Error::invalid(
                "officer",
                format!(
                    "{} proposed this decision; a different officer must confirm it (four-eyes principle).",
                    open.proposed_by
                ),
            ));
        }
        let now = self.clock.now_text();
        self.store.write(|tx| {
            tx.execute(
                "UPDATE acceptances SET confirmed_by = ?3, confirmed_at = ?4 WHERE account_id = ?1 AND transaction_number = ?2",
                (account_id, txn, officer, &now),
            )?;
            let detail = format!("{} {}", open.decision.as_str(), open.result_at_proposal);
            audit::record_as(tx, officer, &now, "acceptance.confirmed", txn, Some(&detail))
        })?;
        self.stored_acceptance(account_id, txn).await
    }

    /// The acceptance just written.
    async fn stored_acceptance(&self, account_id: &str, txn: &str) -> Result<Acceptance> {
        self.acceptance(account_id, txn)
            .await?
            .ok_or_else(|| Error::NotFound {
                what: "Acceptance",
                id: txn.to_owned(),
            })
    }

    pub async fn acceptance(&self, account_id: &str, txn: &str) -> Result<Option<Acceptance>> {
        self.store.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT decision, note, result_at_proposal, proposed_by, proposed_at, confirmed_by, confirmed_at, voided_at
                       FROM acceptances WHERE account_id = ?1 AND transaction_number = ?2",
                    (account_id, txn),
                    |r| {
                        let decision: String = r.get(0)?;
                        let confirmed_at: Option<String> = r.get(6)?;
                        let voided_at: Option<String> = r.get(7)?;
                        Ok(Acceptance {
                            decision: if decision == "reject" { Decision::Reject } else { Decision::Accept },
                            note: r.get(1)?,
                            result_at_proposal: r.get(2)?,
                            proposed_by: r.get(3)?,
                            proposed_at: r.get(4)?,
                            confirmed_by: r.get(5)?,
                            state: match (&confirmed_at, &voided_at) {
                                (Some(_), _) => AcceptanceState::Confirmed,
                                (None, Some(_)) => AcceptanceState::Voided,
                                (None, None) => AcceptanceState::Proposed,
                            },
                            confirmed_at,
                        })
                    },
                )
                .optional()?)
        })
    }
}
