//! A throwaway PostgreSQL server for tests and `cargo xtask team`: `initdb` into a folder of
//! its own, started on a free loopback port with SCRAM authentication, a database
//! `identdesk`, and an administrator `admin`. As root (CI) the server runs as the
//! `postgres` user the Debian package creates, since `initdb` refuses to run as root.
//! Stopped (fast) when dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::target::Target;
use crate::{AdminSession, Credential, NewOfficer, OfficerRole, TlsPolicy};

pub const ADMIN: &str = "admin";
/// The non-superuser administrator a managed server gives (CREATEROLE, owns the database).
pub const MANAGED_ADMIN: &str = "dba";
/// The team's first administrator, made by `team init --admin`.
pub const TEAM_ADMIN: &str = "teamadmin";
/// `superuser` or `managed`: who runs `team init` in tests that do not say (the team suites
/// run once each way in `cargo xtask test`).
pub const INIT_ENV: &str = "IDENTDESK_TEAM_INIT_AS";

/// Who runs `team init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitAs {
    /// The server's superuser (a self-hosted server).
    Superuser,
    /// A non-superuser role with CREATEROLE that owns the database (a managed server).
    Managed,
}

impl InitAs {
    /// As `IDENTDESK_TEAM_INIT_AS` says; the superuser where it says nothing.
    pub fn from_env() -> InitAs {
        match std::env::var(INIT_ENV).as_deref() {
            Ok("managed") => InitAs::Managed,
            _ => InitAs::Superuser,
        }
    }
}
pub const DATABASE: &str = "identdesk";

/// Names the folder with PostgreSQL's server programs (else Debian's, then the PATH's).
pub const BIN_ENV: &str = "IDENTDESK_POSTGRES_BIN";
/// Set (as `cargo xtask test` does) to fail, not skip, where PostgreSQL is missing.
pub const REQUIRE_ENV: &str = "IDENTDESK_REQUIRE_POSTGRES";

/// Whether a test needing a PostgreSQL server should skip: only where the server programs
/// are missing and the run does not require them (hosted runners without PostgreSQL). Says
/// so on standard error.
pub fn skip_without_postgres(test: &str) -> bool {
    if bin_dir().is_some() {
        return false;
    }
    assert!(
        std::env::var_os(REQUIRE_ENV).is_none(),
        "{test}: PostgreSQL's server programs (initdb, pg_ctl) are not installed, and {REQUIRE_ENV} is set"
    );
    eprintln!(
        "SKIPPED {test}: PostgreSQL's server programs are not installed (set {BIN_ENV} to their folder)"
    );
    true
}

pub struct Throwaway {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    pub admin_password: String,
}

impl Throwaway {
    /// Starts a fresh server (about a second).
    pub fn start() -> std::io::Result<Throwaway> {
        Self::start_in(&std::env::temp_dir())
    }

