//! The sandbox's sense of time: the system clock (optionally pushed forward through the
//! control API), or a manual clock that tests move by hand. Token expiry and the robots'
//! schedules read it, so an hour of IDnow time can pass in a millisecond.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, Utc};

#[derive(Clone)]
pub struct SandboxClock(Arc<Mutex<ClockState>>);

enum ClockState {
    System { offset: TimeDelta },
    Manual { now: DateTime<Utc> },
}

impl SandboxClock {
    pub fn system() -> Self {
        Self(Arc::new(Mutex::new(ClockState::System {
            offset: TimeDelta::zero(),
        })))
    }

    /// A clock that stands still at `start` until [`SandboxClock::advance`] moves it.
    pub fn manual(start: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(ClockState::Manual { now: start })))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &*self.lock() {
            ClockState::System { offset } => Utc::now() + *offset,
            ClockState::Manual { now } => *now,
        }
    }

    pub fn advance(&self, by: TimeDelta) {
        match &mut *self.lock() {
            ClockState::System { offset } => *offset += by,
            ClockState::Manual { now } => *now += by,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ClockState> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Default for SandboxClock {
    fn default() -> Self {
        Self::system()
    }
}
