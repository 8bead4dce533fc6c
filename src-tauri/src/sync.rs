//! The window's side of keeping the cache current: when to sync (right after start's chores
//! and every few minutes), a retention purge on its own timer (so a sync stalled on an
//! unreachable gateway never stops personal data from expiring), one desktop notification
//! per sync that changed something worth telling, and the event that tells the window what
//! to refetch. The sync itself is the core's (`core.sync().all`).

use std::time::Duration;

use identdesk_core::{CancellationToken, Core, ResultChange, SyncSummary};
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::command_macro::Tag;
use crate::events::changed;
use crate::startup::AppState;

/// Default pause between background syncs; `IDENTDESK_SYNC_INTERVAL_SECONDS` overrides it
/// (0 turns background sync off).
const DEFAULT_INTERVAL: Duration = Duration::from_secs(180);
/// How often the retention purge runs on its own.
const PURGE_INTERVAL: Duration = Duration::from_secs(15 * 60);
/// How long after start the purge and the outbox wait: the window's first screen gets the
/// cache to itself.
const START_CHORES_DELAY: Duration = Duration::from_secs(3);

/// What a background sync changes in the window: what "Sync now" changes.
const SYNCED: &[Tag] = crate::commands::changes::sync_now;
/// What a background purge changes: what the purge command changes.
const PURGED: &[Tag] = crate::commands::changes::purge_expired;

pub fn start_background(app: &AppHandle) {
    let interval = std::env::var("IDENTDESK_SYNC_INTERVAL_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(DEFAULT_INTERVAL, Duration::from_secs);
    let purging = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(START_CHORES_DELAY).await;
        loop {
            let state = purging.state::<AppState>();
            if let Ok(core) = state.opened().await.core() {
                purge_expired(&purging, core).await;
            }
            tokio::time::sleep(PURGE_INTERVAL).await;
        }
    });
    let syncing = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(START_CHORES_DELAY).await;
        // Creations a crash or a lost network left unsent go out now, not at the first sync.
        let state = syncing.state::<AppState>();
        if let Ok(core) = state.opened().await.core() {
            match core.identifications().resume_outbox().await {
                Ok(report) if report.sent > 0 => changed(&syncing, SYNCED),
                Ok(_) => {}
                Err(err) => tracing::info!(code = ?err.code(), "unsent creations stay for later"),
            }
        }
        if interval.is_zero() {
            return;
        }
        loop {
            tokio::time::sleep(interval).await;
            let state = syncing.state::<AppState>();
            let Ok(core) = state.opened().await.core() else {
                return;
            };
            match core.sync().all(&|_| {}, &CancellationToken::new()).await {
                Ok(summary) => {
                    notify(&syncing, &summary);
                    changed(&syncing, SYNCED);
                }
                // Offline is normal for a laptop: the window shows it from the last sync.
                Err(err) => tracing::info!(code = ?err.code(), "background sync did not finish"),
            }
        }
    });
}

/// Removes personal data whose retention period ended (each purge is audited by the core).
async fn purge_expired(app: &AppHandle, core: &Core) {
    match core.retention().purge_expired(false).await {
        Ok(report) if !report.purged.is_empty() => {
            tracing::info!(purged = report.purged.len(), "retention purge");
            changed(app, PURGED);
        }
        Ok(_) => {}
        Err(err) => tracing::warn!(code = ?err.code(), "retention purge did not run"),
    }
}

/// One notification for the whole sync, never one per result: how many results became
/// final and how many need a look (fraud, canceled). Counts only — no names, no ids.
fn notify(app: &AppHandle, summary: &SyncSummary) {
    let Some(text) = notification_text(summary) else {
        return;
    };
    let shown = app
        .notification()
        .builder()
        .title("IdentDesk")
        .body(text)
        .show();
    if let Err(err) = shown {
        tracing::debug!(%err, "notification not shown");
    }
}

/// The summary line, or `None` when nothing worth telling changed.
pub fn notification_text(summary: &SyncSummary) -> Option<String> {
    let changes: Vec<&ResultChange> = summary.reports.iter().flat_map(|r| &r.changes).collect();
    let review = changes
        .iter()
        .filter(|c| {
            matches!(
                c.result.as_str(),
                "FRAUD_SUSPICION_PENDING" | "FRAUD_SUSPICION_CONFIRMED" | "CANCELED"
            )
        })
        .count();
    let finals = changes.iter().filter(|c| c.is_final).count();
    let mut parts = Vec::new();
    if finals > 0 {
        parts.push(match finals {
            1 => "1 result became final".to_owned(),
            n => format!("{n} results became final"),
        });
    }
    if review > 0 {
        parts.push(match review {
            1 => "1 needs review".to_owned(),
            n => format!("{n} need review"),
        });
    }
    (!parts.is_empty()).then(|| format!("{}.", parts.join(", ")))
}

#[cfg(test)]
mod tests {
    use identdesk_core::{ResumeReport, SyncReport};

    use super::*;

    fn change(result: &str, is_final: bool) -> ResultChange {
        ResultChange {
            account_id: "a".into(),
            transaction_number: "t".into(),
            ident_id: None,
            previous: None,
            result: result.into(),
            is_final,
        }
    }

    fn summary(changes: Vec<ResultChange>) -> SyncSummary {
        SyncSummary {
            outbox: ResumeReport::default(),
            reports: vec![SyncReport {
                changes,
                ..SyncReport::default()
            }],
            failures: Vec::new(),
            purge: Err(identdesk_core::Error::invalid("x", "y").payload()),
            team: None,
        }
    }

    #[test]
    fn ten_thousand_results_make_one_notification_with_counts_only() {
        let mut changes: Vec<ResultChange> = (0..9_998).map(|_| change("SUCCESS", true)).collect();
        changes.push(change("FRAUD_SUSPICION_CONFIRMED", true));
        changes.push(change("REVIEW_PENDING", false));
        assert_eq!(
            notification_text(&summary(changes)).as_deref(),
            Some("9999 results became final, 1 needs review.")
        );
    }

    #[test]
    fn nothing_worth_telling_tells_nothing() {
        assert_eq!(
            notification_text(&summary(vec![change("REVIEW_PENDING", false)])),
            None
        );
    }
}
