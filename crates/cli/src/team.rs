//! `identdesk-cli team …`: administrators set the workspace up and add officers
//! (authenticated as psql is: PGPASSWORD or ~/.pgpass; no cache needed), officers join,
//! check and leave it from their data folder.

use std::io::Read;
use std::path::Path;

use identdesk_core::{Core, Error, JoinTeam, Result};
use identdesk_team::{AdminSession, Credential, NewOfficer, OfficerRole, Target, TlsPolicy};
use zeroize::Zeroizing;

use crate::args::{Command, RoleArg, TeamCommand};
use crate::output;

/// Runs an administrator's command (returning `None`), or hands any other command back.
pub async fn admin(command: Command) -> Result<Option<Command>> {
    let Command::Team { command } = command else {
        return Ok(Some(command));
    };
    match command {
        TeamCommand::Init {
            url,
            admin,
            admin_verifier,
            ca_file,
        } => {
            let mut session = admin_session(&url, ca_file.as_deref()).await?;
            let first_admin = admin.as_ref().map(|name| NewOfficer {
                name: name.clone(),
                role: OfficerRole::Admin,
                credential: admin_verifier
                    .clone()
                    .map_or(Credential::OneTime, Credential::Verifier),
            });
            let done = session.init(first_admin.as_ref()).await?;
            let version = done.schema_version;
            output::line(&format!(
                "team workspace ready (schema {version}); you hold no rights in it now"
            ));
            if let Some(name) = admin {
                let target = Target::parse(&url)?.as_user(&name);
                if let Some(password) = done.one_time_password {
                    output::line(&format!(
                        "first administrator {name}; one-time password (shown once; it allows nothing until replaced at the first join): {password}"
                    ));
                }
                output::line(&format!(
                    "{name} adds officers with identdesk-cli team add-officer NAME --url {}",
                    target.url()
                ));
            }
            Ok(None)
        }
        TeamCommand::RequestAccess {
            url,
            password_stdin,
        } => {
            if !password_stdin {
                return Err(Error::invalid(
                    "password",
                    "Give the password you chose on standard input with --password-stdin (never on the command line).",
                ));
            }
            let target = Target::parse(&url)?;
            let password = read_lines()?.into_iter().next().unwrap_or_default();
            let verifier = identdesk_team::scram_verifier(&password)?;
            output::line(&format!(
                "hand this line to your administrator (it is not your password, and the password cannot be worked out from it):\nidentdesk-cli team add-officer {} --verifier '{verifier}' --url postgres://ADMIN@{}",
                target.user,
                target.server()
            ));
            Ok(None)
        }
        TeamCommand::AddOfficer {
            name,
            role,
            url: Some(url),
            verifier,
            password_stdin,
            ca_file,
        } => {
            let credential = credential(verifier, password_stdin)?;
            let mut admin = admin_session(&url, ca_file.as_deref()).await?;
            let role = officer_role(role);
            let one_time = admin
                .add_officer(&NewOfficer {
                    name: name.clone(),
                    role,
                    credential,
                })
                .await?;
            let target = Target::parse(&url)?.as_user(&name);
            added(&name, role, &target, one_time);
            Ok(None)
        }
        other => Ok(Some(Command::Team { command: other })),
    }
}

fn officer_role(role: RoleArg) -> OfficerRole {
    match role {
        RoleArg::Officer => OfficerRole::Officer,
        RoleArg::Auditor => OfficerRole::Auditor,
        RoleArg::Admin => OfficerRole::Admin,
    }
}

fn credential(verifier: Option<String>, password_stdin: bool) -> Result<Credential> {
    Ok(match verifier {
        Some(verifier) => Credential::Verifier(verifier),
        None if password_stdin => Credential::Password(
            read_lines()?
                .into_iter()
                .next()
                .unwrap_or_default()
                .to_string(),
        ),
        None => Credential::OneTime,
    })
}

/// What `add-officer` says: how the officer joins, and a one-time password once.
fn added(name: &str, role: OfficerRole, target: &Target, one_time: Option<String>) {
    match one_time {
        Some(password) => output::line(&format!(
            "{name} added as {}. One-time password (shown once; changed at the first join): {password}\njoin with: identdesk-cli team join --url {} --password-stdin",
            role.as_str(),
            target.url()
        )),
        None => output::line(&format!(
            "{name} added as {}; join with: identdesk-cli team join --url {} --password-stdin",
            role.as_str(),
            target.url()
        )),
    }
}

