//! Filter and search latency over 100 000 cached identifications.

use std::time::{Duration, Instant};

use crate::team::percentile;
use anyhow::{Result, bail};
use identdesk_core::{Core, IdentificationStage, ListQuery, ResultCode, SortKey};

pub async fn search_bench(core: &Core, account: &str) -> Result<serde_json::Value> {
    let total = core
        .identifications()
        .list(&ListQuery::default())
        .await?
        .total;
    if total != 100_000 {
        bail!("the cache holds {total} identifications, expected 100000");
    }
    let queries: Vec<ListQuery> = vec![
        ListQuery {
            search: Some("müller".into()),
            ..ListQuery::default()
        },
        ListQuery {
            search: Some("anna schmidt".into()),
            ..ListQuery::default()
        },
        ListQuery {
            search: Some("person4242".into()),
            ..ListQuery::default()
        },
        ListQuery {
            search: Some("seed-a".into()),
            ..ListQuery::default()
        },
        ListQuery {
            stage: Some(IdentificationStage::Final),
            ..ListQuery::default()
        },
        ListQuery {
            result: Some(ResultCode::ReviewPending),
            sort: SortKey::Name,
            ..ListQuery::default()
        },
        ListQuery {
            account_id: Some(account.to_owned()),
            descending: true,
            ..ListQuery::default()
        },
        ListQuery {
            search: Some("greta".into()),
            result: Some(ResultCode::Success),
            sort: SortKey::Name,
            ..ListQuery::default()
        },
        ListQuery {
            from: Some("2026-01-01".into()),
            sort: SortKey::Status,
            offset: 50_000,
            ..ListQuery::default()
        },
    ];
    let mut samples: Vec<Duration> = Vec::new();
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); queries.len()];
    for round in 0..30 {
        for (index, query) in queries.iter().enumerate() {
            let started = Instant::now();
            let page = core.identifications().list(query).await?;
            let elapsed = started.elapsed();
            if round > 0 {
                samples.push(elapsed);
                per_query[index].push(elapsed);
            }
            std::hint::black_box(page);
        }
    }
    let by_query: Vec<serde_json::Value> = queries
        .iter()
        .zip(per_query.iter_mut())
        .map(|(query, samples)| serde_json::json!({ "query": format!("{query:?}"), "p50_ms": percentile(samples, 0.5) }))
        .collect();
    Ok(serde_json::json!({
        "identifications": total,
        "queries": samples.len(),
        "p50_ms": percentile(&mut samples, 0.5),
        "p95_ms": percentile(&mut samples, 0.95),
        "max_ms": percentile(&mut samples, 1.0),
        "by_query": by_query,
    }))
}
