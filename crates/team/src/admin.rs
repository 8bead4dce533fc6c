//! What an administrator does, authenticated as psql would be: set the workspace up
//! (`team init`: the roles, the revokes, the schema and its migrations, owned by the
//! NOLOGIN role `identdesk_owner`, whose rights the caller holds for that one transaction
//! only; and the team's first administrator, a login of its own) and add officers
//! (`team add-officer`, by a team administrator: a login role with a SCRAM verifier — made
//! by the officer's own app, so the administrator never knows the password — and its row in
//! the team's registry, which alone makes it an officer, auditor or administrator).

use rand::Rng;
use tokio_postgres::Client;

use crate::connect::{TlsPolicy, connect};
use crate::error::{Result, TeamError};
use crate::target::Target;
use crate::{MIGRATIONS, SCHEMA_VERSION};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficerRole {
    Officer,
    Auditor,
    Admin,
}

impl OfficerRole {
    pub fn parse(text: &str) -> Result<OfficerRole> {
        match text {
            "officer" => Ok(OfficerRole::Officer),
            "auditor" => Ok(OfficerRole::Auditor),
            "admin" => Ok(OfficerRole::Admin),
            _ => Err(TeamError::invalid(
                "role",
                "A role is officer, auditor or admin.",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OfficerRole::Officer => "officer",
            OfficerRole::Auditor => "auditor",
            OfficerRole::Admin => "admin",
        }
    }

    fn group(self) -> String {
        format!("identdesk_{}", self.as_str())
    }
}

pub struct NewOfficer {
    pub name: String,
    pub role: OfficerRole,
    pub credential: Credential,
}

/// How a new officer signs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// The SCRAM verifier the officer's own app made (`team request-access`): the
    /// administrator never sees the password.
    Verifier(String),
    /// A password the administrator chose (tests, scripted set-ups).
    Password(String),
    /// A one-time password, made here and printed once; the server allows nothing but
    /// replacing it until it is replaced.
    OneTime,
}

/// What `team init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initialised {
    pub schema_version: i32,
    /// The first administrator's one-time password, when one was made.
    pub one_time_password: Option<String>,
}

/// An administrator's connection.
pub struct AdminSession {
    target: Target,
    client: Client,
}

impl AdminSession {
    pub async fn connect(target: &Target, password: &str, tls: &TlsPolicy) -> Result<AdminSession> {
        let (client, connection) = connect(target, password, tls).await?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(AdminSession {
            target: target.clone(),
            client,
        })
    }

    /// Sets the workspace up, or brings its schema up to date; safe to run again. A new
    /// workspace needs its first administrator (`first_admin`, a login of its own: the role
    /// running this is nobody in the team). Owner rights are held for this transaction only.
    pub async fn init(&mut self, first_admin: Option<&NewOfficer>) -> Result<Initialised> {
        self.init_to(SCHEMA_VERSION, first_admin).await
    }

    /// `team init` as an earlier version ran it: its migrations up to `version`, the grants
    /// those files made (the grants plan is this version's). For the tests that migrate a
    /// workspace an earlier version made.
    #[cfg(feature = "test-support")]
    pub async fn init_as_version(
        &mut self,
        version: i32,
        first_admin: Option<&NewOfficer>,
    ) -> Result<Initialised> {
        self.init_to(version, first_admin).await
    }

