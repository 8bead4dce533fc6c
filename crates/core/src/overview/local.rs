//! The overview's facts from the local cache, in the same shape as the team database's
//! (`identdesk.overview_facts`). Two covering indexes (migration 0007) are streamed once
//! each — creations in the period, results in it and the period before — and counted here:
//! grouping 100 000 rows in SQL sorts them, and SQLite's `localtime` per row is slow, while
//! placing a time on the officer's local day is a comparison of texts with the day's
//! first instant (DST included).

use chrono::{DateTime, Datelike, Days, NaiveDate, SecondsFormat, Utc};
use identdesk_team::{FactKind, OverviewFact, OverviewWindow};
use rusqlite::{Connection, params_from_iter, types::Value};

use super::period::local_midnight;
use crate::error::Result;

/// The cache's time text (`Clock::now_text`): such texts compare as their instants do.
fn text(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The officer's local days from `first` to `last`, as the texts of their first instants.
struct LocalDays {
    days: Vec<NaiveDate>,
    /// `starts[i]` begins `days[i]`; one more entry ends the last day.
    starts: Vec<String>,
}

impl LocalDays {
    fn new(first: NaiveDate, last: NaiveDate) -> Self {
        let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
        let starts = days
            .iter()
            .copied()
            .chain(std::iter::once(last + Days::new(1)))
            .map(|day| text(local_midnight(day)))
            .collect();
        Self { days, starts }
    }

    /// The index of the local day a cache time falls on, if inside.
    fn of(&self, time: &str) -> Option<usize> {
        let after = self.starts.partition_point(|start| start.as_str() <= time);
        (after > 0 && after < self.starts.len()).then(|| after - 1)
    }
}

/// Seconds since the epoch of a cache time (`YYYY-MM-DDTHH:MM:SS.sssZ`), read by position.
fn epoch_seconds(time: &str) -> Option<i64> {
    let number = |range: std::ops::Range<usize>| time.get(range)?.parse::<u32>().ok();
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(number(0..4)?).ok()?,
        number(5..7)?,
        number(8..10)?,
    )?;
    let seconds = number(11..13)? * 3600 + number(14..16)? * 60 + number(17..19)?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp() + i64::from(seconds))
}

/// Seconds rounded to the nearest whole minute, as `identdesk.overview_facts` does.
fn to_minute(seconds: i64) -> i64 {
    (seconds + 30) / 60 * 60
}

/// A text column without copying it (a time, a code).
fn text_at<'a>(row: &'a rusqlite::Row<'_>, index: usize) -> rusqlite::Result<&'a str> {
    row.get_ref(index)?.as_str().map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(err))
    })
}

/// Counts under a few distinct keys, found by comparison: a row costs no allocation
/// unless its key is new.
struct Tally<K> {
    counts: Vec<(K, i64)>,
}

impl<K> Tally<K> {
    fn new() -> Self {
        Self { counts: Vec::new() }
    }

    fn add(&mut self, matches: impl Fn(&K) -> bool, key: impl FnOnce() -> K) {
        match self.counts.iter_mut().find(|(k, _)| matches(k)) {
            Some((_, count)) => *count += 1,
            None => self.counts.push((key(), 1)),
        }
    }
}

