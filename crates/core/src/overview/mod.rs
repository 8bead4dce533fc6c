//! The overview a team lead reads at a glance: identifications per day by outcome, pass,
//! fraud and cancellation rates beside the period before, time to a final result per week,
//! what is waiting by age, the top reasons, and eSign. Computed from the local cache, or in
//! a team workspace from the team database (codes only), with the same figures code
//! (`figures`); eSign always from the local cache (the team holds no eSign state).

mod export;
mod figures;
mod local;
mod period;

use chrono::NaiveDate;
use identdesk_team::OverviewWindow;
use serde::{Deserialize, Serialize};

pub use figures::{
    DayOutcomes, Outcome, OutcomeCounts, Rates, ReasonCount, Waiting, WaitingAge, WeekTimes,
};
pub use period::{Period, local_midnight, parse_day};

use crate::accounts::AccountService;
use crate::context::service;
use crate::error::Result;
use crate::team::TeamService;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewQuery {
    /// One account, or all.
    pub account_id: Option<String>,
    pub period: Period,
}

/// Where the figures came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum FigureSource {
    /// This computer's cache (solo mode).
    Local,
    /// The team database: every officer's identifications.
    Team,
    /// The team database did not answer; this computer's cache instead.
    LocalTeamUnreachable,
}

/// eSign documents uploaded in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EsignFigures {
    #[specta(type = specta_typescript::Number)]
    pub uploaded: u64,
    #[specta(type = specta_typescript::Number)]
    pub signed: u64,
    #[specta(type = specta_typescript::Number)]
    pub waiting: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub source: FigureSource,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub previous_from: NaiveDate,
    pub previous_to: NaiveDate,
    pub days: Vec<DayOutcomes>,
    pub current: Rates,
    pub previous: Rates,
    pub time_to_final: Vec<WeekTimes>,
    pub waiting: Waiting,
    pub reasons: Vec<ReasonCount>,
    pub esign: EsignFigures,
}

service! {
    /// The overview's figures (this cache's, or the team's) and their exports.
    OverviewService
}

impl OverviewService<'_> {
    pub async fn figures(self, query: &OverviewQuery) -> Result<Overview> {
        let started = std::time::Instant::now();
        let now = self.cx.clock.now();
        let today = now.with_timezone(&chrono::Local).date_naive();
        let period = query.period.resolve(today)?;
        let account = query.account_id.as_deref().filter(|a| !a.is_empty());
        if let Some(account) = account {
            AccountService::new(self.cx).account(account).await?;
        }
        let mut window = OverviewWindow {
            account: None,
            previous_from: local_midnight(period.previous_from),
            from: local_midnight(period.from),
            to: local_midnight(period.to + chrono::Days::new(1)),
            now,
            time_zone: period::time_zone_name(),
            open_codes: owned(Outcome::codes_where(Outcome::is_waiting)),
            final_codes: owned(Outcome::codes_where(Outcome::is_final)),
        };
        let (uploaded, signed) = self
            .cx
            .store
            .read(|conn| local::esign(conn, account, &window))?;
        let (source, facts) = match TeamService::new(self.cx).team_link().await? {
            None => (
                FigureSource::Local,
                self.local_facts(account, &window, &period)?,
            ),
            Some(link) => {
                window.account = account
                    .map(|a| TeamService::new(self.cx).team_account(a))
                    .transpose()?;
                match link.workspace.overview_facts(&window).await {
                    Ok(facts) => (FigureSource::Team, facts),
                    Err(err) => {
                        tracing::warn!(%err, "team overview unavailable; local figures shown");
                        (
                            FigureSource::LocalTeamUnreachable,
                            self.local_facts(account, &window, &period)?,
                        )
                    }
                }
            }
        };
        let figures = figures::figures(&facts, period.from, period.to);
        tracing::debug!(
            elapsed_us = started.elapsed().as_micros(),
            facts = facts.len(),
            "overview"
        );
        Ok(Overview {
            source,
            from: period.from,
            to: period.to,
            previous_from: period.previous_from,
            previous_to: period.previous_to,
            days: figures.days,
            current: figures.current,
            previous: figures.previous,
            time_to_final: figures.time_to_final,
            waiting: figures.waiting,
            reasons: figures.reasons,
            esign: EsignFigures {
                uploaded,
                signed,
                waiting: uploaded.saturating_sub(signed),
            },
        })
    }

    fn local_facts(
        self,
        account: Option<&str>,
        window: &OverviewWindow,
        period: &period::Resolved,
    ) -> Result<Vec<identdesk_team::OverviewFact>> {
        self.cx
            .store
            .read(|conn| local::facts(conn, account, window, period.from, period.to))
    }
}

fn owned(codes: Vec<&'static str>) -> Vec<String> {
    codes.into_iter().map(str::to_owned).collect()
}
