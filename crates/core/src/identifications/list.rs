//! The identifications list: filter by account, status and date, full-text search over
//! names, numbers, ids, e-mail and custom fields, sort, and page — from the cache only, so
//! it works offline and stays fast with 100 000 rows.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::codes::ResultCode;
use crate::error::Result;
use crate::identifications::IdentificationService;
use crate::identifications::{IdentificationRow, IdentificationStage, row_from_sql};
use crate::overview::{Outcome, WaitingAge, local_midnight};

/// The list's filters, search, sort and page: one query for the window and the CLI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct ListQuery {
    /// Account id.
    pub account_id: Option<String>,
    /// Where it stands: in the outbox, waiting for a result, preliminary, final.
    pub stage: Option<IdentificationStage>,
    /// Only this result (`OTHER` is not a filter); it wins over `stage`.
    pub result: Option<ResultCode>,
    /// Words to find (prefixes match): name, transaction number, Ident-ID, e-mail, custom fields.
    pub search: Option<String>,
    /// Created on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Created on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: u32,
    /// At most 1000; 0 means 200.
    pub limit: u32,
    /// Team: only decisions a colleague proposed that this officer may confirm.
    pub waiting_for_me: bool,
    /// Only this outcome, as the overview counts it (a chart's part opens the list so).
    pub outcome: Option<Outcome>,
    /// Only identifications still waiting (no final outcome) created this long ago.
    pub waiting_age: Option<WaitingAge>,
    /// Only this reason code, as IDnow sent it.
    pub reason: Option<String>,
}

