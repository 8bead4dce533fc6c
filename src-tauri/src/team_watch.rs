//! The window's ear on the team workspace: the server's notifications (an opaque id each)
//! make the core re-read what changed; the window refetches the list, the detail and the
//! decisions, and a desktop notification — no names, no numbers — says when a colleague's
//! proposal waits for this officer. A watcher starts when the folder is (or becomes) part
//! of a team, and stops when it leaves.

use std::time::Duration;

use identdesk_core::{Core, TeamEvent};
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::command_macro::Tag;
use crate::events::changed;
use crate::startup::AppState;

/// How often a folder that is not in a team is looked at again (a join from the window).
const IDLE: Duration = Duration::from_secs(2);
/// A re-read even without a notification (one missed while reconnecting, a trail to send).
const QUIET: Duration = Duration::from_secs(60);

/// What a colleague's action changes here: what a sync changes (whose team part reads the
/// same decisions, keys and trail).
const TEAM_CHANGED: &[Tag] = crate::commands::changes::sync_now;

pub fn start(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let Ok(core) = state.opened().await.core() else {
            return;
        };
        loop {
            watch_while_joined(&app, core).await;
            tokio::time::sleep(IDLE).await;
        }
    });
}

async fn watch_while_joined(app: &AppHandle, core: &Core) {
    let mut watch = match core.team().watch().await {
        Ok(Some(watch)) => watch,
        Ok(None) => return,
        Err(err) => {
            tracing::info!(code = ?err.code(), "the team workspace is not watched");
            return;
        }
    };
    while core.team().joined() {
        match tokio::time::timeout(QUIET, watch.next_burst()).await {
            Ok(None) => return,
            Ok(Some(TeamEvent::Disconnected(reason))) => {
                tracing::info!(%reason, "team workspace connection lost; retrying");
                changed(app, &[Tag::Team]);
            }
            Ok(Some(TeamEvent::Connected | TeamEvent::Notified(_))) | Err(_) => {
                refresh(app, core).await;
            }
        }
    }
}

async fn refresh(app: &AppHandle, core: &Core) {
    match core.team().refresh().await {
        Ok(news) => {
            if news.changed {
                changed(app, TEAM_CHANGED);
            }
            if news.newly_waiting > 0 {
                notify(app, news.waiting_for_me);
            }
        }
        Err(err) => tracing::info!(code = ?err.code(), "team state not re-read"),
    }
}

/// Counts only: a proposal's transaction number or person never leaves the window.
pub fn waiting_text(waiting: usize) -> String {
    match waiting {
        1 => "A decision waits for your confirmation.".to_owned(),
        n => format!("{n} decisions wait for your confirmation."),
    }
}

fn notify(app: &AppHandle, waiting: usize) {
    let shown = app
        .notification()
        .builder()
        .title("IdentDesk")
        .body(waiting_text(waiting))
        .show();
    if let Err(err) = shown {
        tracing::debug!(%err, "notification not shown");
    }
}
