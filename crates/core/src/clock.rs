//! Where "now" comes from, so retention and expiry can be tested with a fixed time.

use chrono::{DateTime, SecondsFormat, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// Now as stored in the database: RFC 3339, UTC, milliseconds (sorts as text).
    fn now_text(&self) -> String {
        self.now().to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
