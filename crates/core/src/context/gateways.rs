//! One IDnow client per account, built on first use and kept so its login token is reused:
//! the classic gateway's for classic accounts, the Trust Platform's for the others.
//! Sandbox accounts get their in-process sandbox gateway started here — in builds with the
//! `builtin-sandbox` feature (the app and the CLI); without it the core carries no
//! simulator and a sandbox account says so.

use std::collections::HashMap;
use std::sync::Arc;

use idnow::{Client, Endpoints, Environment};
use idnow_trust::{TrustAccount, TrustClient};
use tokio::sync::Mutex;
use url::Url;
use zeroize::Zeroizing;

use super::Context;
use crate::accounts::account::Account;
use crate::error::{Error, Result};
use crate::sources::IdentificationSource;

/// The document a trainee can practise eSign with; optional, so the robots also run
/// without it.
#[cfg(feature = "builtin-sandbox")]
fn sample_definition() -> idnow::DocumentDefinition {
    idnow::DocumentDefinition {
        identifier: "account-opening".into(),
        name: "Kontoeröffnungsantrag (Sandbox)".into(),
        mime_type: "application/pdf".into(),
        optional: true,
        sort_order: Some(1),
        version: Some("sandbox-1".into()),
        signatures: None,
    }
}

pub struct Gateways {
    clients: Mutex<HashMap<String, Arc<dyn IdentificationSource>>>,
    platforms: Mutex<HashMap<String, Arc<TrustClient>>>,
    /// Test-only overrides (see `CoreOptions`).
    limits: Option<idnow::Limits>,
    test_root_pem: Option<Vec<u8>>,
    /// In-process sandboxes by account id; they stop when the core is dropped.
    #[cfg(feature = "builtin-sandbox")]
    sandboxes: Mutex<HashMap<String, idnow_sandbox::Sandbox>>,
    /// The sandboxes' pace against IDnow's.
    #[cfg_attr(not(feature = "builtin-sandbox"), allow(dead_code))]
    sandbox_time_scale: f64,
}

impl Gateways {
    pub fn new(options: &crate::options::CoreOptions) -> Self {
        Self {
            clients: Mutex::default(),
            platforms: Mutex::default(),
            limits: options.gateway_limits,
            test_root_pem: options.test_root_pem.clone(),
            #[cfg(feature = "builtin-sandbox")]
            sandboxes: Mutex::default(),
            sandbox_time_scale: options.sandbox_time_scale,
        }
    }
}

/// One identification as IDnow is reached for it: its account, its transaction number as
/// IDnow takes it, and the account's source.
pub(crate) struct AtIdnow {
    pub account: Account,
    pub txn: idnow::TransactionNumber,
    pub source: Arc<dyn IdentificationSource>,
}

impl Context {
    /// The account, the transaction number and the source an action at IDnow needs.
    pub(crate) async fn at_idnow(&self, account_id: &str, txn: &str) -> Result<AtIdnow> {
        let account = Account::by_id(&self.store, account_id)?;
        let txn = idnow::TransactionNumber::parse(txn)?;
        let source = self.source(&account).await?;
        Ok(AtIdnow {
            account,
            txn,
            source,
        })
    }

    /// Where the account's identifications live (its IDnow API), starting its sandbox
    /// gateway if it is a sandbox account.
    pub(crate) async fn source(&self, account: &Account) -> Result<Arc<dyn IdentificationSource>> {
        account.require_classic()?;
        let mut clients = self.gateways.clients.lock().await;
        if let Some(client) = clients.get(&account.id) {
            return Ok(client.clone());
        }
        let key = self.keychain.api_key(&account.id).await?;
        let endpoints = match account.environment {
            Environment::Sandbox => self.sandbox_endpoints(account, key.expose()).await?,
            Environment::WhiteLabel => {
                let gateway = parse_url(account.gateway_url.as_deref().unwrap_or_default())?;
                let or_gateway = |url: &Option<String>| match url {
                    Some(url) => parse_url(url),
                    None => Ok(gateway.clone()),
                };
                Endpoints {
                    go: or_gateway(&account.go_url)?,
                    api: or_gateway(&account.api_url)?,
                    gateway,
                }
            }
            published => published.published_endpoints().ok_or_else(|| {
                Error::Gateway(idnow::Error::Url(format!(
                    "no hosts known for {}",
                    published.as_str()
                )))
            })?,
        };
        let limits = self.gateways.limits.unwrap_or_else(|| account.limits());
        let client: Arc<dyn IdentificationSource> = Arc::new(
            self.new_client(endpoints, &account.company_id, key)?
                .with_limits(limits),
        );
        clients.insert(account.id.clone(), client.clone());
        Ok(client)
    }

    #[cfg(feature = "test-support")]
    fn new_client(
        &self,
        endpoints: Endpoints,
        company_id: &str,
        key: idnow::ApiKey,
    ) -> Result<Client> {
        Ok(match &self.gateways.test_root_pem {
            Some(root) => Client::trusting_test_root(endpoints, company_id, key, root)?,
            None => Client::new(endpoints, company_id, key)?,
        })
    }

    #[cfg(not(feature = "test-support"))]
    fn new_client(
        &self,
        endpoints: Endpoints,
        company_id: &str,
        key: idnow::ApiKey,
    ) -> Result<Client> {
        let _ = &self.gateways.test_root_pem;
        Ok(Client::new(endpoints, company_id, key)?)
    }

