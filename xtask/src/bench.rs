//! `cargo xtask bench`: release builds of the benchmark, the sandbox, the app and two
//! yardstick windows (bare, and with the app's UI stack alone), the Python baseline's one
//! dependency, then the measurements inside a private keychain session — the core's, then
//! the window's start-up under Xvfb on the cache the first left behind — written to
//! `docs/benchmarks.md` (raw numbers: `docs/benchmarks.json`).

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::bench_scale::{number, render_team_scale, render_window, verdict};
use crate::installer::INSTALLER_SECTION;
use crate::keyring_session::in_keyring_session;
use crate::prereqs::{npm_ci, tauri_driver_path};
use crate::process::Cmd;

pub fn run(root: &Path) -> Result<()> {
    Cmd::new("cargo")
        .args([
            "build",
            "--release",
            "-p",
            "identdesk-bench",
            "-p",
            "idnow-sandbox",
            "-p",
            "identdesk",
            "-p",
            "identdesk-cli",
            "-p",
            "bare-window",
            "-p",
            "stack-window",
        ])
        .dir(root)
        .run()?;
    let e2e = root.join("tests/e2e");
    npm_ci(&e2e)?;
    let driver = tauri_driver_path().context("tauri-driver is not installed")?;
    let json_path = root.join("docs/benchmarks.json");
    let seeds_path = crate::target_dir(root).join("startup-seeds.json");
    let startup_path = crate::target_dir(root).join("startup-bench.json");
    let platform_path = crate::target_dir(root).join("platform-bench.json");
    let scale_path = crate::target_dir(root).join("team-scale-bench.json");
    let release = crate::target_dir(root).join("release");
    // The app is started as its desktop entry starts it, and so is the React + Mantine window
    // (the same engine); the bare window is not.
    let launch = crate::launch::desktop_launch(root)?;
    // One keychain session for all: the core's measurements, the team at scale, then three
    // caches written by the seeding tool (1 000, 1 000 000 and, for memory at idle, 100 000
    // identifications) for the window's start-up.
    const SCRIPT: &str = r#"set -e
caches="$(mktemp -d)"; trap 'rm -rf "$caches"' EXIT
"$1" core "$2" "$3" > "$4"
"$1" platform "$2" 10000 > "${10}"
"$1" team-scale "$2" > "${11}"
{ echo '{"small":'; "$1" seed "$caches/small" 1000; echo ',"large":'; "$1" seed "$caches/large" 1000000; echo ',"mid":'; "$1" seed "$caches/mid" 100000; echo '}'; } > "$5"
cd "$6"
xvfb-run -a -s "-screen 0 1400x900x24" node startup-bench.mjs "$7" "$8" "${12}" "$caches/small" "$caches/large" "$caches/mid" > "$9""#;
    in_keyring_session(
        Cmd::new("bash")
            .args(["-c", SCRIPT, "bench"])
            .args([
                release.join(crate::exe("identdesk-bench")),
                release.join(crate::exe("idnow-sandbox")),
                release.join(crate::exe("identdesk-cli")),
                json_path.clone(),
                seeds_path.clone(),
                e2e,
                release.join(crate::exe("identdesk")),
                release.join(crate::exe("bare-window")),
                startup_path.clone(),
                platform_path.clone(),
                scale_path.clone(),
                release.join(crate::exe("stack-window")),
            ])
            .env("TAURI_DRIVER", &driver)
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .env("IDENTDESK_REQUIRE_POSTGRES", "1")
            .env("IDENTDESK_LAUNCH_ENV", launch.environment_words())
            .dir(root),
    )?;
    let mut results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path)?)
            .context("the benchmark's output is not JSON")?;
    results["startup"] = serde_json::from_str(&std::fs::read_to_string(&startup_path)?)
        .context("the start-up benchmark's output is not JSON")?;
    results["startup"]["seeded"] = serde_json::from_str(&std::fs::read_to_string(&seeds_path)?)
        .context("the seeding tool's output is not JSON")?;
    let platform: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&platform_path)?)
            .context("the Trust Platform benchmark's output is not JSON")?;
    results["platform_sync"] = platform["platform_sync"].clone();
    let scale: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&scale_path)?)
        .context("the team scale benchmark's output is not JSON")?;
    results["team_scale"] = scale["team_scale"].clone();
    std::fs::write(&json_path, serde_json::to_string_pretty(&results)? + "\n")?;
    let markdown = format!(
        "{}\n\n{}\n{}\n{}",
        render(&results)?.trim_end(),
        render_window(&results)?,
        render_team_scale(&results)?,
        render_platform(&results)?
    );
    // `cargo xtask bundle` owns the installer section; keep it.
    let path = root.join("docs/benchmarks.md");
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let installer = existing
        .find(INSTALLER_SECTION)
        .map(|start| &existing[start..])
        .unwrap_or_default();
    std::fs::write(
        &path,
        format!("{}\n\n{installer}", markdown.trim_end())
            .trim_end()
            .to_owned()
            + "\n",
    )?;
    eprintln!("xtask: wrote docs/benchmarks.md");
    Ok(())
}

