//! How a core is set up, chosen by whoever opens it (the window, the CLI, a test): which
//! keychain service, which clock, the built-in sandbox's pace. The core reads no
//! environment variables itself; [`CoreOptions::from_environment`] is the fronts' one place
//! for that.

use std::sync::Arc;

use crate::clock::{Clock, SystemClock};
use crate::keychain::Keychain;

/// The built-in sandbox's robots work ten times faster than IDnow's, so a training run
/// shows the preliminary result after 3 seconds and the review after 15.
pub const DEFAULT_SANDBOX_TIME_SCALE: f64 = 0.1;
/// Changes the built-in sandbox's pace (0 for results at once).
pub const SANDBOX_TIME_SCALE_ENV: &str = "IDENTDESK_SANDBOX_TIME_SCALE";

#[derive(Clone)]
pub struct CoreOptions {
    pub keychain: Keychain,
    pub clock: Arc<dyn Clock>,
    /// The built-in sandbox's pace against IDnow's (0.1: ten times faster).
    pub sandbox_time_scale: f64,
    /// Who acts, when a test says so; otherwise the core asks the OS (see `identity`).
    pub(crate) acting_user: Option<String>,
    /// Test-only: deadlines and sizes for every gateway (instead of each account's).
    pub(crate) gateway_limits: Option<idnow::Limits>,
    /// Test-only: a certificate authority the gateways' TLS may also chain to.
    pub(crate) test_root_pem: Option<Vec<u8>>,
}

impl Default for CoreOptions {
    fn default() -> Self {
        Self {
            keychain: Keychain::default(),
            clock: Arc::new(SystemClock),
            sandbox_time_scale: DEFAULT_SANDBOX_TIME_SCALE,
            acting_user: None,
            gateway_limits: None,
            test_root_pem: None,
        }
    }
}

impl CoreOptions {
    /// The window's and the CLI's options: the keychain service `IDENTDESK_KEYCHAIN_SERVICE`
    /// names (tests, training), the sandbox pace `IDENTDESK_SANDBOX_TIME_SCALE` sets.
    pub fn from_environment() -> Self {
        let sandbox_time_scale = std::env::var(SANDBOX_TIME_SCALE_ENV)
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .unwrap_or(DEFAULT_SANDBOX_TIME_SCALE);
        Self {
            keychain: Keychain::from_environment(),
            sandbox_time_scale,
            ..Self::default()
        }
    }

    /// A test's options: its own keychain service (see [`Keychain::for_tests`]) and clock.
    pub fn for_tests(clock: Arc<dyn Clock>) -> Self {
        Self {
            keychain: Keychain::for_tests(),
            clock,
            ..Self::default()
        }
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn with_sandbox_time_scale(mut self, scale: f64) -> Self {
        self.sandbox_time_scale = scale;
        self
    }

    /// Acts as `user` instead of the OS account: only tests may, to play two officers in
    /// one process (built with the `test-support` feature only).
    #[cfg(feature = "test-support")]
    pub fn acting_as(mut self, user: &str) -> Self {
        self.acting_user = Some(user.to_owned());
        self
    }

    /// Every gateway gets these deadlines and sizes (a test's short ones).
    #[cfg(feature = "test-support")]
    pub fn with_gateway_limits(mut self, limits: idnow::Limits) -> Self {
        self.gateway_limits = Some(limits);
        self
    }

    /// Gateways' TLS may also chain to this test certificate authority. The app has no
    /// setting for this: TLS verification is never weakened outside tests.
    #[cfg(feature = "test-support")]
    pub fn trusting_test_root(mut self, root_pem: &[u8]) -> Self {
        self.test_root_pem = Some(root_pem.to_vec());
        self
    }
}
