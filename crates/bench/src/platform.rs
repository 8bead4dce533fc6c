//! The Trust Platform's sessions sync against its floor. The floor replays the requests the
//! sync makes — a token, the flows, every page of each flow's sessions (100 a page, newest
//! first), then each ended session's data blocks, eight at a time — over the same HTTP stack
//! against the same sandbox process, reading every body and decoding or storing none. The
//! first sync of N ended sessions (each with its blocks) is reported against it; the re-sync
//! with nothing changed against a floor that lists every page only. The calls the sync made
//! are counted by the sandbox (`/sandbox/trust/calls`).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use futures_util::StreamExt;
use identdesk_core::{
    CancellationToken, Core, CoreOptions, NewPlatformAccount, PlatformEnvironment,
};

use crate::sandbox_process::SandboxProcess;
use crate::{COMPANY, KEY};

/// As the sync does (`sessions::sync`): sessions per page, calls at once.
const PER_PAGE: usize = 100;
const AT_ONCE: usize = 8;
const ENVIRONMENT: &str = "staging";

pub async fn platform_bench(sandbox_bin: &Path, sessions: usize) -> Result<serde_json::Value> {
    let count = sessions.to_string();
    let sandbox =
        SandboxProcess::start_with(sandbox_bin, COMPANY, KEY, 0, &["--seed-sessions", &count])?;
    let api = format!("{}/api/v1", sandbox.base_url);
    let dir = tempfile::tempdir()?;
    let core = Core::open(dir.path(), CoreOptions::from_environment()).await?;
    let account = core
        .accounts()
        .add_platform(NewPlatformAccount {
            name: "Bench TP".into(),
            sandbox: false,
            client_id: COMPANY.into(),
            client_secret: KEY.into(),
            environment: PlatformEnvironment::Staging,
            api_url: Some(api.clone()),
            token_url: Some(format!("{}/oidc/token", sandbox.base_url)),
        })
        .await?
        .id;
    let http = reqwest::Client::new();
    let plan = Plan::read(&http, &sandbox.base_url, &api).await?;
    if plan.blocks.len() != sessions {
        bail!(
            "the sandbox listed {} sessions, expected {sessions}",
            plan.blocks.len()
        );
    }

    let before = calls(&http, &sandbox.base_url).await?;
    let started = Instant::now();
    let first = core
        .sync()
        .account(&account, &|_| {}, &CancellationToken::new())
        .await?;
    let first_seconds = started.elapsed();
    let after = calls(&http, &sandbox.base_url).await?;
    if first.fetched != sessions || first.changes.len() != sessions {
        bail!(
            "the first sync took {} of {sessions} sessions",
            first.changes.len()
        );
    }
    let floor = best_of(3, || plan.replay(&http, &sandbox.base_url, true)).await?;

    // The re-sync beside its floor, in turns (as the classic sync's is measured).
    let mut resync = Duration::MAX;
    let mut list_floor = Duration::MAX;
    let mut resync_list_calls = 0;
    for _ in 0..3 {
        let calls_before = calls(&http, &sandbox.base_url).await?;
        let started = Instant::now();
        let again = core
            .sync()
            .account(&account, &|_| {}, &CancellationToken::new())
            .await?;
        resync = resync.min(started.elapsed());
        if !again.changes.is_empty() {
            bail!("the re-sync changed {} sessions", again.changes.len());
        }
        let calls_after = calls(&http, &sandbox.base_url).await?;
        resync_list_calls = used("sessionLists", &calls_before, &calls_after);
        list_floor = list_floor.min(timed(plan.replay(&http, &sandbox.base_url, false)).await?);
    }
    let seconds = |d: Duration| d.as_secs_f64();
    Ok(serde_json::json!({
        "sessions": sessions,
        "first_sync_seconds": seconds(first_seconds),
        "floor_seconds": seconds(floor),
        "first_sync_ratio": seconds(first_seconds) / seconds(floor),
        "list_calls": used("sessionLists", &before, &after),
        "block_calls": used("dataBlocks", &before, &after),
        "session_calls": used("sessions", &before, &after),
        "resync_seconds": seconds(resync),
        "resync_list_floor_seconds": seconds(list_floor),
        "resync_ratio": seconds(resync) / seconds(list_floor),
        "resync_list_calls": resync_list_calls,
    }))
}

