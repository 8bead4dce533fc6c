//! How far an upload or download is, as its channel reports it. eSign documents and the
//! archive's files cross as the core's own types.

use serde::{Deserialize, Serialize};

use crate::IntoIpc;

/// Bytes (or rows) done of all, for a progress bar.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct Progress {
    pub done: f64,
    pub total: f64,
}

impl Progress {
    pub fn of(done: u64, total: u64) -> Self {
        Self {
            done: done.into_ipc(),
            total: total.into_ipc(),
        }
    }
}
