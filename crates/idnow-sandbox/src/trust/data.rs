//! The Trust Platform's part of the sandbox's memory: tokens, sessions and vault files.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::session::TrustSession;

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
}
