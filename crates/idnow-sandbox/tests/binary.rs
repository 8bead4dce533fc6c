//! The `idnow-sandbox` binary as a user runs it: it prints where it listens, serves the
//! API, and logs each request's method, path and status, never a body.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

const CANARY: &str = "Canaryfirstname";

#[tokio::test]
async fn serves_and_logs_requests_without_bodies() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_idnow-sandbox"))
        .args([
            "--port",
            "0",
            "--company-id",
            "ihrebank",
            "--api-key",
            "bin-key",
            "--time-scale",
            "0",
        ])
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().expect("no stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let base = first
        .trim()
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{first}");

    let http = reqwest::Client::new();
    let created = http
        .post(format!(
            "{base}/api/v1/ihrebank/identifications/bin-1/start"
        ))
        .header("X-API-KEY", "bin-key")
        .json(&serde_json::json!({ "firstname": CANARY }))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(created.ok(), Some(201));
    let refused = http
        .post(format!("{base}/api/v1/ihrebank/login"))
        .json(&serde_json::json!({ "apiKey": "wrong" }))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(refused.ok(), Some(401));

    let _ = child.kill();
    let mut log = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut log);
    }
    let _ = child.wait();
    assert!(
        log.contains("method=POST path=/api/v1/ihrebank/identifications/bin-1/start status=201"),
        "{log}"
    );
    assert!(
        log.contains("path=/api/v1/ihrebank/login status=401"),
        "{log}"
    );
    assert!(!log.contains(CANARY), "a request body reached the log");
    assert!(!log.contains("bin-key"), "the API key reached the log");
}
