//! What happens before the window's first command: logging, the data folder, the core,
//! the default sandbox account. A failure here is reported to the window, not fatal.

use identdesk_core::{Core, ErrorPayload};
use serde::Serialize;

/// What the window needs to know about this run of the app.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub version: String,
    pub data_dir: String,
    /// Why the core or the sandbox could not start, if it could not.
    pub startup_error: Option<ErrorPayload>,
}

/// The app's managed state: the core when it opened, and how start-up went.
pub struct AppState {
    pub core: Result<Core, ErrorPayload>,
    pub status: AppStatus,
}

impl AppState {
    pub fn core(&self) -> Result<&Core, ErrorPayload> {
        self.core.as_ref().map_err(Clone::clone)
    }

    /// How start-up went, including an integrity check that failed after the window opened.
    pub fn status(&self) -> AppStatus {
        let mut status = self.status.clone();
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
}

pub async fn open_core() -> AppState {
    let data_dir = identdesk_core::default_data_dir();
    let shown_dir = data_dir
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let started = std::time::Instant::now();
    let opened = match data_dir {
        Ok(dir) => Core::open(&dir).await,
        Err(err) => Err(err),
    };
    let (core, startup_error) = match opened {
        Err(err) => (Err(err.payload()), Some(err.payload())),
        Ok(core) => {
            // A fresh install works at once on the built-in sandbox; a locked keychain
            // must not keep the window (and the cache) from opening.
            let ready = async {
                core.ensure_default_account().await?;
                core.start_sandboxes().await
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
    AppState {
        core,
        status: AppStatus {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: shown_dir,
            startup_error,
        },
    }
}

pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("IDENTDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, never in a log file or pipe.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
