//! `identdesk-bench`: the measurements behind `cargo xtask bench`, printed as JSON.
//!
//! `identdesk-bench core SANDBOX_BIN CLI_BIN` — against an `idnow-sandbox` process on
//! loopback: sync against its floor (10 000 and 100 000 results), the cache's size per
//! identification, filter, search and overview latency over 100 000, a 100 MB PDF upload, the result
//! archive's memory in the command line (a real 50 MB archive, a 1 GiB bomb), and the team
//! workspace under load (a throwaway PostgreSQL server).
//!
//! `identdesk-bench cache SANDBOX_BIN` — only what concerns the cache, for trying a change
//! quickly: the sync of 100 000 against its floor, the cache's size, search and overview.
//!
//! `identdesk-bench team SANDBOX_BIN` — only the team workspace's: a colleague's proposal
//! visible, 20 officers deciding at once (signed), what a signature costs, and `audit verify`
//! over 100 000 signed entries.
//!
//! `identdesk-bench team-scale SANDBOX_BIN` — the team workspace at a bank's scale: 1 000 000
//! identifications, 200 officers (a proposal visible in all 200 listening apps, the overview
//! from the team database, 200 deciding at once, an app joining), and the server's disk.
//!
//! `identdesk-bench platform SANDBOX_BIN SESSIONS` — the Trust Platform's sessions sync:
//! a first sync of SESSIONS ended sessions with their data blocks against a floor that
//! replays its requests, the calls it made, and a re-sync against listing the pages.
//!
//! `identdesk-bench seed DATA_DIR COUNT` — a cache of COUNT identifications written through
//! the store code, for the window's start-up benchmark.
#![allow(clippy::print_stdout)]

mod archive;
mod overview;
mod platform;
mod rss;
mod sandbox_process;
mod search;
mod seed;
mod signatures;
mod sync;
mod team;
mod team_scale;
mod upload;

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use sandbox_process::SandboxProcess;

const COMPANY: &str = "bench";
const KEY: &str = "bench-key";
const USAGE: &str = "usage: identdesk-bench core SANDBOX_BIN CLI_BIN | identdesk-bench cache SANDBOX_BIN | identdesk-bench team SANDBOX_BIN | identdesk-bench team-scale SANDBOX_BIN | identdesk-bench platform SANDBOX_BIN SESSIONS | identdesk-bench seed DATA_DIR COUNT";

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let report = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["seed", dir, count] => {
            seed::seed(&PathBuf::from(dir), count.parse().context(USAGE)?).await?
        }
        ["cache", sandbox_bin] => cache(&PathBuf::from(sandbox_bin)).await?,
        ["platform", sandbox_bin, sessions] => serde_json::json!({
            "platform_sync": platform::platform_bench(
                &PathBuf::from(sandbox_bin),
                sessions.parse().context(USAGE)?,
            )
            .await?
        }),
        ["team", sandbox_bin] => {
            let sandbox = SandboxProcess::start(&PathBuf::from(sandbox_bin), COMPANY, KEY, 10_000)?;
            serde_json::json!({ "team": team::team_bench(&sandbox).await? })
        }
        ["team-scale", sandbox_bin] => {
            let sandbox = SandboxProcess::start(&PathBuf::from(sandbox_bin), COMPANY, KEY, 1_000)?;
            serde_json::json!({ "team_scale": team_scale::team_scale_bench(&sandbox).await? })
        }
        ["core", sandbox_bin, cli_bin] => {
            core(&PathBuf::from(sandbox_bin), &PathBuf::from(cli_bin)).await?
        }
        _ => bail!(USAGE),
    };
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

async fn core(
    sandbox_bin: &std::path::Path,
    cli_bin: &std::path::Path,
) -> Result<serde_json::Value> {
    let sandbox = SandboxProcess::start(sandbox_bin, COMPANY, KEY, 10_000)?;
    let dir = tempfile::tempdir()?;
    let (sync_10k, small) =
        sync::sync_against_floor(&sandbox, &dir.path().join("10k"), 10_000).await?;
    drop(small);
    let team = team::team_bench(&sandbox).await?;
    sandbox.seed(90_000).await?;
    let cache = cache_measurements(&sandbox, dir.path()).await?;
    let upload = upload::upload_bench(&sandbox, dir.path()).await?;
    let archive = archive::archive_bench(cli_bin).await?;
    let mut report = cache;
    report["sync"]["10k"] = sync_10k;
    report["upload"] = upload;
    report["archive"] = archive;
    report["team"] = team;
    Ok(report)
}

async fn cache(sandbox_bin: &std::path::Path) -> Result<serde_json::Value> {
    let sandbox = SandboxProcess::start(sandbox_bin, COMPANY, KEY, 100_000)?;
    let dir = tempfile::tempdir()?;
    cache_measurements(&sandbox, dir.path()).await
}

/// The sync of the sandbox's 100 000 results against the floor, the cache's size, then
/// search and overview over that cache.
async fn cache_measurements(
    sandbox: &SandboxProcess,
    dir: &std::path::Path,
) -> Result<serde_json::Value> {
    let large_dir = dir.join("100k");
    let (sync_100k, large) = sync::sync_against_floor(sandbox, &large_dir, 100_000).await?;
    let (kib_per_identification, kib_by_table, large) =
        sync::cache_size(large, &large_dir, sandbox, 100_000).await?;
    let search = search::search_bench(&large.core, &large.account).await?;
    let overview = overview::overview_bench(&large.core, &large.account).await?;
    Ok(serde_json::json!({
        "sync": { "100k": sync_100k, "cache_kib_per_identification": kib_per_identification, "cache_kib_by_table": kib_by_table },
        "search": search,
        "overview": overview,
    }))
}