    async fn init_to(
        &mut self,
        version: i32,
        first_admin: Option<&NewOfficer>,
    ) -> Result<Initialised> {
        if let Some(admin) = first_admin {
            check_name(&admin.name)?;
            if admin.role != OfficerRole::Admin {
                return Err(TeamError::invalid(
                    "admin",
                    "The first member of a workspace is its administrator.",
                ));
            }
        }
        let database = quote_ident(&self.target.database);
        let tx = self.client.transaction().await.map_err(call)?;
        // One init at a time.
        tx.execute("SELECT pg_advisory_xact_lock(7301)", &[])
            .await
            .map_err(call)?;
        tx.batch_execute(&format!(
            "DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'identdesk_owner') THEN
                    CREATE ROLE identdesk_owner NOLOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB;
                END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'identdesk_officer') THEN
                    CREATE ROLE identdesk_officer NOLOGIN;
                END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'identdesk_auditor') THEN
                    CREATE ROLE identdesk_auditor NOLOGIN;
                END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'identdesk_admin') THEN
                    CREATE ROLE identdesk_admin NOLOGIN;
                END IF;
             END $$;
             -- Owner rights for this transaction only: revoked again before it commits.
             GRANT identdesk_owner TO CURRENT_USER;
             REVOKE CONNECT, TEMPORARY ON DATABASE {database} FROM PUBLIC;
             GRANT CONNECT ON DATABASE {database} TO identdesk_officer, identdesk_auditor, identdesk_admin;
             DO $$ DECLARE s text; BEGIN
                FOR s IN SELECT nspname FROM pg_namespace
                          WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
                    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', s);
                END LOOP;
             END $$;
             -- Where the server lets the caller grant them: the owner may name who holds the
             -- trail (pg_read_all_stats) and end that session for an administrator
             -- (pg_signal_backend). Without them the holder is named by role only.
             DO $$ BEGIN
                GRANT pg_read_all_stats TO identdesk_owner;
             EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN NULL;
             END $$;
             DO $$ BEGIN
                GRANT pg_signal_backend TO identdesk_owner;
             EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN NULL;
             END $$;
             CREATE SCHEMA IF NOT EXISTS identdesk AUTHORIZATION identdesk_owner;
             REVOKE ALL ON SCHEMA identdesk FROM PUBLIC;
             GRANT USAGE ON SCHEMA identdesk TO identdesk_officer, identdesk_auditor, identdesk_admin;
             SET LOCAL ROLE identdesk_owner;"
        ))
        .await
        .map_err(call)?;
        let migrated: bool = tx
            .query_one(
                "SELECT to_regclass('identdesk.schema_migrations') IS NOT NULL",
                &[],
            )
            .await
            .map_err(call)?
            .get(0);
        let applied: i32 = if migrated {
            tx.query_one(
                "SELECT coalesce(max(version), 0) FROM identdesk.schema_migrations",
                &[],
            )
            .await
            .map_err(call)?
            .get(0)
        } else {
            0
        };
        if applied > SCHEMA_VERSION {
            return Err(TeamError::SchemaNewer {
                found: applied,
                supported: SCHEMA_VERSION,
            });
        }
        let due = MIGRATIONS
            .iter()
            .filter(|(v, _)| *v > applied && *v <= version);
        for (number, sql) in due {
            tx.batch_execute(sql).await.map_err(call)?;
            tx.execute(
                "INSERT INTO identdesk.schema_migrations (version) VALUES ($1)",
                &[number],
            )
            .await
            .map_err(call)?;
        }
        if version == SCHEMA_VERSION {
            crate::grants::grant_plan(&tx).await?;
        }
        let administrators: i64 = tx
            .query_one(
                "SELECT count(*) FROM identdesk.officers o JOIN pg_roles r ON r.rolname = o.name
                  WHERE o.role = 'admin' AND r.rolcanlogin AND NOT r.rolsuper",
                &[],
            )
            .await
            .map_err(call)?
            .get(0);
        tx.batch_execute("RESET ROLE").await.map_err(call)?;
        let mut one_time_password = None;
        match first_admin {
            Some(_) if administrators > 0 => {
                return Err(TeamError::invalid(
                    "admin",
                    "The workspace has its administrators already; one of them adds more with identdesk-cli team add-officer NAME --role admin.",
                ));
            }
            Some(admin) => {
                let verifier;
                (verifier, one_time_password) = admin.credential.verifier()?;
                let name = quote_ident(&admin.name);
                // CREATEROLE so the administrator can add officers; ADMIN OPTION on the
                // three groups so PostgreSQL 16+ lets them grant EXECUTE to those officers.
                tx.batch_execute(&format!(
                    "CREATE ROLE {name} LOGIN CREATEROLE NOSUPERUSER NOCREATEDB PASSWORD {};
                     GRANT identdesk_admin, identdesk_officer, identdesk_auditor TO {name} WITH ADMIN OPTION;
                     SET LOCAL ROLE identdesk_owner;",
                    quote_literal(&verifier)
                ))
                .await
                .map_err(call)?;
                tx.execute(
                    "INSERT INTO identdesk.officers (name, role, must_change_password, added_by)
                     VALUES ($1, 'admin', $2, session_user)",
                    &[&admin.name, &one_time_password.is_some()],
                )
                .await
                .map_err(call)?;
                tx.execute(
                    "SELECT identdesk._audit('officer.added', $1, 'admin (first administrator, by team init)')",
                    &[&admin.name],
                )
                .await
                .map_err(call)?;
                tx.batch_execute("RESET ROLE").await.map_err(call)?;
            }
            None if administrators == 0 => {
                return Err(TeamError::invalid(
                    "admin",
                    "A new workspace needs its first administrator, a login of its own: identdesk-cli team init --admin NAME.",
                ));
            }
            None => {}
        }
        tx.batch_execute("REVOKE identdesk_owner FROM CURRENT_USER")
            .await
            .map_err(call)?;
        tx.commit().await.map_err(call)?;
        Ok(Initialised {
            schema_version: version.max(applied),
            one_time_password,
        })
    }

    /// Adds an officer (or resets an existing one's credential and role), as a team
    /// administrator; returns the one-time password when one was made.
    pub async fn add_officer(&mut self, officer: &NewOfficer) -> Result<Option<String>> {
        self.add_officer_signed(officer, None).await
    }

    /// As `add_officer`, the registry's entry signed with the administrator's own key (from
    /// the administrator's joined data folder).
    pub async fn add_officer_signed(
        &mut self,
        officer: &NewOfficer,
        key: Option<&crate::OfficerKey>,
    ) -> Result<Option<String>> {
        check_name(&officer.name)?;
        let (verifier, one_time) = officer.credential.verifier()?;
        let name = quote_ident(&officer.name);
        let tx = self.client.transaction().await.map_err(call)?;
        let exists = tx
            .query_opt(
                "SELECT 1 FROM pg_roles WHERE rolname = $1",
                &[&officer.name],
            )
            .await
            .map_err(call)?
            .is_some();
        // Only a superuser may name the superuser attribute on an existing role; a new one
        // is made without it.
        let verb = if exists { "ALTER" } else { "CREATE" };
        let attributes = if exists {
            "LOGIN"
        } else {
            "LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB"
        };
        tx.batch_execute(&format!(
            "{verb} ROLE {name} {attributes} PASSWORD {};
             REVOKE identdesk_officer, identdesk_auditor, identdesk_admin FROM {name};
             GRANT {} TO {name};",
            quote_literal(&verifier),
            officer.role.group()
        ))
        .await
        .map_err(call)?;
        if let Some(key) = key {
            let workspace: uuid::Uuid = tx
                .query_one("SELECT identdesk.workspace_id()", &[])
                .await
                .map_err(call)?
                .get(0);
            let envelope = key.sign(
                workspace,
                &self.target.user,
                crate::Payload {
                    subject: officer.name.clone(),
                    decision: officer.role.as_str().to_owned(),
                    ..crate::Payload::action("officer.added")
                },
            );
            tx.execute(
                "SELECT pg_catalog.set_config('identdesk.signature', $1, true)",
                &[&envelope.setting()],
            )
            .await
            .map_err(call)?;
        }
        tx.execute(
            "SELECT identdesk.officer_added($1, $2, $3)",
            &[&officer.name, &officer.role.as_str(), &one_time.is_some()],
        )
        .await
        .map_err(call)?;
        tx.commit().await.map_err(call)?;
        Ok(one_time)
    }
}