pub(crate) fn facts(
    conn: &Connection,
    account: Option<&str>,
    window: &OverviewWindow,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<OverviewFact>> {
    let started = std::time::Instant::now();
    let days = LocalDays::new(first, last);
    let mut facts = Vec::new();
    let account_clause = account.map_or("", |_| " AND account_id = ?3");
    let bounds = |from: DateTime<Utc>| {
        let mut params = vec![Value::Text(text(from)), Value::Text(text(window.to))];
        if let Some(account) = account {
            params.push(Value::Text(account.to_owned()));
        }
        params
    };

    // Creations per local day, by current result.
    let mut created: Tally<(usize, Option<String>)> = Tally::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT created_at, result FROM identifications INDEXED BY identifications_overview_created
          WHERE created_at >= ?1 AND created_at < ?2{account_clause}"
    ))?;
    let mut rows = stmt.query(params_from_iter(bounds(window.from)))?;
    while let Some(row) = rows.next()? {
        if let Some(day) = days.of(text_at(row, 0)?) {
            let result = row.get_ref(1)?.as_str_or_null().ok().flatten();
            created.add(
                |(d, r)| *d == day && r.as_deref() == result,
                || (day, result.map(str::to_owned)),
            );
        }
    }
    facts.extend(
        created
            .counts
            .into_iter()
            .map(|((day, result), count)| OverviewFact {
                kind: FactKind::Day,
                day: Some(days.days[day]),
                current: true,
                result,
                reason: None,
                bucket: None,
                seconds: None,
                count,
            }),
    );

    let created_ms = started.elapsed().as_secs_f64() * 1000.0;
    // Results by identification time, this period and the one before; and for this
    // period's final outcomes, the seconds since creation by the result's local week.
    let current_from = text(window.from);
    let mut results: Tally<(bool, String, Option<String>)> = Tally::new();
    let mut durations: Vec<(NaiveDate, Vec<i64>)> = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT identified_at, result, reason, created_at
           FROM identifications INDEXED BY identifications_overview_results
          WHERE identified_at >= ?1 AND identified_at < ?2 AND result IS NOT NULL{account_clause}"
    ))?;
    let mut rows = stmt.query(params_from_iter(bounds(window.previous_from)))?;
    while let Some(row) = rows.next()? {
        let identified = text_at(row, 0)?;
        let result = text_at(row, 1)?;
        let reason = row.get_ref(2)?.as_str_or_null().ok().flatten();
        let current = identified >= current_from.as_str();
        if current && window.final_codes.iter().any(|code| code == result) {
            let created = text_at(row, 3)?;
            if let (Some(day), Some(end), Some(start)) = (
                days.of(identified),
                epoch_seconds(identified),
                epoch_seconds(created),
            ) && end >= start
            {
                let day = days.days[day];
                let monday = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
                match durations.iter_mut().find(|(week, _)| *week == monday) {
                    Some((_, seconds)) => seconds.push(end - start),
                    None => durations.push((monday, vec![end - start])),
                }
            }
        }
        results.add(
            |(c, r, why)| *c == current && r == result && why.as_deref() == reason,
            || (current, result.to_owned(), reason.map(str::to_owned)),
        );
    }
    facts.extend(
        results
            .counts
            .into_iter()
            .map(|((current, result, reason), count)| OverviewFact {
                kind: FactKind::Result,
                day: None,
                current,
                result: Some(result),
                reason,
                bucket: None,
                seconds: None,
                count,
            }),
    );
    // One fact per week and whole minute (what the officer reads), with its count.
    for (week, mut seconds) in durations {
        seconds.iter_mut().for_each(|s| *s = to_minute(*s));
        seconds.sort_unstable();
        for run in seconds.chunk_by(|a, b| a == b) {
            facts.push(OverviewFact {
                kind: FactKind::Duration,
                day: Some(week),
                current: true,
                result: None,
                reason: None,
                bucket: None,
                seconds: Some(run[0] as f64),
                count: i64::try_from(run.len()).unwrap_or(i64::MAX),
            });
        }
    }

    let results_ms = started.elapsed().as_secs_f64() * 1000.0 - created_ms;
    // Waiting now, by age (few rows: those without a final outcome).
    let codes = &window.open_codes;
    let placeholders = (3..3 + codes.len())
        .map(|n| format!("?{n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let account_clause = account.map_or(String::new(), |_| {
        format!(" AND account_id = ?{}", 3 + codes.len())
    });
    let mut params = vec![
        Value::Text(text(window.now - chrono::Duration::days(1))),
        Value::Text(text(window.now - chrono::Duration::days(7))),
    ];
    params.extend(codes.iter().map(|c| Value::Text(c.clone())));
    if let Some(account) = account {
        params.push(Value::Text(account.to_owned()));
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT result, CASE WHEN created_at >= ?1 THEN 0 WHEN created_at >= ?2 THEN 1 ELSE 2 END, count(*)
           FROM identifications
          WHERE (result IS NULL OR result IN ({placeholders})){account_clause}
          GROUP BY 1, 2"
    ))?;
    let rows = stmt.query_map(params_from_iter(params), |r| {
        Ok(OverviewFact {
            kind: FactKind::Waiting,
            day: None,
            current: true,
            result: r.get(0)?,
            reason: None,
            bucket: r.get(1)?,
            seconds: None,
            count: r.get(2)?,
        })
    })?;
    facts.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    // Where the overview's time goes, for `RUST_LOG=identdesk_core=debug`.
    tracing::debug!(
        created_ms,
        results_ms,
        waiting_ms = started.elapsed().as_secs_f64() * 1000.0 - created_ms - results_ms,
        facts = facts.len(),
        "overview scans"
    );
    Ok(facts)
}

/// eSign documents uploaded in the period: how many, how many signed since.
pub(crate) fn esign(
    conn: &Connection,
    account: Option<&str>,
    window: &OverviewWindow,
) -> Result<(u64, u64)> {
    let mut params = vec![Value::Text(text(window.from)), Value::Text(text(window.to))];
    let account_sql = match account {
        Some(account) => {
            params.push(Value::Text(account.to_owned()));
            " AND account_id = ?3"
        }
        None => "",
    };
    let (uploaded, signed): (i64, i64) = conn.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(status = 'SIGNED' OR signed_pdf IS NOT NULL), 0)
               FROM esign_documents
              WHERE uploaded_at >= ?1 AND uploaded_at < ?2{account_sql}"
        ),
        params_from_iter(params),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((
        u64::try_from(uploaded).unwrap_or_default(),
        u64::try_from(signed).unwrap_or_default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_times_read_by_position() {
        assert_eq!(epoch_seconds("1970-01-01T00:01:40.000Z"), Some(100));
        assert_eq!(
            epoch_seconds("2026-11-16T11:00:00.000Z"),
            Some(
                chrono::DateTime::parse_from_rfc3339("2026-11-16T11:00:00Z")
                    .unwrap()
                    .timestamp()
            )
        );
        assert_eq!(epoch_seconds("garbage"), None);
    }
}
