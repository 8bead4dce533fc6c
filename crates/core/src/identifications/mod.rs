//! Creating identifications exactly once, and the cached list of them.
//!
//! Creation writes the intent and its transaction number to the database (the outbox)
//! before it asks IDnow; the transaction number is IDnow's idempotency key, so sending the
//! same intent again after a lost answer updates rather than duplicates.

pub(crate) mod bulk;
pub(crate) mod bulk_file;
pub(crate) mod detail;
pub(crate) mod list;
pub(crate) mod outbox;
pub(crate) mod questions;
pub(crate) mod remote;
pub(crate) mod team_templates;
pub(crate) mod templates;

pub use crate::sources::UserLinks;

use idnow::{CreateOutcome, IdentificationRequest, TransactionNumber};
use rusqlite::{OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use tracing::Instrument;

use crate::accounts::AccountService;
use crate::context::service;
use crate::error::{Error, FieldError, Result};
use crate::identifications::questions::TypedAnswer;
use crate::journal;
use crate::team::TeamService;

/// One identification: transaction numbers are unique per account, not across accounts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IdentificationRef {
    pub account_id: String,
    pub transaction_number: String,
}

impl IdentificationRef {
    pub fn new(account_id: impl Into<String>, transaction_number: impl Into<String>) -> Self {
        Self {
            account_id: account_id.into(),
            transaction_number: transaction_number.into(),
        }
    }
}

/// The create form's content.
#[derive(Debug, Clone)]
pub struct NewIdentification {
    pub account_id: String,
    /// Left empty, a UUID v4 is generated.
    pub transaction_number: Option<String>,
    pub person: IdentificationRequest,
    /// Pre-defined answers as typed; added to `person.questions` in their wire form.
    pub answers: Vec<TypedAnswer>,
}

impl NewIdentification {
    /// What IDnow will get, blank fields dropped and answers in wire form, with every
    /// problem found on the way.
    fn request(&self) -> (IdentificationRequest, Vec<FieldError>) {
        let mut request = self.person.clone().without_blank_fields();
        let mut problems = Vec::new();
        for answer in &self.answers {
            match answer.to_wire() {
                Ok((key, wire)) => {
                    request.questions.insert(key, wire);
                }
                Err(problem) => problems.push(problem),
            }
        }
        problems.extend(request.problems().into_iter().map(FieldError::from));
        (request, problems)
    }
}

/// What the officer hands to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CreatedIdentification {
    pub account_id: String,
    pub transaction_number: String,
    pub ident_id: String,
    /// IDnow updated an unfinished identification with this number instead of creating one.
    pub updated: bool,
    pub links: UserLinks,
}

/// Where an identification stands from IdentDesk's side, before and beside its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum IdentificationStage {
    /// Saved here, not (yet) acknowledged by IDnow.
    Outbox,
    /// Created at IDnow, no result yet.
    Waiting,
    /// A result that may still change.
    Preliminary,
    /// A result that no longer changes.
    Final,
}

impl IdentificationStage {
    pub const ALL: [IdentificationStage; 4] = [
        IdentificationStage::Outbox,
        IdentificationStage::Waiting,
        IdentificationStage::Preliminary,
        IdentificationStage::Final,
    ];

    /// The stage an officer typed (`final`, …), if it names one.
    pub fn parse(text: &str) -> Option<IdentificationStage> {
        Self::ALL.into_iter().find(|stage| stage.as_str() == text)
    }

    /// As the CLI and the list's filter write it.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentificationStage::Outbox => "outbox",
            IdentificationStage::Waiting => "waiting",
            IdentificationStage::Preliminary => "preliminary",
            IdentificationStage::Final => "final",
        }
    }
}

/// Where an identification stands from IdentDesk's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentificationState {
    /// Saved locally, not (yet) acknowledged by IDnow.
    Outbox,
    /// IDnow gave it an Ident-ID.
    Created,
}

/// One line of the identifications list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentificationRow {
    pub account_id: String,
    pub account_name: String,
    pub transaction_number: String,
    pub ident_id: Option<String>,
    pub state: IdentificationState,
    /// IDnow's result code as sent (unknown codes included), once there is one.
    pub result: Option<String>,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// IDnow's reason code with the result, as sent.
    pub reason: Option<String>,
    /// The result is final (no later result can replace it).
    pub is_final: bool,
    /// Personal data was removed (canceled, retention ended, or deleted at IDnow).
    pub purged: bool,
    /// The officer who created it (in a team workspace, as the team knows it).
    pub created_by: Option<String>,
    /// Where its decision stands: `proposed`, `confirmed`, `voided` (team) or `decided`
    /// (one officer, solo).
    pub decision_state: Option<String>,
    /// Team: who proposed the standing decision.
    pub proposed_by: Option<String>,
    /// A Trust Platform session: its flow (a classic identification has none).
    pub flow_id: Option<String>,
    /// A session's status as IDnow sent it.
    pub session_status: Option<String>,
}

