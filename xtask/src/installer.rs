//! Installers: `cargo xtask bundle` builds the `.deb` and `.rpm` with the very command the
//! release workflow runs on every OS (taken from `.github/workflows/release.yml`, so a
//! broken release command fails here first) and records their sizes in
//! `docs/benchmarks.md`; the installer test installs the `.deb` with apt, drives the
//! installed app in a real window, and removes it again. Its release build runs in the
//! background, from a copy of the working tree, while the other checks run.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::launch::{Launch, desktop_launch, parse_exec};
use crate::prereqs::apt;
use crate::process::{Background, Cmd};

const INSTALLED_BINARY: &str = "/usr/bin/identdesk";
/// The desktop entry the `.deb` installs (Tauri names it after the product).
const INSTALLED_DESKTOP_ENTRY: &str = "/usr/share/applications/IdentDesk.desktop";
/// The heading of the part of docs/benchmarks.md this module writes.
pub const INSTALLER_SECTION: &str = "## Installer size";
/// The size the `.deb` should stay under (issue: ≤ 12 MB).
const DEB_BUDGET_BYTES: u64 = 12 * 1000 * 1000;
/// The bundles the release command builds here (AppImage tooling downloads from GitHub,
/// which this machine cannot reach).
const BUNDLE_ARGS: &str = "--bundles deb,rpm";

pub struct Bundles {
    pub deb: PathBuf,
    pub rpm: PathBuf,
}

/// Builds the installers from the working tree, now.
pub fn bundle(root: &Path) -> Result<Bundles> {
    release_build(root, root)?.run()?;
    built_bundles(root)
}

/// Starts the installer test's release build in the background, from a copy of the working
/// tree taken now, into the same target folder; [`test`] waits for it.
pub fn start_test_build(root: &Path) -> Result<Background> {
    let target = crate::target_dir(root);
    let source = target.join("installer-source");
    crate::snapshot::copy_working_tree(root, &source)?;
    release_build(root, &source)?
        .env("CARGO_TARGET_DIR", &target)
        .spawn_in_background(&target.join("installer-build.log"))
}

/// The release workflow's build command, run in `source` (the working tree or a copy of it).
fn release_build(root: &Path, source: &Path) -> Result<Cmd> {
    crate::prereqs::npm_ci(&root.join("ui"))?;
    let command = crate::release::linux_build_command(source, BUNDLE_ARGS)?;
    Ok(Cmd::new("bash").args(["-c", command.as_str()]).dir(source))
}

/// The installers in the target folder, their sizes recorded.
fn built_bundles(root: &Path) -> Result<Bundles> {
    let bundles = Bundles {
        deb: find(&crate::target_dir(root).join("release/bundle/deb"), "deb")?,
        rpm: find(&crate::target_dir(root).join("release/bundle/rpm"), "rpm")?,
    };
    record_sizes(root, &bundles)?;
    Ok(bundles)
}

fn find(dir: &Path, extension: &str) -> Result<PathBuf> {
    std::fs::read_dir(dir)
        .with_context(|| format!("no bundle folder {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(|path| path.extension().is_some_and(|e| e == extension))
        .with_context(|| format!("no .{extension} in {}", dir.display()))
}

fn size(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)?.len())
}

/// Replaces the "Installer size" section of docs/benchmarks.md (or adds it).
fn record_sizes(root: &Path, bundles: &Bundles) -> Result<()> {
    let (deb, rpm) = (size(&bundles.deb)?, size(&bundles.rpm)?);
    let mb = |bytes: u64| bytes as f64 / 1_000_000.0;
    let verdict = if deb <= DEB_BUDGET_BYTES {
        "met"
    } else {
        "**missed**"
    };
    let section = format!(
        "{INSTALLER_SECTION}\n\nWritten by `cargo xtask bundle` (release profile: LTO, `opt-level = \"s\"`, stripped).\n\n\
| installer | size | budget | |\n|---|---|---|---|\n\
| `.deb` | {:.1} MB | ≤ 12 MB | {verdict} |\n| `.rpm` | {:.1} MB | – | |\n",
        mb(deb),
        mb(rpm)
    );
    let path = root.join("docs/benchmarks.md");
    let current = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n".into());
    let kept = match current.find(INSTALLER_SECTION) {
        Some(start) => {
            let rest = &current[start + 1..];
            let end = rest
                .find("\n## ")
                .map_or(current.len(), |i| start + 1 + i + 1);
            format!("{}{}", &current[..start], &current[end..])
        }
        None => current,
    };
    std::fs::write(&path, format!("{}\n\n{section}", kept.trim_end()))?;
    eprintln!(
        "xtask: .deb {:.1} MB, .rpm {:.1} MB (recorded in docs/benchmarks.md)",
        mb(deb),
        mb(rpm)
    );
    Ok(())
}

/// Waits for `build` (from [`start_test_build`]), installs the `.deb`, runs the window test
/// against the installed binary, removes it.
pub fn test(root: &Path, build: Background) -> Result<()> {
    build.wait()?;
    let bundles = built_bundles(root)?;
    let package = Cmd::new("dpkg-deb")
        .args(["--field"])
        .args([bundles.deb.as_os_str(), "Package".as_ref()])
        .output()?
        .trim()
        .to_owned();
    apt(&["install", "-y", "-qq"]).args([&bundles.deb]).run()?;
    let installed = Path::new(INSTALLED_BINARY).exists();
    let drove = if installed {
        installed_launch(root).and_then(|launch| {
            crate::e2e::run_suite(
                root,
                Path::new(INSTALLED_BINARY),
                &["create-identification.test.mjs"],
                &launch,
            )
        })
    } else {
        Ok(())
    };
    apt(&["remove", "-y", "-qq", &package]).run()?;
    if !installed {
        bail!("the .deb did not install {INSTALLED_BINARY}");
    }
    drove?;
    if Path::new(INSTALLED_BINARY).exists() {
        bail!("{INSTALLED_BINARY} is still there after removing {package}");
    }
    Ok(())
}

/// How the installed desktop entry starts the app: the template's environment, running the
/// installed binary. The window test then starts it the same way and checks the options
/// reached WebKit's web process.
fn installed_launch(root: &Path) -> Result<Launch> {
    let entry = std::fs::read_to_string(INSTALLED_DESKTOP_ENTRY)
        .with_context(|| format!("the .deb did not install {INSTALLED_DESKTOP_ENTRY}"))?;
    let launch = parse_exec(&entry).with_context(|| format!("in {INSTALLED_DESKTOP_ENTRY}"))?;
    let expected = desktop_launch(root)?;
    if launch.environment != expected.environment
        || Path::new("/usr/bin").join(&launch.program) != Path::new(INSTALLED_BINARY)
    {
        bail!(
            "{INSTALLED_DESKTOP_ENTRY} runs {launch:?}, not {INSTALLED_BINARY} with the template's environment {:?}",
            expected.environment
        );
    }
    Ok(launch)
}
