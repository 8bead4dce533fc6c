//! What happens before the window's first command: logging, the data folder, the core,
//! the default sandbox account. A failure here is reported to the window, not fatal.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use identdesk_core::ipc::AppStatus;
use identdesk_core::logs::{LogGuard, LogLevels};
use identdesk_core::{Core, CoreOptions, ErrorCode, ErrorPayload};
use tauri::{AppHandle, Manager};

use crate::single_instance;

/// How long a start that found its folder locked keeps asking the window that holds it.
const HANDOVER_PATIENCE: Duration = Duration::from_secs(3);

/// The app's managed state: empty while the core opens (beside the window, so the
/// window's page loads meanwhile), then what opening it gave. Commands wait for it.
#[derive(Default)]
pub struct AppState {
    opened: tokio::sync::SetOnce<Opened>,
}

impl AppState {
    /// What opening the core gave, once it has (a command sent earlier waits here).
    pub async fn opened(&self) -> &Opened {
        self.opened.wait().await
    }

    /// What opening the core gave, if it has yet.
    pub fn try_opened(&self) -> Option<&Opened> {
        self.opened.get()
    }

    /// Hands the opened core to whoever waits for it (once).
    pub fn set(&self, opened: Opened) {
        if self.opened.set(opened).is_err() {
            tracing::warn!("the core was opened twice; the first stays");
        }
    }
}

/// The core when it opened, and how start-up went.
pub struct Opened {
    pub core: Result<Core, ErrorPayload>,
    pub status: AppStatus,
    pub data_dir: Option<PathBuf>,
    handover: std::sync::Mutex<Option<single_instance::Listener>>,
    handed_over: bool,
}

impl Opened {
    pub fn core(&self) -> Result<&Core, ErrorPayload> {
        self.core.as_ref().map_err(Clone::clone)
    }

    /// How start-up went, including an integrity check that failed after the window opened.
    pub fn status(&self) -> AppStatus {
        let mut status = self.status.clone();
        // Joining or leaving a team changes who acts.
        if let Ok(core) = self.core.as_ref() {
            status.officer = core.acting_user();
            status.team = core.team().joined();
        }
        if status.startup_error.is_none() {
            status.startup_error = self
                .core
                .as_ref()
                .ok()
                .and_then(Core::read_only_error)
                .map(|err| err.payload());
        }
        status
    }

    /// This start found the folder in use and handed over to the window holding it.
    pub fn lost_race_for_folder(&self) -> bool {
        self.handed_over
    }
}

pub async fn open_core(data_dir: identdesk_core::Result<PathBuf>) -> Opened {
    let data_dir = data_dir.map_err(|err| err.payload());
    let shown_dir = data_dir
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let started = Instant::now();
    let opened = match &data_dir {
        Ok(dir) => Core::open(dir, CoreOptions::from_environment())
            .await
            .map_err(|err| err.payload()),
        Err(err) => Err(err.clone()),
    };
    let handed_over = match (&opened, &data_dir) {
        (Err(err), Ok(dir)) if err.code == ErrorCode::DataFolderInUse => keep_asking(dir),
        _ => false,
    };
    let (core, startup_error) = match opened {
        Err(err) => (Err(err.clone()), Some(err)),
        Ok(core) => {
            // A fresh install works at once on the built-in sandbox; a locked keychain
            // must not keep the window (and the cache) from opening.
            let ready = async {
                core.accounts().ensure_default_account().await?;
                core.accounts().start_sandboxes().await
            };
            let problem = ready.await.err().map(|err| {
                tracing::warn!(%err, "start-up incomplete");
                err.payload()
            });
            (Ok(core), problem)
        }
    };
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis(),
        "cache and sandbox ready"
    );
    let officer = core
        .as_ref()
        .map(|core| core.acting_user())
        .unwrap_or_default();
    Opened {
        core,
        status: AppStatus {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: shown_dir,
            officer,
            team: false,
            startup_error,
        },
        data_dir: data_dir.ok(),
        handover: std::sync::Mutex::new(None),
        handed_over,
    }
}

/// Another IdentDesk started on this folder at the same moment and holds its lock; its
/// hand-over may not be listening yet, so ask again for a little while.
fn keep_asking(dir: &Path) -> bool {
    let deadline = Instant::now() + HANDOVER_PATIENCE;
    while Instant::now() < deadline {
        if single_instance::hand_over(dir) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

/// Lets a later start on this data folder bring this window forward instead of opening a
/// second one (only a window that holds the folder listens).
pub fn listen_for_later_starts(app: &AppHandle, state: &Opened) {
    let (Ok(_), Some(dir)) = (&state.core, &state.data_dir) else {
        return;
    };
    let handle = app.clone();
    let listening = single_instance::listen(dir, move || {
        if let Some(window) = handle.get_webview_window("main") {
            // Each step may fail on some window managers; the next still helps.
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    });
    match listening {
        Ok(listener) => {
            *state
                .handover
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(listener);
        }
        Err(err) => tracing::warn!(%err, "a second start will not find this window"),
    }
}

/// Opens `<data folder>/logs` in the file manager (from Rust: the window has no opener
/// permission for paths).
pub fn show_logs_folder(app: &AppHandle, state: &Opened) -> Result<(), ErrorPayload> {
    use tauri_plugin_opener::OpenerExt;
    let unusable = |message: String| ErrorPayload {
        code: ErrorCode::FileUnusable,
        message,
        field: None,
    };
    let dir = state
        .data_dir
        .as_deref()
        .map(identdesk_core::logs::logs_dir)
        .ok_or_else(|| {
            unusable("IdentDesk has no data folder, so it keeps no log files.".into())
        })?;
    std::fs::create_dir_all(&dir).map_err(|err| unusable(format!("{}: {err}", dir.display())))?;
    app.opener()
        .open_path(dir.to_string_lossy(), None::<&str>)
        .map_err(|err| {
            unusable(format!(
                "The logs folder {} could not be opened ({err}); open it in your file manager.",
                dir.display()
            ))
        })
}

/// Standard error (info) and the data folder's daily log file; `IDENTDESK_LOG` sets both.
pub fn init_logs(data_dir: Option<&Path>) -> LogGuard {
    identdesk_core::logs::init(
        data_dir,
        LogLevels {
            override_filter: std::env::var("IDENTDESK_LOG").ok(),
            stderr: "info",
            file: "info",
        },
    )
}
