//! The overview out of the window: its figures as one CSV (a row per figure), and a chart
//! as the PNG the window drew. Counts and codes only — nothing personal — still written
//! owner-only and recorded in the audit log.

use std::path::Path;

use crate::error::{Error, Result};
use crate::journal;
use crate::overview::OverviewService;

use super::{Outcome, Overview, OverviewQuery};

/// The largest chart image accepted from the window.
pub const MAX_PNG_BYTES: usize = 16 * 1024 * 1024;
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The outcome's column name in the CSV.
fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Success => "success",
        Outcome::SuccessDataChanged => "success_data_changed",
        Outcome::ReviewPending => "review_pending",
        Outcome::Fraud => "fraud",
        Outcome::Canceled => "canceled",
        Outcome::Aborted => "aborted",
        Outcome::Failed => "failed",
        Outcome::Open => "open",
        Outcome::Other => "other",
    }
}

/// `figure, when, item, value` rows: every number the overview shows.
pub fn csv_rows(o: &Overview) -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    let mut row = |figure: &str, when: String, item: &str, value: String| {
        rows.push([figure.to_owned(), when, item.to_owned(), value]);
    };
    for day in &o.days {
        for outcome in Outcome::ALL {
            row(
                "created_per_day",
                day.day.to_string(),
                outcome_name(outcome),
                day.counts.get(outcome).to_string(),
            );
        }
    }
    for (when, rates) in [
        (format!("{} – {}", o.from, o.to), o.current),
        (
            format!("{} – {}", o.previous_from, o.previous_to),
            o.previous,
        ),
    ] {
        row(
            "rates",
            when.clone(),
            "final_results",
            rates.final_results.to_string(),
        );
        for (item, part) in [
            ("pass_rate", rates.passed),
            ("fraud_rate", rates.fraud),
            ("cancellation_rate", rates.canceled),
        ] {
            let value = rates
                .rate(part)
                .map_or(String::new(), |r| format!("{r:.4}"));
            row("rates", when.clone(), item, value);
        }
    }
    for week in &o.time_to_final {
        let when = week.week.to_string();
        row(
            "time_to_final",
            when.clone(),
            "results",
            week.count.to_string(),
        );
        row(
            "time_to_final",
            when.clone(),
            "median_seconds",
            week.median_seconds.to_string(),
        );
        row(
            "time_to_final",
            when,
            "p90_seconds",
            week.p90_seconds.to_string(),
        );
    }
    for (item, value) in [
        ("under_a_day", o.waiting.under_a_day),
        ("under_a_week", o.waiting.under_a_week),
        ("older", o.waiting.older),
    ] {
        row("waiting_now", String::new(), item, value.to_string());
    }
    for reason in &o.reasons {
        row(
            "top_reasons",
            outcome_name(reason.outcome).to_owned(),
            reason.reason.as_deref().unwrap_or(""),
            reason.count.to_string(),
        );
    }
    for (item, value) in [
        ("uploaded", o.esign.uploaded),
        ("signed", o.esign.signed),
        ("waiting", o.esign.waiting),
    ] {
        row(
            "esign",
            format!("{} – {}", o.from, o.to),
            item,
            value.to_string(),
        );
    }
    rows
}

impl OverviewService<'_> {
    /// Writes the overview's figures for `query` as CSV to `output`; the number of rows.
    pub async fn export_csv(self, query: &OverviewQuery, output: &Path) -> Result<usize> {
        let overview = self.figures(query).await?;
        let rows = csv_rows(&overview);
        let mut writer = csv::Writer::from_writer(crate::files::private::create_private(output)?);
        let failed = |err: csv::Error| file_error(output, &err);
        writer
            .write_record(["figure", "when", "item", "value"])
            .map_err(failed)?;
        for record in &rows {
            writer.write_record(record).map_err(failed)?;
        }
        writer.flush().map_err(|e| file_error(output, &e))?;
        let stamp = self.cx.stamp();
        let detail = format!("{} – {}, {} rows", overview.from, overview.to, rows.len());
        self.cx.store.write(|tx| {
            journal::record_detail(tx, &stamp, "export.overview", "overview", Some(&detail))
        })?;
        Ok(rows.len())
    }

    /// Writes a chart the window drew as PNG to `output`; anything that is not a PNG, or
    /// larger than 16 MiB, is refused.
    pub async fn export_chart(self, png: &[u8], output: &Path) -> Result<()> {
        if !png.starts_with(PNG_SIGNATURE) {
            return Err(Error::invalid("png", "The chart image is not a PNG."));
        }
        if png.len() > MAX_PNG_BYTES {
            return Err(Error::invalid(
                "png",
                "The chart image is larger than 16 MiB; make the window smaller and export again.",
            ));
        }
        crate::files::private::write_private(output, png)?;
        let stamp = self.cx.stamp();
        let detail = format!("{} bytes", png.len());
        self.cx.store.write(|tx| {
            journal::record_detail(tx, &stamp, "export.chart", "overview", Some(&detail))
        })?;
        Ok(())
    }
}

fn file_error(path: &Path, err: &dyn std::fmt::Display) -> Error {
    Error::Gateway(idnow::Error::File(format!("{}: {err}", path.display())))
}