impl Credential {
    /// The SCRAM verifier PostgreSQL stores, and the one-time password when one was made.
    fn verifier(&self) -> Result<(String, Option<String>)> {
        Ok(match self {
            Credential::Verifier(verifier) => (check_verifier(verifier)?.to_owned(), None),
            Credential::Password(password) => (scram_verifier(password)?, None),
            Credential::OneTime => {
                let password = one_time_password();
                (
                    postgres_protocol::password::scram_sha_256(password.as_bytes()),
                    Some(password),
                )
            }
        })
    }
}

/// The SCRAM-SHA-256 verifier of a password that is strong enough: what the officer's app
/// hands the administrator (`team request-access`), so the password itself never leaves it.
pub fn scram_verifier(password: &str) -> Result<String> {
    check_password(password)?;
    Ok(postgres_protocol::password::scram_sha_256(
        password.as_bytes(),
    ))
}

/// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, nothing else (it goes into
/// a statement as a literal).
fn check_verifier(verifier: &str) -> Result<&str> {
    let verifier = verifier.trim();
    let base64 = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
    };
    let valid = verifier.len() <= 512
        && verifier
            .strip_prefix("SCRAM-SHA-256$")
            .and_then(|rest| rest.split_once('$'))
            .and_then(|(iterations_salt, keys)| {
                let (iterations, salt) = iterations_salt.split_once(':')?;
                let (stored, server) = keys.split_once(':')?;
                Some(
                    iterations.parse::<u32>().is_ok_and(|i| i >= 4096)
                        && base64(salt)
                        && base64(stored)
                        && base64(server),
                )
            })
            .unwrap_or(false);
    if valid {
        Ok(verifier)
    } else {
        Err(TeamError::invalid(
            "verifier",
            "This is not a SCRAM-SHA-256 verifier as identdesk-cli team request-access prints it (SCRAM-SHA-256$4096:…).",
        ))
    }
}

