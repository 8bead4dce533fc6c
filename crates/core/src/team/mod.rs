//! The team workspace as the core uses it (the server side is `identdesk-team`): joining
//! and leaving, the link (made from this folder's settings and the keychain), the local
//! accounts mapped to the team's registry, and the status Settings → Team and
//! `team status` show. Personal data never goes to the server; only codes, numbers, times,
//! decisions and notes do.

mod claims;
mod keys;
mod mirror;
mod status;
pub(crate) mod trail;

use std::sync::Arc;

use identdesk_team::{Refusal, Target, TeamError, TlsPolicy, Workspace};
use rusqlite::OptionalExtension;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::accounts::account::{Account, AccountKind};
use crate::context::service;
use crate::context::team_slot::{CA_SETTING, Joined, OFFICER_SETTING, TeamLink, URL_SETTING};
use crate::error::{Error, Result};
use crate::journal;

pub use keys::{TeamKey, team_access_request};
pub use mirror::{TeamEvent, TeamNews, TeamWatch};
pub use status::{AccountLink, TeamStatus, TrailCheck};

/// How to join: the workspace's address with the officer's name, the password (a one-time
/// one must be replaced by `new_password`), and the CA for a server with its own.
pub struct JoinTeam {
    pub url: String,
    pub password: Zeroizing<String>,
    pub new_password: Option<Zeroizing<String>>,
    pub ca_pem: Option<Vec<u8>>,
}

impl JoinTeam {
    /// From the window's form: the CA file is read here (a PEM, at most 1 MiB).
    pub fn from_form(
        form: crate::ipc::JoinTeam,
        ca_file: Option<&std::path::Path>,
    ) -> Result<JoinTeam> {
        let ca_pem = match ca_file {
            None => None,
            Some(path) => {
                let bytes = std::fs::read(path).map_err(|e| {
                    Error::invalid("caFile", format!("The CA file cannot be read ({e})."))
                })?;
                if bytes.len() > 1024 * 1024 || !bytes.starts_with(b"-----BEGIN") {
                    return Err(Error::invalid(
                        "caFile",
                        "This is not a CA certificate in PEM form (-----BEGIN CERTIFICATE-----).",
                    ));
                }
                Some(bytes)
            }
        };
        let server = form.server.trim();
        let server = server
            .strip_prefix("postgresql://")
            .or_else(|| server.strip_prefix("postgres://"))
            .unwrap_or(server);
        if server.contains('@') {
            return Err(Error::invalid(
                "server",
                "Give the server as HOST:PORT/DATABASE; the name goes in its own field.",
            ));
        }
        let officer = form.officer.trim();
        if officer.is_empty() {
            return Err(Error::invalid(
                "officer",
                "Give your name in the team workspace (your administrator gave it).",
            ));
        }
        Ok(JoinTeam {
            url: format!("postgres://{officer}@{server}"),
            password: Zeroizing::new(form.password),
            new_password: form
                .new_password
                .filter(|p| !p.is_empty())
                .map(Zeroizing::new),
            ca_pem,
        })
    }
}

service! {
    /// The team workspace: joining and leaving, its link, keys, mirror, trail and status.
    TeamService
}

