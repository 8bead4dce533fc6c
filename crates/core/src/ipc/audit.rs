//! The audit log and retention purges as the audit screen lists them.

use serde::{Deserialize, Serialize};

use super::count;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: f64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: Option<String>,
}

impl From<crate::AuditEntry> for AuditEntry {
    fn from(e: crate::AuditEntry) -> Self {
        Self {
            id: e.id as f64,
            at: e.at,
            actor: e.actor,
            action: e.action,
            subject: e.subject,
            detail: e.detail,
        }
    }
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditVerification {
    pub entries: f64,
    pub intact: bool,
    /// The first entry that does not fit the chain (edited, or after a removed one).
    pub first_broken_id: Option<f64>,
    pub problem: Option<String>,
}

impl From<crate::AuditVerification> for AuditVerification {
    fn from(v: crate::AuditVerification) -> Self {
        Self {
            entries: v.entries as f64,
            intact: v.intact,
            first_broken_id: v.first_broken_id.map(|id| id as f64),
            problem: v.problem,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PurgedIdentification {
    pub account_id: String,
    pub transaction_number: String,
    /// Why it is due.
    pub reason: PurgeDue,
    /// Since when the period runs: the final result, or the creation (first sight).
    pub since: String,
    /// The period that ended, in days.
    pub days: u32,
}

/// Why an identification's personal data is due for purging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum PurgeDue {
    /// Its final result is older than the account's retention.
    Retention,
    /// It never finished within the account's retention for unfinished ones.
    Unfinished,
}

/// What a retention run removed (or would remove, in a dry run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PurgeReport {
    pub dry_run: bool,
    pub purged: Vec<PurgedIdentification>,
    pub count: u32,
}

impl From<crate::PurgeReport> for PurgeReport {
    fn from(r: crate::PurgeReport) -> Self {
        Self {
            dry_run: r.dry_run,
            count: count(r.purged.len()),
            purged: r
                .purged
                .into_iter()
                .map(|p| PurgedIdentification {
                    account_id: p.account_id,
                    transaction_number: p.transaction_number,
                    reason: if p.reason == crate::PurgeReason::Unfinished {
                        PurgeDue::Unfinished
                    } else {
                        PurgeDue::Retention
                    },
                    since: p.since,
                    days: p.days,
                })
                .collect(),
        }
    }
}

super::into_ipc_via_from!(
    crate::AuditEntry => AuditEntry,
    crate::AuditVerification => AuditVerification,
    crate::PurgeReport => PurgeReport,
);
