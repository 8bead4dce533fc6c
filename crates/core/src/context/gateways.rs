//! One IDnow client per account, built on first use and kept so its login token is reused.
//! Sandbox accounts get their in-process sandbox gateway started here — in builds with the
//! `builtin-sandbox` feature (the app and the CLI); without it the core carries no
//! simulator and a sandbox account says so.

use std::collections::HashMap;
use std::sync::Arc;

use idnow::{Client, Endpoints, Environment};
use tokio::sync::Mutex;
use url::Url;

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

fn parse_url(text: &str) -> Result<Url> {
    Url::parse(text).map_err(|e| Error::Gateway(idnow::Error::Url(format!("{text:?}: {e}"))))
}
