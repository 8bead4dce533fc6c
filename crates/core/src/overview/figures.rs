//! The overview's figures from its facts — one computation for the local cache and the
//! team database, so both answer alike for the same identifications. Outcomes are
//! classified here, from IDnow's result codes, and nowhere in SQL.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use identdesk_team::{FactKind, OverviewFact};
use serde::{Deserialize, Serialize};

/// What became of an identification, as the overview counts it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Success,
    SuccessDataChanged,
    /// A review (fraud, check) still to come: not final.
    ReviewPending,
    /// `FRAUD_SUSPICION_CONFIRMED`.
    Fraud,
    Canceled,
    Aborted,
    Failed,
    /// No result yet (never sent, never started, in progress).
    Open,
    /// A result code this version does not know.
    Other,
}

/// The result codes IdentDesk knows (contract §6) and the Trust Platform's result words,
/// each with its outcome; a test holds this list to `idnow`'s.
const KNOWN: &[(&str, Outcome)] = &[
    ("SUCCESS", Outcome::Success),
    ("SUCCESS_DATA_CHANGED", Outcome::SuccessDataChanged),
    ("REVIEW_PENDING", Outcome::ReviewPending),
    ("FRAUD_SUSPICION_PENDING", Outcome::ReviewPending),
    ("CHECK_PENDING", Outcome::ReviewPending),
    ("FRAUD_SUSPICION_CONFIRMED", Outcome::Fraud),
    ("CANCELED", Outcome::Canceled),
    ("ABORTED", Outcome::Aborted),
    ("FAILED", Outcome::Failed),
    // Trust Platform sessions (`sessions::result_word`): the End step's outcome, or the
    // terminal status a session ended in without one.
    ("ACCEPTED", Outcome::Success),
    ("REJECTED", Outcome::Failed),
    ("NO_OUTCOME", Outcome::Aborted),
    ("EXPIRED", Outcome::Canceled),
    ("ERROR", Outcome::Failed),
];

impl Outcome {
    pub const ALL: [Outcome; 9] = [
        Outcome::Success,
        Outcome::SuccessDataChanged,
        Outcome::ReviewPending,
        Outcome::Fraud,
        Outcome::Canceled,
        Outcome::Aborted,
        Outcome::Failed,
        Outcome::Open,
        Outcome::Other,
    ];

    pub fn of(result: Option<&str>) -> Self {
        let Some(result) = result else {
            return Outcome::Open;
        };
        KNOWN
            .iter()
            .find(|(code, _)| *code == result)
            .map_or(Outcome::Other, |(_, outcome)| *outcome)
    }

    /// Ends an attempt: counted in the rates and the time to a final result. ABORTED and
    /// FAILED are outcomes of an attempt even though IDnow may still see a retry.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Outcome::Success
                | Outcome::SuccessDataChanged
                | Outcome::Fraud
                | Outcome::Canceled
                | Outcome::Aborted
                | Outcome::Failed
        )
    }

    /// Still waiting for something: no result yet, or a review.
    pub fn is_waiting(self) -> bool {
        matches!(self, Outcome::Open | Outcome::ReviewPending)
    }

    /// The result codes of this outcome (none for `Open` and `Other`).
    pub fn codes(self) -> Vec<&'static str> {
        Self::codes_where(|outcome| outcome == self)
    }

    /// Every known code whose outcome passes `keep`.
    pub fn codes_where(keep: impl Fn(Outcome) -> bool) -> Vec<&'static str> {
        KNOWN
            .iter()
            .filter(|(_, outcome)| keep(*outcome))
            .map(|(code, _)| *code)
            .collect()
    }
}

/// A count per outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeCounts(pub [u64; 9]);

impl OutcomeCounts {
    pub fn get(&self, outcome: Outcome) -> u64 {
        self.0[index(outcome)]
    }

    fn add(&mut self, outcome: Outcome, count: u64) {
        self.0[index(outcome)] += count;
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }
}

/// `ALL` lists the outcomes in declaration order, so the discriminant is the index.
fn index(outcome: Outcome) -> usize {
    outcome as usize
}

/// Identifications created on one day, by what became of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOutcomes {
    pub day: NaiveDate,
    pub counts: OutcomeCounts,
}

/// Final outcomes in a period (by identification time) and the rates over them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rates {
    pub final_results: u64,
    pub passed: u64,
    pub fraud: u64,
    pub canceled: u64,
}

