//! Crashes and secrets, with real processes: `kill -9` in the middle of a sync, a create or
//! a retention purge loses nothing acknowledged and leaves the cache intact; a canary API key and canary
//! personal data put through a full run are found in no file IdentDesk wrote and no log.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use std::io::Read;
use std::process::{Child, Output};
use std::sync::Arc;
use std::time::{Duration, Instant};

use identdesk_core::{
    CancellationToken, Core, CoreOptions, IdentificationStage, ListQuery, ManualClock, SYNC_BATCH,
};
use idnow_sandbox::{Faults, Sandbox, SandboxConfig};
use support::spawn;

const KEY: &str = "Canary-Api-Key-3e9d71";
const NAME: &str = "Canarylastname";
/// Debug logging on, so the canary test sees every log line IdentDesk can write.
const DEBUG_LOG: &[(&str, &str)] = &[("IDENTDESK_LOG", "debug")];

fn run(data_dir: &std::path::Path, args: &[&str], stdin: &str, log: &mut String) -> Output {
    let output = spawn(data_dir, args, stdin, DEBUG_LOG)
        .wait_with_output()
        .unwrap();
    log.push_str(&String::from_utf8_lossy(&output.stderr));
    log.push_str(&String::from_utf8_lossy(&output.stdout));
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// SIGKILL, as `kill -9` sends it (std's `Child::kill` sends SIGKILL on Unix too).
fn kill_9(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

async fn sandbox(time_scale: f64) -> Sandbox {
    Sandbox::start(SandboxConfig::new("ihrebank", KEY).with_time_scale(time_scale))
        .await
        .unwrap()
}

fn add_account(dir: &std::path::Path, sandbox: &Sandbox, log: &mut String) {
    run(
        dir,
        &[
            "account",
            "add",
            "--name",
            "Bank",
            "--company-id",
            "ihrebank",
            "--gateway-url",
            &sandbox.base_url(),
            "--api-url",
            &sandbox.robot_url(),
            "--api-key-stdin",
        ],
        KEY,
        log,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_sync_keeps_every_committed_batch() {
    // The sync stores up to SYNC_BATCH results per transaction (a few hundred more: whole
    // pieces), as they are ready: once it reports more stored than one batch can hold, at
    // least one batch is committed; kill it then, with a third of the results still to go.
    let results = SYNC_BATCH * 3 / 2;
    let sandbox = sandbox(0.0).await;
    sandbox.seed(results);
    let dir = tempfile::tempdir().unwrap();
    let mut log = String::new();
    add_account(dir.path(), &sandbox, &mut log);

    let mut child = spawn(dir.path(), &["sync"], "", DEBUG_LOG);
    let reported = wait_for_storing(&mut child, SYNC_BATCH + 1_000);
    kill_9(&mut child);
    assert!(
        reported >= SYNC_BATCH + 1_000,
        "the sync reported {reported} stored"
    );

    let core = reopen_intact(dir.path()).await;
    let stored = core
        .identifications()
        .list(&ListQuery::default())
        .await
        .map(|p| p.total)
        .unwrap();
    assert!(
        stored > 0 && stored < results as u64,
        "the committed batches kept, the kill mid-way: {stored} of {results}"
    );
    drop(core);

    let core = run_again(dir.path(), "sync", &mut log).await;
    assert_eq!(
        core.identifications()
            .list(&ListQuery::default())
            .await
            .map(|p| p.total)
            .ok(),
        Some(results as u64)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_a_sessions_sync_loses_nothing_stored_and_repeats_nothing() {
    let sessions = 6_000;
    let sandbox = sandbox(0.0).await;
    sandbox.seed_trust_sessions(0, "staging", sessions);
    let dir = tempfile::tempdir().unwrap();
    let mut log = String::new();
    run(
        dir.path(),
        &[
            "account",
            "add",
            "--kind",
            "trust-platform",
            "--name",
            "Bank TP",
            "--client-id",
            "ihrebank",
            "--client-secret-stdin",
            "--environment",
            "staging",
            "--api-url",
            &format!("{}/api/v1", sandbox.base_url()),
            "--token-url",
            &format!("{}/oidc/token", sandbox.base_url()),
        ],
        KEY,
        &mut log,
    );
    // Each call a little slow, so the sync is surely under way when it is killed.
    sandbox.set_faults(Faults {
        latency_ms: 2,
        ..Faults::default()
    });
    let mut child = spawn(dir.path(), &["sync"], "", DEBUG_LOG);
    let reported = wait_for_storing(&mut child, 1_000);
    kill_9(&mut child);
    assert!(reported >= 1_000, "the sync reported {reported} stored");

    let core = reopen_intact(dir.path()).await;
    let stored = core
        .identifications()
        .list(&ListQuery::default())
        .await
        .map(|p| p.total)
        .unwrap();
    assert!(
        stored >= reported as u64 && stored < sessions as u64,
        "what was reported stored is kept, the kill came mid-way: {stored} of {sessions}"
    );
    drop(core);

    sandbox.set_faults(Faults::default());
    let blocks_before = sandbox.trust_calls().data_blocks;
    let core = run_again(dir.path(), "sync", &mut log).await;
    assert_eq!(
        core.identifications()
            .list(&ListQuery::default())
            .await
            .map(|p| p.total)
            .ok(),
        Some(sessions as u64),
        "every session once"
    );
    assert_eq!(
        sandbox.trust_calls().data_blocks - blocks_before,
        sessions - stored as usize,
        "the sync went on where it stopped: no stored session's blocks fetched again"
    );
}

/// `child`'s stderr, to read; its stdout is read away meanwhile, so a child whose stdout pipe
/// is full never blocks (and the reader with it, past its deadline) while the test waits for
/// a line that does not come.
fn stderr_of(child: &mut Child) -> std::process::ChildStderr {
    if let Some(mut stdout) = child.stdout.take() {
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    }
    child.stderr.take().expect("no stderr")
}

/// Reads `child`'s progress on stderr until it reports at least `count` results stored (or
/// it ends, or two minutes pass); the most it reported.
fn wait_for_storing(child: &mut Child, count: usize) -> usize {
    let mut stderr = stderr_of(child);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = String::new();
    let mut buffer = [0u8; 256];
    let mut most = 0;
    while most < count && Instant::now() < deadline {
        let read = stderr.read(&mut buffer).unwrap_or(0);
        if read == 0 {
            break;
        }
        seen.push_str(&String::from_utf8_lossy(&buffer[..read]));
        // Progress lines look like "\rstoring: 12500/37500"; the last one may be cut short.
        most = seen
            .split("storing: ")
            .skip(1)
            .filter_map(|rest| rest.split_once('/'))
            .filter_map(|(done, _)| done.parse().ok())
            .max()
            .unwrap_or(0);
    }
    most
}

/// Runs `command` to the end on the data folder, then opens its cache.
async fn run_again(dir: &std::path::Path, command: &str, log: &mut String) -> Core {
    run(dir, &[command], "", log);
    support::open_core(dir).await.unwrap()
}

/// Opens the cache a killed process left and checks it: SQLite's integrity check, the
/// start's quick_check, and the audit chain.
async fn reopen_intact(dir: &std::path::Path) -> Core {
    let core = support::open_core(dir).await.expect("reopen after kill -9");
    core.integrity_check().await.unwrap();
    assert_eq!(core.integrity_verdict(), None, "the start's quick_check");
    assert!(core.audit().verify().await.is_ok_and(|v| v.intact));
    core
}

/// Every file in `dir` and its subfolders (the log files among them).
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Reads `child`'s stderr until `line` appears (or it ends, or two minutes pass).
fn wait_for_log(child: &mut Child, line: &str) -> String {
    let mut stderr = stderr_of(child);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = String::new();
    let mut buffer = [0u8; 256];
    while !seen.contains(line) && Instant::now() < deadline {
        let read = stderr.read(&mut buffer).unwrap_or(0);
        if read == 0 {
            break;
        }
        seen.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_a_retention_purge_leaves_all_of_it_to_do_again() {
    let sandbox = sandbox(0.0).await;
    sandbox.seed(6_000);
    let dir = tempfile::tempdir().unwrap();
    let mut log = String::new();
    add_account(dir.path(), &sandbox, &mut log);
    {
        // Synced two days ago (a clock of our own), kept for one day: every final result
        // is due now.
        let two_days_ago = chrono::Utc::now() - chrono::TimeDelta::days(2);
        let core = Core::open(
            dir.path(),
            CoreOptions::for_tests(Arc::new(ManualClock::new(two_days_ago))),
        )
        .await
        .unwrap();
        let account = core.accounts().list().await.unwrap_or_default()[0]
            .id
            .clone();
        core.sync()
            .account(&account, &|_| {}, &CancellationToken::new())
            .await
            .unwrap();
        core.accounts()
            .set_retention_days(&account, 1)
            .await
            .unwrap();
    }
    let report = support::open_core(dir.path())
        .await
        .unwrap()
        .retention()
        .purge_expired(true)
        .await
        .unwrap();
    let due = report.purged.len();
    assert!(due > 4_000, "most seeded results are final: {due}");

    let mut child = spawn(dir.path(), &["purge"], "", DEBUG_LOG);
    let seen = wait_for_log(&mut child, "retention purge: writing");
    kill_9(&mut child);
    assert!(seen.contains("retention purge: writing"), "{seen}");

    let core = reopen_intact(dir.path()).await;
    let still_due = core
        .retention()
        .purge_expired(true)
        .await
        .map(|r| r.purged.len())
        .unwrap_or(0);
    assert_eq!(
        still_due, due,
        "the purge is one transaction and the kill came before its commit"
    );
    drop(core);

    let core = run_again(dir.path(), "purge", &mut log).await;
    assert_eq!(
        core.retention()
            .purge_expired(true)
            .await
            .map(|r| r.purged.len())
            .ok(),
        Some(0)
    );
    // The seeded people's names are gone from the search index with their rows' data.
    let found = core
        .identifications()
        .list(&ListQuery {
            search: Some("müller".into()),
            stage: Some(IdentificationStage::Final),
            ..ListQuery::default()
        })
        .await
        .map(|p| p.total)
        .unwrap();
    assert_eq!(found, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_create_keeps_the_intent_and_resumes_it_once() {
    let sandbox = sandbox(0.0).await;
    let dir = tempfile::tempdir().unwrap();
    let mut log = String::new();
    add_account(dir.path(), &sandbox, &mut log);
    sandbox.set_faults(Faults {
        latency_ms: 3_000,
        ..Faults::default()
    });
    let mut child = spawn(
        dir.path(),
        &[
            "create",
            "--account",
            "Bank",
            "--transaction-number",
            "crash-1",
            "--lastname",
            "Crash",
        ],
        "",
        &[],
    );
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    kill_9(&mut child);
    sandbox.set_faults(Faults::default());

    let core = reopen_intact(dir.path()).await;
    let resumed = core.identifications().resume_outbox().await.unwrap();
    assert_eq!(resumed.sent, 1);
    let rows = core
        .identifications()
        .list(&ListQuery::default())
        .await
        .map(|p| p.rows)
        .unwrap_or_default();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].ident_id.is_some());
    // The first, killed request did reach the sandbox: the resume updated it, not a second one.
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(format!("{}/api/v1/ihrebank/login", sandbox.base_url()))
        .json(&serde_json::json!({"apiKey": KEY}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap_or_default();
    let found = http
        .get(format!(
            "{}/api/v1/ihrebank/identifications/crash-1",
            sandbox.base_url()
        ))
        .header(
            "X-API-LOGIN-TOKEN",
            token["authToken"].as_str().unwrap_or_default(),
        )
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(found.ok(), Some(200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canaries_are_found_only_in_the_keychain_and_the_encrypted_cache() {
    let sandbox = sandbox(0.0).await;
    let dir = tempfile::tempdir().unwrap();
    let mut log = String::new();
    add_account(dir.path(), &sandbox, &mut log);
    let created = run(
        dir.path(),
        &[
            "create",
            "--account",
            "Bank",
            "--firstname",
            "Erika",
            "--lastname",
            NAME,
            "--email",
            "canary@example.de",
            "--custom1",
            "X-AUTOTEST-CHANGEALL",
            "--json",
        ],
        "",
        &mut log,
    );
    let created: serde_json::Value = serde_json::from_slice(&created.stdout).unwrap_or_default();
    let txn = created["transactionNumber"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    run(
        dir.path(),
        &["robots", "--account", "Bank", &txn],
        "",
        &mut log,
    );
    run(dir.path(), &["sync"], "", &mut log);
    run(dir.path(), &["show", &txn], "", &mut log);
    run(dir.path(), &["list", "--search", "canary"], "", &mut log);
    let zip = dir.path().join("..").join(format!("{txn}.zip"));
    run(
        dir.path(),
        &["archive", &txn, zip.to_str().unwrap_or_default()],
        "",
        &mut log,
    );
    let _ = std::fs::remove_file(&zip);

    let files = files_under(dir.path());
    let log_files: Vec<_> = files
        .iter()
        .filter(|f| f.starts_with(dir.path().join("logs")))
        .collect();
    assert!(
        log_files
            .iter()
            .any(|f| std::fs::metadata(f).is_ok_and(|m| m.len() > 0)),
        "the runs wrote the data folder's log file: {files:?}"
    );
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_default();
        for canary in [KEY, NAME, "CANARYLASTNAME", "canary@example.de"] {
            assert!(
                !bytes.windows(canary.len()).any(|w| w == canary.as_bytes()),
                "{canary} found in {file:?}"
            );
        }
    }
    let log_lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(" DEBUG ") || l.contains(" INFO ") || l.contains(" WARN "))
        .collect();
    assert!(!log_lines.is_empty(), "debug logging was on");
    for line in log_lines {
        assert!(
            !line.contains(KEY)
                && !line.contains(NAME)
                && !line.to_uppercase().contains("CANARYLASTNAME"),
            "log line leaks: {line}"
        );
    }
    assert!(!log.contains(KEY), "the API key reached an output");
}
