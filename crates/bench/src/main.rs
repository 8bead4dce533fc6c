//! `identdesk-bench`: the measurements behind `cargo xtask bench`, against an
//! `idnow-sandbox` process on loopback, printed as one JSON object:
//! sync throughput and its ratio to a Python `requests` + `sqlite3` script, filter and
//! search latency over 100 000 cached identifications, and a 100 MB PDF upload's
//! throughput against `curl --data-binary` with the client's peak memory growth.
//! Given a third argument, the cache of 100 000 identifications is left in that folder for
//! the window's start-up benchmark (`tests/e2e/startup-bench.mjs`).
#![allow(clippy::print_stdout)]

mod sandbox_process;

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use identdesk_core::{
    CancellationToken, Core, CoreOptions, Environment, ListQuery, NewAccount, SortKey,
};
use sandbox_process::SandboxProcess;

const COMPANY: &str = "bench";
const KEY: &str = "bench-key";

#[tokio::main]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let sandbox_bin = PathBuf::from(
        args.next()
            .context("usage: identdesk-bench SANDBOX_BIN PYTHON_SCRIPT")?,
    );
    let python_script = PathBuf::from(
        args.next()
            .context("usage: identdesk-bench SANDBOX_BIN PYTHON_SCRIPT")?,
    );
    let keep_cache_in = args.next().map(PathBuf::from);
    let sandbox = SandboxProcess::start(&sandbox_bin, COMPANY, KEY, 10_000)?;
    let dir = tempfile::tempdir()?;
    let cache_dir = keep_cache_in.unwrap_or_else(|| dir.path().join("cache"));
    let core = Core::open(&cache_dir, CoreOptions::from_environment()).await?;
    let account = core
        .add_account(NewAccount {
            name: "Bench".into(),
            company_id: COMPANY.into(),
            environment: Environment::WhiteLabel,
            gateway_url: Some(sandbox.base_url.clone()),
            go_url: None,
            api_url: None,
            api_key: KEY.into(),
        })
        .await?
        .id;

    let sync = sync_bench(&core, &account, &sandbox, &python_script).await?;
    let search = search_bench(&core, &account, &sandbox).await?;
    let upload = upload_bench(&sandbox, dir.path()).await?;
    let report = serde_json::json!({ "sync": sync, "search": search, "upload": upload });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

async fn sync_bench(
    core: &Core,
    account: &str,
    sandbox: &SandboxProcess,
    python: &std::path::Path,
) -> Result<serde_json::Value> {
    let started = Instant::now();
    let report = core
        .sync_account(account, &|_| {}, &CancellationToken::new())
        .await?;
    let ours = started.elapsed();
    if report.fetched != 10_000 {
        bail!("sync fetched {} results, expected 10000", report.fetched);
    }
    let db = tempfile::NamedTempFile::new()?;
    let started = Instant::now();
    let output = Command::new("python3")
        .arg(python)
        .args([&sandbox.base_url, COMPANY, KEY])
        .arg(db.path())
        .output()?;
    let theirs = started.elapsed();
    if !output.status.success() {
        bail!(
            "the Python baseline failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let serving = sandbox.time_serving_lists(KEY).await?;
    let per_second = |d: Duration| 10_000.0 / d.as_secs_f64();
    // Both clients wait for the same sandbox to build and send the lists; the client-side
    // ratio compares only what each client does itself.
    let client_side = |d: Duration| d.saturating_sub(serving).as_secs_f64().max(1e-3);
    Ok(serde_json::json!({
        "results": 10_000,
        "sandbox_serving_seconds": serving.as_secs_f64(),
        "client_side_ratio": client_side(theirs) / client_side(ours),
        "identdesk_seconds": ours.as_secs_f64(),
        "identdesk_results_per_second": per_second(ours),
        "python_seconds": theirs.as_secs_f64(),
        "python_results_per_second": per_second(theirs),
        "ratio": theirs.as_secs_f64() / ours.as_secs_f64(),
    }))
}

async fn search_bench(
    core: &Core,
    account: &str,
    sandbox: &SandboxProcess,
) -> Result<serde_json::Value> {
    sandbox.seed(90_000).await?;
    let started = Instant::now();
    core.sync_account(account, &|_| {}, &CancellationToken::new())
        .await?;
    let filled = started.elapsed();
    let total = core
        .list_identifications(&ListQuery::default())
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
            status: Some("final".into()),
            ..ListQuery::default()
        },
        ListQuery {
            status: Some("REVIEW_PENDING".into()),
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
            status: Some("SUCCESS".into()),
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
            let page = core.list_identifications(query).await?;
            let elapsed = started.elapsed();
            if round > 0 {
                samples.push(elapsed);
                per_query[index].push(elapsed);
            }
            std::hint::black_box(page);
        }
    }
    let percentile = |samples: &mut Vec<Duration>, q: f64| {
        samples.sort();
        samples[((samples.len() as f64 - 1.0) * q) as usize].as_secs_f64() * 1000.0
    };
    let by_query: Vec<serde_json::Value> = queries
        .iter()
        .zip(per_query.iter_mut())
        .map(|(query, samples)| serde_json::json!({ "query": format!("{query:?}"), "p50_ms": percentile(samples, 0.5) }))
        .collect();
    Ok(serde_json::json!({
        "identifications": total,
        "fill_by_sync_seconds": filled.as_secs_f64(),
        "queries": samples.len(),
        "p50_ms": percentile(&mut samples, 0.5),
        "p95_ms": percentile(&mut samples, 0.95),
        "max_ms": percentile(&mut samples, 1.0),
        "by_query": by_query,
    }))
}

