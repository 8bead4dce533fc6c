//! IDnow accounts: company id, environment and URLs in the database, the API key in the
//! keychain. A fresh install gets a "Sandbox" account on the built-in gateway.

use idnow::{ApiKey, Environment};
use rand::distr::{Alphanumeric, SampleString};
use rsa::pkcs8::DecodePublicKey;
use url::Url;

pub(crate) mod account;
mod platform;

pub use crate::sources::ConnectionCheck;
pub use account::{Account, AccountKind, NewAccount};
pub use platform::{DEFAULT_PLATFORM_API_URL, DEFAULT_PLATFORM_TOKEN_URL, NewPlatformAccount};

use crate::context::service;
use crate::error::{Error, Result};
use crate::journal;
use crate::team::TeamService;

pub const SANDBOX_ACCOUNT_NAME: &str = "Sandbox";
const SANDBOX_COMPANY_ID: &str = "sandbox";

/// The columns an added account is written with.
const INSERT_COLUMNS: &str = "id, name, company_id, environment, gateway_url, go_url, api_url, created_at, retention_days, kind, token_url, platform_environment";

/// Retention when the officer sets none: 90 days, IDnow's own maximum.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;
/// Retention of an identification that never finished, counted from its creation.
pub const DEFAULT_UNFINISHED_RETENTION_DAYS: u32 = 30;

service! {
    /// The IDnow accounts: their settings (the `accounts` table), their API keys in the keychain,
    /// their sandboxes; in a team workspace the team sets their retention.
    AccountService
}

impl AccountService<'_> {
    pub async fn list(self) -> Result<Vec<Account>> {
        Account::all(&self.cx.store)
    }

    /// The account with this id (the window and every core method name accounts by id).
    pub async fn account(self, id: &str) -> Result<Account> {
        Account::by_id(&self.cx.store, id)
    }

    /// The account with this name: for the command line, where officers type names.
    pub async fn account_named(self, name: &str) -> Result<Account> {
        Account::by_name(&self.cx.store, name)
    }

    /// Checks the input, stores the key in the keychain, then the account in the database
    /// (with its audit entry). If the database refuses, the keychain entry is removed again.
    pub async fn add(self, input: NewAccount) -> Result<Account> {
        let account = validated(input.clone(), &self.cx.clock.now_text())?;
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
        self.insert(account, &key).await
    }

    /// Keeps the secret in the keychain, then the account in the database (with its audit
    /// entry); if the database refuses, the keychain entry is removed again.
    async fn insert(self, account: Account, secret: &ApiKey) -> Result<Account> {
        self.cx.keychain.store_api_key(&account.id, secret).await?;
        let stamp = self.cx.stamp();
        let platform = account.platform.as_ref();
        let stored = self.cx.store.write(|tx| {
            tx.execute(
                &format!(
                    "INSERT INTO accounts ({INSERT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                ),
                rusqlite::params![
                    &account.id,
                    &account.name,
                    &account.company_id,
                    account.environment.as_str(),
                    &account.gateway_url,
                    &account.go_url,
                    &account.api_url,
                    &account.created_at,
                    account.retention_days,
                    account.kind.as_str(),
                    platform.map(|p| &p.token_url),
                    platform.map(|p| p.environment.as_str()),
                ],
            )?;
            journal::record_detail(
                tx,
                &stamp,
                "account.added",
                &account.id,
                Some(account.kind.as_str()),
            )
        });
        if let Err(err) = stored {
            let _ = self.cx.keychain.delete_api_key(&account.id).await;
            return Err(err);
        }
        tracing::info!(account = %account.id, kind = account.kind.as_str(), environment = account.environment.as_str(), "account added");
        Ok(account)
    }

    /// On a fresh install (no accounts at all) adds the "Sandbox" account, with a random
    /// API key kept in the keychain like any other. Returns the accounts afterwards.
    /// Builds without the built-in sandbox start with no account.
    pub async fn ensure_default_account(self) -> Result<Vec<Account>> {
        let accounts = self.list().await?;
        if !accounts.is_empty() || !cfg!(feature = "builtin-sandbox") {
            return Ok(accounts);
        }
        // Made before the await: the thread's generator must not be held across it.
        let api_key = Alphanumeric.sample_string(&mut rand::rng(), 32);
        self.add(NewAccount {
            name: SANDBOX_ACCOUNT_NAME.into(),
            company_id: SANDBOX_COMPANY_ID.into(),
            environment: Environment::Sandbox,
            gateway_url: None,
            go_url: None,
            api_url: None,
            api_key,
        })
        .await?;
        self.list().await
    }
}

