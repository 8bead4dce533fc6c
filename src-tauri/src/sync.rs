//! Keeping the cache current: a sync of every account on demand, and in the background
//! every few minutes (each followed by the retention purge, so personal data expires even
//! when nobody runs the CLI's `purge`), with a desktop notification when a result turns final, fraud or
//! canceled. Notifications name the Ident-ID and result only, never personal data.

use std::time::Duration;

use identdesk_core::{CancellationToken, Core, ErrorPayload, SyncProgress, SyncReport};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::startup::AppState;

/// Default pause between background syncs; `IDENTDESK_SYNC_INTERVAL_SECONDS` overrides it
/// (0 turns background sync off).
const DEFAULT_INTERVAL: Duration = Duration::from_secs(180);

/// What a sync of every account did: one report per account that synced, one failure per
/// account that could not (one account being offline does not stop the others).
#[derive(Debug, Clone, Default, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncSummary {
    pub reports: Vec<SyncReport>,
    pub failures: Vec<AccountFailure>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountFailure {
    pub account_id: String,
    pub account_name: String,
    pub error: ErrorPayload,
}

/// Resends unsent creations, then syncs every account in turn.
pub async fn sync_all(
    core: &Core,
    progress: &(dyn Fn(SyncProgress) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<SyncSummary, ErrorPayload> {
    core.resume_outbox().await?;
    let mut summary = SyncSummary::default();
    for account in core.list_accounts().await? {
        match core.sync_account(&account.id, progress, cancel).await {
            Ok(report) => summary.reports.push(report),
            Err(err) => summary.failures.push(AccountFailure {
                account_id: account.id,
                account_name: account.name,
                error: err.payload(),
            }),
        }
    }
    Ok(summary)
}

/// Resends unsent creations once right after start (a crash or lost network may have left
/// some), then syncs every few minutes unless turned off.
/// How long after start the retention purge and the outbox wait (see `start_background`).
const START_CHORES_DELAY: Duration = Duration::from_secs(3);

pub fn start_background(app: &AppHandle) {
    let interval = std::env::var("IDENTDESK_SYNC_INTERVAL_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(DEFAULT_INTERVAL, Duration::from_secs);
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        // The window's first screen gets the cache to itself; then the start's chores.
        tokio::time::sleep(START_CHORES_DELAY).await;
        if let Ok(core) = app.state::<AppState>().core() {
            purge_expired(core).await;
            match core.resume_outbox().await {
                Ok(report) if report.sent > 0 => {
                    let _ = app.emit("results-changed", ());
                }
                Ok(_) => {}
                Err(err) => tracing::info!(code = ?err.code(), "unsent creations stay for later"),
            }
        }
        if interval.is_zero() {
            return;
        }
        loop {
            tokio::time::sleep(interval).await;
            let state = app.state::<AppState>();
            let Ok(core) = state.core() else { return };
            match sync_all(core, &|_| {}, &CancellationToken::new()).await {
                Ok(summary) => {
                    notify(&app, &summary.reports);
                    purge_expired(core).await;
                    let _ = app.emit("results-changed", ());
                }
                // Offline is normal for a laptop: the window shows it from the last sync.
                Err(err) => tracing::info!(code = ?err.code, "background sync did not finish"),
            }
        }
    });
}

/// Removes personal data whose retention period ended (each purge is audited by the core).
async fn purge_expired(core: &Core) {
    match core.purge_expired(false).await {
        Ok(report) if !report.purged.is_empty() => {
            tracing::info!(purged = report.purged.len(), "retention purge")
        }
        Ok(_) => {}
        Err(err) => tracing::warn!(code = ?err.code(), "retention purge did not run"),
    }
}

fn notify(app: &AppHandle, reports: &[SyncReport]) {
    let worth_telling = |result: &str, is_final: bool| {
        is_final
            || matches!(
                result,
                "FRAUD_SUSPICION_PENDING" | "FRAUD_SUSPICION_CONFIRMED" | "CANCELED"
            )
    };
    for change in reports.iter().flat_map(|r| &r.changes) {
        if !worth_telling(&change.result, change.is_final) {
            continue;
        }
        let id = change
            .ident_id
            .as_deref()
            .unwrap_or(&change.transaction_number);
        let shown = app
            .notification()
            .builder()
            .title(format!("IdentDesk: {}", change.result))
            .body(format!("Identification {id} is now {}.", change.result))
            .show();
        if let Err(err) = shown {
            tracing::debug!(%err, "notification not shown");
        }
    }
}