/// The Trust Platform's sessions sync (`identdesk-bench platform`).
fn render_platform(r: &serde_json::Value) -> Result<String> {
    let num = |key: &str| number(&r["platform_sync"], &[key]);
    let sessions = num("sessions")?;
    let first = num("first_sync_ratio")?;
    let resync = num("resync_ratio")?;
    let lists = num("list_calls")?;
    let blocks = num("block_calls")?;
    let within_calls = lists <= (sessions / 100.0).ceil() + 2.0 && blocks <= sessions;
    Ok(format!(
        "## Trust Platform sessions

`identdesk-bench platform`: {sessions:.0} completed sessions of one flow (of three) with their data
blocks, on the sandbox as its own process.

| measurement | IdentDesk | yardstick | ratio | goal | |
|---|---|---|---|---|---|
| first sync of {sessions:.0} ended sessions, blocks included | {:.2} s | floor (the same requests, same HTTP stack and concurrency, bodies read, nothing decoded or stored): {:.2} s | {first:.2}× | ≤ 3× | {} |
| calls the first sync made | {lists:.0} list calls, {blocks:.0} data-block calls, {:.0} session calls | – | – | ≤ 1 list call per 100 sessions (+ one per flow), 1 block call per session | {} |
| re-sync, nothing changed | {:.2} s ({:.0} list calls) | listing every page: {:.2} s | {resync:.2}× | ≤ 1.2× | {} |

The re-sync stops on the first page that is sorted and wholly older than what the cache has
settled, so it lists two pages of the seeded flow and one of each empty flow.
",
        num("first_sync_seconds")?,
        num("floor_seconds")?,
        verdict(first <= 3.0),
        num("session_calls")?,
        verdict(within_calls),
        num("resync_seconds")?,
        num("resync_list_calls")?,
        num("resync_list_floor_seconds")?,
        verdict(resync <= 1.2),
    ))
}

