//! Faults the sandbox injects on IDnow's paths when told to through the control API:
//! latency, bursts of 5xx or 429, an answer dropped after the change was committed, a body
//! cut short. Each counter covers that many coming requests; `routes/fault_injection.rs`
//! carries them out.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Faults {
    /// Added to every answer.
    pub latency_ms: u64,
    /// The next N requests fail with `fail_status` without doing anything.
    pub fail_next: u32,
    /// 500, 502, 503, 504 or 429 (default 503).
    pub fail_status: Option<u16>,
    /// With 429: the `Retry-After` seconds sent.
    pub retry_after_seconds: Option<u32>,
    /// The next N requests do their work, then the connection drops before the body.
    pub drop_next_after_commit: u32,
    /// The next N answers are cut off halfway through the body.
    pub truncate_next: u32,
}