/// The URLs a first sync asks for, found before the timing.
struct Plan {
    flows: String,
    /// Every page of every flow.
    pages: Vec<String>,
    /// Each session's data blocks.
    blocks: Vec<String>,
}

impl Plan {
    async fn read(http: &reqwest::Client, base: &str, api: &str) -> Result<Plan> {
        let token = token(http, base).await?;
        let flows_url = format!("{api}/flows/{ENVIRONMENT}?page=1&size=100");
        let flows: serde_json::Value = http
            .get(&flows_url)
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        let mut pages = Vec::new();
        let mut blocks = Vec::new();
        for flow in flows["content"].as_array().context("no flows")? {
            let id = flow["id"].as_str().context("a flow without id")?;
            for number in 1.. {
                let url = format!(
                    "{api}/flows/{id}/{ENVIRONMENT}/sessions?page={number}&size={PER_PAGE}&sortBy=createdAt&sortDesc=true"
                );
                let page: serde_json::Value = http
                    .get(&url)
                    .bearer_auth(&token)
                    .send()
                    .await?
                    .json()
                    .await?;
                pages.push(url);
                let items = page["content"].as_array().context("no content")?;
                for session in items {
                    let id = session["sessionId"].as_str().context("no sessionId")?;
                    blocks.push(format!("{api}/{ENVIRONMENT}/sessions/{id}/datablocks"));
                }
                let last = page["page"]["totalPages"].as_u64().unwrap_or(1);
                if items.is_empty() || number >= last {
                    break;
                }
            }
        }
        Ok(Plan {
            flows: flows_url,
            pages,
            blocks,
        })
    }

    /// The requests, bodies read and dropped: the pages one after another, then (with
    /// `blocks`) the blocks `AT_ONCE` at a time.
    async fn replay(&self, http: &reqwest::Client, base: &str, blocks: bool) -> Result<()> {
        let token = token(http, base).await?;
        body(http, &self.flows, &token).await?;
        for page in &self.pages {
            body(http, page, &token).await?;
        }
        if blocks {
            let mut calls = futures_util::stream::iter(&self.blocks)
                .map(|url| body(http, url, &token))
                .buffered(AT_ONCE);
            while let Some(done) = calls.next().await {
                done?;
            }
        }
        Ok(())
    }
}

async fn token(http: &reqwest::Client, base: &str) -> Result<String> {
    let answer: serde_json::Value = http
        .post(format!("{base}/oidc/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "grant_type=client_credentials&client_id={COMPANY}&client_secret={KEY}"
        ))
        .send()
        .await?
        .json()
        .await?;
    Ok(answer["access_token"]
        .as_str()
        .context("no access token")?
        .to_owned())
}

async fn body(http: &reqwest::Client, url: &str, token: &str) -> Result<usize> {
    let response = http.get(url).bearer_auth(token).send().await?;
    if !response.status().is_success() {
        bail!("{url}: {}", response.status());
    }
    Ok(response.bytes().await?.len())
}

/// How many more calls of `key` the sandbox answered between two counts.
fn used(key: &str, from: &serde_json::Value, to: &serde_json::Value) -> u64 {
    to[key].as_u64().unwrap_or(0) - from[key].as_u64().unwrap_or(0)
}

async fn calls(http: &reqwest::Client, base: &str) -> Result<serde_json::Value> {
    Ok(http
        .get(format!("{base}/sandbox/trust/calls"))
        .send()
        .await?
        .json()
        .await?)
}

async fn timed(work: impl Future<Output = Result<()>>) -> Result<Duration> {
    let started = Instant::now();
    work.await?;
    Ok(started.elapsed())
}

async fn best_of<F: Future<Output = Result<()>>>(
    rounds: usize,
    mut work: impl FnMut() -> F,
) -> Result<Duration> {
    let mut best = Duration::MAX;
    for _ in 0..rounds {
        best = best.min(timed(work()).await?);
    }
    Ok(best)
}
