//! Ends the window cleanly when the OS asks it to (SIGTERM at logout or shutdown, SIGINT
//! from a terminal): through Tauri's exit, so the exit event closes the cache as a closed
//! window does, instead of the process dying with the cache's log left full.

use tauri::AppHandle;

/// Turns the first SIGTERM or SIGINT into Tauri's exit; a second one ends the process at
/// once (an officer pressing Ctrl+C again expects that, whatever the exit waits for).
#[cfg(unix)]
pub fn exit_on_terminate(app: &AppHandle) {
    use tokio::signal::unix::{SignalKind, signal};
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let (Ok(mut terminate), Ok(mut interrupt)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::warn!(
                "termination signals are not handled; the cache closes at the window's close only"
            );
            return;
        };
        for asked in 0.. {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = interrupt.recv() => {}
            }
            if asked > 0 {
                tracing::warn!("asked again to end; ending without closing the cache");
                std::process::exit(1);
            }
            tracing::info!("asked to end; closing the cache");
            app.exit(0);
        }
    });
}

/// Elsewhere the app ends through its window or the OS's quit command, which Tauri turns
/// into its exit event.
#[cfg(not(unix))]
pub fn exit_on_terminate(_app: &AppHandle) {}
