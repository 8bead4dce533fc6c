//! The overview's facts from the local cache, in the same shape as the team database's
//! (`identdesk.overview_facts`). Creations, results and minutes to a result are counted per
//! quarter hour as identifications change (migration 0008); here those counts are summed
//! into the officer's local days — a quarter hour lies wholly inside one, since every
//! time zone's midnight is on a quarter hour — and weeks. The answer's cost is the number of
//! quarter hours in the period, not the number of identifications.

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

    /// The local day a cache time (or a quarter hour's first instant) falls on, if inside.
    fn of(&self, time: &str) -> Option<NaiveDate> {
        let after = self.starts.partition_point(|start| start.as_str() <= time);
        (after > 0 && after < self.starts.len()).then(|| self.days[after - 1])
    }
}

/// A text column without copying it (a time, a code).
fn text_at<'a>(row: &'a rusqlite::Row<'_>, index: usize) -> rusqlite::Result<&'a str> {
    row.get_ref(index)?.as_str().map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(err))
    })
}

/// `''` is how the count tables write "none" (their keys cannot be NULL).
fn none_if_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

/// Counts summed under a few distinct keys, found by comparison: a row costs no
/// allocation unless its key is new.
struct Tally<K> {
    counts: Vec<(K, i64)>,
}

impl<K> Tally<K> {
    fn new() -> Self {
        Self { counts: Vec::new() }
    }

    fn add(&mut self, count: i64, matches: impl Fn(&K) -> bool, key: impl FnOnce() -> K) {
        match self.counts.iter_mut().find(|(k, _)| matches(k)) {
            Some((_, total)) => *total += count,
            None => self.counts.push((key(), count)),
        }
    }
}

/// The text of the instant a quarter hour (given by its first instant's text) ends.
fn quarter_hour_end(slot: &str) -> Option<String> {
    let start = DateTime::parse_from_rfc3339(slot).ok()?.with_timezone(&Utc);
    Some(text(start + chrono::Duration::minutes(15)))
}

