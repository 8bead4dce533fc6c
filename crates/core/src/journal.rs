//! The journal every service writes to: exactly one audit entry per officer action, in the
//! same transaction as the action, naming who acted, the account or transaction number,
//! and never personal data (the hash chain is `store/audit_chain.rs`). In a team workspace
//! the actions the team's trail records also wait in its outbox (`team_trail_outbox`),
//! which the team service sends. Reading and verifying the log is `crate::audit`.

use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use crate::context::Stamp;
use crate::error::Result;
use crate::store::audit_chain::{self, NewEntry};

/// An entry as the audit screen and `audit show` list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    /// The account id or transaction number the action was about, as recorded.
    pub subject: String,
    /// The subject as officers know it where the record holds an id they never see: the
    /// account's name for an account's id (local or the team's). `None` where `subject`
    /// already is what they know (a transaction number) or the account is not here.
    pub subject_name: Option<String>,
    pub detail: Option<String>,
}

pub(crate) fn record(
    tx: &Transaction<'_>,
    stamp: &Stamp,
    action: &str,
    subject: &str,
) -> Result<()> {
    record_detail(tx, stamp, action, subject, None)
}

/// An entry with a before → after detail (codes and counts only, never personal data).
pub(crate) fn record_detail(
    tx: &Transaction<'_>,
    stamp: &Stamp,
    action: &str,
    subject: &str,
    detail: Option<&str>,
) -> Result<()> {
    audit_chain::append(
        tx,
        &NewEntry {
            at: &stamp.at,
            actor: &stamp.actor,
            action,
            subject,
            detail,
        },
    )?;
    if stamp.team {
        enqueue(tx, stamp, action, subject, detail)?;
    }
    Ok(())
}

/// Local actions the team's trail records, by the name the server knows them under.
fn team_action(action: &str, detail: Option<&str>) -> Option<String> {
    Some(match action {
        "export.csv" => "export.csv".into(),
        "export.summary_pdf" => "export.pdf".into(),
        "export.overview" => "export.overview".into(),
        "export.chart" => "export.chart".into(),
        "identification.archive.fetched" => "archive.fetched".into(),
        "esign.uploaded" => "esign.uploaded".into(),
        "esign.signed.fetched" => "esign.signed.fetched".into(),
        "identification.deleted" => "identification.deleted".into(),
        // The team's trail knows purges by canceled, deleted and retention (unfinished ones
        // are a retention purge too).
        "identification.purged" => match detail {
            Some(reason @ ("canceled" | "deleted")) => format!("purge.{reason}"),
            _ => "purge.retention".to_owned(),
        },
        _ => return None,
    })
}

/// In the same transaction as the local entry: the action waits for the team's trail.
pub(crate) fn enqueue(
    tx: &Transaction<'_>,
    stamp: &Stamp,
    action: &str,
    subject: &str,
    detail: Option<&str>,
) -> Result<()> {
    if let Some(team_action) = team_action(action, detail) {
        tx.prepare_cached(
            "INSERT INTO team_trail_outbox (request_id, action, subject, detail, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute((
                uuid::Uuid::new_v4().to_string(),
                team_action,
                subject,
                detail.unwrap_or_default(),
                &stamp.at,
        ))?;
    }
    Ok(())
}
