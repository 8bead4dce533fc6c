//! The overview's facts for the whole team: counts and durations by code and time, read
//! through `identdesk.overview_facts` (nothing personal exists on the server to read).
//! The core turns them into figures with the same code it uses for the local cache.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::error::Result;
use crate::officer::Workspace;

/// The period asked about, as instants (the officer's local days already resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewWindow {
    /// One team account, or all of them.
    pub account: Option<Uuid>,
    pub previous_from: DateTime<Utc>,
    pub from: DateTime<Utc>,
    /// Exclusive.
    pub to: DateTime<Utc>,
    pub now: DateTime<Utc>,
    /// IANA name of the officer's time zone: days and weeks are theirs.
    pub time_zone: String,
    /// Result codes that are not a final outcome (waiting for a review).
    pub open_codes: Vec<String>,
    /// Result codes that end an attempt.
    pub final_codes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    Day,
    Result,
    Duration,
    Waiting,
}

/// One row of `identdesk.overview_facts` (see the schema for each kind's columns).
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewFact {
    pub kind: FactKind,
    pub day: Option<NaiveDate>,
    pub current: bool,
    pub result: Option<String>,
    pub reason: Option<String>,
    pub bucket: Option<i32>,
    pub seconds: Option<f64>,
    pub count: i64,
}

impl Workspace {
    pub async fn overview_facts(&self, window: &OverviewWindow) -> Result<Vec<OverviewFact>> {
        let rows = self
            .read(
                "SELECT * FROM identdesk.overview_facts($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &window.account,
                    &window.previous_from,
                    &window.from,
                    &window.to,
                    &window.now,
                    &window.time_zone,
                    &window.open_codes,
                    &window.final_codes,
                ],
            )
            .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let kind = match r.get::<_, &str>(0) {
                    "day" => FactKind::Day,
                    "result" => FactKind::Result,
                    "duration" => FactKind::Duration,
                    "waiting" => FactKind::Waiting,
                    _ => return None,
                };
                Some(OverviewFact {
                    kind,
                    day: r.get(1),
                    current: r.get::<_, Option<bool>>(2).unwrap_or(false),
                    result: r.get(3),
                    reason: r.get(4),
                    bucket: r.get(5),
                    seconds: r.get(6),
                    count: r.get(7),
                })
            })
            .collect())
    }
}
