//! What an administrator does, authenticated as psql would be: set the workspace up
//! (`team init`: the roles, the revokes, the schema and its migrations, owned by the
//! NOLOGIN role `identdesk_owner`) and add officers (`team add-officer`: a login role with
//! a SCRAM verifier computed here, so no password crosses the wire in clear).

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
    /// None: a one-time password is made, printed once, and must be changed at first join.
    pub password: Option<String>,
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

    /// Sets the workspace up, or brings its schema up to date; safe to run again.
    pub async fn init(&mut self) -> Result<i32> {
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
             -- The administrator who sets the workspace up may act as its owner (to migrate)
             -- and is the team's first administrator.
             GRANT identdesk_owner TO CURRENT_USER;
             GRANT identdesk_admin TO CURRENT_USER;
             REVOKE CONNECT, TEMPORARY ON DATABASE {database} FROM PUBLIC;
             GRANT CONNECT ON DATABASE {database} TO identdesk_officer, identdesk_auditor, identdesk_admin;
             DO $$ DECLARE s text; BEGIN
                FOR s IN SELECT nspname FROM pg_namespace
                          WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
                    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', s);
                END LOOP;
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
        for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > applied) {
            tx.batch_execute(sql).await.map_err(call)?;
            tx.execute(
                "INSERT INTO identdesk.schema_migrations (version) VALUES ($1)",
                &[version],
            )
            .await
            .map_err(call)?;
        }
        tx.batch_execute("RESET ROLE").await.map_err(call)?;
        if applied < SCHEMA_VERSION {
            tx.execute(
                "SELECT identdesk.officer_added(CURRENT_USER, 'admin', false)",
                &[],
            )
            .await
            .map_err(call)?;
        }
        tx.commit().await.map_err(call)?;
        Ok(SCHEMA_VERSION)
    }

    /// Adds an officer (or resets an existing one's password and role); returns the
    /// one-time password when one was made.
    pub async fn add_officer(&mut self, officer: &NewOfficer) -> Result<Option<String>> {
        check_name(&officer.name)?;
        let (password, one_time) = match &officer.password {
            Some(password) => {
                check_password(password)?;
                (password.clone(), false)
            }
            None => (one_time_password(), true),
        };
        let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
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
        let verb = if exists { "ALTER" } else { "CREATE" };
        tx.batch_execute(&format!(
            "{verb} ROLE {name} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD {};
             REVOKE identdesk_officer, identdesk_auditor, identdesk_admin FROM {name};
             GRANT {} TO {name};",
            quote_literal(&verifier),
            officer.role.group()
        ))
        .await
        .map_err(call)?;
        tx.execute(
            "SELECT identdesk.officer_added($1, $2, $3)",
            &[&officer.name, &officer.role.as_str(), &one_time],
        )
        .await
        .map_err(call)?;
        tx.commit().await.map_err(call)?;
        Ok(one_time.then_some(password))
    }
}

/// Sets the workspace up in one call.
pub async fn init_workspace(target: &Target, password: &str, tls: &TlsPolicy) -> Result<i32> {
    AdminSession::connect(target, password, tls)
        .await?
        .init()
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

pub(crate) fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < 12 {
        return Err(TeamError::invalid(
            "password",
            "A password has at least 12 characters.",
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
    fn a_one_time_password_is_long_and_plain() {
        let p = one_time_password();
        assert_eq!(p.len(), 20);
        assert!(check_password(&p).is_ok());
        assert_ne!(p, one_time_password());
    }
}
