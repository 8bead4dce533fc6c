//! Trust Platform accounts: an OAuth client (id in the database, secret in the keychain
//! like an API key), the environment its client belongs to, and the API's and the token
//! endpoint's hosts — IDnow's EU production hosts unless the officer names others, or the
//! built-in sandbox.

use idnow::{ApiKey, Environment};
use rand::distr::{Alphanumeric, SampleString};
use serde::{Deserialize, Serialize};

use super::account::{Account, AccountKind, PlatformEnvironment, PlatformSettings};
use super::{AccountService, ConnectionCheck, DEFAULT_RETENTION_DAYS};
use super::{DEFAULT_UNFINISHED_RETENTION_DAYS, account_name, base_url};
use crate::error::{Error, Result};

/// IDnow's production API for the Trust Platform in the EU (contract §3).
pub const DEFAULT_PLATFORM_API_URL: &str = "https://api.eu.platform.idnow.io/api/v1";
/// IDnow's production token endpoint in the EU (contract §2).
pub const DEFAULT_PLATFORM_TOKEN_URL: &str = "https://auth.eu.platform.idnow.io/oidc/token";
/// The token endpoint: as given, or — given the auth server's OpenID configuration
/// (`…/.well-known/openid-configuration`) — the one it names, read once now.
async fn discovered(token_url: &str) -> Result<String> {
    if !token_url.ends_with(idnow_trust::discovery::OPENID_CONFIGURATION) {
        return Ok(token_url.to_owned());
    }
    let configuration = url::Url::parse(token_url)
        .map_err(|e| Error::invalid("tokenUrl", format!("{token_url:?} is not a URL ({e}).")))?;
    idnow_trust::discovery::token_endpoint(&configuration, &idnow::Limits::default())
        .await
        .map(|endpoint| endpoint.to_string())
        .map_err(|err| {
            Error::invalid(
                "tokenUrl",
                format!("The OpenID configuration could not be read ({err}); enter the token endpoint itself."),
            )
        })
}

/// The client id of a built-in sandbox account (its secret is random, in the keychain).
const SANDBOX_CLIENT_ID: &str = "sandbox";

/// What the officer types to add a Trust Platform account. No `Debug`: it carries the secret.
#[derive(Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewPlatformAccount {
    pub name: String,
    /// On the built-in sandbox: no client of IDnow's needed (id and secret are ignored).
    pub sandbox: bool,
    pub client_id: String,
    pub client_secret: String,
    pub environment: PlatformEnvironment,
    /// The API's base URL with its version; IDnow's EU production API when empty.
    pub api_url: Option<String>,
    /// The OAuth token endpoint; IDnow's EU production one when empty.
    pub token_url: Option<String>,
}

impl AccountService<'_> {
    /// Adds a Trust Platform account: checks the input, keeps the secret in the keychain,
    /// the rest in the database.
    pub async fn add_platform(self, input: NewPlatformAccount) -> Result<Account> {
        let name = account_name(&input.name)?;
        if self.account_named(&name).await.is_ok() {
            return Err(Error::AlreadyExists {
                message: format!("An account named {name:?} exists already; choose another name."),
            });
        }
        let (client_id, secret, environment, api_url, token_url) = if input.sandbox {
            let secret = Alphanumeric.sample_string(&mut rand::rng(), 32);
            // The sandbox's hosts are known when it starts (its port changes each time).
            (
                SANDBOX_CLIENT_ID.to_owned(),
                secret,
                Environment::Sandbox,
                String::new(),
                String::new(),
            )
        } else {
            let client_id = input.client_id.trim().to_owned();
            if client_id.is_empty() || client_id.chars().any(char::is_control) {
                return Err(Error::invalid(
                    "clientId",
                    "Enter the client id of the API client made in IDnow's dashboard (Settings > Developer > API clients).",
                ));
            }
            let secret = input.client_secret.trim().to_owned();
            if secret.is_empty() {
                return Err(Error::invalid(
                    "clientSecret",
                    "Enter the client secret IDnow's dashboard showed once when the API client was made.",
                ));
            }
            let api = base_url("apiUrl", input.api_url.as_deref())?
                .unwrap_or_else(|| DEFAULT_PLATFORM_API_URL.to_owned());
            let token = base_url("tokenUrl", input.token_url.as_deref())?
                .unwrap_or_else(|| DEFAULT_PLATFORM_TOKEN_URL.to_owned());
            let token = discovered(&token).await?;
            (client_id, secret, Environment::WhiteLabel, api, token)
        };
        let account = Account {
            id: uuid::Uuid::new_v4().to_string(),
            name,
            kind: AccountKind::TrustPlatform,
            company_id: client_id,
            environment,
            gateway_url: Some(api_url.clone()).filter(|u| !u.is_empty()),
            go_url: None,
            api_url: None,
            retention_days: DEFAULT_RETENTION_DAYS,
            unfinished_retention_days: DEFAULT_UNFINISHED_RETENTION_DAYS,
            created_at: self.cx.clock.now_text(),
            answer_limit_mib: None,
            has_signing_key: false,
            has_test_robots: false,
            platform: Some(PlatformSettings {
                environment: input.environment,
                api_url,
                token_url,
            }),
        };
        self.insert(account, &ApiKey::new(secret)).await
    }

    /// Logs in and lists the flows: the Trust Platform's "test connection".
    pub(super) async fn check_platform(self, account: &Account) -> Result<ConnectionCheck> {
        let client = self.cx.platform(account).await?;
        let flows = crate::sessions::flows::all_flows(&client).await?;
        Ok(ConnectionCheck {
            company_name: None,
            shortcode: None,
            estimated_waiting_seconds: None,
            answered_by: client.api_origin(),
            flows: flows
                .iter()
                .map(|f| crate::sessions::FlowSummary::from(f).name)
                .collect(),
        })
    }
}
