//! A real OS keychain for tests that never touches the developer's own: on Linux, a private
//! D-Bus session whose Secret Service is a gnome-keyring on throwaway files, unlocked.
//! Elsewhere the command runs as it is, with the user's own keychain.

#[cfg(target_os = "linux")]
pub use linux::in_keyring_session;

/// Runs `cmd` as it is: only Linux has a keychain a test session can bring up by itself.
#[cfg(not(target_os = "linux"))]
pub fn in_keyring_session(cmd: crate::process::Cmd) -> anyhow::Result<()> {
    cmd.run()
}

#[cfg(target_os = "linux")]
mod linux {
    use std::fs;
    use std::os::unix::fs::DirBuilderExt;
    use std::path::{Path, PathBuf};

    use anyhow::{Context, Result};

    use crate::process::Cmd;

    /// The throwaway login keyring's password.
    const PASSWORD: &str = "identdesk-test";

    /// Runs `cmd` inside a private D-Bus session with its own gnome-keyring and its own kernel
    /// session keyring; the keyring files live in a fresh temporary `XDG_DATA_HOME`.
    ///
    /// The daemon is not started by hand but by D-Bus on the first Secret Service call, from
    /// this session's own service file, which unlocks it. So a daemon that dies mid-run (CI
    /// once saw gnome-keyring go away during a test) comes back on the same files and unlocked,
    /// instead of D-Bus starting the system's one on the home folder's keyring, locked, asking
    /// for a password no one can type.
    pub fn in_keyring_session(cmd: Cmd) -> Result<()> {
        let home = tempfile::Builder::new()
            .prefix("identdesk-keyring-")
            .tempdir()
            .context("could not create the keyring session's folder")?;
        let dirs = SessionDirs::create(home.path())?;
        let config = format!("--config-file={}", dirs.bus_config.display());
        let mut wrapped = cmd.wrapped_in(
            "dbus-run-session",
            [config.as_str(), "--", "keyctl", "session", "-"],
            "keyring session",
        );
        for (key, value) in dirs.environment() {
            wrapped = wrapped.env(key, value);
        }
        wrapped.run()
    }

    /// The session's folders and the files D-Bus reads.
    struct SessionDirs {
        runtime: String,
        data: String,
        config: String,
        bus_config: PathBuf,
    }

    impl SessionDirs {
        fn create(home: &Path) -> Result<Self> {
            let path = |name: &str| home.join(name).to_string_lossy().into_owned();
            let dirs = Self {
                runtime: path("runtime"),
                data: path("data"),
                config: path("config"),
                bus_config: home.join("bus.conf"),
            };
            let services = home.join("services");
            for dir in [&dirs.runtime, &dirs.data, &dirs.config] {
                create_private_dir(Path::new(dir))?;
            }
            create_private_dir(&services)?;
            let daemon = home.join("keyring-daemon.sh");
            fs::write(&daemon, daemon_script(&dirs))?;
            for name in ["org.freedesktop.secrets", "org.gnome.keyring"] {
                let service = format!(
                    "[D-BUS Service]\nName={name}\nExec=/bin/sh {}\n",
                    shell_quoted(&daemon.to_string_lossy())
                );
                fs::write(services.join(format!("{name}.service")), service)?;
            }
            fs::write(&dirs.bus_config, bus_config(&services))?;
            Ok(dirs)
        }

        fn environment(&self) -> [(&str, &str); 3] {
            [
                ("XDG_RUNTIME_DIR", self.runtime.as_str()),
                ("XDG_DATA_HOME", self.data.as_str()),
                ("XDG_CONFIG_HOME", self.config.as_str()),
            ]
        }
    }

    /// What D-Bus starts for the Secret Service: gnome-keyring on this session's folders,
    /// its login keyring unlocked with the throwaway password (created on the first start).
    fn daemon_script(dirs: &SessionDirs) -> String {
        let exports: Vec<String> = dirs
            .environment()
            .iter()
            .map(|(key, value)| format!("export {key}={}", shell_quoted(value)))
            .collect();
        format!(
            "#!/bin/sh\n{}\nprintf %s {PASSWORD} | exec gnome-keyring-daemon --foreground --unlock --components=secrets\n",
            exports.join("\n")
        )
    }

    /// The session bus's configuration: the system's session defaults, with this session's
    /// service folder first so its Secret Service wins over the installed one.
    fn bus_config(services: &Path) -> String {
        format!(
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
     "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
    <busconfig>
      <type>session</type>
      <keep_umask/>
      <listen>unix:tmpdir=/tmp</listen>
      <auth>EXTERNAL</auth>
      <servicedir>{}</servicedir>
      <standard_session_servicedirs/>
      <policy context="default">
        <allow send_destination="*" eavesdrop="true"/>
        <allow eavesdrop="true"/>
        <allow own="*"/>
      </policy>
    </busconfig>
    "#,
            services.display()
        )
    }

    fn shell_quoted(value: &str) -> String {
        format!("'{}'", value.replace('\'', r"'\''"))
    }

    /// A folder only this user can enter (gnome-keyring insists on it for its runtime folder).
    fn create_private_dir(dir: &Path) -> Result<()> {
        fs::DirBuilder::new()
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("could not create {}", dir.display()))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn paths_with_quotes_stay_one_word_in_the_daemon_script() {
            assert_eq!(shell_quoted("/tmp/a b"), "'/tmp/a b'");
            assert_eq!(shell_quoted("/tmp/it's"), r"'/tmp/it'\''s'");
        }

        /// Asks the session's Secret Service whether its default keyring is locked, stops the
        /// daemon that answered (found by its D-Bus name, so an outer session's is untouched),
        /// and asks again: D-Bus starts it anew, and it must answer unlocked.
        const RESTART_CHECK: &str = r#"
    set -eu
    locked() {
      dbus-send --session --print-reply --dest=org.freedesktop.secrets \
        /org/freedesktop/secrets/aliases/default org.freedesktop.DBus.Properties.Get \
        string:org.freedesktop.Secret.Collection string:Locked | grep -q 'boolean false' \
        || { echo "the default keyring is locked or missing" >&2; exit 1; }
    }
    daemon() {
      dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets \
        | awk '/uint32/ {print $2}'
    }
    locked
    first=$(daemon)
    kill "$first"
    while kill -0 "$first" 2>/dev/null; do sleep 0.1; done
    locked
    test "$(daemon)" != "$first"
    "#;

        #[test]
        #[cfg(target_os = "linux")]
        fn a_daemon_that_dies_comes_back_unlocked_on_the_same_files() {
            let check = Cmd::new("sh").args(["-c", RESTART_CHECK]);
            if let Err(err) = in_keyring_session(check) {
                panic!("{err:#}");
            }
        }
    }
}