impl Rates {
    /// `part / final results`, or `None` with no final result.
    pub fn rate(&self, part: u64) -> Option<f64> {
        (self.final_results > 0).then(|| part as f64 / self.final_results as f64)
    }
}

/// How long people waited for a final result, for results in one week (Monday first), to
/// the whole minute (what the officer reads; it also keeps the facts few).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WeekTimes {
    pub week: NaiveDate,
    #[specta(type = specta_typescript::Number)]
    pub count: u64,
    #[specta(type = specta_typescript::Number)]
    pub median_seconds: u64,
    #[specta(type = specta_typescript::Number)]
    pub p90_seconds: u64,
}

/// Identifications with no final outcome, by how long ago they were created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Waiting {
    #[specta(type = specta_typescript::Number)]
    pub under_a_day: u64,
    #[specta(type = specta_typescript::Number)]
    pub under_a_week: u64,
    #[specta(type = specta_typescript::Number)]
    pub older: u64,
}

/// How old a waiting identification is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum WaitingAge {
    UnderADay,
    UnderAWeek,
    Older,
}

/// A reason code behind canceled, aborted or failed results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonCount {
    pub outcome: Outcome,
    /// As IDnow sent it; `None`: no reason given.
    pub reason: Option<String>,
    pub count: u64,
}

/// The reasons listed: the most frequent ones.
pub const TOP_REASONS: usize = 10;

/// Everything but eSign, computed from the facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub days: Vec<DayOutcomes>,
    pub current: Rates,
    pub previous: Rates,
    pub time_to_final: Vec<WeekTimes>,
    pub waiting: Waiting,
    pub reasons: Vec<ReasonCount>,
}

/// The figures for the days `from..=to` from the facts (see `identdesk.overview_facts`).
pub fn figures(facts: &[OverviewFact], from: NaiveDate, to: NaiveDate) -> Figures {
    let mut days: BTreeMap<NaiveDate, OutcomeCounts> = from
        .iter_days()
        .take_while(|day| *day <= to)
        .map(|day| (day, OutcomeCounts::default()))
        .collect();
    let mut current = Rates::default();
    let mut previous = Rates::default();
    // Per week: seconds to a final result → how many took that long.
    let mut durations: BTreeMap<NaiveDate, BTreeMap<u64, u64>> = BTreeMap::new();
    let mut waiting = Waiting::default();
    let mut reasons: BTreeMap<(Outcome, Option<String>), u64> = BTreeMap::new();
    for fact in facts {
        let count = u64::try_from(fact.count).unwrap_or_default();
        let outcome = Outcome::of(fact.result.as_deref());
        match fact.kind {
            FactKind::Day => {
                if let Some(counts) = fact.day.and_then(|day| days.get_mut(&day)) {
                    counts.add(outcome, count);
                }
            }
            FactKind::Result if outcome.is_final() => {
                let rates = if fact.current {
                    &mut current
                } else {
                    &mut previous
                };
                rates.final_results += count;
                match outcome {
                    Outcome::Success | Outcome::SuccessDataChanged => rates.passed += count,
                    Outcome::Fraud => rates.fraud += count,
                    Outcome::Canceled => rates.canceled += count,
                    _ => {}
                }
                if fact.current
                    && matches!(
                        outcome,
                        Outcome::Canceled | Outcome::Aborted | Outcome::Failed
                    )
                {
                    *reasons.entry((outcome, fact.reason.clone())).or_default() += count;
                }
            }
            FactKind::Result => {}
            FactKind::Duration => {
                if let (Some(week), Some(seconds)) = (fact.day, fact.seconds) {
                    // Whole seconds: sub-second differences between clocks mean nothing here.
                    let seconds = seconds.max(0.0).round() as u64;
                    *durations
                        .entry(week)
                        .or_default()
                        .entry(seconds)
                        .or_default() += count;
                }
            }
            FactKind::Waiting if outcome.is_waiting() => match fact.bucket {
                Some(0) => waiting.under_a_day += count,
                Some(1) => waiting.under_a_week += count,
                _ => waiting.older += count,
            },
            FactKind::Waiting => {}
        }
    }
    let time_to_final = durations
        .into_iter()
        .map(|(week, seconds)| WeekTimes {
            week,
            count: seconds.values().sum(),
            median_seconds: nearest_rank(&seconds, 50),
            p90_seconds: nearest_rank(&seconds, 90),
        })
        .collect();
    let mut reasons: Vec<ReasonCount> = reasons
        .into_iter()
        .map(|((outcome, reason), count)| ReasonCount {
            outcome,
            reason,
            count,
        })
        .collect();
    // Most frequent first; ties in a stable order (outcome, then code).
    reasons.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.outcome.cmp(&b.outcome))
            .then(a.reason.cmp(&b.reason))
    });
    reasons.truncate(TOP_REASONS);
    Figures {
        days: days
            .into_iter()
            .map(|(day, counts)| DayOutcomes { day, counts })
            .collect(),
        current,
        previous,
        time_to_final,
        waiting,
        reasons,
    }
}