impl AccountService<'_> {
    /// Sets how many days after the final result personal data is kept (1 to 3650). In a
    /// team workspace the team's policy rules: only its administrators set it, there.
    pub async fn set_retention_days(self, account_id: &str, days: u32) -> Result<Account> {
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
        self,
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
    async fn set_retention(self, account: Account, days: u32, unfinished: u32) -> Result<Account> {
        if let Some(link) = TeamService::new(self.cx).team_link().await? {
            let team_account = TeamService::new(self.cx).team_account(&account.id)?;
            link.workspace
                .set_retention(team_account, days_i32(days), days_i32(unfinished))
                .await?;
            TeamService::new(self.cx).map_team_accounts(&link).await?;
            return self.account(&account.id).await;
        }
        let stamp = self.cx.stamp();
        let detail = format!(
            "final: {} → {days} days, unfinished: {} → {unfinished} days",
            account.retention_days, account.unfinished_retention_days
        );
        self.cx.store.write(|tx| {
            tx.execute(
                "UPDATE accounts SET retention_days = ?2, unfinished_retention_days = ?3 WHERE id = ?1",
                (&account.id, days, unfinished),
            )?;
            journal::record_detail(
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

impl AccountService<'_> {
    /// Sets the PEM public key that verifies this account's result XML (IDnow publishes one
    /// per environment). With a key, an archive whose signature is missing or wrong is
    /// refused.
    pub async fn set_result_signing_key(self, account_id: &str, pem: &str) -> Result<()> {
        let account = self.account(account_id).await?;
        rsa::PublicKey::from_public_key_pem(pem.trim())
            .map_err(|e| Error::invalid("signingKey", format!("This is not a PEM public key ({e}); paste the whole -----BEGIN PUBLIC KEY----- block.")))?;
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            tx.execute(
                "UPDATE accounts SET xml_signing_key = ?2 WHERE id = ?1",
                (&account.id, pem.trim()),
            )?;
            journal::record(tx, &stamp, "account.signing_key.set", &account.id)
        })
    }
}

impl AccountService<'_> {
    /// Starts the sandbox gateway of every sandbox account now rather than on first use, so
    /// the window's first action does not wait for it.
    pub async fn start_sandboxes(self) -> Result<()> {
        for account in self.list().await? {
            if account.environment == Environment::Sandbox {
                match account.kind {
                    AccountKind::Classic => drop(self.cx.source(&account).await?),
                    AccountKind::TrustPlatform => drop(self.cx.platform(&account).await?),
                }
            }
        }
        Ok(())
    }

    /// The base URL of an account's running in-process sandbox, if it has one.
    #[cfg(feature = "builtin-sandbox")]
    pub async fn sandbox_url(self, account_id: &str) -> Option<String> {
        self.cx.sandbox_url(account_id).await
    }
}

fn days_i32(days: u32) -> i32 {
    i32::try_from(days).unwrap_or(3650)
}

impl AccountService<'_> {
    /// Raises (or, with `None`, resets) the largest answer the account accepts, in MiB
    /// (16 to 16384): for accounts whose lists or archives outgrow the defaults.
    pub async fn set_answer_limit(self, account_id: &str, mib: Option<u32>) -> Result<Account> {
        if mib.is_some_and(|mib| !(16..=16_384).contains(&mib)) {
            return Err(Error::invalid(
                "answerLimitMib",
                "Give the largest answer between 16 and 16384 MiB, or leave it empty for the default.",
            ));
        }
        let account = self.account(account_id).await?;
        let stamp = self.cx.stamp();
        let detail = format!(
            "{} MiB",
            mib.map_or("default".to_owned(), |m| m.to_string())
        );
        self.cx.store.write(|tx| {
            tx.execute(
                "UPDATE accounts SET answer_limit_mib = ?2 WHERE id = ?1",
                (&account.id, mib),
            )?;
            journal::record_detail(
                tx,
                &stamp,
                "account.answer_limit.changed",
                &account.id,
                Some(&detail),
            )
        })?;
        // The client keeps its limits: the next call builds one with the new ones.
        self.cx.forget_source(&account.id).await;
        self.account(&account.id).await
    }
}

impl AccountService<'_> {
    /// Logs in with the account's key and asks IDnow who the company is (classic), or logs
    /// in and lists the flows (Trust Platform).
    pub async fn test_connection(self, account_id: &str) -> Result<ConnectionCheck> {
        let account = self.account(account_id).await?;
        match account.kind {
            AccountKind::Classic => Ok(self.cx.source(&account).await?.check_account().await?),
            AccountKind::TrustPlatform => self.check_platform(&account).await,
        }
    }
}

fn validated(input: NewAccount, now: &str) -> Result<Account> {
    let name = account_name(&input.name)?;
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
        kind: AccountKind::Classic,
        platform: None,
        company_id,
        environment: input.environment,
        gateway_url,
        go_url,
        retention_days: DEFAULT_RETENTION_DAYS,
        unfinished_retention_days: DEFAULT_UNFINISHED_RETENTION_DAYS,
        created_at: now.to_owned(),
        answer_limit_mib: None,
        has_signing_key: false,
        has_test_robots: account::has_test_robots(input.environment, api_url.as_deref()),
        api_url,
    })
}

/// The name the officer gave, trimmed; never empty.
fn account_name(text: &str) -> Result<String> {
    let name = text.trim().to_owned();
    if name.is_empty() {
        return Err(Error::invalid(
            "name",
            "Give the account a name, e.g. \"Ihre Bank – Test\".",
        ));
    }
    Ok(name)
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
