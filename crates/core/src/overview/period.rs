//! The overview's period: a preset or the officer's own days, resolved against the
//! officer's calendar (local days, weeks from Monday), and the period just before it.

use chrono::{DateTime, Datelike, Local, NaiveDate, TimeZone, Utc};

use crate::error::{Error, Result};

/// The longest period asked about at once: a day bar each, so the answer stays small.
pub const MAX_DAYS: i64 = 731;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Monday to today.
    ThisWeek,
    /// The 30 days ending today.
    Last30Days,
    /// This calendar quarter, up to today.
    Quarter,
    Days {
        from: NaiveDate,
        to: NaiveDate,
    },
}

/// A period's days (both ends included) and the days of the period before it, as long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub previous_from: NaiveDate,
    pub previous_to: NaiveDate,
}

impl Period {
    pub fn resolve(self, today: NaiveDate) -> Result<Resolved> {
        let (from, to) = match self {
            Period::ThisWeek => (
                today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday())),
                today,
            ),
            Period::Last30Days => (today - chrono::Days::new(29), today),
            Period::Quarter => {
                let first_month = (today.month0() / 3) * 3 + 1;
                let start = NaiveDate::from_ymd_opt(today.year(), first_month, 1).unwrap_or(today);
                (start, today)
            }
            Period::Days { from, to } => {
                if to < from {
                    return Err(Error::invalid(
                        "to",
                        format!(
                            "The period ends ({to}) before it starts ({from}); swap the dates."
                        ),
                    ));
                }
                if (to - from).num_days() >= MAX_DAYS {
                    return Err(Error::invalid(
                        "to",
                        format!("A period is at most {MAX_DAYS} days; choose a shorter one."),
                    ));
                }
                (from, to)
            }
        };
        let length = chrono::Days::new(u64::try_from((to - from).num_days() + 1).unwrap_or(1));
        let previous_to = from.pred_opt().unwrap_or(from);
        Ok(Resolved {
            from,
            to,
            previous_from: from - length,
            previous_to,
        })
    }
}

/// The instant a local day starts (the first valid one when the clocks jump at midnight).
pub fn local_midnight(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Local
        .from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            Local
                .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// The officer's time zone by its IANA name (what PostgreSQL groups days by), `UTC` when
/// the platform does not say.
pub fn time_zone_name() -> String {
    iana_time_zone::get_timezone().unwrap_or_else(|_| "UTC".to_owned())
}

/// Reads `YYYY-MM-DD`, naming the field when it is not a date.
pub fn parse_day(field: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, format!("{text:?} is not a date; use YYYY-MM-DD.")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn presets_end_today_and_the_previous_period_is_as_long() {
        // 2026-12-03 is a Thursday.
        let today = day("2026-12-03");
        let week = Period::ThisWeek.resolve(today).unwrap();
        assert_eq!((week.from, week.to), (day("2026-11-30"), today));
        assert_eq!(
            (week.previous_from, week.previous_to),
            (day("2026-11-26"), day("2026-11-29"))
        );
        let month = Period::Last30Days.resolve(today).unwrap();
        assert_eq!(month.from, day("2026-11-04"));
        assert_eq!(month.previous_from, day("2026-10-05"));
        let quarter = Period::Quarter.resolve(today).unwrap();
        assert_eq!(quarter.from, day("2026-10-01"));
    }

    #[test]
    fn a_period_that_ends_before_it_starts_names_the_field() {
        let err = Period::Days {
            from: day("2026-12-03"),
            to: day("2026-12-01"),
        }
        .resolve(day("2026-12-03"))
        .unwrap_err();
        assert!(err.to_string().contains("swap"), "{err}");
    }
}
