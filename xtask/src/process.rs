//! Running child commands with their output shown, failing on a non-zero exit.

use std::ffi::OsStr;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

pub struct Cmd {
    command: Command,
    shown: String,
}

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let shown = program.as_ref().to_string_lossy().into_owned();
        Self {
            command: Command::new(platform_program(program.as_ref(), cfg!(windows))),
            shown,
        }
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for arg in args {
            self.shown.push(' ');
            self.shown.push_str(&arg.as_ref().to_string_lossy());
            self.command.arg(arg);
        }
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    pub fn dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    pub fn run(mut self) -> Result<()> {
        eprintln!("xtask: $ {}", self.shown);
        let status = self
            .command
            .status()
            .with_context(|| format!("could not start `{}`", self.shown))?;
        if !status.success() {
            bail!("`{}` failed ({status})", self.shown);
        }
        Ok(())
    }

    /// True when the command exits 0; its output is discarded.
    pub fn succeeds(mut self) -> bool {
        self.command
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    pub fn output(mut self) -> Result<String> {
        let out = self
            .command
            .output()
            .with_context(|| format!("could not start `{}`", self.shown))?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Starts the command at the lowest CPU priority and returns at once: it only takes the
    /// time the checks running meanwhile leave unused. Its output goes to `log`, which
    /// [`Background::wait`] prints, so it does not interleave with theirs.
    pub fn spawn_in_background(self, log: &Path) -> Result<Background> {
        #[cfg(unix)]
        let mut background = self.wrapped_in(
            "nice",
            ["-n", "19"],
            "in the background, at the lowest priority",
        );
        // (No `nice` elsewhere; only the Linux installer test starts one.)
        #[cfg(not(unix))]
        let mut background = self;
        let output = File::create(log).with_context(|| format!("creating {}", log.display()))?;
        background
            .command
            .stdout(output.try_clone()?)
            .stderr(output)
            .stdin(Stdio::null());
        // Its own process group, so stopping it stops the programs it started too.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut background.command, 0);
        eprintln!("xtask: $ {} (output: {})", background.shown, log.display());
        let child = background
            .command
            .spawn()
            .with_context(|| format!("could not start `{}`", background.shown))?;
        Ok(Background {
            child,
            shown: background.shown,
            log: log.to_owned(),
        })
    }

    /// This command run by `program leading_args…`, which is given it as its last arguments
    /// (its folder and environment move to the wrapper); shown as `label` and the command.
    pub fn wrapped_in<I, S>(self, program: &str, leading_args: I, label: &str) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let inner = self.command;
        let mut wrapped = Command::new(program);
        wrapped
            .args(leading_args)
            .arg(inner.get_program())
            .args(inner.get_args());
        if let Some(dir) = inner.get_current_dir() {
            wrapped.current_dir(dir);
        }
        for (key, value) in inner.get_envs() {
            match value {
                Some(value) => wrapped.env(key, value),
                None => wrapped.env_remove(key),
            };
        }
        Self {
            command: wrapped,
            shown: format!("[{label}] {}", self.shown),
        }
    }
}

/// A command started by [`Cmd::spawn_in_background`]. Dropped before it was waited for (a
/// check failed meanwhile), it is stopped with everything it started.
pub struct Background {
    child: Child,
    shown: String,
    log: PathBuf,
}