impl IdentificationRow {
    pub fn reference(&self) -> IdentificationRef {
        IdentificationRef::new(&self.account_id, &self.transaction_number)
    }
}

service! {
    /// Identifications: creating them (and the outbox of unsent ones), the list, the detail,
    /// bulk creation, answer templates and the actions at IDnow (robots, delete, copy).
    IdentificationService
}

impl IdentificationService<'_> {
    /// Every field of the create form IDnow would refuse, each with what to type instead:
    /// what the window marks as the officer types (the rules live here only).
    pub fn check_identification(self, input: &NewIdentification) -> Vec<FieldError> {
        let (_, mut problems) = input.request();
        if let Some(text) = input.transaction_number.as_deref().map(str::trim)
            && !text.is_empty()
            && let Err(err) = TransactionNumber::parse(text)
        {
            problems.push(err.into());
        }
        problems
    }

    pub async fn create_identification(
        self,
        input: NewIdentification,
    ) -> Result<CreatedIdentification> {
        let account = AccountService::new(self.cx)
            .account(&input.account_id)
            .await?;
        let txn = match input.transaction_number.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => TransactionNumber::parse(text)?,
            _ => TransactionNumber::generate(),
        };
        let (request, problems) = input.request();
        if let Some(problem) = problems.into_iter().next() {
            return Err(Error::invalid(problem.field, problem.message));
        }
        let span = tracing::info_span!("create_identification", account = %account.id, txn = %txn);
        async {
            // IDnow answers 200 both to an update and (as its own example shows) to a new
            // identification: only a number this cache saw created before is an update.
            let sent_before = self.was_created(&account.id, &txn)?;
            // In a team workspace the number is claimed first; unreachable or taken, nothing
            // is saved or sent and the officer's form keeps what they typed.
            let claim = TeamService::new(self.cx)
                .claim_for_team(&account.id, &txn)
                .await?;
            self.save_intent(&account.id, &txn, &request)?;
            let source = self.cx.source(&account).await?;
            match source.create_identification(&txn, &request).await {
                Ok(outcome) => {
                    let links = source.person_links(
                        &account.company_id,
                        &txn,
                        outcome.ident_id(),
                        request.trackingid.as_deref(),
                    );
                    self.mark_created(&account.id, &txn, outcome.ident_id(), &links)?;
                    TeamService::new(self.cx)
                        .tell_team_created(claim, &txn, outcome.ident_id())
                        .await;
                    tracing::info!(ident_id = outcome.ident_id(), "identification created");
                    Ok(CreatedIdentification {
                        account_id: account.id.clone(),
                        transaction_number: txn.to_string(),
                        ident_id: outcome.ident_id().to_owned(),
                        updated: matches!(outcome, CreateOutcome::Accepted { .. }) && sent_before,
                        links,
                    })
                }
                Err(err) => {
                    let refused = err.refused();
                    if refused {
                        // IDnow created nothing; drop the unacknowledged intent so the
                        // officer can correct it and send again.
                        self.forget_unsent_intent(&account.id, &txn)?;
                    }
                    tracing::warn!(error = %err, refused, "identification not created");
                    Err(err.into())
                }
            }
        }
        .instrument(span)
        .await
    }

    /// The outbox step: the intent is durable before anything leaves the machine.
    fn save_intent(
        self,
        account_id: &str,
        txn: &TransactionNumber,
        request: &IdentificationRequest,
    ) -> Result<()> {
        let stamp = self.cx.stamp();
        let now = &stamp.at;
        let json = serde_json::to_string(request).map_err(|e| Error::Storage {
            message: e.to_string(),
        })?;
        self.cx.store.write(|tx| {
            tx.execute(
                "INSERT INTO identifications
                    (account_id, transaction_number, state, request_json, firstname, lastname, created_at, updated_at, created_by)
                 VALUES (?1, ?2, 'outbox', ?3, ?4, ?5, ?6, ?6, ?7)
                 ON CONFLICT (account_id, transaction_number) DO UPDATE SET
                    request_json = excluded.request_json, firstname = excluded.firstname,
                    lastname = excluded.lastname, updated_at = excluded.updated_at",
                (account_id, txn.as_str(), &json, &request.firstname, &request.lastname, now, &stamp.actor),
            )?;
            tx.execute(
                "UPDATE identifications SET email = ?3 WHERE account_id = ?1 AND transaction_number = ?2",
                (account_id, txn.as_str(), &request.email),
            )?;
            journal::record(tx, &stamp, "identification.create.requested", txn.as_str())
        })
    }

    /// Whether IDnow acknowledged this transaction number for this account before.
    fn was_created(self, account_id: &str, txn: &TransactionNumber) -> Result<bool> {
        self.cx.store.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT state = 'created' FROM identifications WHERE account_id = ?1 AND transaction_number = ?2",
                    (account_id, txn.as_str()),
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(false))
        })
    }

    pub(crate) fn mark_created(
        self,
        account_id: &str,
        txn: &TransactionNumber,
        ident_id: &str,
        links: &UserLinks,
    ) -> Result<()> {
        let stamp = self.cx.stamp();
        let links = serde_json::to_string(links).map_err(|e| Error::Storage {
            message: e.to_string(),
        })?;
        self.cx.store.write(|tx| {
            tx.execute(
                "UPDATE identifications SET ident_id = ?3, state = 'created', links_json = ?5, updated_at = ?4
                  WHERE account_id = ?1 AND transaction_number = ?2",
                (account_id, txn.as_str(), ident_id, &stamp.at, &links),
            )?;
            journal::record(tx, &stamp, "identification.created", txn.as_str())
        })
    }

    pub(crate) fn forget_unsent_intent(
        self,
        account_id: &str,
        txn: &TransactionNumber,
    ) -> Result<()> {
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            let state: Option<String> = tx
                .query_row(
                    "SELECT state FROM identifications WHERE account_id = ?1 AND transaction_number = ?2",
                    (account_id, txn.as_str()),
                    |r| r.get(0),
                )
                .optional()?;
            if state.as_deref() == Some("outbox") {
                tx.execute(
                    "DELETE FROM identifications WHERE account_id = ?1 AND transaction_number = ?2",
                    (account_id, txn.as_str()),
                )?;
                journal::record(tx, &stamp, "identification.create.refused", txn.as_str())?;
            }
            Ok(())
        })
    }
}

