//! `cargo xtask run | test | bindings`: IdentDesk's own tooling. Each command installs what
//! a fresh machine is missing (Debian packages, npm packages, tauri-driver) before it works.

mod bench;
mod bench_scale;
mod e2e;
mod installer;
mod keyring_session;
mod launch;
mod prereqs;
mod process;
mod release;
mod snapshot;
mod team;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use keyring_session::in_keyring_session;
use process::Cmd;

const USAGE: &str = "usage: cargo xtask <run | test | team | bench | bundle | bindings>
  run       install what is missing, build the UI and the app, open the window
  team      a throwaway team workspace (PostgreSQL on loopback) with officers alice and bob,
            and a window signed in as each
  test      install what is missing, then every check CI runs, failing on the first red
  bench     release-build measurements against the sandbox, written to docs/benchmarks.md
  bundle    the .deb and .rpm installers (sizes recorded in docs/benchmarks.md)
  bindings  regenerate ui/src/platform/bindings.ts from the Rust commands";

fn main() -> Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    let root = repo_root()?;
    match task.as_str() {
        "run" => run(&root),
        "test" => test(&root),
        "bench" => {
            prereqs::ensure(prereqs::Purpose::Test)?;
            build_ui(&root)?;
            bench::run(&root)
        }
        "bundle" => {
            prereqs::ensure(prereqs::Purpose::Run)?;
            installer::bundle(&root).map(|_| ())
        }
        "bindings" => bindings(&root),
        "team" => {
            prereqs::ensure(prereqs::Purpose::Run)?;
            if cfg!(target_os = "linux") {
                prereqs::ensure_debian_packages(&["postgresql"])?;
            }
            build_ui(&root)?;
            team::run(&root)
        }
        _ => bail!("{USAGE}"),
    }
}

fn repo_root() -> Result<PathBuf> {
    let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask_dir
        .parent()
        .map(Path::to_path_buf)
        .context("xtask must live one folder below the repository root")
}

fn run(root: &Path) -> Result<()> {
    prereqs::ensure(prereqs::Purpose::Run)?;
    build_ui(root)?;
    Cmd::new("cargo")
        .args(["build", "-p", "identdesk"])
        .dir(root)
        .run()?;
    let binary = target_dir(root).join("debug").join(exe("identdesk"));
    // Started as the packages' desktop entry starts it (the options only matter on Linux).
    let mut app = Cmd::new(&binary).dir(root);
    for (name, value) in launch::desktop_launch(root)?.environment {
        app = app.env(&name, value);
    }
    app.run()
}

fn test(root: &Path) -> Result<()> {
    prereqs::ensure(prereqs::Purpose::Test)?;
    build_ui(root)?;
    step("cargo fmt --check");
    Cmd::new("cargo")
        .args(["fmt", "--all", "--check"])
        .dir(root)
        .run()?;
    step("cargo clippy");
    Cmd::new("cargo")
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .dir(root)
        .run()?;
    // The workspace's features are unified (the tests and the bench turn on `test-support`),
    // so what only they use passes above; the app and the CLI as shipped are linted alone.
    step("cargo clippy, the app and the CLI as shipped");
    Cmd::new("cargo")
        .args([
            "clippy",
            "-p",
            "identdesk",
            "-p",
            "identdesk-cli",
            "--",
            "-D",
            "warnings",
        ])
        .dir(root)
        .run()?;
    step("build the workspace's tests, and what the end-to-end tests start");
    Cmd::new("cargo")
        .args(["test", "--workspace", "--no-run"])
        .dir(root)
        .run()?;
    if cfg!(target_os = "linux") {
        e2e::build(root)?;
    }
    // The installer test's release build is the longest single step. The checks from here on
    // build nothing and leave a core idle much of the time (tests waiting on PostgreSQL, the
    // gateway, the window), so it runs beside them at the lowest priority, and the installer
    // test waits for it at the end. (Started beside the builds above, it slowed them by as
    // much as it gained.)
    let installer_build = if cfg!(target_os = "linux") && installer_testable() {
        step("installer: the release build starts in the background");
        Some(installer::start_test_build(root)?)
    } else {
        None
    };
    step(
        "workspace tests (real SQLite, Secret Service keychain, sandbox over loopback, bindings drift)",
    );
    // PostgreSQL was installed above: a team test that cannot find it fails, never skips.
    in_keyring_session(
        Cmd::new("cargo")
            .args(["test", "--workspace"])
            .env("IDENTDESK_REQUIRE_POSTGRES", "1")
            .dir(root),
    )?;
    if cfg!(target_os = "linux") {
        // Above: PostgreSQL 15 (Debian's), init by the superuser. Here the team suites again
        // on PostgreSQL 18, init by a managed server's non-superuser CREATEROLE role.
        step("team workspace on PostgreSQL 18, set up by a non-superuser CREATEROLE administrator");
        let postgres_18 = prereqs::ensure_postgres_18(&target_dir(root))?;
        // `--workspace`, as above, so the features are the same and nothing is built again.
        in_keyring_session(
            Cmd::new("cargo")
                .args([
                    "test",
                    "--workspace",
                    "--test",
                    "workspace",
                    "--test",
                    "insider",
                    "--test",
                    "migrations",
                    "--test",
                    "team_flows",
                ])
                .env("IDENTDESK_REQUIRE_POSTGRES", "1")
                .env("IDENTDESK_POSTGRES_BIN", &postgres_18)
                .env("IDENTDESK_TEAM_INIT_AS", "managed")
                .dir(root),
        )?;
    }
    let ui = root.join("ui");
    step("UI: tsc --noEmit, eslint, vitest");
    Cmd::new("npm").args(["run", "typecheck"]).dir(&ui).run()?;
    Cmd::new("npm").args(["run", "lint"]).dir(&ui).run()?;
    Cmd::new("npm").args(["test"]).dir(&ui).run()?;
    step("workflows (release, CI): schema check");
    Cmd::new("npm")
        .args(["run", "lint:workflows"])
        .dir(&ui)
        .run()?;
    if cfg!(target_os = "linux") {
        step("end-to-end: the real window under Xvfb through tauri-driver + WebKitWebDriver");
        e2e::run(root)?;
        if let Some(build) = installer_build {
            step(
                "installer: the .deb from the release build, installed, the installed app driven, removed",
            );
            installer::test(root, build)?;
        }
    } else {
        eprintln!(
            "xtask: end-to-end tests need tauri-driver with WebKitWebDriver, which runs on Linux only; skipped here."
        );
    }
    eprintln!("xtask: all checks passed");
    Ok(())
}

/// The installer test needs Debian's package tools.
fn installer_testable() -> bool {
    Cmd::new("dpkg-deb").args(["--version"]).succeeds()
}

fn bindings(root: &Path) -> Result<()> {
    Cmd::new("cargo")
        .args(["test", "-p", "identdesk", "--lib", "bindings"])
        .env("IDENTDESK_WRITE_BINDINGS", "1")
        .dir(root)
        .run()
}

/// `npm ci` when the lock file changed since the last install, then `vite build`.
fn build_ui(root: &Path) -> Result<()> {
    let ui = root.join("ui");
    prereqs::npm_ci(&ui)?;
    step("UI build");
    Cmd::new("npm").args(["run", "build"]).dir(&ui).run()
}

fn step(name: &str) {
    eprintln!("\nxtask: ── {name}");
}

/// Cargo's target folder: `CARGO_TARGET_DIR` when set, else `target/` in the repository.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map_or_else(
            || root.join("target"),
            |dir| {
                if dir.is_absolute() {
                    dir
                } else {
                    root.join(dir)
                }
            },
        )
}

fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}
