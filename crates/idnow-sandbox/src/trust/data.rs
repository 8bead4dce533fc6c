//! The Trust Platform's part of the sandbox's memory: tokens, sessions and vault files.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::session::TrustSession;
use super::variant::TrustVariant;

/// The Trust Platform's part of the sandbox's memory.
#[derive(Default)]
pub struct TrustData {
    /// Access token → when it expires.
    pub tokens: HashMap<String, DateTime<Utc>>,
    /// Tokens issued since the start.
    pub issued: usize,
    /// Sessions in creation order.
    pub sessions: Vec<TrustSession>,
    /// Vault entry id → (file name, media type).
    pub files: HashMap<String, (&'static str, &'static str)>,
    /// The API calls answered so far, by kind.
    pub calls: TrustCalls,
    /// Which documented build the answers look like.
    pub variant: TrustVariant,
}

/// How many of each Trust Platform call the sandbox answered (a test's and the benchmark's
/// count of what a sync asked).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustCalls {
    pub session_lists: usize,
    pub sessions: usize,
    pub data_blocks: usize,
    pub files: usize,
}
