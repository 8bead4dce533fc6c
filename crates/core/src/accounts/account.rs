//! What an account is: its settings as the window shows them (the API key is never here:
//! it stays in the keychain) and what the officer types to add one.

use idnow::Environment;
use rusqlite::{OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::Store;

/// The columns an [`Account`] is read from (`account_from_row`), in that order.
pub(crate) const COLUMNS: &str = "id, name, company_id, environment, gateway_url, go_url, api_url, created_at, retention_days, answer_limit_mib, xml_signing_key IS NOT NULL, unfinished_retention_days, kind, token_url, platform_environment";

/// An account as the window shows it. The API key is not here: it never leaves the keychain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    pub name: String,
    /// Which IDnow API the account speaks.
    pub kind: AccountKind,
    /// The company id (classic), or the OAuth client id (Trust Platform).
    pub company_id: String,
    pub environment: Environment,
    /// White-label only: the company API's base URL.
    pub gateway_url: Option<String>,
    /// White-label only: the user front end's base URL (defaults to the gateway's).
    pub go_url: Option<String>,
    /// White-label only: the test robots' base URL (defaults to the gateway's).
    pub api_url: Option<String>,
    /// Personal data is purged this many days after the final result.
    pub retention_days: u32,
    /// An identification that never reached a final result is purged this many days after
    /// its creation (or after this cache first saw it).
    pub unfinished_retention_days: u32,
    pub created_at: String,
    /// The largest answer (a list, an archive, a signed document) this account accepts, in
    /// MiB; `None` for IdentDesk's defaults.
    pub answer_limit_mib: Option<u32>,
    /// A key to verify the result XML's signature is set (then a missing or wrong
    /// signature is refused).
    pub has_signing_key: bool,
    /// Whether the test robots (scenario picker, "start robots") exist for this account
    /// ([`has_test_robots`]); the window and the core both read it here.
    pub has_test_robots: bool,
    /// Trust Platform accounts: where the API and its token endpoint are, and which of the
    /// company's environments (`gateway_url` holds the API's base URL).
    pub platform: Option<PlatformSettings>,
}

/// The two IDnow APIs an account may speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum AccountKind {
    /// The classic gateway API: identifications, results, archives, eSign.
    Classic,
    /// The flow-based Trust Platform: flows, sessions, data blocks, files.
    TrustPlatform,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Classic => "classic",
            AccountKind::TrustPlatform => "trust-platform",
        }
    }

    pub fn parse(text: &str) -> Option<AccountKind> {
        [AccountKind::Classic, AccountKind::TrustPlatform]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// A Trust Platform account's hosts and environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlatformSettings {
    pub environment: PlatformEnvironment,
    /// The API's base, with its version (`https://api.eu.platform.idnow.io/api/v1`).
    pub api_url: String,
    /// The OAuth token endpoint.
    pub token_url: String,
}

/// Where a Trust Platform flow is published: each API client has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum PlatformEnvironment {
    Staging,
    Live,
}

impl PlatformEnvironment {
    /// As the API's paths write it.
    pub fn as_str(self) -> &'static str {
        match self {
            PlatformEnvironment::Staging => "staging",
            PlatformEnvironment::Live => "live",
        }
    }

    pub fn parse(text: &str) -> Option<PlatformEnvironment> {
        [PlatformEnvironment::Staging, PlatformEnvironment::Live]
            .into_iter()
            .find(|env| env.as_str() == text)
    }
}

impl Account {
    /// The Trust Platform's settings, or an error naming what this account is.
    pub(crate) fn platform(&self) -> Result<&PlatformSettings> {
        self.platform.as_ref().ok_or_else(|| {
            Error::invalid(
                "accountId",
                format!(
                    "{:?} is a classic IDnow account; flows and sessions are on Trust Platform accounts.",
                    self.name
                ),
            )
        })
    }

    /// Refuses an action of the classic API on a Trust Platform account.
    pub(crate) fn require_classic(&self) -> Result<()> {
        match self.kind {
            AccountKind::Classic => Ok(()),
            AccountKind::TrustPlatform => Err(Error::invalid(
                "accountId",
                format!(
                    "{:?} is a Trust Platform account: it has sessions, not identifications; this action is the classic API's.",
                    self.name
                ),
            )),
        }
    }
}

