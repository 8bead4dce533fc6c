//! `identdesk-cli overview` as a team lead runs it: a real process, a temp data folder, the
//! OS keychain and a sandbox gateway on loopback.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use idnow_sandbox::{Sandbox, SandboxConfig};
use support::{cli, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_counts_what_was_created_today() {
    let sandbox = Sandbox::start(SandboxConfig::new("ihrebank", "overview-key"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    support::add_bank(dir.path(), &sandbox.base_url(), "overview-key\n");
    for lastname in ["Muster", "Beispiel"] {
        json(&cli(
            dir.path(),
            &[
                "create",
                "--account",
                "Bank",
                "--firstname",
                "Anna",
                "--lastname",
                lastname,
                "--json",
            ],
            "",
        ));
    }

    let overview = json(&cli(
        dir.path(),
        &["overview", "--period", "week", "--json"],
        "",
    ));
    let today = overview["days"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(today["open"], 2, "{overview}");
    assert_eq!(overview["waiting"]["underADay"], 2, "{overview}");
    assert_eq!(overview["source"], "local");
    assert_eq!(overview["current"]["passRate"], serde_json::Value::Null);

    let one = json(&cli(
        dir.path(),
        &["overview", "--account", "Bank", "--json"],
        "",
    ));
    assert_eq!(
        one["days"].as_array().unwrap().len(),
        30,
        "the default is 30 days"
    );

    let text = cli(dir.path(), &["overview"], "");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("waiting now: 2 under a day"), "{text}");

    let bad = cli(dir.path(), &["overview", "--period", "fortnight"], "");
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.starts_with("error[INVALID_INPUT]"), "{stderr}");
    assert!(stderr.contains("week, 30d or quarter"), "{stderr}");

    let backwards = cli(
        dir.path(),
        &["overview", "--from", "2026-11-22", "--to", "2026-11-16"],
        "",
    );
    assert!(
        String::from_utf8_lossy(&backwards.stderr).contains("before it starts"),
        "{}",
        String::from_utf8_lossy(&backwards.stderr)
    );
}