/// Runs an officer's team command on this data folder.
pub async fn officer(core: &Core, command: TeamCommand) -> Result<()> {
    match command {
        TeamCommand::Join {
            url,
            password_stdin,
            ca_file,
        } => {
            if !password_stdin {
                return Err(Error::invalid(
                    "password",
                    "Give the password on standard input with --password-stdin (never on the command line).",
                ));
            }
            let mut lines = read_lines()?.into_iter();
            let password = lines.next().unwrap_or_default();
            let new_password = lines.next().filter(|p| !p.is_empty());
            let status = core
                .team()
                .join(JoinTeam {
                    url,
                    password,
                    new_password,
                    ca_pem: read_ca(ca_file.as_deref())?,
                })
                .await?;
            output::team_status(status, false);
            Ok(())
        }
        TeamCommand::Status { json } => {
            output::team_status(core.team().status().await?, json);
            Ok(())
        }
        TeamCommand::Leave => {
            core.team().leave().await?;
            output::line("left the team workspace; the local cache stays");
            Ok(())
        }
        TeamCommand::RegisterAccount { name } => {
            let account_id = crate::accounts::account_id(core, &name).await?;
            core.team().register_account(&account_id).await?;
            output::line(&format!("{name} is in the team's registry"));
            Ok(())
        }
        TeamCommand::Release => {
            match core.team().release_trail().await? {
                Some(holder) => output::line(&format!(
                    "ended the session of {holder} that held the team trail"
                )),
                None => output::line("nobody holds the team trail"),
            }
            Ok(())
        }
        TeamCommand::AddOfficer {
            name,
            role,
            url: None,
            verifier,
            password_stdin,
            ..
        } => {
            let role = officer_role(role);
            let one_time = core
                .team()
                .add_officer(&NewOfficer {
                    name: name.clone(),
                    role,
                    credential: credential(verifier, password_stdin)?,
                })
                .await?;
            let status = core.team().status().await?;
            let target = Target::parse(status.url.as_deref().unwrap_or_default())?.as_user(&name);
            added(&name, role, &target, one_time);
            Ok(())
        }
        TeamCommand::Keys { json } => {
            output::team_keys(core.team().keys().await?, json);
            Ok(())
        }
        TeamCommand::Vouch { name, fingerprint } => {
            let key = core.team().vouch_key(&name, &fingerprint).await?;
            output::line(&format!(
                "vouched for {}'s key {} ({})",
                key.officer, key.key_id, key.fingerprint
            ));
            Ok(())
        }
        TeamCommand::RevokeKey { key_id } => {
            core.team().revoke_key(&key_id).await?;
            output::line(&format!(
                "key {key_id} revoked; its officer joins again for a new one"
            ));
            Ok(())
        }
        TeamCommand::Init { .. }
        | TeamCommand::AddOfficer { url: Some(_), .. }
        | TeamCommand::RequestAccess { .. } => Ok(()),
    }
}

async fn admin_session(url: &str, ca_file: Option<&Path>) -> Result<AdminSession> {
    let target = Target::parse(url)?;
    let password = identdesk_team::admin_password(&target).ok_or_else(|| {
        Error::invalid(
            "password",
            format!(
                "No password for {} on {}: give it as psql takes it (PGPASSWORD, or a line in ~/.pgpass).",
                target.user,
                target.server()
            ),
        )
    })?;
    let tls = TlsPolicy::for_target(&target, read_ca(ca_file)?);
    Ok(AdminSession::connect(&target, &password, &tls).await?)
}

fn read_ca(path: Option<&Path>) -> Result<Option<Vec<u8>>> {
    path.map(|path| {
        std::fs::read(path).map_err(|e| {
            Error::invalid(
                "caFile",
                format!("The CA file {} cannot be read ({e}).", path.display()),
            )
        })
    })
    .transpose()
}

/// Standard input's lines (at most 4 KiB), kept out of any log.
fn read_lines() -> Result<Vec<Zeroizing<String>>> {
    let mut text = Zeroizing::new(String::new());
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut text)
        .map_err(|e| Error::invalid("password", format!("Standard input cannot be read ({e}).")))?;
    Ok(text
        .lines()
        .map(|l| Zeroizing::new(l.trim_end_matches('\r').to_owned()))
        .collect())
}
