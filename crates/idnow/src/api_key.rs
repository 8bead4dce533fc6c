//! The company's API key: a secret that never prints, never serializes and is wiped on drop.

use zeroize::Zeroizing;

/// An IDnow API key. It has no `Debug`, `Display` or `Serialize` on purpose, so it cannot
/// reach a log line, an error message or an IPC payload by accident.
#[derive(Clone)]
pub struct ApiKey(Zeroizing<String>);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(Zeroizing::new(key.into()))
    }

    /// The key's text, for the one place that must send it (an HTTP header or body).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}