/// The nearest-rank percentile of counted values (value → how many times it occurs): the
/// smallest value with at least `p` percent of the values at or below it (the median of 1,
/// 2, 3, 4 is 2).
pub fn nearest_rank(counted: &BTreeMap<u64, u64>, p: u64) -> u64 {
    let n: u64 = counted.values().sum();
    let rank = (p * n).div_ceil(100).max(1);
    let mut seen = 0;
    for (value, count) in counted {
        seen += count;
        if seen >= rank {
            return *value;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_counts_in_its_own_slot() {
        for (slot, outcome) in Outcome::ALL.iter().enumerate() {
            assert_eq!(index(*outcome), slot, "{outcome:?}");
        }
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let counted = |values: &[u64]| {
            let mut counted = BTreeMap::new();
            for value in values {
                *counted.entry(*value).or_insert(0) += 1;
            }
            counted
        };
        assert_eq!(nearest_rank(&counted(&[]), 50), 0);
        assert_eq!(nearest_rank(&counted(&[7]), 90), 7);
        assert_eq!(nearest_rank(&counted(&[1, 2, 3, 4]), 50), 2);
        assert_eq!(
            nearest_rank(&counted(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 90),
            9
        );
        assert_eq!(
            nearest_rank(&counted(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 90),
            10
        );
        // Counts weigh as repeated values do.
        assert_eq!(
            nearest_rank(&BTreeMap::from([(1, 1), (5, 8), (9, 1)]), 90),
            5
        );
        assert_eq!(
            nearest_rank(&BTreeMap::from([(1, 1), (5, 8), (9, 2)]), 90),
            9
        );
    }

    #[test]
    fn every_code_idnow_knows_has_an_outcome() {
        for code in crate::ipc::ResultCode::ALL {
            let spelled = serde_json::to_value(code).unwrap();
            let spelled = spelled.as_str().unwrap();
            let known = KNOWN.iter().any(|(known, _)| *known == spelled);
            assert_eq!(known, *code != crate::ipc::ResultCode::Other, "{spelled}");
        }
    }

    #[test]
    fn codes_map_to_outcomes_and_unknown_ones_stay_other() {
        assert_eq!(Outcome::of(None), Outcome::Open);
        assert_eq!(
            Outcome::of(Some("FRAUD_SUSPICION_PENDING")),
            Outcome::ReviewPending
        );
        assert_eq!(
            Outcome::of(Some("FRAUD_SUSPICION_CONFIRMED")),
            Outcome::Fraud
        );
        assert_eq!(Outcome::of(Some("SOMETHING_NEW")), Outcome::Other);
        // Sessions: accepted, rejected, no outcome, expired, error, aborted.
        assert_eq!(Outcome::of(Some("ACCEPTED")), Outcome::Success);
        assert_eq!(Outcome::of(Some("REJECTED")), Outcome::Failed);
        assert_eq!(Outcome::of(Some("NO_OUTCOME")), Outcome::Aborted);
        assert_eq!(Outcome::of(Some("EXPIRED")), Outcome::Canceled);
        assert_eq!(Outcome::of(Some("ERROR")), Outcome::Failed);
        assert_eq!(Outcome::of(Some("ABORTED")), Outcome::Aborted);
        assert!(Outcome::Aborted.is_final());
        assert!(!Outcome::ReviewPending.is_final());
        assert_eq!(
            Outcome::ReviewPending.codes(),
            ["REVIEW_PENDING", "FRAUD_SUSPICION_PENDING", "CHECK_PENDING"]
        );
    }
}
