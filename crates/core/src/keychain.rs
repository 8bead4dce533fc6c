//! Secrets in the OS keychain (Keychain, Credential Manager, Secret Service) and nowhere
//! else: API keys and the cache key. There is no plaintext fallback. Keychain calls block,
//! so they run off the async threads, and one at a time (see `ONE_CALL_AT_A_TIME`).

use std::sync::Mutex;

use idnow::ApiKey;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The keychain entries of one IdentDesk installation.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

/// Held for each call into the keychain. gnome-keyring has been seen to fail (and its
/// daemon to die, restarted by D-Bus with the login keyring locked) when one process opens
/// several Secret Service sessions at once; the calls are a few milliseconds each, so a
/// process makes them in turn and loses nothing.
static ONE_CALL_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The keychain service IdentDesk's entries live under.
const SERVICE: &str = "IdentDesk";
/// Names another service: tests and CI runs use a throwaway one, never the officer's entries.
pub const KEYCHAIN_SERVICE_ENV: &str = "IDENTDESK_KEYCHAIN_SERVICE";

impl Default for Keychain {
    fn default() -> Self {
        Self::new(SERVICE)
    }
}

impl Keychain {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    /// IdentDesk's own service, or the one `IDENTDESK_KEYCHAIN_SERVICE` names (for the
    /// app's and the CLI's start; the core itself never reads the environment).
    pub fn from_environment() -> Self {
        match std::env::var(KEYCHAIN_SERVICE_ENV) {
            Ok(service) if !service.trim().is_empty() => Self::new(service.trim()),
            _ => Self::default(),
        }
    }

    pub async fn store_api_key(&self, account_id: &str, key: &ApiKey) -> Result<()> {
        self.store(
            &api_key_entry(account_id),
            Zeroizing::new(key.expose().to_owned()),
        )
        .await
    }

    pub async fn api_key(&self, account_id: &str) -> Result<ApiKey> {
        let key = self
            .read(&api_key_entry(account_id))
            .await?
            .ok_or_else(|| Error::Keychain {
                detail: "no API key is stored for this account (enter it again in the account's settings)".into(),
            })?;
        Ok(ApiKey::new(key.as_str()))
    }

    pub async fn delete_api_key(&self, account_id: &str) -> Result<()> {
        self.delete(&api_key_entry(account_id)).await
    }

    /// Stores a secret under `name`, replacing what was there.
    pub(crate) async fn store(&self, name: &str, secret: Zeroizing<String>) -> Result<()> {
        let entry = self.entry(name)?;
        blocking(move || entry.set_password(&secret))
            .await?
            .map_err(keychain_error)
    }

    /// The secret under `name`, or `None` when there is none.
    pub(crate) async fn read(&self, name: &str) -> Result<Option<Zeroizing<String>>> {
        let entry = self.entry(name)?;
        match blocking(move || entry.get_password()).await? {
            Ok(secret) => Ok(Some(Zeroizing::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(keychain_error(err)),
        }
    }

    /// `store`, on the calling thread (for the audit anchor, moved inside a store write).
    pub(crate) fn store_now(&self, name: &str, secret: &str) -> Result<()> {
        let entry = self.entry(name)?;
        in_turn(|| entry.set_password(secret)).map_err(keychain_error)
    }

    pub(crate) async fn delete(&self, name: &str) -> Result<()> {
        let entry = self.entry(name)?;
        match blocking(move || entry.delete_credential()).await? {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(keychain_error(err)),
        }
    }

    /// A test run's own service: the one `IDENTDESK_KEYCHAIN_SERVICE` names (CI sets one per
    /// run), else `IdentDesk-test`, so tests never touch an officer's entries.
    pub fn for_tests() -> Self {
        match std::env::var(KEYCHAIN_SERVICE_ENV) {
            Ok(service) if !service.trim().is_empty() => Self::new(service.trim()),
            _ => Self::new(format!("{SERVICE}-test")),
        }
    }

    /// The service name, for handing a test's choice on to a child process.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, name).map_err(keychain_error)
    }
}

fn api_key_entry(account_id: &str) -> String {
    format!("api-key:{account_id}")
}

/// Runs one keychain call while no other call of this process runs.
fn in_turn<T>(call: impl FnOnce() -> T) -> T {
    // A call that panicked poisons the lock but leaves nothing half-done in it.
    let _turn = ONE_CALL_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    call()
}

/// Runs one keychain call off the async threads, in turn.
async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> keyring::Result<T> + Send + 'static,
) -> Result<keyring::Result<T>> {
    tokio::task::spawn_blocking(move || in_turn(call))
        .await
        .map_err(|join| Error::Keychain {
            detail: join.to_string(),
        })
}

fn keychain_error(err: keyring::Error) -> Error {
    Error::Keychain {
        detail: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::in_turn;

    #[test]
    fn keychain_calls_from_many_threads_never_overlap() {
        let running = AtomicUsize::new(0);
        let most_at_once = AtomicUsize::new(0);
        std::thread::scope(|threads| {
            for _ in 0..8 {
                threads.spawn(|| {
                    for _ in 0..5 {
                        in_turn(|| {
                            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                            most_at_once.fetch_max(now, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(2));
                            running.fetch_sub(1, Ordering::SeqCst);
                        });
                    }
                });
            }
        });
        assert_eq!(most_at_once.load(Ordering::SeqCst), 1);
    }
}
