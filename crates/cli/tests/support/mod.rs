//! Running `identdesk-cli` as a user does, for the CLI's tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// Starts `identdesk-cli --data-dir DIR ARGS…` with `stdin` piped in.
pub fn spawn(data_dir: &Path, args: &[&str], stdin: &str, envs: &[(&str, &str)]) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_identdesk-cli"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        // The test run's own keychain service, never the officer's entries.
        .env(
            identdesk_core::KEYCHAIN_SERVICE_ENV,
            identdesk_core::Keychain::for_tests().service(),
        )
        .envs(envs.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    child
}

/// Runs the command to its end.
pub fn cli(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    spawn(data_dir, args, stdin, &[])
        .wait_with_output()
        .unwrap()
}

/// The command succeeded; its standard output as text.
pub fn text(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The command succeeded; its standard output as JSON.
pub fn json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

/// The cache a CLI run left, opened in this process with the same keychain service.
pub async fn open_core(data_dir: &Path) -> identdesk_core::Result<identdesk_core::Core> {
    identdesk_core::Core::open(
        data_dir,
        identdesk_core::CoreOptions::for_tests(std::sync::Arc::new(identdesk_core::SystemClock)),
    )
    .await
}

/// `identdesk-cli account add` of a white-label account "Bank" (company `ihrebank`) on
/// `gateway`, the key on standard input; panics with the CLI's error if refused.
pub fn add_bank(data_dir: &Path, gateway: &str, key: &str) {
    let added = cli(
        data_dir,
        &[
            "account",
            "add",
            "--name",
            "Bank",
            "--company-id",
            "ihrebank",
            "--gateway-url",
            gateway,
            "--api-key-stdin",
        ],
        key,
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
}
