//! Where a team workspace lives: `postgres://NAME@HOST:PORT/DB`. Passwords never travel in
//! the URL (they come from standard input, the keychain, `PGPASSWORD` or `~/.pgpass`).

use std::net::IpAddr;

use crate::error::{Result, TeamError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
}

impl Target {
    pub fn parse(text: &str) -> Result<Target> {
        let invalid = |message: &str| TeamError::invalid("url", message);
        let url = url::Url::parse(text.trim()).map_err(|e| {
            invalid(&format!(
                "This is not a workspace address ({e}); write postgres://NAME@HOST:PORT/DATABASE."
            ))
        })?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(invalid(
                "A workspace address starts with postgres://, e.g. postgres://alice@db.bank.example:5432/identdesk.",
            ));
        }
        if url.password().is_some() {
            return Err(invalid(
                "Leave the password out of the address: IdentDesk asks for it and keeps it in the keychain.",
            ));
        }
        let user = percent_decode(url.username());
        if user.is_empty() {
            return Err(invalid(
                "Put the officer's (or administrator's) name before the host: postgres://NAME@HOST/DATABASE.",
            ));
        }
        let host = url
            .host_str()
            .map(|h| h.trim_start_matches('[').trim_end_matches(']').to_owned())
            .filter(|h| !h.is_empty())
            .ok_or_else(|| invalid("The address names no host."))?;
        let database = percent_decode(url.path().trim_start_matches('/'));
        if database.is_empty() || database.contains('/') {
            return Err(invalid(
                "Put the database after the host: postgres://NAME@HOST:PORT/DATABASE.",
            ));
        }
        if url.query().is_some() {
            return Err(invalid(
                "Leave options out of the address; a CA file is given separately.",
            ));
        }
        Ok(Target {
            host,
            port: url.port().unwrap_or(5432),
            database,
            user,
        })
    }

    /// The same server and database, as another role.
    pub fn as_user(&self, user: &str) -> Target {
        Target {
            user: user.to_owned(),
            ..self.clone()
        }
    }

    /// Loopback needs no TLS (nothing leaves the machine); every other host does.
    pub fn is_loopback(&self) -> bool {
        self.host.eq_ignore_ascii_case("localhost")
            || self.host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }

    /// The address without a password, as shown and stored.
    pub fn url(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!(
            "postgres://{}@{host}:{}/{}",
            self.user, self.port, self.database
        )
    }

    /// Where it is, for messages.
    pub fn server(&self) -> String {
        format!("{}:{}/{}", self.host, self.port, self.database)
    }
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_workspace_address() {
        let t = Target::parse("postgres://alice@db.bank.example:6432/identdesk").unwrap();
        assert_eq!(
            (
                t.user.as_str(),
                t.host.as_str(),
                t.port,
                t.database.as_str()
            ),
            ("alice", "db.bank.example", 6432, "identdesk")
        );
        assert!(!t.is_loopback());
        assert_eq!(t.url(), "postgres://alice@db.bank.example:6432/identdesk");
        assert!(
            Target::parse("postgresql://bob@127.0.0.1/team")
                .unwrap()
                .is_loopback()
        );
        assert!(
            Target::parse("postgres://bob@[::1]:5432/team")
                .unwrap()
                .is_loopback()
        );
        assert_eq!(Target::parse("postgres://bob@h/team").unwrap().port, 5432);
    }

    #[test]
    fn refuses_passwords_and_missing_parts() {
        for bad in [
            "postgres://alice:secret@h/db",
            "postgres://h/db",
            "postgres://alice@h",
            "mysql://alice@h/db",
            "postgres://alice@h/db?sslmode=disable",
            "not a url",
        ] {
            assert!(
                matches!(
                    Target::parse(bad),
                    Err(TeamError::Invalid { field: "url", .. })
                ),
                "{bad}"
            );
        }
    }
}
