//! Log files next to the data, on every OS: a Windows release build has no console and a
//! Finder-started macOS app loses its standard error, so an officer needs a file to send.
//! One file a day in `<data folder>/logs/`, the last fortnight kept. Like every log line,
//! they hold codes, counts, account ids and transaction numbers — never personal data or keys.

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Daily files kept before the oldest is removed.
const KEPT_FILES: usize = 14;

/// The folder holding a data folder's log files.
pub fn logs_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Keeps the file writer running; log lines still buffered are written when it is dropped.
#[must_use = "the log file stops being written when the guard is dropped"]
pub struct LogGuard(#[allow(dead_code, reason = "held for its Drop")] Option<WorkerGuard>);

/// How much each place hears: `IDENTDESK_LOG`'s filter when the officer set one, else these.
pub struct LogLevels<'a> {
    pub override_filter: Option<String>,
    pub stderr: &'a str,
    pub file: &'a str,
}

/// Logs to standard error and, when a data folder is known, to its daily log file. A folder
/// that cannot hold logs only loses the file, never the program's start.
pub fn init(data_dir: Option<&Path>, levels: LogLevels<'_>) -> LogGuard {
    let filter = |default: &str| {
        levels
            .override_filter
            .as_deref()
            .and_then(|f| EnvFilter::try_new(f).ok())
            .unwrap_or_else(|| EnvFilter::new(default))
    };
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, never in a log file or pipe.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_filter(filter(levels.stderr));
    let (file, guard) = match data_dir.and_then(|dir| file_appender(dir).ok()) {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let layer = tracing_subscriber::fmt::layer()
                .with_writer(writer)
                .with_ansi(false)
                .with_filter(filter(levels.file));
            (Some(layer), Some(guard))
        }
        None => (None, None),
    };
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(file)
        .try_init();
    LogGuard(guard)
}

fn file_appender(data_dir: &Path) -> std::io::Result<RollingFileAppender> {
    let dir = logs_dir(data_dir);
    std::fs::create_dir_all(&dir)?;
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("identdesk")
        .filename_suffix("log")
        .max_log_files(KEPT_FILES)
        .build(&dir)
        .map_err(std::io::Error::other)
}