async fn upload_bench(
    sandbox: &SandboxProcess,
    dir: &std::path::Path,
) -> Result<serde_json::Value> {
    const SIZE: usize = 100 * 1024 * 1024;
    let pdf = dir.join("large.pdf");
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(SIZE, b' ');
    std::fs::write(&pdf, &bytes)?;
    drop(bytes);

    let base = url::Url::parse(&sandbox.base_url)?;
    let client = idnow::Client::new(
        idnow::Endpoints::single(base),
        COMPANY,
        idnow::ApiKey::new(KEY),
    )?;
    let definition = idnow::DocumentDefinition {
        identifier: "large".into(),
        name: "Large".into(),
        mime_type: "application/pdf".into(),
        optional: false,
        sort_order: None,
        version: None,
        signatures: None,
    };
    client.save_document_definition(&definition).await?;
    let txn = idnow::TransactionNumber::generate();
    client
        .create_identification(&txn, &idnow::IdentificationRequest::default())
        .await?;
    let token = client.login().await?;

    let mut ours = Duration::MAX;
    let mut growth_kib = 0u64;
    for _ in 0..3 {
        reset_peak_rss();
        let before = rss_kib("VmRSS")?;
        let started = Instant::now();
        client
            .upload_document(&txn, "large", &pdf, Some(Arc::new(|_, _| {})))
            .await?;
        ours = ours.min(started.elapsed());
        growth_kib = growth_kib.max(rss_kib("VmHWM")?.saturating_sub(before));
    }
    let url = format!(
        "{}/api/v1/{COMPANY}/identifications/{txn}/documents/large/data",
        sandbox.base_url
    );
    let mut curl = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let status = Command::new("curl")
            .args(["-sS", "-o", "/dev/null", "-f", "--data-binary"])
            .arg(format!("@{}", pdf.display()))
            .args(["-H", "Content-Type: application/octet-stream", "-H"])
            .arg(format!("X-API-LOGIN-TOKEN: {token}"))
            .arg(&url)
            .status()?;
        if !status.success() {
            bail!("curl failed: {status}");
        }
        curl = curl.min(started.elapsed());
    }
    let mib_per_second = |d: Duration| 100.0 / d.as_secs_f64();
    Ok(serde_json::json!({
        "megabytes": 100,
        "identdesk_seconds": ours.as_secs_f64(),
        "identdesk_mib_per_second": mib_per_second(ours),
        "curl_seconds": curl.as_secs_f64(),
        "curl_mib_per_second": mib_per_second(curl),
        "throughput_ratio": curl.as_secs_f64() / ours.as_secs_f64(),
        "peak_rss_growth_mib": growth_kib as f64 / 1024.0,
    }))
}

/// Resets the kernel's peak-RSS mark (`VmHWM`) for this process.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn rss_kib(field: &str) -> Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    status
        .lines()
        .find_map(|line| {
            line.strip_prefix(field)?
                .trim_start_matches(':')
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .with_context(|| format!("no {field} in /proc/self/status"))
}
