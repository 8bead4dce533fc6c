//! Who the sandbox pretends to be and how fast its robots work.

use crate::clock::SandboxClock;

#[derive(Clone)]
pub struct SandboxConfig {
    pub company_id: String,
    pub api_key: String,
    /// The three letters every Ident-ID starts with.
    pub shortcode: String,
    pub company_name: String,
    /// Multiplies every robot delay: 1.0 is IDnow's pace (review after 1–2 minutes),
    /// 0.01 a demo in seconds, 0.0 results at once.
    pub time_scale: f64,
    /// Companies this one may copy identifications to (its own id is always allowed).
    pub copy_targets: Vec<String>,
    pub clock: SandboxClock,
}

impl SandboxConfig {
    pub fn new(company_id: impl Into<String>, api_key: impl Into<String>) -> Self {
        Self {
            company_id: company_id.into(),
            api_key: api_key.into(),
            shortcode: "TST".into(),
            company_name: "IdentDesk Sandbox".into(),
            time_scale: 1.0,
            copy_targets: Vec::new(),
            clock: SandboxClock::system(),
        }
    }

    pub fn with_time_scale(mut self, time_scale: f64) -> Self {
        self.time_scale = time_scale.max(0.0);
        self
    }

    pub fn with_clock(mut self, clock: SandboxClock) -> Self {
        self.clock = clock;
        self
    }
}