/// Sets the workspace up in one call.
pub async fn init_workspace(
    target: &Target,
    password: &str,
    tls: &TlsPolicy,
    first_admin: Option<&NewOfficer>,
) -> Result<Initialised> {
    AdminSession::connect(target, password, tls)
        .await?
        .init(first_admin)
        .await
}

fn call(err: tokio_postgres::Error) -> TeamError {
    TeamError::from_call(&err)
}

/// Officer names are plain PostgreSQL role names (lower case, so no quoting surprises).
fn check_name(name: &str) -> Result<()> {
    let valid = name.len() <= 63
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with("pg_")
        && !name.starts_with("identdesk_");
    if valid {
        Ok(())
    } else {
        Err(TeamError::invalid(
            "name",
            "An officer's name has lower-case letters, digits and _, starts with a letter, at most 63 (not pg_… or identdesk_…).",
        ))
    }
}

/// At least 12 characters, and not one character or a run of the keyboard repeated.
pub(crate) fn check_password(password: &str) -> Result<()> {
    let chars: Vec<char> = password.chars().collect();
    if chars.len() < 12 {
        return Err(TeamError::invalid(
            "password",
            "A password has at least 12 characters.",
        ));
    }
    let distinct: std::collections::BTreeSet<char> = chars.iter().copied().collect();
    let lower = password.to_lowercase();
    let weak = distinct.len() < 5
        || ["123456", "qwertz", "qwerty", "abcdef", "aaaaaa"]
            .iter()
            .any(|run| lower.contains(run));
    if weak {
        return Err(TeamError::invalid(
            "password",
            "This password is too easy to guess: use at least five different characters and no run such as 123456 or qwertz.",
        ));
    }
    Ok(())
}

fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub(crate) fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn officer_names_are_plain_role_names() {
        for good in ["alice", "bob_2", "_ops"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in [
            "Alice",
            "9lives",
            "pg_read",
            "identdesk_owner",
            "a-b",
            "",
            "x\"; DROP",
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_verifier_is_checked_before_it_reaches_a_statement() {
        let verifier = scram_verifier("correct horse battery").unwrap();
        assert_eq!(check_verifier(&verifier).unwrap(), verifier);
        for bad in [
            "",
            "md5abc",
            "SCRAM-SHA-256$4096:c2FsdA==$a:b'; DROP ROLE x; --",
            "SCRAM-SHA-256$10:c2FsdA==$YQ==:Yg==",
        ] {
            assert!(check_verifier(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            Credential::Verifier(verifier.clone()).verifier(),
            Ok((v, None)) if v == verifier
        ));
    }

    #[test]
    fn weak_passwords_are_refused_before_a_verifier_is_made() {
        for weak in [
            "short",
            "aaaaaaaaaaaaaaaa",
            "my secret 123456",
            "ababababababab",
        ] {
            assert!(scram_verifier(weak).is_err(), "{weak}");
        }
        assert!(scram_verifier("correct horse battery").is_ok());
    }

    #[test]
    fn a_one_time_password_is_long_and_plain() {
        let p = one_time_password();
        assert_eq!(p.len(), 20);
        assert!(check_password(&p).is_ok());
        assert_ne!(p, one_time_password());
    }
}
