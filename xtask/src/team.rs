//! `cargo xtask team`: try the team workspace on this machine — a throwaway PostgreSQL
//! server under `target/team-try/` on a free loopback port with the workspace set up,
//! officers `alice` and `bob`, one sandbox gateway both share, and two windows (two data
//! folders) signed in as each. Everything stops when both windows are closed.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

const KEY: &str = "team-try-key";
const PASSWORD: &str = "team-try password";
/// The windows' and the command line's own keychain entries, never the officer's.
const KEYCHAIN_SERVICE: &str = "IdentDesk-team-try";

pub fn run(root: &Path) -> Result<()> {
    crate::e2e::build_app_and_helpers(root, &[])?;
    let bin = crate::target_dir(root).join("debug");
    // The windows start as the packages' desktop entry starts the app.
    let launch = crate::launch::desktop_launch(root)?;
    let place = crate::target_dir(root).join("team-try");
    if place.exists() {
        std::fs::remove_dir_all(&place)
            .with_context(|| format!("removing the last try in {}", place.display()))?;
    }
    std::fs::create_dir_all(&place)?;

    let mut sandbox = Command::new(bin.join(crate::exe("idnow-sandbox")))
        .args([
            "--company-id",
            "ihrebank",
            "--api-key",
            KEY,
            "--time-scale",
            "0.1",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the sandbox gateway")?;
    let (gateway, robots) = sandbox_urls(&mut sandbox)?;
    let mut workspace = Command::new(bin.join(crate::exe("team-throwaway")))
        .args(["--parent".as_ref(), place.as_os_str()])
        .args([
            "--password",
            PASSWORD,
            "--officer",
            "alice",
            "--officer",
            "bob",
        ])
        .args(["--register", "Bank", "ihrebank", &gateway])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the throwaway PostgreSQL server")?;
    let server = workspace_server(&mut workspace)?;

    let mut windows = Vec::new();
    for officer in ["alice", "bob"] {
        let data = place.join(officer);
        let cli = |args: &[&str], stdin: &str| -> Result<()> {
            let mut child = Command::new(bin.join(crate::exe("identdesk-cli")))
                .arg("--data-dir")
                .arg(&data)
                .args(args)
                .env("IDENTDESK_KEYCHAIN_SERVICE", KEYCHAIN_SERVICE)
                .stdin(Stdio::piped())
                .spawn()?;
            if let Some(mut input) = child.stdin.take() {
                input.write_all(stdin.as_bytes())?;
            }
            if !child.wait()?.success() {
                bail!("identdesk-cli {} failed for {officer}", args.join(" "));
            }
            Ok(())
        };
        cli(
            &[
                "account",
                "add",
                "--name",
                "Bank",
                "--company-id",
                "ihrebank",
                "--gateway-url",
                &gateway,
                "--api-url",
                &robots,
                "--api-key-stdin",
            ],
            KEY,
        )?;
        cli(
            &[
                "team",
                "join",
                "--url",
                &format!("postgres://{officer}@{server}"),
                "--password-stdin",
            ],
            PASSWORD,
        )?;
        windows.push(
            Command::new(bin.join(crate::exe("identdesk")))
                .envs(launch.environment.iter().cloned())
                .env("IDENTDESK_DATA_DIR", &data)
                .env("IDENTDESK_KEYCHAIN_SERVICE", KEYCHAIN_SERVICE)
                .spawn()
                .context("opening a window")?,
        );
    }
    eprintln!(
        "\nxtask: two windows: alice's and bob's (password \"{PASSWORD}\"), team workspace postgres://…@{server}.\n\
         First, in each window, Settings → Team: compare the colleague's key fingerprint with the other window's\n\
         and vouch for it (decisions count only with vouched keys). Then in alice's window create an identification on the account Bank with the scenario HAPPYPATH, start the\n\
         robots, sync after a few seconds, and propose to accept it; bob's window shows it waiting (filter\n\
         \"Waiting for me\") and confirms. Close both windows to stop the server and the sandbox."
    );
    for mut window in windows {
        let _ = window.wait();
    }
    drop(workspace.stdin.take());
    let _ = workspace.wait();
    let _ = sandbox.kill();
    let _ = sandbox.wait();
    Ok(())
}

fn sandbox_urls(sandbox: &mut Child) -> Result<(String, String)> {
    let stdout = sandbox.stdout.take().context("the sandbox's output")?;
    let mut lines = BufReader::new(stdout).lines();
    let mut url = |marker: &str| -> Result<String> {
        let line = lines.next().context("the sandbox ended")??;
        line.split(marker)
            .nth(1)
            .map(str::trim)
            .map(str::to_owned)
            .with_context(|| format!("unexpected sandbox line {line:?}"))
    };
    Ok((url("listening on ")?, url("robots on ")?))
}

fn workspace_server(workspace: &mut Child) -> Result<String> {
    let stdout = workspace.stdout.take().context("the server's output")?;
    let line = BufReader::new(stdout)
        .lines()
        .next()
        .context("the throwaway server ended before it was ready")??;
    let value: serde_json::Value =
        serde_json::from_str(&line).context("the throwaway server's line")?;
    value["server"]
        .as_str()
        .map(str::to_owned)
        .context("the throwaway server named no server")
}