    /// Drops the account's source, so the next call builds one from its current settings.
    pub(crate) async fn forget_source(&self, account_id: &str) {
        self.gateways.clients.lock().await.remove(account_id);
        self.gateways.platforms.lock().await.remove(account_id);
    }

    /// A Trust Platform account's client (its token lives in it, in memory only), starting
    /// its sandbox gateway if it is a sandbox account.
    pub(crate) async fn platform(&self, account: &Account) -> Result<Arc<TrustClient>> {
        let settings = account.platform()?;
        let mut platforms = self.gateways.platforms.lock().await;
        if let Some(client) = platforms.get(&account.id) {
            return Ok(client.clone());
        }
        let secret = self.keychain.api_key(&account.id).await?;
        let (api, token_url) = if account.environment == Environment::Sandbox {
            let base = self
                .sandbox_endpoints(account, secret.expose())
                .await?
                .gateway;
            (join(&base, "api/v1")?, join(&base, "oidc/token")?)
        } else {
            (
                parse_url(&settings.api_url)?,
                parse_url(&settings.token_url)?,
            )
        };
        let trust_account = TrustAccount {
            api,
            token_url,
            client_id: account.company_id.clone(),
            client_secret: Zeroizing::new(secret.expose().to_owned()),
            environment: settings.environment.as_str().to_owned(),
        };
        let limits = self.gateways.limits.unwrap_or_else(|| account.limits());
        let client = match &self.gateways.test_root_pem {
            Some(root) if cfg!(feature = "test-support") => {
                TrustClient::trusting_test_root(trust_account, limits, root)?
            }
            _ => TrustClient::new(trust_account, limits)?,
        };
        let client = Arc::new(client);
        platforms.insert(account.id.clone(), client.clone());
        Ok(client)
    }

    /// The endpoints of the account's in-process sandbox, started on first use.
    #[cfg(feature = "builtin-sandbox")]
    async fn sandbox_endpoints(&self, account: &Account, api_key: &str) -> Result<Endpoints> {
        use idnow_sandbox::{Sandbox, SandboxConfig};
        let mut sandboxes = self.gateways.sandboxes.lock().await;
        if !sandboxes.contains_key(&account.id) {
            let config = SandboxConfig::new(&account.company_id, api_key)
                .with_time_scale(self.gateways.sandbox_time_scale);
            let sandbox = Sandbox::start(config).await.map_err(|err| {
                Error::Gateway(idnow::Error::Connect(format!(
                    "the built-in sandbox gateway could not start: {err}"
                )))
            })?;
            sandbox.define_document(sample_definition());
            sandboxes.insert(account.id.clone(), sandbox);
        }
        let sandbox = sandboxes.get(&account.id).ok_or_else(|| {
            Error::Gateway(idnow::Error::Connect(
                "the built-in sandbox gateway is gone".into(),
            ))
        })?;
        let base = parse_url(&sandbox.base_url())?;
        Ok(Endpoints {
            gateway: base.clone(),
            go: base,
            api: parse_url(&sandbox.robot_url())?,
        })
    }

    #[cfg(not(feature = "builtin-sandbox"))]
    async fn sandbox_endpoints(&self, _account: &Account, _api_key: &str) -> Result<Endpoints> {
        Err(Error::Gateway(idnow::Error::Connect(
            "this build of IdentDesk has no built-in sandbox; use a test account at IDnow, or run `idnow-sandbox` and add it as a white-label account".into(),
        )))
    }

    /// Moves a session of a sandbox account's built-in Trust Platform as its Player would.
    #[cfg(feature = "builtin-sandbox")]
    pub(crate) async fn sandbox_move_session(
        &self,
        account: &Account,
        session_id: &str,
        status: &str,
        outcome: Option<&str>,
    ) -> Result<()> {
        // Starts the sandbox if this is its first use.
        self.platform(account).await?;
        let sandboxes = self.gateways.sandboxes.lock().await;
        let moved = sandboxes
            .get(&account.id)
            .is_some_and(|sandbox| sandbox.move_trust_session(session_id, status, outcome));
        if moved {
            Ok(())
        } else {
            Err(Error::NotFound {
                what: "Session in the built-in sandbox",
                id: session_id.to_owned(),
            })
        }
    }

    #[cfg(not(feature = "builtin-sandbox"))]
    pub(crate) async fn sandbox_move_session(
        &self,
        _account: &Account,
        _session_id: &str,
        _status: &str,
        _outcome: Option<&str>,
    ) -> Result<()> {
        Err(Error::invalid(
            "accountId",
            "This build of IdentDesk has no built-in sandbox.",
        ))
    }

    /// The base URL of an account's running in-process sandbox, if it has one.
    #[cfg(feature = "builtin-sandbox")]
    pub(crate) async fn sandbox_url(&self, account_id: &str) -> Option<String> {
        self.gateways
            .sandboxes
            .lock()
            .await
            .get(account_id)
            .map(idnow_sandbox::Sandbox::base_url)
    }
}

/// `base` with a path appended (the sandbox's Trust Platform routes beside its classic ones).
fn join(base: &Url, path: &str) -> Result<Url> {
    parse_url(&format!("{}/{path}", base.as_str().trim_end_matches('/')))
}

fn parse_url(text: &str) -> Result<Url> {
    Url::parse(text).map_err(|e| Error::Gateway(idnow::Error::Url(format!("{text:?}: {e}"))))
}
