//! Bringing everything up to date, once, for the window and the command line alike:
//! unsent creations first, then every account (one failing account never stops the
//! others), then the retention purge, then (in a team workspace) the team's part. One sync at a time per core: a second call while one
//! runs starts nothing and gets the running one's summary; any caller's cancel stops it.

use serde::{Deserialize, Serialize};
use std::sync::{Mutex, PoisonError};

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::accounts::AccountService;
use crate::error::{Error, ErrorPayload, Result};
use crate::identifications::IdentificationService;
use crate::identifications::outbox::ResumeReport;
use crate::retention::PurgeReport;
use crate::retention::RetentionService;
use crate::sync::SyncService;
use crate::sync::{SyncProgress, SyncReport};

/// What a sync of everything did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSummary {
    /// Unsent creations sent again first.
    pub outbox: ResumeReport,
    /// One report per account that synced.
    pub reports: Vec<SyncReport>,
    /// One failure per account that could not (offline, refused key, …).
    pub failures: Vec<AccountFailure>,
    /// What the retention purge removed after the accounts, or why it could not run.
    pub purge: Result<PurgeReport, ErrorPayload>,
    /// In a team workspace: what went to the team, or why it could not (the sync with
    /// IDnow stands either way); `None` in solo mode.
    pub team: Option<Result<crate::sync::team_reports::TeamSyncReport, ErrorPayload>>,
}

impl SyncSummary {
    /// Results that changed in this sync, over all accounts.
    pub fn changes(&self) -> usize {
        self.reports.iter().map(|r| r.changes.len()).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountFailure {
    pub account_id: String,
    pub account_name: String,
    pub error: ErrorPayload,
}

type Outcome = Option<Result<SyncSummary, ErrorPayload>>;

/// The sync under way, if any: how to stop it, follow it and hear how it ended.
#[derive(Default)]
pub(crate) struct SyncGate {
    running: Mutex<Option<Running>>,
}

#[derive(Clone)]
struct Running {
    cancel: CancellationToken,
    progress: watch::Receiver<Option<SyncProgress>>,
    outcome: watch::Receiver<Outcome>,
}

/// Clears the gate when the sync that set it ends in any way (even dropped half-way), and
/// tells those following it.
struct Finish<'a> {
    gate: &'a SyncGate,
    outcome: watch::Sender<Outcome>,
}

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        *self
            .gate
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
        if self.outcome.borrow().is_none() {
            let _ = self.outcome.send(Some(Err(stopped().payload())));
        }
    }
}

impl SyncService<'_> {
    /// Sends unsent creations, syncs every account, then purges what retention says is due.
    /// `progress` hears each account's stages; `cancel` stops the sync under way (what was
    /// stored stays). While one runs, a second call only follows it.
    pub async fn all(
        self,
        progress: &(dyn Fn(SyncProgress) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<SyncSummary> {
        let joined = {
            let mut running = self
                .gate
                .running
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match running.as_ref() {
                Some(existing) => Err(existing.clone()),
                None => {
                    let (progress_tx, progress_rx) = watch::channel(None);
                    let (outcome_tx, outcome_rx) = watch::channel(None);
                    let own = cancel.child_token();
                    *running = Some(Running {
                        cancel: own.clone(),
                        progress: progress_rx,
                        outcome: outcome_rx,
                    });
                    Ok((own, progress_tx, outcome_tx))
                }
            }
        };
        let (own, progress_tx, outcome_tx) = match joined {
            Ok(parts) => parts,
            Err(existing) => return follow(existing, progress, cancel).await,
        };
        let finish = Finish {
            gate: self.gate,
            outcome: outcome_tx,
        };
        let tell = |p: SyncProgress| {
            progress(p.clone());
            progress_tx.send_replace(Some(p));
        };
        let outcome = self.sync_everything(&tell, &own).await;
        let _ = finish.outcome.send(Some(
            outcome.as_ref().map(Clone::clone).map_err(Error::payload),
        ));
        outcome
    }

    /// Stops the sync under way, if there is one (the window's "Stop").
    pub fn cancel(self) {
        if let Some(running) = self
            .gate
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            running.cancel.cancel();
        }
    }

    async fn sync_everything(
        self,
        progress: &(dyn Fn(SyncProgress) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<SyncSummary> {
        let outbox = IdentificationService::new(self.cx).resume_outbox().await?;
        let (mut reports, mut failures) = (Vec::new(), Vec::new());
        for account in AccountService::new(self.cx).list().await? {
            if cancel.is_cancelled() {
                return Err(stopped());
            }
            match self.account(&account.id, progress, cancel).await {
                Ok(report) => reports.push(report),
                Err(err) if err.code() == crate::ErrorCode::Cancelled => return Err(err),
                Err(err) => failures.push(AccountFailure {
                    account_id: account.id,
                    account_name: account.name,
                    error: err.payload(),
                }),
            }
        }
        let purge = RetentionService::new(self.cx)
            .purge_expired(false)
            .await
            .map_err(|err| err.payload());
        let team = self
            .sync_team()
            .await
            .map_err(|err| err.payload())
            .transpose();
        Ok(SyncSummary {
            outbox,
            reports,
            failures,
            purge,
            team,
        })
    }
}

/// Follows a sync another caller started: its progress, its end; `cancel` stops it.
async fn follow(
    mut running: Running,
    progress: &(dyn Fn(SyncProgress) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<SyncSummary> {
    loop {
        if let Some(outcome) = running.outcome.borrow_and_update().clone() {
            return outcome.map_err(Error::Relayed);
        }
        tokio::select! {
            () = cancel.cancelled() => {
                running.cancel.cancel();
                // Wait for it to stop, so the caller sees how it ended.
                let _ = running.outcome.changed().await;
            }
            changed = running.progress.changed() => {
                if changed.is_ok() && let Some(p) = running.progress.borrow_and_update().clone() {
                    progress(p);
                }
            }
            changed = running.outcome.changed() => {
                if changed.is_err() {
                    return Err(stopped());
                }
            }
        }
    }
}

fn stopped() -> Error {
    Error::Cancelled {
        message: "The sync was stopped; what it had stored is kept. Start it again to finish."
            .into(),
    }
}
