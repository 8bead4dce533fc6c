//! The Trust Platform from the command line, against the sandbox over loopback HTTP: add an
//! account (the secret on standard input), test it, list flows, create a session, sync it
//! once the sandbox finished it, list and show it, write one of its files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use idnow_sandbox::{Sandbox, SandboxConfig};
use support::{cli, json, text as ok};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_creates_syncs_shows_and_saves_a_file_of_a_session() {
    let sandbox = Sandbox::start(SandboxConfig::new("client-7", "secret-7"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let base = sandbox.base_url();

    let refused = cli(
        &data,
        &[
            "account",
            "add",
            "--kind",
            "trust-platform",
            "--name",
            "TP",
            "--client-id",
            "client-7",
            "--environment",
            "staging",
        ],
        "",
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--client-secret-stdin"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let added = ok(&cli(
        &data,
        &[
            "account",
            "add",
            "--kind",
            "trust-platform",
            "--name",
            "TP",
            "--client-id",
            "client-7",
            "--client-secret-stdin",
            "--environment",
            "staging",
            "--api-url",
            &format!("{base}/api/v1"),
            "--token-url",
            &format!("{base}/oidc/token"),
        ],
        "secret-7\n",
    ));
    assert!(added.contains("Trust Platform account TP"), "{added}");

    let tested = ok(&cli(&data, &["account", "test", "TP"], ""));
    assert!(
        tested.contains("3 flows") && tested.contains("Document only"),
        "{tested}"
    );

    let flows = json(&cli(&data, &["flows", "--account", "TP", "--json"], ""));
    assert_eq!(flows.as_array().map(Vec::len), Some(3));

    let created = json(&cli(
        &data,
        &[
            "create",
            "--account",
            "TP",
            "--flow",
            "Document and selfie",
            "--given-name",
            "Erika",
            "--family-name",
            "Mustermann",
            "--birth-date",
            "1964-08-12",
            "--json",
        ],
        "",
    ));
    let session = created["sessionId"].as_str().unwrap().to_owned();
    assert!(created["playerUrl"].as_str().unwrap().starts_with(&base));

    let finished = reqwest::Client::new()
        .post(format!("{base}/sandbox/trust/sessions/{session}/complete"))
        .json(&serde_json::json!({"status": "COMPLETED", "outcome": "accepted"}))
        .send()
        .await
        .unwrap();
    assert!(finished.status().is_success());
    ok(&cli(&data, &["sync"], ""));

    let rows = json(&cli(&data, &["list", "--json"], ""));
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["transactionNumber"] == session.as_str())
        .unwrap();
    assert_eq!(row["session"]["result"]["code"], "ACCEPTED");
    assert_eq!(row["stage"], "final");

    let shown = json(&cli(&data, &["show", &session, "--json"], ""));
    assert_eq!(shown["status"], "COMPLETED");
    let vault = shown["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["blockType"] == "documentVerification")
        .unwrap()["vaultId"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = ok(&cli(&data, &["show", &session], ""));
    assert!(
        text.contains("[basicIdentity]") && text.contains("Mustermann"),
        "{text}"
    );

    let pdf = dir.path().join("report.pdf");
    ok(&cli(
        &data,
        &["file", &session, &vault, "--output", pdf.to_str().unwrap()],
        "",
    ));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