impl TeamService<'_> {
    /// Whether this folder works in a team workspace.
    pub fn joined(self) -> bool {
        self.cx.team.officer().is_some()
    }

    /// The signed-in session, made on first use; `None` in solo mode.
    pub(crate) async fn team_link(self) -> Result<Option<Arc<TeamLink>>> {
        let Some(joined) = self.cx.team.joined() else {
            return Ok(None);
        };
        let mut slot = self.cx.team.link.lock().await;
        if let Some(link) = slot.as_ref() {
            return Ok(Some(Arc::clone(link)));
        }
        let password = self.team_password().await?;
        let tls = TlsPolicy::for_target(&joined.target, joined.ca_pem.clone());
        let key = self.team_signing_key().await?;
        let known = self.team_key_known(&key)?;
        let link = Arc::new(TeamLink {
            workspace: Workspace::new(joined.target, password.to_string(), tls).with_signer(key),
            officer: joined.officer,
        });
        // A folder that joined before keys were signed registers its key now (once: the key
        // book says when the trail has it); a server away says so at the first write instead.
        if !known && let Err(err) = self.register_team_key(&link).await {
            tracing::info!(code = ?err.code(), "the team signing key was not registered now");
        }
        *slot = Some(Arc::clone(&link));
        Ok(Some(link))
    }

    /// The team's id of a local account; a local-only account cannot act in the team.
    pub(crate) fn team_account(self, account_id: &str) -> Result<Uuid> {
        let (name, team_id): (String, Option<String>) = self.cx.store.read(|conn| {
            conn.query_row(
                "SELECT name, team_account_id FROM accounts WHERE id = ?1",
                [account_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "Account",
                id: account_id.to_owned(),
            })
        })?;
        team_id
            .and_then(|id| Uuid::parse_str(&id).ok())
            .ok_or_else(|| {
                Error::Team(TeamError::Refused {
                    refusal: Refusal::NotFound,
                    message: format!(
                        "The account {name} is not in the team's registry, so it cannot act in the team workspace. An administrator registers it (Settings → Team, or identdesk-cli team register-account \"{name}\")."
                    ),
                })
            })
    }

    /// The team password from the keychain.
    pub(crate) async fn team_password(self) -> Result<Zeroizing<String>> {
        self.cx
            .keychain
            .read(&self.team_entry("team-password")?)
            .await?
            .ok_or_else(|| Error::Keychain {
                detail:
                    "no password is stored for the team workspace; join it again (Settings → Team)"
                        .into(),
            })
    }

    /// The team's id of a local account, mapping the accounts again first when this one is
    /// not mapped yet (an account added after joining).
    pub(crate) async fn team_account_now(self, link: &TeamLink, account_id: &str) -> Result<Uuid> {
        match self.team_account(account_id) {
            Ok(id) => Ok(id),
            Err(Error::Team(TeamError::Refused {
                refusal: Refusal::NotFound,
                ..
            })) => {
                self.map_team_accounts(link).await?;
                self.team_account(account_id)
            }
            Err(err) => Err(err),
        }
    }

    /// Administrators: ends the session that holds the team trail; who it was.
    pub async fn release_trail(self) -> Result<Option<String>> {
        let link = self.require_team().await?;
        Ok(link.workspace.release_trail().await?)
    }

    /// Joins this data folder to a team workspace: signs in, replaces a one-time password,
    /// keeps the password in the keychain, checks the trail and remembers where it stands,
    /// maps the accounts, and mirrors the team's state. Solo-time decisions stay local.
    pub async fn join(self, join: JoinTeam) -> Result<TeamStatus> {
        if self.joined() {
            return Err(Error::AlreadyExists {
                message: "This data folder is in a team workspace already; leave it first (Settings → Team, or identdesk-cli team leave).".into(),
            });
        }
        let target = Target::parse(&join.url)?;
        if join.password.is_empty() {
            return Err(Error::invalid("password", "Give the officer's password."));
        }
        let tls = TlsPolicy::for_target(&target, join.ca_pem.clone());
        let mut workspace = Workspace::new(target.clone(), join.password.to_string(), tls.clone());
        let me = workspace.whoami().await?;
        if me.roles().is_empty() {
            return Err(Error::Team(TeamError::Forbidden {
                message: format!(
                    "{} is not an officer, auditor or administrator of this workspace; an administrator adds them with identdesk-cli team add-officer.",
                    me.officer
                ),
            }));
        }
        if me.schema_version > identdesk_team::SCHEMA_VERSION {
            return Err(Error::Team(TeamError::SchemaNewer {
                found: me.schema_version,
                supported: identdesk_team::SCHEMA_VERSION,
            }));
        }
        let password = if me.must_change_password {
            let new_password = join.new_password.as_ref().filter(|p| !p.is_empty()).ok_or_else(|| {
                Error::invalid(
                    "newPassword",
                    "This is a one-time password: choose your own (at least 12 characters) to join.",
                )
            })?;
            workspace.change_password(new_password).await?;
            new_password.clone()
        } else {
            join.password.clone()
        };
        self.cx
            .keychain
            .store(&self.team_entry("team-password")?, password.clone())
            .await?;
        let stamp = self.cx.stamp();
        let ca_text = join
            .ca_pem
            .as_deref()
            .map(|pem| String::from_utf8_lossy(pem).into_owned());
        self.cx.store.write(|tx| {
            for (key, value) in [
                (URL_SETTING, Some(target.url())),
                (OFFICER_SETTING, Some(me.officer.clone())),
                (CA_SETTING, ca_text.clone()),
                (mirror::SEQ_SETTING, Some("0".to_owned())),
            ] {
                tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
                if let Some(value) = value {
                    tx.execute(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                        (key, value),
                    )?;
                }
            }
            tx.execute("DELETE FROM team_identifications", [])?;
            journal::record_detail(
                tx,
                &stamp,
                "team.joined",
                &target.url(),
                Some(&me.roles().join(",")),
            )
        })?;
        self.cx.team.set(Some(Joined {
            target: target.clone(),
            officer: me.officer.clone(),
            ca_pem: join.ca_pem,
        }));
        // This computer's key for this officer: registered by a signature of its own.
        let key = self.team_signing_key().await?;
        let link = Arc::new(TeamLink {
            workspace: Workspace::new(target, password.to_string(), tls).with_signer(key),
            officer: me.officer,
        });
        self.register_team_key(&link).await?;
        *self.cx.team.link.lock().await = Some(link);
        // Where the trail stands now is this machine's first witness.
        self.check_team_trail(true).await?;
        self.status().await
    }

    /// Leaves the team workspace: the local cache stays; the password and the witness leave
    /// the keychain, and the mirror of the team's state is dropped.
    pub async fn leave(self) -> Result<()> {
        let Some(joined) = self.cx.team.joined() else {
            return Err(Error::invalid(
                "team",
                "This data folder is not in a team workspace.",
            ));
        };
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            for key in [
                URL_SETTING,
                OFFICER_SETTING,
                CA_SETTING,
                mirror::SEQ_SETTING,
                trail::KEY_BOOK_SETTING,
                trail::FINDINGS_SETTING,
            ] {
                tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
            }
            tx.execute("DELETE FROM team_identifications", [])?;
            tx.execute("UPDATE accounts SET team_account_id = NULL", [])?;
            journal::record(
                tx,
                &crate::context::Stamp {
                    team: false,
                    ..stamp
                },
                "team.left",
                &joined.target.url(),
            )
        })?;
        self.cx.team.set(None);
        *self.cx.team.link.lock().await = None;
        self.cx
            .keychain
            .delete(&self.team_entry("team-password")?)
            .await?;
        self.cx
            .keychain
            .delete(&self.team_entry("team-witness")?)
            .await?;
        // A new join makes a new key (a lost or handed-on computer's counts no more once an
        // administrator revokes it).
        self.forget_team_signing_key().await?;
        Ok(())
    }

    /// Administrators: puts a local account into the team's registry (its kind, company id
    /// or client id and environment, or the white-label gateway or API; never its key or
    /// secret) and maps it.
    pub async fn register_account(self, account_id: &str) -> Result<()> {
        let link = self.require_team().await?;
        let account = Account::by_id(&self.cx.store, account_id)?;
        let (name, id, environment, url) = (
            &account.name,
            &account.company_id,
            account.environment.as_str(),
            account.gateway_url.as_deref(),
        );
        match account.kind {
            AccountKind::Classic => {
                link.workspace
                    .register_account(name, id, environment, url)
                    .await?
            }
            AccountKind::TrustPlatform => {
                link.workspace
                    .register_platform_account(name, id, environment, url)
                    .await?
            }
        };
        self.map_team_accounts(&link).await.map(drop)
    }

    pub(crate) async fn require_team(self) -> Result<Arc<TeamLink>> {
        self.team_link().await?.ok_or_else(|| {
            Error::invalid(
                "team",
                "This needs a team workspace: join one in Settings → Team or with identdesk-cli team join.",
            )
        })
    }

    /// This folder's keychain entry for a team secret.
    fn team_entry(self, kind: &str) -> Result<String> {
        Ok(format!(
            "{kind}:{}",
            crate::paths::folder_id(self.cx.data_dir())?
        ))
    }

    /// Maps each local account to the registry entry of its kind with its company id and
    /// environment (and gateway, for white-label hosts), and takes the registry's retention
    /// policy.
    pub(crate) async fn map_team_accounts(self, link: &TeamLink) -> Result<Vec<AccountLink>> {
        let registry = link.workspace.accounts().await?;
        let local = Account::all(&self.cx.store)?;
        let stamp = self.cx.stamp();
        let mut links = Vec::new();
        let mapped: Vec<(String, Option<Policy>)> = local
            .iter()
            .map(|account| {
                let gateway = account
                    .gateway_url
                    .as_deref()
                    .map(normalized_url)
                    .unwrap_or_default();
                let found = registry.iter().find(|r| {
                    r.kind == account.kind.as_str()
                        && r.company_id == account.company_id
                        && r.environment == account.environment.as_str()
                        && normalized_url(&r.gateway_url) == gateway
                });
                links.push(AccountLink {
                    account_id: account.id.clone(),
                    account_name: account.name.clone(),
                    team_name: found.map(|r| r.name.clone()),
                    retention_days: found.map(|r| u32::try_from(r.retention_days).unwrap_or(90)),
                });
                (
                    account.id.clone(),
                    found.map(|r| (r.id, r.retention_days, r.unfinished_retention_days)),
                )
            })
            .collect();
        self.cx.store.write(|tx| {
            for (account_id, found) in &mapped {
                let before: Option<u32> = tx
                    .query_row("SELECT retention_days FROM accounts WHERE id = ?1", [account_id], |r| r.get(0))
                    .optional()?;
                match found {
                    Some((team_id, days, unfinished)) => {
                        tx.execute(
                            "UPDATE accounts SET team_account_id = ?2, retention_days = ?3, unfinished_retention_days = ?4
                              WHERE id = ?1",
                            (account_id, team_id.to_string(), days, unfinished),
                        )?;
                        if before.is_some_and(|b| i64::from(b) != i64::from(*days)) {
                            journal::record_detail(
                                tx,
                                &crate::context::Stamp { team: false, at: stamp.at.clone(), actor: stamp.actor.clone() },
                                "account.retention.team_policy",
                                account_id,
                                Some(&format!("{} → {days} days", before.unwrap_or_default())),
                            )?;
                        }
                    }
                    None => {
                        tx.execute("UPDATE accounts SET team_account_id = NULL WHERE id = ?1", [account_id])?;
                    }
                }
            }
            Ok(())
        })?;
        Ok(links)
    }
}

/// A registry entry's id and retention policy (days after a final result, after creation).
type Policy = (Uuid, i32, i32);

/// URLs compare without a trailing slash and case-insensitively in scheme and host.
fn normalized_url(url: &str) -> String {
    url.trim().trim_end_matches('/').to_ascii_lowercase()
}
