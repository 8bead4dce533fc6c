//! What the machine needs before building or testing, installed when missing: Debian
//! packages (with sudo when not root), Node.js, npm packages, tauri-driver.

use std::path::Path;

use anyhow::{Result, bail};

use crate::process::Cmd;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Run,
    Test,
}

/// Tauri's build and run-time libraries on Debian/Ubuntu.
const BUILD_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "file",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libxdo-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libdbus-1-dev",
];

/// What the tests add: a virtual display, WebKit's WebDriver, a Secret Service, D-Bus, and
/// `xclip` to read back what the copy buttons put on the clipboard.
const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "imagemagick",
    "webkit2gtk-driver",
    "gnome-keyring",
    "dbus-x11",
    "keyutils",
    "xclip",
];

pub fn ensure(purpose: Purpose) -> Result<()> {
    ensure_node()?;
    if cfg!(target_os = "linux") {
        let mut wanted: Vec<&str> = BUILD_PACKAGES.to_vec();
        if purpose == Purpose::Test {
            wanted.extend(TEST_PACKAGES);
        }
        ensure_debian_packages(&wanted)?;
        if purpose == Purpose::Test {
            ensure_tauri_driver()?;
        }
    } else if cfg!(target_os = "macos") {
        if !Cmd::new("xcode-select").args(["-p"]).succeeds() {
            bail!("Install Xcode's command line tools first: `xcode-select --install`.");
        }
    } else if cfg!(target_os = "windows") {
        eprintln!(
            "xtask: Windows needs the Microsoft C++ Build Tools and WebView2 (preinstalled on Windows 10/11); see https://tauri.app/start/prerequisites/ if the build fails."
        );
    }
    Ok(())
}

fn ensure_node() -> Result<()> {
    let version = Cmd::new("node")
        .args(["--version"])
        .output()
        .unwrap_or_default();
    let major: u32 = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 20 {
        bail!(
            "Node.js 20 or newer is needed to build the UI (found: {:?}). Install it from your package manager or nodejs.org.",
            version.trim()
        );
    }
    Ok(())
}

fn ensure_debian_packages(wanted: &[&str]) -> Result<()> {
    if !Cmd::new("dpkg-query").args(["--version"]).succeeds() {
        eprintln!(
            "xtask: not a Debian-like system; make sure these (or your distribution's equivalents) are installed: {}",
            wanted.join(" ")
        );
        return Ok(());
    }
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|pkg| {
            let status = Cmd::new("dpkg-query")
                .args(["-W", "-f=${Status}", pkg])
                .output()
                .unwrap_or_default();
            !status.contains("install ok installed")
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian packages: {}", missing.join(" "));
    apt(&["update", "-qq"]).run()?;
    apt(&["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .run()
}

fn ensure_tauri_driver() -> Result<()> {
    if tauri_driver_path().is_some() {
        return Ok(());
    }
    eprintln!("xtask: installing tauri-driver");
    Cmd::new("cargo")
        .args(["install", "tauri-driver", "--locked", "--version", "^2"])
        .run()
}

/// tauri-driver on PATH or in cargo's bin folder.
pub fn tauri_driver_path() -> Option<std::path::PathBuf> {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map(|home| home.join("bin").join(crate::exe("tauri-driver")));
    if let Some(path) = cargo_bin.filter(|p| p.exists()) {
        return Some(path);
    }
    let on_path = Cmd::new("which")
        .args(["tauri-driver"])
        .output()
        .unwrap_or_default();
    let on_path = on_path.trim();
    (!on_path.is_empty()).then(|| std::path::PathBuf::from(on_path))
}

/// `npm ci` unless node_modules is already installed from the current lock file.
pub fn npm_ci(dir: &Path) -> Result<()> {
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = matches!((modified(&installed), modified(&lock)), (Some(i), Some(l)) if i >= l);
    if fresh {
        return Ok(());
    }
    Cmd::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .dir(dir)
        .run()
}

/// `apt-get ARGS`, through sudo unless this is root, without questions.
pub fn apt(args: &[&str]) -> Cmd {
    let root = Cmd::new("id")
        .args(["-u"])
        .output()
        .unwrap_or_default()
        .trim()
        == "0";
    let cmd = if root {
        Cmd::new("apt-get")
    } else {
        Cmd::new("sudo").args(["apt-get"])
    };
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive")
}