impl Background {
    /// Waits for the command, prints its output, and fails when it failed.
    pub fn wait(mut self) -> Result<()> {
        eprintln!("xtask: waiting for `{}`", self.shown);
        let status = self.child.wait()?;
        let output = std::fs::read_to_string(&self.log).unwrap_or_default();
        eprintln!("xtask: output of `{}`:\n{output}", self.shown);
        if !status.success() {
            bail!("`{}` failed ({status})", self.shown);
        }
        Ok(())
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        // Waited for (or ended by itself): nothing left to stop.
        if !matches!(self.child.try_wait(), Ok(None)) {
            return;
        }
        eprintln!("xtask: stopping `{}`", self.shown);
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.child.id())])
            .status();
        #[cfg(not(unix))]
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The program to start for `program` on this OS. On Windows `npm` and `npx` are batch
/// files (`npm.cmd`), which `std::process::Command` does not find by their bare name.
fn platform_program(program: &OsStr, windows: bool) -> std::ffi::OsString {
    const BATCH_SHIMS: &[&str] = &["npm", "npx"];
    match program.to_str() {
        Some(name) if windows && BATCH_SHIMS.contains(&name) => format!("{name}.cmd").into(),
        _ => program.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npm_is_started_through_its_batch_file_on_windows_only() {
        let on = |name: &str, windows| platform_program(OsStr::new(name), windows);
        assert_eq!(on("npm", true), "npm.cmd");
        assert_eq!(on("npx", true), "npx.cmd");
        assert_eq!(on("cargo", true), "cargo");
        assert_eq!(on("node", true), "node");
        assert_eq!(on("npm", false), "npm");
    }

    #[test]
    fn a_wrapped_command_keeps_its_arguments_folder_and_environment() {
        let wrapped = Cmd::new("cargo")
            .args(["test", "--workspace"])
            .env("IDENTDESK_X", "1")
            .dir(Path::new("/tmp"))
            .wrapped_in("dbus-run-session", ["--"], "keyring session");
        let command = &wrapped.command;
        assert_eq!(command.get_program(), "dbus-run-session");
        let args: Vec<&OsStr> = command.get_args().collect();
        assert_eq!(args, ["--", "cargo", "test", "--workspace"]);
        assert_eq!(command.get_current_dir(), Some(Path::new("/tmp")));
        let envs: Vec<_> = command.get_envs().collect();
        assert_eq!(envs, [(OsStr::new("IDENTDESK_X"), Some(OsStr::new("1")))]);
        assert_eq!(wrapped.shown, "[keyring session] cargo test --workspace");
    }

    #[cfg(unix)]
    #[test]
    fn a_background_command_keeps_its_output_for_the_wait_and_its_failure_is_an_error() -> Result<()>
    {
        let dir = tempfile::tempdir()?;
        let log = dir.path().join("out.log");
        let failing = Cmd::new("sh")
            .args(["-c", "echo built half; echo broken >&2; exit 3"])
            .spawn_in_background(&log)?;
        let error = failing
            .wait()
            .err()
            .context("a failed command must fail the wait")?;
        assert!(error.to_string().contains("failed"), "{error}");
        let output = std::fs::read_to_string(&log)?;
        assert!(
            output.contains("built half") && output.contains("broken"),
            "{output}"
        );

        let nice = Cmd::new("sh")
            .args(["-c", "ps -o ni= -p $$"])
            .spawn_in_background(&log)?;
        nice.wait()?;
        assert_eq!(std::fs::read_to_string(&log)?.trim(), "19");
        Ok(())
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_background_command_dropped_unwaited_stops_with_what_it_started() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let pid_file = dir.path().join("grandchild.pid");
        let script = format!("sleep 60 & echo $! > {}; wait", pid_file.display());
        let running = Cmd::new("sh")
            .args(["-c", script.as_str()])
            .spawn_in_background(&dir.path().join("out.log"))?;
        let grandchild = wait_for(|| {
            let text = std::fs::read_to_string(&pid_file).ok()?;
            text.trim().parse::<u32>().ok()
        })
        .context("the command did not start its child")?;
        assert!(alive(grandchild));
        drop(running);
        assert!(
            wait_for(|| (!alive(grandchild)).then_some(())).is_some(),
            "the background command's own child is still running"
        );
        Ok(())
    }

    /// Running: there, and not a zombie waiting for its parent to reap it.
    #[cfg(target_os = "linux")]
    fn alive(pid: u32) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| Some(stat.rsplit_once(") ")?.1.starts_with('Z')))
            .is_some_and(|zombie| !zombie)
    }

    /// What `check` returns within five seconds, asked every 20 ms.
    #[cfg(target_os = "linux")]
    fn wait_for<T>(check: impl Fn() -> Option<T>) -> Option<T> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            match check() {
                Some(value) => return Some(value),
                None if std::time::Instant::now() > deadline => return None,
                None => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    }
}