fn render(r: &serde_json::Value) -> Result<String> {
    let num = |path: &[&str]| number(r, path);
    if num(&["sync", "100k", "results"])? < 1.0 {
        bail!("the benchmark synced nothing");
    }
    let first = num(&["sync", "100k", "first_sync_ratio"])?;
    let resync = num(&["sync", "100k", "resync_ratio"])?;
    let kib = num(&["sync", "cache_kib_per_identification"])?;
    let p95 = num(&["search", "p95_ms"])?;
    let overview_p95 = num(&["overview", "p95_ms"])?;
    let upload_ratio = num(&["upload", "throughput_ratio"])?;
    let rss = num(&["upload", "peak_rss_growth_mib"])?;
    let bomb = num(&["archive", "bomb_1gib_growth_mib"])?;
    let startup = num(&["startup", "ratio"])?;
    let overview_screen = num(&["startup", "overview_large_ms"])?;
    let visible = num(&["team", "visible", "p95_ms"])?;
    let lost = num(&["team", "load", "lost"])?;
    let twice = num(&["team", "load", "confirmed_twice"])?;
    let sign_us = num(&["team", "signing", "sign_us"])?;
    let verify_seconds = num(&["team", "verify", "verify_seconds"])?;
    Ok(format!(
        "# Benchmarks\n\n\
Written by `cargo xtask bench` (release build, this machine: 2 cores). The sandbox gateway runs as\n\
its own process on loopback, so the client is measured alone. Raw numbers: `docs/benchmarks.json`.\n\n\
| measurement | IdentDesk | yardstick | ratio | goal | |\n\
|---|---|---|---|---|---|\n\
| first sync of 100 000 results | {:.2} s ({:.0} results/s) | floor (log in, five lists at once, decode): {:.2} s | {:.2}× | ≤ 3× | {} |\n\
| re-sync of 100 000, nothing changed | {:.2} s | the floor, taken beside it: {:.2} s | {:.2}× | ≤ 1.2× | {} |\n\
| first sync of 10 000 results | {:.2} s | floor: {:.2} s | {:.2}× | – | |\n\
| cache size per identification (100 000, raw JSON kept, deflated) | {:.2} KiB | – | – | ≤ 2.5 KiB | {} |\n\
| filter + search over 100 000 cached identifications | p50 {:.1} ms, p95 {:.1} ms | – | – | p95 ≤ 10 ms | {} |\n\
| overview over 100 000 cached identifications, all in the period | p50 {:.1} ms, p95 {:.1} ms | – | – | p95 ≤ 50 ms | {} |\n\
| 100 MB PDF upload | {:.0} MiB/s | `curl --data-binary`: {:.0} MiB/s | {:.2}× | ≥ 0.8× | {} |\n\
| upload's peak memory growth | {:.2} MiB | – | – | ≤ 16 MB | {} |\n\
| a 1 GiB deflate bomb refused: the CLI's peak memory growth | {:.1} MiB | over a tiny archive's | – | ≤ 64 MB | {} |\n\
| a real 50 MB archive fetched: the CLI's peak memory growth | {:.1} MiB | over a tiny archive's | – | – | |\n\
| start-up to an interactive list of 1 000 000 (a row opened) | {:.0} ms | the same over 1 000: {:.0} ms | {:.2}× | ≤ 1.1× | {} |\n\
| the Overview screen, from its navigation click until its figures show | {:.0} ms over 1 000 000 cached | over 1 000: {:.0} ms | – | ≤ 300 ms | {} |\n\
| a colleague's proposal visible in the other officer's app | p50 {:.0} ms, p95 {:.0} ms | – | – | p95 ≤ 1 s | {} |\n\
| 20 officers proposing and confirming 5 000 at once, each action signed | {:.0} decisions/s, {} lost, {} confirmed twice | – | – | 0 lost, 0 twice | {} |\n\
| what signing adds to a team action (Ed25519 over the decision's text) | {:.1} µs to sign, {:.1} µs to check | – | – | well under 1 ms | {} |\n\
| `audit verify` in an officer's app over 100 000 signed entries (chain, every signature, replays) | {:.2} s | – | – | ≤ 5 s | {} |\n\n\
## Reading them\n\n\
- **Sync.** The floor is what no sync can avoid: log in, fetch the five lists at once, decode\n\
  every result with the same client and decoder and free them again, storing nothing ({:.2} s for\n\
  100 000; curl fetching the lists one after another, without decoding, {:.2} s). The first sync\n\
  (into an empty cache) and the floor are taken in turns, three times, the best of each. A\n\
  first sync also writes each result into the encrypted cache with its JSON kept verbatim, the\n\
  list's indexes, the full-text index and the status history, up to 25 000 results per transaction\n\
  (the new identifications of each with one statement), stored while the other lists still arrive:\n\
  each list is decoded and its JSON deflated on a thread of its own beside the writer, and the\n\
  write-ahead log is copied into the database on another. A re-sync finds every result unchanged and writes nothing. The re-sync and a floor beside it are taken in turns after the\n\
  first sync (best of three each): the same work is slower then than before it, for both.\n\
- **Cache size.** The database file and its write-ahead log after the sync (SQLCipher pages, the\n\
  raw result JSON kept deflated for the real-IDnow work), divided by the identifications in it; `cache_kib_by_table`\n\
  in the JSON has each table's and index's share.\n\
- **Search.** Pages are picked from the indexes, broad searches walk the sort order, and a search\n\
  with a status or account filter is counted in the full-text index alone. `by_query` in the JSON\n\
  has each query's median.\n\
- **Overview.** Counts per quarter hour kept by triggers as identifications change (migration\n\
  0008), summed into local days and weeks in Rust; nearest-rank percentiles over counted\n\
  minutes. Every one of the 100 000 identifications lies in the period asked (the sync created\n\
  them today). `by_query` has each period.\n\
- **Archives.** Peak resident memory (`VmHWM`) of `identdesk-cli archive` as a child process. A\n\
  real archive is held in memory once (never in a plain file) and written into the cache; a bomb\n\
  is counted through a bounded reader and refused before anything is kept.\n\
- **Start-up.** Median of {} launches each under Xvfb, from the WebDriver session request (which\n\
  launches the app) until the first row of the list, clicked as soon as it was painted, had its\n\
  detail shown (read on the page's clock, see below). The\n\
  two caches were written by the seeding tool through the store code ({:.0} s for 1 000 000). A\n\
  bare Tauri window built the same way shows its HTML after {:.0} ms ({:.2}× for the large cache).\n\
  The Overview screen: in the same launches, back from the detail, its navigation entry clicked\n\
  and its figures shown with two frames drawn after them, on the page's clock too.\n\
- **Team.** On a throwaway PostgreSQL server on loopback. Visibility: from the proposal's commit\n\
  in one officer's app until the other officer's app, listening, has it in its mirror (NOTIFY,\n\
  then a re-read through the server's functions); the propose call itself, which first fetches\n\
  the result from IDnow, takes {:.0} ms. Load: each of 20 officers proposes its share and races a\n\
  colleague to confirm another's, {:.1} s in all, every call signed with the officer's key.\n\
  Signing: 10 000 signatures and checks of a confirmation's text, one key. `audit verify`: 100 000\n\
  signed entries appended by the bulk path (one COPY of rows exactly as the server's `_audit`\n\
  writes them), then a fresh officer's app joins (checking the whole trail: {:.1} s) and runs\n\
  `audit verify`: every page read through the server's function, the chain, every signature\n\
  against the key book, and no request signed twice.\n",
        num(&["sync", "100k", "first_sync_seconds"])?,
        num(&["sync", "100k", "first_sync_results_per_second"])?,
        num(&["sync", "100k", "floor_seconds"])?,
        first,
        verdict(first <= 3.0),
        num(&["sync", "100k", "resync_seconds"])?,
        num(&["sync", "100k", "resync_floor_seconds"])?,
        resync,
        verdict(resync <= 1.2),
        num(&["sync", "10k", "first_sync_seconds"])?,
        num(&["sync", "10k", "floor_seconds"])?,
        num(&["sync", "10k", "first_sync_ratio"])?,
        kib,
        verdict(kib <= 2.5),
        num(&["search", "p50_ms"])?,
        p95,
        verdict(p95 <= 10.0),
        num(&["overview", "p50_ms"])?,
        overview_p95,
        verdict(overview_p95 <= 50.0),
        num(&["upload", "identdesk_mib_per_second"])?,
        num(&["upload", "curl_mib_per_second"])?,
        upload_ratio,
        verdict(upload_ratio >= 0.8),
        rss,
        verdict(rss <= 16.0),
        bomb,
        verdict(bomb <= 64.0),
        num(&["archive", "real_50mb_growth_mib"])?,
        num(&["startup", "large_ms"])?,
        num(&["startup", "small_ms"])?,
        startup,
        verdict(startup <= 1.1),
        overview_screen,
        num(&["startup", "overview_small_ms"])?,
        verdict(overview_screen <= 300.0),
        num(&["team", "visible", "p50_ms"])?,
        visible,
        verdict(visible <= 1000.0),
        num(&["team", "load", "decisions_per_second"])?,
        lost,
        twice,
        verdict(lost == 0.0 && twice == 0.0),
        sign_us,
        num(&["team", "signing", "verify_us"])?,
        verdict(sign_us < 100.0),
        verify_seconds,
        verdict(verify_seconds <= 5.0),
        num(&["sync", "100k", "floor_seconds"])?,
        num(&["sync", "100k", "curl_lists_seconds"])?,
        num(&["startup", "rounds"])?,
        num(&["startup", "seeded", "large", "seconds"])?,
        num(&["startup", "bare_window_ms"])?,
        num(&["startup", "ratio_to_bare"])?,
        num(&["team", "visible", "propose_call_p50_ms"])?,
        num(&["team", "load", "seconds"])?,
        num(&["team", "verify", "join_seconds"])?,
    ))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The React + Mantine yardstick is a fair floor only under the app's own security policy
    /// (its style nonce and strict sources are part of what the page pays for).
    #[test]
    fn the_stack_window_has_the_apps_security_policy() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives in the repository");
        let security = |path: &str| -> serde_json::Value {
            let text = std::fs::read_to_string(root.join(path)).expect("the config is there");
            let config: serde_json::Value =
                serde_json::from_str(&text).expect("the config is JSON");
            config["app"]["security"].clone()
        };
        let app = security("tauri.conf.json");
        let stack = security("bench/stack-window/tauri.conf.json");
        assert!(app["csp"]["script-src"].is_string(), "the app's CSP moved");
        assert_eq!(stack["csp"], app["csp"]);
        assert_eq!(stack["freezePrototype"], app["freezePrototype"]);
    }
}
