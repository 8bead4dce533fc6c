//! A sync as the window follows it: progress, what changed, what failed.

use serde::{Deserialize, Serialize};

use super::audit::PurgeReport;
use super::count;
use super::errors::ErrorPayload;
use crate::codes::ResultValue;
use crate::identifications::outbox::ResumeReport;
use crate::sync::all::AccountFailure;
use crate::sync::team_reports::TeamSyncReport;

/// One identification whose result changed in this sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResultChange {
    pub account_id: String,
    pub transaction_number: String,
    pub ident_id: Option<String>,
    pub previous: Option<ResultValue>,
    pub result: ResultValue,
    pub is_final: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    pub account_id: String,
    /// Results IDnow listed.
    pub fetched: u32,
    pub changes: Vec<ResultChange>,
    /// Results that would have moved a final result backwards, and were kept out.
    pub ignored_backwards: u32,
    /// Entries IDnow sent that could not be read (logged without personal data).
    pub undecodable: u32,
    /// Results fetched one by one: they had left the pending list and stood in no other.
    pub fetched_alone: u32,
    pub finished_at: String,
}

impl From<crate::SyncReport> for SyncReport {
    fn from(r: crate::SyncReport) -> Self {
        Self {
            account_id: r.account_id,
            fetched: count(r.fetched),
            undecodable: count(r.undecodable),
            fetched_alone: count(r.fetched_alone),
            changes: r
                .changes
                .into_iter()
                .map(|c| ResultChange {
                    account_id: c.account_id,
                    transaction_number: c.transaction_number,
                    ident_id: c.ident_id,
                    previous: c.previous.as_deref().map(ResultValue::of),
                    result: ResultValue::of(&c.result),
                    is_final: c.is_final,
                })
                .collect(),
            ignored_backwards: count(r.ignored_backwards),
            finished_at: r.finished_at,
        }
    }
}

/// What a sync of everything did: unsent creations, each account, the retention purge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncSummary {
    pub outbox: ResumeReport,
    pub reports: Vec<SyncReport>,
    pub failures: Vec<AccountFailure>,
    pub purge: Option<PurgeReport>,
    pub purge_error: Option<ErrorPayload>,
    /// In a team workspace: what went to the team.
    pub team: Option<TeamSyncReport>,
    /// In a team workspace: why the team's part did not run (the sync with IDnow stands).
    pub team_error: Option<ErrorPayload>,
}

impl From<crate::SyncSummary> for SyncSummary {
    fn from(s: crate::SyncSummary) -> Self {
        let (purge, purge_error) = match s.purge {
            Ok(report) => (Some(report.into()), None),
            Err(error) => (None, Some(error)),
        };
        let (team, team_error) = match s.team {
            Some(Ok(r)) => (Some(r), None),
            Some(Err(error)) => (None, Some(error)),
            None => (None, None),
        };
        Self {
            outbox: s.outbox,
            reports: s.reports.into_iter().map(Into::into).collect(),
            failures: s.failures,
            purge,
            purge_error,
            team,
            team_error,
        }
    }
}

super::into_ipc_via_from!(
    crate::SyncReport => SyncReport,
    crate::SyncSummary => SyncSummary,
);
