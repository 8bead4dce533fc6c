//! `identdesk-cli` as a user runs it: a real process, a temp data folder, the OS keychain,
//! and a sandbox gateway on loopback.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use idnow_sandbox::{Sandbox, SandboxConfig};
use support::{cli, json, text};

const KEY: &str = "cli-canary-key-5b1e";

// The sandbox serves on the runtime while this thread waits for the CLI process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creates_and_lists_against_a_running_sandbox() {
    let sandbox = Sandbox::start(SandboxConfig::new("ihrebank", KEY))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = sandbox.base_url();

    support::add_bank(dir.path(), &url, &format!("{KEY}\n"));

    let accounts = json(&cli(dir.path(), &["account", "list", "--json"], ""));
    assert_eq!(accounts[0]["name"], "Bank");
    assert_eq!(accounts[0]["environment"], "white-label");
    assert!(!accounts.to_string().contains(KEY));

    let created = json(&cli(
        dir.path(),
        &[
            "create",
            "--account",
            "Bank",
            "--firstname",
            "Anna",
            "--lastname",
            "Muster",
            "--birthday",
            "1975-12-20",
            "--question",
            "income=3000:int",
            "--json",
        ],
        "",
    ));
    let ident_id = created["identId"].as_str().unwrap_or_default().to_owned();
    assert!(ident_id.starts_with("TST-"), "{created}");
    assert_eq!(created["links"]["short"], format!("{url}/{ident_id}"));

    let listed = json(&cli(dir.path(), &["list", "--json"], ""));
    assert_eq!(listed[0]["identId"], ident_id.as_str());
    assert_eq!(listed[0]["stage"], "waiting");

    // The key is in the keychain, not in anything IdentDesk wrote.
    for entry in std::fs::read_dir(dir.path())
        .into_iter()
        .flatten()
        .flatten()
    {
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        assert!(
            !bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes()),
            "key in {:?}",
            entry.path()
        );
    }
}

#[test]
fn errors_name_their_code_and_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = cli(dir.path(), &["create", "--account", "Nobody"], "");
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.starts_with("error[NOT_FOUND]: Account \"Nobody\""),
        "{stderr}"
    );

    let usage = cli(dir.path(), &["create"], "");
    assert_eq!(usage.status.code(), Some(2));

    let bad_date = cli(
        dir.path(),
        &[
            "account",
            "add",
            "--name",
            "X",
            "--company-id",
            "x",
            "--environment",
            "de-test",
        ],
        "",
    );
    assert_eq!(bad_date.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad_date.stderr).contains("--api-key-stdin"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_lifecycle_from_the_command_line() {
    // Time scale 0: the robots answer at once.
    let config = SandboxConfig::new("ihrebank", KEY).with_time_scale(0.0);
    let sandbox = Sandbox::start(config).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (url, robots) = (sandbox.base_url(), sandbox.robot_url());
    text(&cli(
        dir.path(),
        &[
            "account",
            "add",
            "--name",
            "Bank",
            "--company-id",
            "ihrebank",
            "--gateway-url",
            &url,
            "--api-url",
            &robots,
            "--api-key-stdin",
        ],
        KEY,
    ));
    assert!(
        text(&cli(dir.path(), &["account", "test", "Bank"], ""))
            .contains("IdentDesk Sandbox (TST)")
    );

    let created = json(&cli(
        dir.path(),
        &[
            "create",
            "--account",
            "Bank",
            "--firstname",
            "Erika",
            "--lastname",
            "Mustermann",
            "--custom1",
            "X-AUTOTEST-HAPPYPATH",
            "--json",
        ],
        "",
    ));
    let txn = created["transactionNumber"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    text(&cli(dir.path(), &["robots", "--account", "Bank", &txn], ""));
    let synced = text(&cli(dir.path(), &["sync"], ""));
    assert!(synced.contains("→ SUCCESS (final)"), "{synced}");

    let shown = json(&cli(dir.path(), &["show", &txn, "--json"], ""));
    // The window's shapes: a code it knows and the raw text IDnow sent.
    assert_eq!(
        shown["row"]["result"],
        serde_json::json!({"code": "SUCCESS", "raw": "SUCCESS"})
    );
    assert_eq!(shown["row"]["stage"], "final");
    // At time scale 0 both robot steps happened before the first sync: the cache saw one.
    assert_eq!(shown["history"][0]["result"]["code"], "SUCCESS");
    let finals = json(&cli(
        dir.path(),
        &["list", "--stage", "final", "--search", "muster", "--json"],
        "",
    ));
    assert_eq!(finals.as_array().map(Vec::len), Some(1));
    // The window's filters, in the same words: a result, a period, an account.
    let today = chrono::Local::now().date_naive().to_string();
    let succeeded = json(&cli(
        dir.path(),
        &[
            "list",
            "--result",
            "SUCCESS",
            "--account",
            "Bank",
            "--from",
            &today,
            "--to",
            &today,
            "--json",
        ],
        "",
    ));
    assert_eq!(succeeded.as_array().map(Vec::len), Some(1));
    let failed = json(&cli(
        dir.path(),
        &["list", "--result", "FAILED", "--json"],
        "",
    ));
    assert_eq!(failed.as_array().map(Vec::len), Some(0));
    let unknown = cli(dir.path(), &["list", "--stage", "done"], "");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("outbox, waiting, preliminary, final"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
    let exported = dir.path().join("final.csv");
    text(&cli(
        dir.path(),
        &[
            "export",
            "csv",
            exported.to_str().unwrap(),
            "--stage",
            "final",
        ],
        "",
    ));
    let rows = std::fs::read_to_string(&exported).unwrap();
    assert_eq!(rows.lines().count(), 2, "{rows}");

    // Nobody types who they are: the officer is the OS account running the command.
    let named = cli(
        dir.path(),
        &["accept", &txn, "--note", "checked", "--officer", "alice"],
        "",
    );
    assert_eq!(named.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&named.stderr).contains("--officer is gone"));
    let decided = text(&cli(
        dir.path(),
        &["accept", &txn, "--note", "documents checked"],
        "",
    ));
    assert!(
        decided.contains(&format!(
            "decided accept (result SUCCESS) by {}",
            identdesk_core::os_account()
        )),
        "{decided}"
    );
    let solo_confirm = cli(dir.path(), &["confirm", &txn], "");
    assert_eq!(solo_confirm.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&solo_confirm.stderr).contains("team workspace"));

    let csv = dir.path().join("export.csv");
    text(&cli(
        dir.path(),
        &["export", "csv", csv.to_str().unwrap_or_default()],
        "",
    ));
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap_or_default()
            .contains(&txn)
    );
    assert!(text(&cli(dir.path(), &["audit", "verify"], "")).contains("intact"));
    assert!(text(&cli(dir.path(), &["purge", "--dry-run"], "")).contains("would purge 0"));

    let unconfirmed = cli(dir.path(), &["delete", &txn], "");
    assert_eq!(unconfirmed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unconfirmed.stderr).contains("--yes"));
    text(&cli(dir.path(), &["delete", &txn, "--yes"], ""));
    let purged = json(&cli(dir.path(), &["show", &txn, "--json"], ""));
    assert_eq!(purged["row"]["purged"], true);
}
