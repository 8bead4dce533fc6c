//! When and how long to wait before trying a request again: connect errors, timeouts, 5xx
//! and 429 (honouring `Retry-After`), with exponential backoff and jitter, a bounded number
//! of times. Other 4xx are answers, never retried.

use std::time::Duration;

use rand::Rng;

use crate::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// One attempt only.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The wait before attempt `attempt + 1`, or `None` when `err` must not be retried.
    /// A request that is not idempotent is retried only when it surely did not arrive
    /// (connect errors) or was refused unprocessed (429).
    pub fn wait_before_retry(
        &self,
        err: &Error,
        attempt: u32,
        idempotent: bool,
    ) -> Option<Duration> {
        if attempt + 1 >= self.max_attempts {
            return None;
        }
        let retry_after = match err {
            Error::Connect(_) => None,
            Error::Transport(_) if idempotent => None,
            Error::Api {
                status: 429,
                retry_after,
                ..
            } => retry_after.map(Duration::from_secs),
            Error::Api { status: 500.., .. } if idempotent => None,
            _ => return None,
        };
        let backoff = self.base_delay.saturating_mul(1 << attempt.min(16));
        let wait = retry_after.unwrap_or(backoff).min(self.max_delay);
        let jitter_ms = self.base_delay.as_millis().max(1) as u64;
        Some(wait + Duration::from_millis(rand::rng().random_range(0..jitter_ms)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, retry_after: Option<u64>) -> Error {
        Error::Api {
            status,
            body: Default::default(),
            retry_after,
        }
    }

    #[test]
    fn retries_what_may_succeed_later_and_nothing_else() {
        let policy = RetryPolicy::default();
        assert!(policy.wait_before_retry(&api(503, None), 0, true).is_some());
        assert!(
            policy
                .wait_before_retry(&Error::Connect("refused".into()), 0, false)
                .is_some()
        );
        assert!(
            policy
                .wait_before_retry(&Error::Transport("reset".into()), 0, true)
                .is_some()
        );
        // A non-idempotent request may have been processed: no blind retry.
        assert!(
            policy
                .wait_before_retry(&Error::Transport("reset".into()), 0, false)
                .is_none()
        );
        assert!(
            policy
                .wait_before_retry(&api(500, None), 0, false)
                .is_none()
        );
        for status in [400, 401, 403, 404, 409, 412] {
            assert!(
                policy
                    .wait_before_retry(&api(status, None), 0, true)
                    .is_none(),
                "{status}"
            );
        }
        assert!(
            policy.wait_before_retry(&api(503, None), 3, true).is_none(),
            "bounded"
        );
    }

    #[test]
    fn backs_off_exponentially_and_honours_retry_after() {
        let policy = RetryPolicy::default();
        let wait = |attempt| {
            policy
                .wait_before_retry(&api(503, None), attempt, true)
                .unwrap_or_default()
        };
        assert!(wait(0) >= Duration::from_millis(300) && wait(0) < Duration::from_millis(600));
        assert!(wait(2) >= Duration::from_millis(1200) && wait(2) < Duration::from_millis(1500));
        let told = policy
            .wait_before_retry(&api(429, Some(2)), 0, false)
            .unwrap_or_default();
        assert!(told >= Duration::from_secs(2) && told < Duration::from_millis(2300));
        let capped = policy
            .wait_before_retry(&api(429, Some(3600)), 0, true)
            .unwrap_or_default();
        assert!(capped <= Duration::from_millis(10_300));
    }
}
