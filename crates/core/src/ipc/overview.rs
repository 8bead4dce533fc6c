//! The overview as the window and `identdesk-cli overview --json` get it: days as
//! `YYYY-MM-DD`, counts as numbers, rates as fractions (absent with no final result),
//! durations in seconds, reasons as IDnow's codes with their raw text.

use serde::{Deserialize, Serialize};

use crate::codes::ReasonValue;
use crate::overview::{EsignFigures, FigureSource, Outcome, Waiting, WeekTimes};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PeriodPreset {
    ThisWeek,
    Last30Days,
    Quarter,
    Custom,
}

/// What the overview is asked for: a preset, or `custom` with both days (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OverviewRequest {
    pub account_id: Option<String>,
    pub preset: PeriodPreset,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Identifications created on one day, by outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayOutcomes {
    pub day: String,
    pub success: u32,
    pub success_data_changed: u32,
    pub review_pending: u32,
    pub fraud: u32,
    pub canceled: u32,
    pub aborted: u32,
    pub failed: u32,
    pub open: u32,
    pub other: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Rates {
    pub final_results: u32,
    pub passed: u32,
    pub fraud: u32,
    pub canceled: u32,
    /// Fractions of the final results; absent when there was none.
    pub pass_rate: Option<f64>,
    pub fraud_rate: Option<f64>,
    pub cancellation_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReasonCount {
    pub outcome: Outcome,
    /// Absent: IDnow gave no reason.
    pub reason: Option<ReasonValue>,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub source: FigureSource,
    pub from: String,
    pub to: String,
    pub previous_from: String,
    pub previous_to: String,
    pub days: Vec<DayOutcomes>,
    pub current: Rates,
    pub previous: Rates,
    pub time_to_final: Vec<WeekTimes>,
    pub waiting: Waiting,
    pub reasons: Vec<ReasonCount>,
    pub esign: EsignFigures,
}

fn n(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn day(value: chrono::NaiveDate) -> String {
    value.format("%Y-%m-%d").to_string()
}

impl OverviewRequest {
    /// The core's query; a custom period needs both days.
    pub fn into_query(self) -> crate::Result<crate::OverviewQuery> {
        use crate::overview::parse_day;
        let period = match self.preset {
            PeriodPreset::ThisWeek => crate::Period::ThisWeek,
            PeriodPreset::Last30Days => crate::Period::Last30Days,
            PeriodPreset::Quarter => crate::Period::Quarter,
            PeriodPreset::Custom => crate::Period::Days {
                from: parse_day("from", self.from.as_deref().unwrap_or_default())?,
                to: parse_day("to", self.to.as_deref().unwrap_or_default())?,
            },
        };
        Ok(crate::OverviewQuery {
            account_id: self.account_id,
            period,
        })
    }
}

impl From<crate::Rates> for Rates {
    fn from(r: crate::Rates) -> Self {
        Self {
            final_results: n(r.final_results),
            passed: n(r.passed),
            fraud: n(r.fraud),
            canceled: n(r.canceled),
            pass_rate: r.rate(r.passed),
            fraud_rate: r.rate(r.fraud),
            cancellation_rate: r.rate(r.canceled),
        }
    }
}

impl From<crate::Overview> for Overview {
    fn from(o: crate::Overview) -> Self {
        use crate::Outcome as O;
        Self {
            source: o.source,
            from: day(o.from),
            to: day(o.to),
            previous_from: day(o.previous_from),
            previous_to: day(o.previous_to),
            days: o
                .days
                .into_iter()
                .map(|d| DayOutcomes {
                    day: day(d.day),
                    success: n(d.counts.get(O::Success)),
                    success_data_changed: n(d.counts.get(O::SuccessDataChanged)),
                    review_pending: n(d.counts.get(O::ReviewPending)),
                    fraud: n(d.counts.get(O::Fraud)),
                    canceled: n(d.counts.get(O::Canceled)),
                    aborted: n(d.counts.get(O::Aborted)),
                    failed: n(d.counts.get(O::Failed)),
                    open: n(d.counts.get(O::Open)),
                    other: n(d.counts.get(O::Other)),
                })
                .collect(),
            current: o.current.into(),
            previous: o.previous.into(),
            time_to_final: o.time_to_final,
            waiting: o.waiting,
            reasons: o
                .reasons
                .into_iter()
                .map(|r| ReasonCount {
                    outcome: r.outcome,
                    reason: r.reason.as_deref().map(ReasonValue::of),
                    count: n(r.count),
                })
                .collect(),
            esign: o.esign,
        }
    }
}

super::into_ipc_via_from!(crate::Overview => Overview);
