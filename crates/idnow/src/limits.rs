//! What a gateway is allowed: how long each kind of call may take in all (retries, a
//! re-login and `Retry-After` waits included) and how big each kind of answer may be. A
//! gateway that trickles, never ends, or sends more ends in a clear error naming the limit.
//! The caps are settings, for accounts that need more; the defaults sit well above a list
//! of 100 000 results (IDnow publishes no paging: ~150 MB over the five lists).

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Logging in.
    pub login: Duration,
    /// A call with a small JSON answer (create, company info, one result, documents, …).
    pub call: Duration,
    /// Fetching one list of identifications.
    pub list: Duration,
    /// Uploading one document.
    pub upload: Duration,
    /// Downloading a result archive or a signed document.
    pub download: Duration,
    /// A small JSON answer.
    pub json_bytes: u64,
    /// One list of identifications.
    pub list_bytes: u64,
    /// A result archive or a signed document.
    pub download_bytes: u64,
    /// What an answer still open must keep delivering.
    pub pace: Pace,
}

/// An answer whose body is still open must deliver at least `bytes` in every `window`: a
/// gateway (or something between) that trickles a byte every 20 s would otherwise hold a
/// list for its whole deadline. Checked as the body arrives, to a tenth of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub bytes: u64,
    pub window: Duration,
}

impl Default for Pace {
    fn default() -> Self {
        Self {
            bytes: 60 * 1024,
            window: Duration::from_secs(60),
        }
    }
}

/// An error answer's body is read this far; the rest is not needed to name the error.
pub const ERROR_BODY_BYTES: u64 = 64 * 1024;

const MIB: u64 = 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Self {
            login: Duration::from_secs(30),
            call: Duration::from_secs(60),
            list: Duration::from_secs(10 * 60),
            upload: Duration::from_secs(30 * 60),
            download: Duration::from_secs(10 * 60),
            json_bytes: 4 * MIB,
            list_bytes: 1024 * MIB,
            download_bytes: 512 * MIB,
            pace: Pace::default(),
        }
    }
}

/// The kinds of calls, each with its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    Login,
    Call,
    List,
    Upload,
    Download,
}

impl CallKind {
    /// How the kind is named in an error ("… did not finish the list within 10 min").
    pub fn name(self) -> &'static str {
        match self {
            CallKind::Login => "login",
            CallKind::Call => "answer",
            CallKind::List => "list of identifications",
            CallKind::Upload => "upload",
            CallKind::Download => "download",
        }
    }

    pub fn deadline(self, limits: &Limits) -> Duration {
        match self {
            CallKind::Login => limits.login,
            CallKind::Call => limits.call,
            CallKind::List => limits.list,
            CallKind::Upload => limits.upload,
            CallKind::Download => limits.download,
        }
    }
}

/// A duration as people read it: `45 s`, `10 min`.
pub fn human(duration: Duration) -> String {
    let seconds = duration.as_secs();
    if seconds >= 60 && seconds.is_multiple_of(60) {
        format!("{} min", seconds / 60)
    } else {
        format!("{seconds} s")
    }
}

/// A byte count as people read it: `4 MiB`, `512 KiB`.
pub fn human_bytes(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}
