//! The end-to-end run: the real app binary in a real window under Xvfb, driven through
//! tauri-driver and WebKitWebDriver by `tests/e2e`, inside a private keyring session. Each
//! app start gets a temporary data folder (tests/e2e/driver.mjs); a run that touched the
//! officer's real profile fails.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::keyring_session::in_keyring_session;
use crate::launch::Launch;
use crate::prereqs::{npm_ci, tauri_driver_path};
use crate::process::Cmd;

/// Builds what the end-to-end tests start: the debug app with its file-dialog hook, and the
/// helpers.
pub fn build(root: &Path) -> Result<()> {
    build_app_and_helpers(root, &["--features", "identdesk/e2e-files"])
}

/// Builds the debug app (nothing to compile when [`build`] ran: cargo only puts these builds
/// back in `target/debug`, where a build with other features may have put its own) and runs
/// every end-to-end test against it, started as the packages' desktop entry starts it.
pub fn run(root: &Path) -> Result<()> {
    build(root)?;
    let app = crate::target_dir(root)
        .join("debug")
        .join(crate::exe("identdesk"));
    run_suite(root, &app, &[], &crate::launch::desktop_launch(root)?)
}

/// Debug builds of the app (with `app_features`), the CLI, the sandbox and the throwaway
/// PostgreSQL helper: what the window tests and `cargo xtask team` start. One build, so the
/// crates they share are compiled once with one set of features (the helper's
/// `test-support` only adds test helpers to the team crate).
pub fn build_app_and_helpers(root: &Path, app_features: &[&str]) -> Result<()> {
    Cmd::new("cargo")
        .args(["build", "--bins"])
        .args([
            "-p",
            "identdesk",
            "-p",
            "identdesk-cli",
            "-p",
            "idnow-sandbox",
        ])
        .args([
            "-p",
            "identdesk-team",
            "--features",
            "identdesk-team/test-support",
        ])
        .args(app_features)
        .dir(root)
        .run()
}

/// Runs the end-to-end `files` (all when empty) against `app`, which every test starts with
/// `launch`'s environment (tests/e2e/driver.mjs).
pub fn run_suite(root: &Path, app: &Path, files: &[&str], launch: &Launch) -> Result<()> {
    let driver = tauri_driver_path().context("tauri-driver is not installed")?;
    let e2e = root.join("tests/e2e");
    npm_ci(&e2e)?;
    let artifacts = e2e.join("artifacts");
    std::fs::create_dir_all(&artifacts)?;
    let real_profile = real_profile_dir();
    let profile_existed = real_profile.as_deref().is_some_and(Path::exists);

    let runner: Vec<&str> = if files.is_empty() {
        vec!["npm", "test"]
    } else {
        [&["node", "--test", "--test-concurrency=1"][..], files].concat()
    };
    // A window that never closes must not hang CI: 15 minutes is far more than the suite needs.
    in_keyring_session(
        Cmd::new("timeout")
            .args([
                "--kill-after=15",
                "900",
                "xvfb-run",
                "-a",
                "-s",
                "-screen 0 1400x900x24",
            ])
            .args(runner)
            .env("IDENTDESK_APP", app)
            .env("IDENTDESK_LAUNCH_ENV", launch.environment_words())
            .env("IDENTDESK_BIN_DIR", crate::target_dir(root).join("debug"))
            .env("TAURI_DRIVER", &driver)
            .env("E2E_ARTIFACTS", &artifacts)
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .dir(&e2e),
    )?;
    if !profile_existed && real_profile.as_deref().is_some_and(Path::exists) {
        bail!(
            "the end-to-end run wrote to the real profile folder {real_profile:?}; tests must use IDENTDESK_DATA_DIR"
        );
    }
    Ok(())
}

/// The folder an officer's IdentDesk would use on this machine.
fn real_profile_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("HOME").map(|home| Path::new(&home).join(".local/share/identdesk"))
}