impl ListQuery {
    /// The stage or result filter as the cache's columns and index tags know it: a result
    /// code as IDnow writes it, else the stage's name.
    fn status(&self) -> Option<String> {
        match (self.stage, self.result) {
            (_, Some(result)) if result != ResultCode::Other => result.wire(),
            (Some(stage), _) => Some(stage.as_str().to_owned()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SortKey {
    #[default]
    Created,
    Updated,
    Name,
    Status,
    TransactionNumber,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPage {
    pub rows: Vec<IdentificationRow>,
    /// Rows matching the query in all pages.
    pub total: u64,
}

impl IdentificationService<'_> {
    pub async fn list(self, query: &ListQuery) -> Result<ListPage> {
        let started = std::time::Instant::now();
        let page = self.list_page(query);
        tracing::debug!(elapsed_us = started.elapsed().as_micros(), "list page");
        page
    }

    fn list_page(self, query: &ListQuery) -> Result<ListPage> {
        let me = self.cx.team.officer().unwrap_or_default();
        let now = self.cx.clock.now();
        let filter = conditions(query, SearchPlan::Lookup, &me, now)?;
        // Each sort matches an index ending in the rowid, so a page reads only its rows.
        let terms: &[&str] = match query.sort {
            SortKey::Created => &["i.created_at"],
            SortKey::Updated => &["i.updated_at"],
            SortKey::Name => &["i.lastname COLLATE NOCASE", "i.firstname COLLATE NOCASE"],
            SortKey::Status => &["coalesce(i.result, i.state)", "i.created_at"],
            SortKey::TransactionNumber => &["i.transaction_number"],
        };
        let direction = if query.descending { "DESC" } else { "ASC" };
        let order = terms
            .iter()
            .chain(&["i.rowid"])
            .map(|term| format!("{term} {direction}"))
            .collect::<Vec<_>>()
            .join(", ");
        let limit = match query.limit {
            0 => 200,
            n => n.min(1000),
        };
        // A date range or the team's filter needs the table (the index alone cannot tell).
        let dated = query.waiting_for_me
            || query.outcome.is_some()
            || query.waiting_age.is_some()
            || query.reason.is_some()
            || [&query.from, &query.to]
                .iter()
                .any(|day| day.as_deref().is_some_and(|d| !d.is_empty()));
        self.cx.store.read(|conn| {
            // A search (with its status and account tags) is counted in the index alone,
            // without visiting the rows; only a date range needs the table.
            let total: i64 = match (&filter.fts_match, &filter.kept_total) {
                (Some(fts_match), _) if !dated => conn.query_row(
                    "SELECT count(*) FROM identifications_fts WHERE identifications_fts MATCH ?1",
                    [fts_match],
                    |r| r.get(0),
                )?,
                (_, Some(account)) => conn.query_row(
                    "SELECT coalesce(sum(count), 0) FROM identification_totals
                      WHERE ?1 IS NULL OR account_id = ?1",
                    [account],
                    |r| r.get(0),
                )?,
                _ => conn.query_row(
                    &format!("SELECT count(*) FROM identifications i {}", filter.where_sql),
                    rusqlite::params_from_iter(filter.params.iter()),
                    |r| r.get(0),
                )?,
            };
            // A search matching many rows is faster walked in sort order, testing each row's
            // membership, than fetched whole and sorted; a narrow one the other way round.
            let Filter { where_sql, params, .. } = if total > BROAD_SEARCH {
                conditions(query, SearchPlan::Walk, &me, now)?
            } else {
                filter
            };
            // The page's rowids come from the indexes alone; only its rows are read.
            let sql = format!(
                "SELECT {} FROM {}
                  WHERE i.rowid IN (SELECT i.rowid FROM identifications i {where_sql} ORDER BY {order} LIMIT {limit} OFFSET {})
                  ORDER BY {order}",
                crate::identifications::ROW_COLUMNS,
                crate::identifications::ROW_FROM,
                query.offset
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), row_from_sql)?;
            Ok(ListPage {
                rows: rows.collect::<rusqlite::Result<Vec<_>>>()?,
                total: u64::try_from(total).unwrap_or_default(),
            })
        })
    }
}

/// The cache's time text (`Clock::now_text`), so bounds compare with indexed columns.
fn time_text(time: chrono::DateTime<chrono::Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Matches above which a search is walked in sort order (see `IdentificationService::list`).
const BROAD_SEARCH: i64 = 1_000;
/// How the full-text filter meets the sort order.
#[derive(Clone, Copy)]
enum SearchPlan {
    /// Fetch the matching rows by rowid, then sort them (few matches).
    Lookup,
    /// Walk the sort index and test each row's membership (many matches); the `+` keeps
    /// SQLite from using the rowid lookup instead.
    Walk,
}

/// A query's WHERE clause and parameters, and the full-text expression when it searches.
struct Filter {
    where_sql: String,
    params: Vec<Value>,
    /// Nothing filters but (perhaps) the account: the total is kept in
    /// `identification_totals` (migration 0008), no rows need counting.
    kept_total: Option<Option<String>>,
    /// The officer's words plus the status and account filters as index tags.
    fts_match: Option<String>,
}

/// The WHERE clause and its parameters. With search words, the status and account
/// filters move into the full-text expression (see the `tags` column in migration 0003).
fn conditions(
    query: &ListQuery,
    plan: SearchPlan,
    me: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Filter> {
    let account = query.account_id.as_deref().filter(|a| !a.is_empty());
    let status = query.status();
    let status = status.as_deref();
    let fts_match = query
        .search
        .as_deref()
        .and_then(fts_query)
        .map(|words| with_tags(words, status, account));
    let mut clauses: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let mut param = |value: String| {
        params.push(Value::Text(value));
        format!("?{}", params.len())
    };
    if let Some(account) = account.filter(|_| fts_match.is_none()) {
        clauses.push(format!("i.account_id = {}", param(account.to_owned())));
    }
    if let Some(status) = status.filter(|_| fts_match.is_none()) {
        clauses.push(match status {
            "outbox" => "i.state = 'outbox'".to_owned(),
            "waiting" => "i.state = 'created' AND i.result IS NULL".to_owned(),
            "preliminary" => "i.result IS NOT NULL AND i.result_final = 0".to_owned(),
            "final" => "i.result_final = 1".to_owned(),
            code => format!("i.result = {}", param(code.to_owned())),
        });
    }
    // Days are the officer's local days, as in the overview.
    for (field, day, op) in [("from", &query.from, ">="), ("to", &query.to, "<")] {
        if let Some(day) = day.as_deref().filter(|d| !d.is_empty()) {
            let date = crate::overview::parse_day(field, day)?;
            // `to` includes its whole day.
            let bound = if op == "<" {
                date.succ_opt().unwrap_or(date)
            } else {
                date
            };
            clauses.push(format!(
                "i.created_at {op} {}",
                param(time_text(local_midnight(bound)))
            ));
        }
    }
    if let Some(outcome) = query.outcome {
        let codes = outcome.codes();
        clauses.push(match outcome {
            Outcome::Open => "i.result IS NULL".to_owned(),
            Outcome::Other => format!(
                "i.result NOT IN ({})",
                Outcome::codes_where(|_| true)
                    .into_iter()
                    .map(|code| param(code.to_owned()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => format!(
                "i.result IN ({})",
                codes
                    .into_iter()
                    .map(|code| param(code.to_owned()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    if let Some(age) = query.waiting_age {
        let waiting = Outcome::codes_where(Outcome::is_waiting)
            .into_iter()
            .map(|code| param(code.to_owned()))
            .collect::<Vec<_>>()
            .join(", ");
        let day = time_text(now - chrono::Duration::days(1));
        let week = time_text(now - chrono::Duration::days(7));
        // Only the bounds used become parameters (SQLite counts up to the highest one).
        let age = match age {
            WaitingAge::UnderADay => format!("i.created_at >= {}", param(day)),
            WaitingAge::UnderAWeek => {
                let (day, week) = (param(day), param(week));
                format!("i.created_at < {day} AND i.created_at >= {week}")
            }
            WaitingAge::Older => format!("i.created_at < {}", param(week)),
        };
        clauses.push(format!(
            "(i.result IS NULL OR i.result IN ({waiting})) AND {age}"
        ));
    }
    if let Some(reason) = query.reason.as_deref().filter(|r| !r.is_empty()) {
        clauses.push(format!("i.reason = {}", param(reason.to_owned())));
    }
    if query.waiting_for_me {
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM team_identifications w
                      WHERE w.account_id = i.account_id AND w.transaction_number = i.transaction_number
                        AND w.state = 'proposed' AND w.proposed_by <> {})",
            param(me.to_owned())
        ));
    }
    if let Some(search) = fts_match.clone() {
        let rowid = match plan {
            SearchPlan::Lookup => "i.rowid",
            SearchPlan::Walk => "+i.rowid",
        };
        clauses.push(format!(
            "{rowid} IN (SELECT rowid FROM identifications_fts WHERE identifications_fts MATCH {})",
            param(search)
        ));
    }
    // Without search words an account filter is always the first clause.
    let kept_total = match (clauses.len(), account.filter(|_| fts_match.is_none())) {
        (0, _) => Some(None),
        (1, Some(account)) => Some(Some(account.to_owned())),
        _ => None,
    };
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    Ok(Filter {
        where_sql,
        params,
        kept_total,
        fts_match,
    })
}

/// Every word the officer typed as a quoted prefix, all required, in any column but the
/// tags: `anna mü` → `- {tags} : ("anna"* "mü"*)`. Quotes keep FTS syntax characters from
/// being interpreted.
fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| format!("- {{tags}} : ({})", terms.join(" ")))
}

/// Adds the status and account filters to a search as tag terms (migration 0003 writes
/// them: `st` state, `rs` result or nothing, `fin` 0/1, `ac` account, values in hex).
fn with_tags(words: String, status: Option<&str>, account: Option<&str>) -> String {
    let tag = |prefix: &str, value: &str| format!("tags : \"{prefix}{}\"", hex_upper(value));
    let mut expression = format!("({words})");
    if let Some(status) = status {
        let terms = match status {
            "outbox" => tag("st", "outbox"),
            "waiting" => format!("{} AND {}", tag("st", "created"), tag("rs", "")),
            // `fin` carries the number itself, not hex.
            "preliminary" => format!("tags : \"fin0\" NOT {}", tag("rs", "")),
            "final" => "tags : \"fin1\"".to_owned(),
            code => tag("rs", code),
        };
        expression = format!("{expression} AND ({terms})");
    }
    if let Some(account) = account {
        expression = format!("{expression} AND {}", tag("ac", account));
    }
    expression
}

/// SQLite's `hex()`: the UTF-8 bytes in upper-case hex.
fn hex_upper(value: &str) -> String {
    value.bytes().map(|b| format!("{b:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_become_quoted_prefixes() {
        assert_eq!(
            fts_query("anna  mü"),
            Some("- {tags} : (\"anna\"* \"mü\"*)".into())
        );
        assert_eq!(
            fts_query("TST-AB\"CD"),
            Some("- {tags} : (\"TST-AB\"\"CD\"*)".into())
        );
        assert_eq!(fts_query("   "), None);
    }

    #[test]
    fn bad_dates_are_refused_by_field() {
        let query = ListQuery {
            from: Some("1.1.2026".into()),
            ..ListQuery::default()
        };
        assert!(
            conditions(&query, SearchPlan::Lookup, "", chrono::Utc::now())
                .is_err_and(|e| e.to_string().contains("YYYY-MM-DD"))
        );
    }
}
