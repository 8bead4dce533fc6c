//! A retention purge as the window lists it. It is written out because it differs from
//! the core's `PurgeReport`: the reasons folded to the two a retention purge has, and the
//! count beside the list. Audit entries cross as the core's own type.

use serde::{Deserialize, Serialize};

use super::count;

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
    crate::PurgeReport => PurgeReport,
);
