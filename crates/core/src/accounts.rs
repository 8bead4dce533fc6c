//! IDnow accounts: company id, environment and URLs in the database, the API key in the
//! keychain. A fresh install gets a "Sandbox" account on the built-in gateway.

use idnow::{ApiKey, Environment};
use rand::distr::{Alphanumeric, SampleString};
use rusqlite::{OptionalExtension, Row};
use url::Url;

use crate::audit;
use crate::core::Core;
use crate::error::{Error, Result};

/// An account as the window shows it. The API key is not here: it never leaves the keychain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub name: String,
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

    /// Whether the test robots (`X-AUTOTEST-…` markers, `start`, `requestVideoChat`) exist
    /// for this account: on IDnow's test environment and the sandbox, and on a white-label
    /// host that names its robot host. The window and the core both ask here.
    pub fn has_test_robots(&self) -> bool {
        self.environment.has_test_robots()
            || (self.environment == Environment::WhiteLabel && self.api_url.is_some())
    }
}

/// What the officer types to add an account. No `Debug`: it carries the API key.
#[derive(Clone)]
pub struct NewAccount {
    pub name: String,
    pub company_id: String,
    pub environment: Environment,
    pub gateway_url: Option<String>,
    pub go_url: Option<String>,
    pub api_url: Option<String>,
    pub api_key: String,
}

pub const SANDBOX_ACCOUNT_NAME: &str = "Sandbox";
const SANDBOX_COMPANY_ID: &str = "sandbox";

const COLUMNS: &str = "id, name, company_id, environment, gateway_url, go_url, api_url, created_at, retention_days, answer_limit_mib, xml_signing_key IS NOT NULL, unfinished_retention_days";
/// The columns an added account is written with.
const INSERT_COLUMNS: &str =
    "id, name, company_id, environment, gateway_url, go_url, api_url, created_at, retention_days";

/// Retention when the officer sets none: 90 days, IDnow's own maximum.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;
/// Retention of an identification that never finished, counted from its creation.
pub const DEFAULT_UNFINISHED_RETENTION_DAYS: u32 = 30;

