//! Whether an answer still open keeps the pace every answer must keep ([`Pace`]): samples
//! of (time, bytes so far) a tenth of the window apart, so the bytes of "the last window"
//! are known to within a tenth of it, in a handful of samples whatever the body's size.

use std::collections::VecDeque;
use std::time::Instant;

use crate::Error;
use crate::limits::{Pace, human, human_bytes};

pub(crate) struct Pacing {
    pace: Pace,
    what: &'static str,
    /// Oldest first; the first is at least a window old once the body has run that long.
    samples: VecDeque<(Instant, u64)>,
}

impl Pacing {
    pub(crate) fn new(pace: Pace, what: &'static str) -> Pacing {
        Pacing::starting_at(pace, what, Instant::now())
    }

    fn starting_at(pace: Pace, what: &'static str, at: Instant) -> Pacing {
        Pacing {
            pace,
            what,
            samples: VecDeque::from([(at, 0)]),
        }
    }

    /// The body has delivered `total` bytes by `now`: an error when what came over a whole
    /// window (or a little more) is under the pace.
    pub(crate) fn received(&mut self, total: u64, now: Instant) -> Result<(), Error> {
        let step = self.pace.window / 10;
        if self
            .samples
            .back()
            .is_none_or(|(at, _)| now.duration_since(*at) >= step)
        {
            self.samples.push_back((now, total));
        }
        // Keep only the newest sample that is a window old (and those after it).
        while self
            .samples
            .get(1)
            .is_some_and(|(at, _)| now.duration_since(*at) >= self.pace.window)
        {
            self.samples.pop_front();
        }
        match self.samples.front() {
            Some((at, before))
                if now.duration_since(*at) >= self.pace.window
                    && total - before < self.pace.bytes =>
            {
                Err(Error::Stalled {
                    what: self.what,
                    bytes: human_bytes(self.pace.bytes),
                    window: human(self.pace.window),
                })
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const PACE: Pace = Pace {
        bytes: 60 * 1024,
        window: Duration::from_secs(60),
    };

    #[test]
    fn a_byte_every_twenty_seconds_is_stalled_once_a_window_has_passed() {
        let start = Instant::now();
        let mut pacing = Pacing::starting_at(PACE, "list", start);
        let at = |s: u64| start + Duration::from_secs(s);
        assert!(pacing.received(1, at(20)).is_ok());
        assert!(pacing.received(2, at(40)).is_ok());
        let stalled = pacing.received(3, at(60)).unwrap_err();
        assert!(
            stalled
                .to_string()
                .contains("under 60 KiB in the last 1 min"),
            "{stalled}"
        );
    }

    #[test]
    fn a_body_that_slows_down_late_is_stalled_a_window_after_it_slowed() {
        let start = Instant::now();
        let mut pacing = Pacing::starting_at(PACE, "list", start);
        let at = |s: u64| start + Duration::from_secs(s);
        // Fast for five minutes, a megabyte each second.
        for s in 1..=300 {
            assert!(pacing.received(s * 1024 * 1024, at(s)).is_ok());
        }
        assert!(
            pacing.samples.len() <= 12,
            "{} samples",
            pacing.samples.len()
        );
        // Then a trickle: fine until a whole window of it has passed.
        let last = 300 * 1024 * 1024;
        assert!(pacing.received(last + 1, at(330)).is_ok());
        assert!(pacing.received(last + 2, at(355)).is_ok());
        assert!(pacing.received(last + 3, at(367)).is_err());
    }

    #[test]
    fn a_steady_slow_body_above_the_pace_goes_on() {
        let start = Instant::now();
        let mut pacing = Pacing::starting_at(PACE, "archive", start);
        // 2 KiB a second: 120 KiB a minute, twice the pace, for an hour.
        for s in 1..=3600u64 {
            let at = start + Duration::from_secs(s);
            assert!(pacing.received(s * 2048, at).is_ok(), "stopped at {s} s");
        }
    }
}