/// The columns `row_from_sql` reads, from `identifications i JOIN accounts a`.
pub(crate) const ROW_COLUMNS: &str =
    "i.account_id, a.name, i.transaction_number, i.ident_id, i.state, i.result,
     i.firstname, i.lastname, i.created_at, i.updated_at, i.reason, i.result_final, i.purged_at,
     coalesce(t.created_by, t.claimed_by, i.created_by),
     CASE WHEN t.state IS NOT NULL THEN t.state
          WHEN ac.voided_at IS NOT NULL THEN 'voided'
          WHEN ac.confirmed_at IS NOT NULL THEN 'decided' END,
     t.proposed_by, i.flow_id, i.session_status";

/// Where `ROW_COLUMNS` come from: the identification, its account, the team's mirror of it
/// and a decision taken here alone.
pub(crate) const ROW_FROM: &str = "identifications i JOIN accounts a ON a.id = i.account_id
     LEFT JOIN team_identifications t
            ON t.account_id = i.account_id AND t.transaction_number = i.transaction_number
     LEFT JOIN acceptances ac
            ON ac.account_id = i.account_id AND ac.transaction_number = i.transaction_number";

pub(crate) fn row_from_sql(row: &Row<'_>) -> rusqlite::Result<IdentificationRow> {
    let state: String = row.get(4)?;
    Ok(IdentificationRow {
        account_id: row.get(0)?,
        account_name: row.get(1)?,
        transaction_number: row.get(2)?,
        ident_id: row.get(3)?,
        state: if state == "created" {
            IdentificationState::Created
        } else {
            IdentificationState::Outbox
        },
        result: row.get(5)?,
        firstname: row.get(6)?,
        lastname: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
        reason: row.get(10)?,
        is_final: row.get::<_, i64>(11)? != 0,
        purged: row.get::<_, Option<String>>(12)?.is_some(),
        created_by: row.get(13)?,
        decision_state: row.get(14)?,
        proposed_by: row.get(15)?,
        flow_id: row.get(16)?,
        session_status: row.get(17)?,
    })
}