impl Core {
    pub async fn list_accounts(&self) -> Result<Vec<Account>> {
        self.store.read(|conn| {
            let mut stmt =
                conn.prepare(&format!("SELECT {COLUMNS} FROM accounts ORDER BY name"))?;
            let rows = stmt.query_map([], account_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// The account with this id (the window and every core method name accounts by id).
    pub async fn account(&self, id: &str) -> Result<Account> {
        self.account_where("id", id).await
    }

    /// The account with this name: for the command line, where officers type names.
    pub async fn account_named(&self, name: &str) -> Result<Account> {
        self.account_where("name", name).await
    }

    async fn account_where(&self, column: &'static str, value: &str) -> Result<Account> {
        self.store
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

    /// Checks the input, stores the key in the keychain, then the account in the database
    /// (with its audit entry). If the database refuses, the keychain entry is removed again.
    pub async fn add_account(&self, input: NewAccount) -> Result<Account> {
        let account = validated(input.clone(), &self.clock.now_text())?;
        let key = ApiKey::new(input.api_key.trim());
        if key.is_empty() {
            return Err(Error::invalid(
                "apiKey",
                "Enter the API key IDnow gave your company.",
            ));
        }
        if self.account_named(&account.name).await.is_ok() {
            return Err(Error::AlreadyExists {
                message: format!(
                    "An account named {:?} exists already; choose another name.",
                    account.name
                ),
            });
        }
        self.keychain.store_api_key(&account.id, &key).await?;
        let stamp = self.stamp();
        let stored = self.store.write(|tx| {
            tx.execute(
                &format!(
                    "INSERT INTO accounts ({INSERT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                ),
                (
                    &account.id,
                    &account.name,
                    &account.company_id,
                    account.environment.as_str(),
                    &account.gateway_url,
                    &account.go_url,
                    &account.api_url,
                    &account.created_at,
                    account.retention_days,
                ),
            )?;
            audit::record(tx, &stamp, "account.added", &account.id)
        });
        if let Err(err) = stored {
            let _ = self.keychain.delete_api_key(&account.id).await;
            return Err(err);
        }
        tracing::info!(account = %account.id, environment = account.environment.as_str(), "account added");
        Ok(account)
    }

    /// On a fresh install (no accounts at all) adds the "Sandbox" account, with a random
    /// API key kept in the keychain like any other. Returns the accounts afterwards.
    /// Builds without the built-in sandbox start with no account.
    pub async fn ensure_default_account(&self) -> Result<Vec<Account>> {
        let accounts = self.list_accounts().await?;
        if !accounts.is_empty() || !cfg!(feature = "builtin-sandbox") {
            return Ok(accounts);
        }
        self.add_account(NewAccount {
            name: SANDBOX_ACCOUNT_NAME.into(),
            company_id: SANDBOX_COMPANY_ID.into(),
            environment: Environment::Sandbox,
            gateway_url: None,
            go_url: None,
            api_url: None,
            api_key: Alphanumeric.sample_string(&mut rand::rng(), 32),
        })
        .await?;
        self.list_accounts().await
    }
}

impl Core {
    /// Sets how many days after the final result personal data is kept (1 to 3650). In a
    /// team workspace the team's policy rules: only its administrators set it, there.
    pub async fn set_retention_days(&self, account_id: &str, days: u32) -> Result<Account> {
        if !(1..=3650).contains(&days) {
            return Err(Error::invalid(
                "retentionDays",
                "Keep personal data between 1 and 3650 days after the final result.",
            ));
        }
        let account = self.account(account_id).await?;
        let unfinished = account.unfinished_retention_days;
        self.set_retention(account, days, unfinished).await
    }

    /// Sets how many days after its creation an identification that never finished keeps
    /// its personal data (1 to 3650). In a team workspace only its administrators set it.
    pub async fn set_unfinished_retention_days(
        &self,
        account_id: &str,
        days: u32,
    ) -> Result<Account> {
        if !(1..=3650).contains(&days) {
            return Err(Error::invalid(
                "unfinishedRetentionDays",
                "Keep the data of unfinished identifications between 1 and 3650 days after creation.",
            ));
        }
        let account = self.account(account_id).await?;
        let days_final = account.retention_days;
        self.set_retention(account, days_final, days).await
    }

    /// Both retention periods at once: the team's policy in a team workspace, else this
    /// cache's accounts row, audited with before → after.
    async fn set_retention(&self, account: Account, days: u32, unfinished: u32) -> Result<Account> {
        if let Some(link) = self.team_link().await? {
            let team_account = self.team_account(&account.id)?;
            link.workspace
                .set_retention(team_account, days_i32(days), days_i32(unfinished))
                .await?;
            self.map_team_accounts(&link).await?;
            return self.account(&account.id).await;
        }
        let stamp = self.stamp();
        let detail = format!(
            "final: {} → {days} days, unfinished: {} → {unfinished} days",
            account.retention_days, account.unfinished_retention_days
        );
        self.store.write(|tx| {
            tx.execute(
                "UPDATE accounts SET retention_days = ?2, unfinished_retention_days = ?3 WHERE id = ?1",
                (&account.id, days, unfinished),
            )?;
            audit::record_detail(
                tx,
                &stamp,
                "account.retention.changed",
                &account.id,
                Some(&detail),
            )
        })?;
        self.account(&account.id).await
    }
}

fn days_i32(days: u32) -> i32 {
    i32::try_from(days).unwrap_or(3650)
}

impl Core {
    /// Raises (or, with `None`, resets) the largest answer the account accepts, in MiB
    /// (16 to 16384): for accounts whose lists or archives outgrow the defaults.
    pub async fn set_answer_limit(&self, account_id: &str, mib: Option<u32>) -> Result<Account> {
        if mib.is_some_and(|mib| !(16..=16_384).contains(&mib)) {
            return Err(Error::invalid(
                "answerLimitMib",
                "Give the largest answer between 16 and 16384 MiB, or leave it empty for the default.",
            ));
        }
        let account = self.account(account_id).await?;
        let stamp = self.stamp();
        let detail = format!(
            "{} MiB",
            mib.map_or("default".to_owned(), |m| m.to_string())
        );
        self.store.write(|tx| {
            tx.execute(
                "UPDATE accounts SET answer_limit_mib = ?2 WHERE id = ?1",
                (&account.id, mib),
            )?;
            audit::record_detail(
                tx,
                &stamp,
                "account.answer_limit.changed",
                &account.id,
                Some(&detail),
            )
        })?;
        // The client keeps its limits: the next call builds one with the new ones.
        self.forget_client(&account.id).await;
        self.account(&account.id).await
    }
}

/// "Test connection": who IDnow says the company is, and the current waiting time.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionCheck {
    pub company_name: Option<String>,
    pub shortcode: Option<String>,
    /// Seconds, rounded by IDnow (0, 15, 30, 45, 60, 120, …).
    pub estimated_waiting_seconds: Option<f64>,
    /// Who answered: the gateway's scheme, host and port.
    pub answered_by: String,
}

impl Core {
    /// Logs in with the account's key and asks IDnow who the company is.
    pub async fn test_connection(&self, account_id: &str) -> Result<ConnectionCheck> {
        let account = self.account(account_id).await?;
        let client = self.client(&account).await?;
        let info = client.company_info().await?;
        Ok(ConnectionCheck {
            company_name: info.name,
            shortcode: info.shortcode,
            estimated_waiting_seconds: info.estimated_waiting_time,
            answered_by: client.endpoints().gateway.origin().ascii_serialization(),
        })
    }
}

fn account_from_row(row: &Row<'_>) -> rusqlite::Result<Account> {
    let environment: String = row.get(3)?;
    Ok(Account {
        id: row.get(0)?,
        name: row.get(1)?,
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
        has_signing_key: row.get(10)?,
    })
}

fn validated(input: NewAccount, now: &str) -> Result<Account> {
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::invalid(
            "name",
            "Give the account a name, e.g. \"Ihre Bank – Test\".",
        ));
    }
    let company_id = input.company_id.trim().to_owned();
    if company_id.is_empty()
        || !company_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(Error::invalid(
            "companyId",
            "Enter the company id IDnow gave you (letters, digits, '-' and '_'), e.g. ihrebank.",
        ));
    }
    let (gateway_url, go_url, api_url) = if input.environment == Environment::WhiteLabel {
        let gateway = base_url("gatewayUrl", input.gateway_url.as_deref())?.ok_or_else(|| {
            Error::invalid(
                "gatewayUrl",
                "A white-label account needs its gateway URL, e.g. https://ident.example-bank.de.",
            )
        })?;
        (
            Some(gateway),
            base_url("goUrl", input.go_url.as_deref())?,
            base_url("apiUrl", input.api_url.as_deref())?,
        )
    } else {
        (None, None, None)
    };
    Ok(Account {
        id: uuid::Uuid::new_v4().to_string(),
        name,
        company_id,
        environment: input.environment,
        gateway_url,
        go_url,
        api_url,
        retention_days: DEFAULT_RETENTION_DAYS,
        unfinished_retention_days: DEFAULT_UNFINISHED_RETENTION_DAYS,
        created_at: now.to_owned(),
        answer_limit_mib: None,
        has_signing_key: false,
    })
}

/// An http(s) base URL; plain http only for this machine (a local sandbox).
fn base_url(field: &str, text: Option<&str>) -> Result<Option<String>> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let url = Url::parse(text).map_err(|e| {
        Error::invalid(
            field,
            format!("{text:?} is not a URL ({e}); write it like https://ident.example-bank.de."),
        )
    })?;
    let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        _ => {
            return Err(Error::invalid(
                field,
                format!(
                    "{text:?} must start with https:// (plain http only for a sandbox on this computer)."
                ),
            ));
        }
    }
    Ok(Some(text.trim_end_matches('/').to_owned()))
}