    /// Starts a fresh server in a new folder under `parent`.
    pub fn start_in(parent: &Path) -> std::io::Result<Throwaway> {
        let bin = bin_dir().ok_or_else(|| {
            std::io::Error::other(
                "PostgreSQL's server programs (initdb, pg_ctl) are not installed: apt install postgresql",
            )
        })?;
        std::fs::create_dir_all(parent)?;
        let dir = tempfile::Builder::new()
            .prefix("identdesk-pg-")
            .tempdir_in(parent)?;
        let admin_password = format!("admin-{}", uuid::Uuid::new_v4().simple());
        let server = Throwaway {
            port: free_port()?,
            dir,
            bin,
            admin_password,
        };
        server.hand_to_server_user(server.dir.path())?;
        let pwfile = server.dir.path().join("pw");
        std::fs::write(&pwfile, format!("{}\n", server.admin_password))?;
        server.hand_to_server_user(&pwfile)?;
        server.run_server_tool(
            "initdb",
            &[
                "-D".as_ref(),
                server.data().as_os_str(),
                "-U".as_ref(),
                ADMIN.as_ref(),
                "--auth=scram-sha-256".as_ref(),
                format!("--pwfile={}", pwfile.display()).as_ref(),
                "-E".as_ref(),
                "UTF8".as_ref(),
                "--no-instructions".as_ref(),
            ],
        )?;
        std::fs::remove_file(&pwfile)?;
        server.start_again()?;
        server.psql_admin("postgres", &format!("CREATE DATABASE {DATABASE}"))?;
        Ok(server)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn folder(&self) -> &Path {
        self.dir.path()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// `user` on the workspace database.
    pub fn target(&self, user: &str) -> Target {
        Target {
            host: "127.0.0.1".into(),
            port: self.port,
            database: DATABASE.into(),
            user: user.into(),
        }
    }

    pub fn admin_target(&self) -> Target {
        self.target(ADMIN)
    }

    /// Makes the managed server's administrator (once): a login with CREATEROLE that owns
    /// the workspace's database and is no superuser. Its password is the superuser's.
    pub fn managed_admin(&self) -> std::io::Result<Target> {
        let exists = self.admin_value(&format!(
            "SELECT count(*) FROM pg_roles WHERE rolname = '{MANAGED_ADMIN}'"
        ))?;
        if exists == "0" {
            self.psql_admin(
                DATABASE,
                &format!(
                    "CREATE ROLE {MANAGED_ADMIN} LOGIN CREATEROLE NOSUPERUSER PASSWORD '{}';
                     ALTER DATABASE {DATABASE} OWNER TO {MANAGED_ADMIN};",
                    self.admin_password
                ),
            )?;
        }
        Ok(self.target(MANAGED_ADMIN))
    }

    /// `team init` as `who` with `TEAM_ADMIN` (password `password`) as the first
    /// administrator; that administrator's session.
    pub async fn init_workspace(
        &self,
        who: InitAs,
        password: &str,
    ) -> Result<AdminSession, Box<dyn std::error::Error + Send + Sync>> {
        let target = match who {
            InitAs::Superuser => self.admin_target(),
            InitAs::Managed => self.managed_admin()?,
        };
        let mut init =
            AdminSession::connect(&target, &self.admin_password, &TlsPolicy::Loopback).await?;
        init.init(Some(&NewOfficer {
            name: TEAM_ADMIN.into(),
            role: OfficerRole::Admin,
            credential: Credential::Password(password.into()),
        }))
        .await?;
        Ok(AdminSession::connect(&self.target(TEAM_ADMIN), password, &TlsPolicy::Loopback).await?)
    }

    /// Which PostgreSQL runs (`server_version_num`, e.g. 150018).
    pub fn version_num(&self) -> std::io::Result<u32> {
        self.admin_value("SHOW server_version_num")?
            .parse()
            .map_err(std::io::Error::other)
    }

    /// Starts the server (again, after `stop`).
    pub fn start_again(&self) -> std::io::Result<()> {
        let log = self.dir.path().join("server.log");
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        self.run_server_tool(
            "pg_ctl",
            &[
                "-D".as_ref(),
                self.data().as_os_str(),
                "-l".as_ref(),
                log.as_os_str(),
                "-w".as_ref(),
                "-o".as_ref(),
                options.as_ref(),
                "start".as_ref(),
            ],
        )
        .map(drop)
    }

    /// Stops the server (fast: open connections are cut).
    pub fn stop(&self) -> std::io::Result<()> {
        self.run_server_tool(
            "pg_ctl",
            &[
                "-D".as_ref(),
                self.data().as_os_str(),
                "-m".as_ref(),
                "fast".as_ref(),
                "-w".as_ref(),
                "stop".as_ref(),
            ],
        )
        .map(drop)
    }

    /// Runs SQL with psql as `user` (its password given) on the workspace database.
    pub fn psql(&self, user: &str, password: &str, sql: &str) -> std::io::Result<Output> {
        Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p"])
            .arg(self.port.to_string())
            .args(["-U", user, "-d", DATABASE, "-c", sql])
            .env("PGPASSWORD", password)
            .env_remove("PGPASSFILE")
            .stdin(Stdio::null())
            .output()
    }

    /// The first column of the first row of `sql`, run by the administrator (as text).
    pub fn admin_value(&self, sql: &str) -> std::io::Result<String> {
        let out = Command::new(self.bin.join("psql"))
            .args([
                "-X",
                "-q",
                "-t",
                "-A",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
            ])
            .arg(self.port.to_string())
            .args(["-U", ADMIN, "-d", DATABASE, "-c", sql])
            .env("PGPASSWORD", &self.admin_password)
            .stdin(Stdio::null())
            .output()?;
        check(&out, "psql")?;
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    /// Runs `sql` as the superuser on the workspace's database (benchmarks' bulk paths,
    /// server settings).
    pub fn admin_sql(&self, sql: &str) -> std::io::Result<()> {
        self.psql_admin(DATABASE, sql)
    }

    fn psql_admin(&self, database: &str, sql: &str) -> std::io::Result<()> {
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p"])
            .arg(self.port.to_string())
            .args(["-U", ADMIN, "-d", database, "-c", sql])
            .env("PGPASSWORD", &self.admin_password)
            .stdin(Stdio::null())
            .output()?;
        check(&out, "psql")
    }

    /// Benchmarks' bulk path: appends trail entries exactly as `_audit` writes them (their
    /// hashes and signatures made by the caller) with one COPY as the superuser, and moves
    /// the trail's head to the last.
    pub fn bulk_audit(&self, entries: &[crate::ChainEntry]) -> std::io::Result<()> {
        let Some(last) = entries.last() else {
            return Ok(());
        };
        let escape = |text: &str| {
            text.replace('\\', "\\\\")
                .replace('\n', "\\n")
                .replace('\r', "\\r")
                .replace('\t', "\\t")
        };
        let mut script = String::from(
            "COPY identdesk.audit (seq, at, actor, action, subject, detail, note_sha256, prev_hash, hash, key_id, payload, signature) FROM STDIN;\n",
        );
        for e in entries {
            let fields = [
                e.seq.to_string(),
                escape(&e.at),
                escape(&e.actor),
                escape(&e.action),
                escape(&e.subject),
                escape(&e.detail),
                escape(&e.note_sha256),
                escape(&e.prev_hash),
                escape(&e.hash),
                escape(&e.key_id),
                escape(&e.payload),
                escape(&e.signature),
            ];
            script.push_str(&fields.join("\t"));
            script.push('\n');
        }
        script.push_str("\\.\n");
        script.push_str(&format!(
            "UPDATE identdesk.audit_head SET seq = {}, hash = '{}';\n",
            last.seq, last.hash
        ));
        let file = self.dir.path().join("bulk-audit.sql");
        std::fs::write(&file, script)?;
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p"])
            .arg(self.port.to_string())
            .args(["-U", ADMIN, "-d", DATABASE, "-f"])
            .arg(&file)
            .env("PGPASSWORD", &self.admin_password)
            .stdin(Stdio::null())
            .output()?;
        std::fs::remove_file(&file)?;
        check(&out, "psql")
    }

    /// `pg_dump` of the workspace database, as text.
    pub fn dump(&self) -> std::io::Result<String> {
        let out = Command::new(self.bin.join("pg_dump"))
            .args(["-h", "127.0.0.1", "-p"])
            .arg(self.port.to_string())
            .args(["-U", ADMIN, DATABASE])
            .env("PGPASSWORD", &self.admin_password)
            .stdin(Stdio::null())
            .output()?;
        check(&out, "pg_dump")?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn run_server_tool(&self, tool: &str, args: &[&std::ffi::OsStr]) -> std::io::Result<Output> {
        let program = self.bin.join(tool);
        let mut command = if running_as_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        let out = command
            .args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .output()?;
        check(&out, tool)?;
        Ok(out)
    }

    /// As root, the server's files belong to `postgres`.
    fn hand_to_server_user(&self, path: &Path) -> std::io::Result<()> {
        if !running_as_root() {
            return Ok(());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if path.is_dir() {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
            }
        }
        let out = Command::new("chown").arg("postgres").arg(path).output()?;
        check(&out, "chown")
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        let _ = self.run_server_tool(
            "pg_ctl",
            &[
                "-D".as_ref(),
                self.data().as_os_str(),
                "-m".as_ref(),
                "immediate".as_ref(),
                "stop".as_ref(),
            ],
        );
    }
}

fn check(out: &Output, what: &str) -> std::io::Result<()> {
    if out.status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        )))
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `IDENTDESK_POSTGRES_BIN`; Debian keeps the server programs under
/// /usr/lib/postgresql/<version>/bin (newest wins); elsewhere they are on the PATH.
fn bin_dir() -> Option<PathBuf> {
    let initdb = format!("initdb{}", std::env::consts::EXE_SUFFIX);
    if let Some(dir) = std::env::var_os(BIN_ENV).map(PathBuf::from) {
        return dir.join(&initdb).exists().then_some(dir);
    }
    let debian = std::fs::read_dir("/usr/lib/postgresql")
        .ok()
        .and_then(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let version: u32 = e.file_name().to_string_lossy().parse().ok()?;
                    let bin = e.path().join("bin");
                    bin.join("initdb").exists().then_some((version, bin))
                })
                .max_by_key(|(version, _)| *version)
                .map(|(_, bin)| bin)
        });
    debian.or_else(|| {
        std::env::var_os("PATH")
            .and_then(|paths| std::env::split_paths(&paths).find(|dir| dir.join(&initdb).exists()))
    })
}