/// The Monday that begins a day's week.
fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
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
    let mut created: Tally<(NaiveDate, Option<String>)> = Tally::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT slot, result, count FROM overview_created
          WHERE slot >= ?1 AND slot < ?2{account_clause}"
    ))?;
    let mut rows = stmt.query(params_from_iter(bounds(window.from)))?;
    while let Some(row) = rows.next()? {
        if let Some(day) = days.of(text_at(row, 0)?) {
            let result = text_at(row, 1)?;
            created.add(
                row.get(2)?,
                |(d, r)| *d == day && r.as_deref().unwrap_or_default() == result,
                || (day, none_if_empty(result)),
            );
        }
    }
    facts.extend(
        created
            .counts
            .into_iter()
            .map(|((day, result), count)| OverviewFact {
                kind: FactKind::Day,
                day: Some(day),
                current: true,
                result,
                reason: None,
                bucket: None,
                seconds: None,
                count,
            }),
    );

    let created_ms = started.elapsed().as_secs_f64() * 1000.0;
    // Results by identification time, this period and the one before.
    let current_from = text(window.from);
    let mut results: Tally<(bool, String, Option<String>)> = Tally::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT slot, result, reason, count FROM overview_results
          WHERE slot >= ?1 AND slot < ?2{account_clause}"
    ))?;
    let mut rows = stmt.query(params_from_iter(bounds(window.previous_from)))?;
    while let Some(row) = rows.next()? {
        let current = text_at(row, 0)? >= current_from.as_str();
        let result = text_at(row, 1)?;
        let reason = text_at(row, 2)?;
        results.add(
            row.get(3)?,
            |(c, r, why)| {
                *c == current && r == result && why.as_deref().unwrap_or_default() == reason
            },
            || (current, result.to_owned(), none_if_empty(reason)),
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

    // This period's final outcomes: whole minutes since creation, by the result's local week.
    // Many distinct minutes: a map, not a tally found by comparison.
    let mut durations: std::collections::BTreeMap<(NaiveDate, i64), i64> = Default::default();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT slot, result, minutes, count FROM overview_durations
          WHERE slot >= ?1 AND slot < ?2{account_clause}"
    ))?;
    let mut rows = stmt.query(params_from_iter(bounds(window.from)))?;
    while let Some(row) = rows.next()? {
        let result = text_at(row, 1)?;
        if !window.final_codes.iter().any(|code| code == result) {
            continue;
        }
        if let Some(day) = days.of(text_at(row, 0)?) {
            *durations.entry((monday_of(day), row.get(2)?)).or_default() += row.get::<_, i64>(3)?;
        }
    }
    facts.extend(
        durations
            .into_iter()
            .map(|((week, minutes), count)| OverviewFact {
                kind: FactKind::Duration,
                day: Some(week),
                current: true,
                result: None,
                reason: None,
                bucket: None,
                seconds: Some((minutes * 60) as f64),
                count,
            }),
    );

    let results_ms = started.elapsed().as_secs_f64() * 1000.0 - created_ms;
    // Waiting now, by age: the counts of quarter hours wholly on one side of each age's
    // limit, and the identifications of the (at most two) quarter hours a limit cuts.
    let limits = [
        text(window.now - chrono::Duration::days(1)),
        text(window.now - chrono::Duration::days(7)),
    ];
    let bucket = |created: &str| limits.iter().take_while(|l| created < l.as_str()).count();
    let codes: Vec<&str> = std::iter::once("")
        .chain(window.open_codes.iter().map(String::as_str))
        .collect();
    let placeholders = (1..=codes.len())
        .map(|n| format!("?{n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let with_account = |mut params: Vec<Value>| {
        let clause = account.map_or(String::new(), |account| {
            params.push(Value::Text(account.to_owned()));
            format!(" AND account_id = ?{}", params.len())
        });
        (params, clause)
    };
    let code_params: Vec<Value> = codes.iter().map(|c| Value::Text((*c).to_owned())).collect();
    let (params, clause) = with_account(code_params.clone());
    let mut waiting: Tally<(Option<String>, usize)> = Tally::new();
    let mut cut_slots: Vec<String> = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT slot, result, count FROM overview_created INDEXED BY overview_created_by_result
          WHERE result IN ({placeholders}){clause}"
    ))?;
    let mut rows = stmt.query(params_from_iter(params))?;
    while let Some(row) = rows.next()? {
        let slot = text_at(row, 0)?;
        let end = quarter_hour_end(slot);
        if limits
            .iter()
            .any(|limit| slot < limit.as_str() && end.as_deref().is_none_or(|e| limit.as_str() < e))
        {
            if !cut_slots.iter().any(|s| s == slot) {
                cut_slots.push(slot.to_owned());
            }
            continue;
        }
        let result = text_at(row, 1)?;
        let age = bucket(slot);
        waiting.add(
            row.get(2)?,
            |(r, b)| *b == age && r.as_deref().unwrap_or_default() == result,
            || (none_if_empty(result), age),
        );
    }
    for slot in cut_slots {
        let Some(end) = quarter_hour_end(&slot) else {
            continue;
        };
        let mut params = code_params.clone();
        params.extend([Value::Text(slot), Value::Text(end)]);
        let (params, clause) = with_account(params);
        let (from, to) = (codes.len() + 1, codes.len() + 2);
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT created_at, coalesce(result, '') FROM identifications INDEXED BY identifications_by_created
              WHERE created_at >= ?{from} AND created_at < ?{to} AND coalesce(result, '') IN ({placeholders}){clause}"
        ))?;
        let mut rows = stmt.query(params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            let age = bucket(text_at(row, 0)?);
            let result = text_at(row, 1)?;
            waiting.add(
                1,
                |(r, b)| *b == age && r.as_deref().unwrap_or_default() == result,
                || (none_if_empty(result), age),
            );
        }
    }
    facts.extend(
        waiting
            .counts
            .into_iter()
            .map(|((result, age), count)| OverviewFact {
                kind: FactKind::Waiting,
                day: None,
                current: true,
                result,
                reason: None,
                bucket: i32::try_from(age).ok(),
                seconds: None,
                count,
            }),
    );
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
