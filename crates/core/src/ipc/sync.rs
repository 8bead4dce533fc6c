//! A sync as the window follows it: progress, what changed, what failed.

use serde::{Deserialize, Serialize};

use super::audit::PurgeReport;
use super::count;
use super::errors::ErrorPayload;
use crate::codes::ResultValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum SyncStage {
    Fetching,
    Storing,
    Finished,
}

/// What a running sync has done so far, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub account_id: String,
    pub stage: SyncStage,
    pub done: u32,
    pub total: u32,
}

impl From<crate::SyncProgress> for SyncProgress {
    fn from(p: crate::SyncProgress) -> Self {
        Self {
            account_id: p.account_id,
            stage: match p.stage {
                crate::SyncStage::Fetching => SyncStage::Fetching,
                crate::SyncStage::Storing => SyncStage::Storing,
                crate::SyncStage::Finished => SyncStage::Finished,
            },
            done: count(p.done),
            total: count(p.total),
        }
    }
}

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

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResumeReport {
    /// Acknowledged by IDnow now.
    pub sent: u32,
    /// IDnow refused them (4xx); removed, as nothing was created.
    pub refused: u32,
    /// IDnow still cannot be reached; kept for the next try.
    pub waiting: u32,
}

impl From<crate::ResumeReport> for ResumeReport {
    fn from(r: crate::ResumeReport) -> Self {
        Self {
            sent: count(r.sent),
            refused: count(r.refused),
            waiting: count(r.waiting),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountFailure {
    pub account_id: String,
    pub account_name: String,
    pub error: ErrorPayload,
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

/// The team's part of a sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamSyncReport {
    /// Result changes the team took.
    pub reported: u32,
    /// Reports the team kept out (it knew a final result already).
    pub ignored: u32,
    /// Local actions sent to the team's trail.
    pub trail_sent: u32,
    /// Decisions waiting for this officer.
    pub waiting_for_me: u32,
}

impl From<crate::SyncSummary> for SyncSummary {
    fn from(s: crate::SyncSummary) -> Self {
        let (purge, purge_error) = match s.purge {
            Ok(report) => (Some(report.into()), None),
            Err(error) => (None, Some(error)),
        };
        let (team, team_error) = match s.team {
            Some(Ok(r)) => (
                Some(TeamSyncReport {
                    reported: r.reported,
                    ignored: r.ignored,
                    trail_sent: r.trail_sent,
                    waiting_for_me: r.waiting_for_me,
                }),
                None,
            ),
            Some(Err(error)) => (None, Some(error)),
            None => (None, None),
        };
        Self {
            outbox: s.outbox.into(),
            reports: s.reports.into_iter().map(Into::into).collect(),
            failures: s
                .failures
                .into_iter()
                .map(|f| AccountFailure {
                    account_id: f.account_id,
                    account_name: f.account_name,
                    error: f.error,
                })
                .collect(),
            purge,
            purge_error,
            team,
            team_error,
        }
    }
}

super::into_ipc_via_from!(
    crate::SyncProgress => SyncProgress,
    crate::SyncReport => SyncReport,
    crate::ResumeReport => ResumeReport,
    crate::SyncSummary => SyncSummary,
);
