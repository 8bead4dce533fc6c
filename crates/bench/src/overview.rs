//! The overview's answer time in the core over 100 000 cached identifications, all of them
//! inside the period asked about (the sync benchmark creates them today): the worst case
//! for its scans.

use std::time::{Duration, Instant};

use crate::team::percentile;
use anyhow::{Result, bail};
use identdesk_core::{Core, OverviewQuery, Period};

pub async fn overview_bench(core: &Core, account: &str) -> Result<serde_json::Value> {
    let queries = [
        ("30 days, all accounts", None, Period::Last30Days),
        ("this week, all accounts", None, Period::ThisWeek),
        (
            "quarter, one account",
            Some(account.to_owned()),
            Period::Quarter,
        ),
    ];
    let first = core
        .overview()
        .figures(&OverviewQuery {
            account_id: None,
            period: Period::Last30Days,
        })
        .await?;
    let counted: u64 = first.days.iter().map(|d| d.counts.total()).sum();
    if counted != 100_000 {
        bail!("the overview counted {counted} identifications, expected 100000");
    }
    let mut samples: Vec<Duration> = Vec::new();
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); queries.len()];
    for round in 0..21 {
        for (index, (_, account_id, period)) in queries.iter().enumerate() {
            let query = OverviewQuery {
                account_id: account_id.clone(),
                period: *period,
            };
            let started = Instant::now();
            let overview = core.overview().figures(&query).await?;
            let elapsed = started.elapsed();
            if round > 0 {
                samples.push(elapsed);
                per_query[index].push(elapsed);
            }
            std::hint::black_box(overview);
        }
    }
    let by_query: Vec<serde_json::Value> = queries
        .iter()
        .zip(per_query.iter_mut())
        .map(|((name, _, _), samples)| {
            serde_json::json!({ "query": name, "p50_ms": percentile(samples, 0.5), "p95_ms": percentile(samples, 0.95) })
        })
        .collect();
    Ok(serde_json::json!({
        "identifications": counted,
        "runs": samples.len(),
        "p50_ms": percentile(&mut samples, 0.5),
        "p95_ms": percentile(&mut samples, 0.95),
        "by_query": by_query,
    }))
}
