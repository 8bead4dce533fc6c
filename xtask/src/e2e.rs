//! The end-to-end run: the real app binary in a real window under Xvfb, driven through
//! tauri-driver and WebKitWebDriver by `tests/e2e`, inside a private keyring session, on a
//! temporary data folder.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::prereqs::{npm_ci, tauri_driver_path};
use crate::process::{Cmd, in_keyring_session};

pub fn run(root: &Path) -> Result<()> {
    Cmd::new("cargo")
        .args(["build", "-p", "identdesk"])
        .dir(root)
        .run()?;
    let app = root.join("target/debug").join(crate::exe("identdesk"));
    let driver = tauri_driver_path().context("tauri-driver is not installed")?;
    let e2e = root.join("tests/e2e");
    npm_ci(&e2e)?;

    let data_dir = std::env::temp_dir().join(format!("identdesk-e2e-{}", std::process::id()));
    let artifacts = e2e.join("artifacts");
    std::fs::create_dir_all(&artifacts)?;
    let real_profile = real_profile_dir();
    let profile_existed = real_profile.as_deref().is_some_and(Path::exists);

    let result = in_keyring_session(
        Cmd::new("xvfb-run")
            .args(["-a", "-s", "-screen 0 1400x900x24", "npm", "test"])
            .env("IDENTDESK_APP", &app)
            .env("TAURI_DRIVER", &driver)
            .env("IDENTDESK_DATA_DIR", &data_dir)
            .env("E2E_ARTIFACTS", &artifacts)
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .dir(&e2e),
    );
    let _ = std::fs::remove_dir_all(&data_dir);
    result?;
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