impl Account {
    /// What the account's gateway is allowed (deadlines, and the sizes it may raise).
    pub fn limits(&self) -> idnow::Limits {
        let defaults = idnow::Limits::default();
        match self.answer_limit_mib {
            None => defaults,
            Some(mib) => {
                let bytes = u64::from(mib) * 1024 * 1024;
                idnow::Limits {
                    list_bytes: bytes.max(defaults.json_bytes),
                    download_bytes: bytes.max(defaults.json_bytes),
                    ..defaults
                }
            }
        }
    }
}

/// Whether the test robots (`X-AUTOTEST-…` markers, `start`, `requestVideoChat`) exist for
/// an account: on IDnow's test environment and the sandbox, and on a white-label host that
/// names its robot host.
pub(crate) fn has_test_robots(environment: Environment, api_url: Option<&str>) -> bool {
    environment.has_test_robots() || (environment == Environment::WhiteLabel && api_url.is_some())
}

/// What the officer types to add an account. No `Debug`: it carries the API key.
#[derive(Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewAccount {
    pub name: String,
    pub company_id: String,
    pub environment: Environment,
    pub gateway_url: Option<String>,
    pub go_url: Option<String>,
    pub api_url: Option<String>,
    pub api_key: String,
}

/// Reading the `accounts` table (its writes are the account service's, `accounts/mod.rs`).
impl Account {
    pub(crate) fn all(store: &Store) -> Result<Vec<Account>> {
        store.read(|conn| {
            let mut stmt =
                conn.prepare(&format!("SELECT {COLUMNS} FROM accounts ORDER BY name"))?;
            let rows = stmt.query_map([], account_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    pub(crate) fn by_id(store: &Store, id: &str) -> Result<Account> {
        Self::by("id", store, id)
    }

    pub(crate) fn by_name(store: &Store, name: &str) -> Result<Account> {
        Self::by("name", store, name)
    }

    fn by(column: &'static str, store: &Store, value: &str) -> Result<Account> {
        store
            .read(|conn| {
                Ok(conn
                    .query_row(
                        &format!("SELECT {COLUMNS} FROM accounts WHERE {column} = ?1"),
                        [value],
                        account_from_row,
                    )
                    .optional()?)
            })?
            .ok_or_else(|| Error::NotFound {
                what: "Account",
                id: value.to_owned(),
            })
    }
}

fn account_from_row(row: &Row<'_>) -> rusqlite::Result<Account> {
    let environment: String = row.get(3)?;
    let kind: String = row.get(12)?;
    // An unknown kind can only come from a newer IdentDesk: the classic API, which needs
    // its own hosts and so never sends a secret to a wrong one.
    let kind = AccountKind::parse(&kind).unwrap_or(AccountKind::Classic);
    let platform = match kind {
        AccountKind::Classic => None,
        AccountKind::TrustPlatform => Some(PlatformSettings {
            environment: row
                .get::<_, Option<String>>(14)?
                .as_deref()
                .and_then(PlatformEnvironment::parse)
                .unwrap_or(PlatformEnvironment::Staging),
            api_url: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
            token_url: row.get::<_, Option<String>>(13)?.unwrap_or_default(),
        }),
    };
    Ok(Account {
        id: row.get(0)?,
        name: row.get(1)?,
        kind,
        platform,
        company_id: row.get(2)?,
        // An unknown text can only come from a newer IdentDesk; treat it as white-label,
        // which needs explicit URLs and so can never send to a wrong host.
        environment: Environment::parse(&environment).unwrap_or(Environment::WhiteLabel),
        gateway_url: row.get(4)?,
        go_url: row.get(5)?,
        api_url: row.get(6)?,
        created_at: row.get(7)?,
        retention_days: row.get(8)?,
        unfinished_retention_days: row.get(11)?,
        answer_limit_mib: row.get(9)?,
        has_test_robots: kind == AccountKind::Classic
            && has_test_robots(
                Environment::parse(&environment).unwrap_or(Environment::WhiteLabel),
                row.get::<_, Option<String>>(6)?.as_deref(),
            ),
        has_signing_key: row.get(10)?,
    })
}
