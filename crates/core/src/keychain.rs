//! API keys in the OS keychain (Keychain, Credential Manager, Secret Service), and nowhere
//! else: there is no plaintext fallback. Keychain calls block, so they run off the async
//! threads.

use idnow::ApiKey;

use crate::error::{Error, Result};

/// The keychain entries of one IdentDesk installation.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Default for Keychain {
    fn default() -> Self {
        Self::new("IdentDesk")
    }
}

impl Keychain {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    pub async fn store_api_key(&self, account_id: &str, key: &ApiKey) -> Result<()> {
        let entry = self.entry(account_id)?;
        let key = key.clone();
        blocking(move || entry.set_password(key.expose()))
            .await?
            .map_err(keychain_error)
    }

    pub async fn api_key(&self, account_id: &str) -> Result<ApiKey> {
        let entry = self.entry(account_id)?;
        let key = blocking(move || entry.get_password())
            .await?
            .map_err(keychain_error)?;
        Ok(ApiKey::new(key))
    }

    pub async fn delete_api_key(&self, account_id: &str) -> Result<()> {
        let entry = self.entry(account_id)?;
        match blocking(move || entry.delete_credential()).await? {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(keychain_error(err)),
        }
    }

    fn entry(&self, account_id: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, &format!("api-key:{account_id}")).map_err(keychain_error)
    }
}

async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> keyring::Result<T> + Send + 'static,
) -> Result<keyring::Result<T>> {
    tokio::task::spawn_blocking(call)
        .await
        .map_err(|join| Error::Keychain {
            detail: join.to_string(),
        })
}

fn keychain_error(err: keyring::Error) -> Error {
    let detail = match err {
        keyring::Error::NoEntry => {
            "no API key is stored for this account (enter it again in the account's settings)"
                .to_owned()
        }
        other => other.to_string(),
    };
    Error::Keychain { detail }
}
