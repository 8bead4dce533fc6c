//! The key that encrypts the local cache (SQLCipher): 256 random bits made on first run,
//! kept in the OS keychain under a name derived from the data folder, never on disk.

use std::path::Path;

use rand::RngCore;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keychain::Keychain;

/// 32 bytes, wiped on drop (each copy), never printed.
#[derive(Clone)]
pub struct CacheKey(Zeroizing<[u8; 32]>);

impl CacheKey {
    #[cfg(test)]
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// SQLCipher's raw-key form: `x'<64 hex digits>'`.
    pub fn pragma_value(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(*self.0)))
    }
}

/// The keychain entry's name for this data folder.
fn entry_name(data_dir: &Path) -> Result<String> {
    Ok(format!("cache-key:{}", crate::paths::folder_id(data_dir)?))
}

/// The folder's key from the keychain; a new one when the database does not exist yet.
pub async fn obtain(
    keychain: &Keychain,
    data_dir: &Path,
    database_exists: bool,
) -> Result<CacheKey> {
    let name = entry_name(data_dir)?;
    if let Some(stored) = keychain.read(&name).await? {
        let mut key = Zeroizing::new([0u8; 32]);
        if hex::decode_to_slice(stored.as_str(), key.as_mut()).is_ok() {
            return Ok(CacheKey(key));
        }
        return Err(Error::Keychain {
            detail: format!("the cache key in the keychain entry {name:?} is damaged"),
        });
    }
    if database_exists {
        return Err(Error::Storage {
            message: format!(
                "The local cache in {} is encrypted with a key that is no longer in the keychain, so it cannot be read. Restore the keychain entry, or move the folder away to start with an empty cache (IDnow still has the results).",
                data_dir.display()
            ),
        });
    }
    let mut key = Zeroizing::new([0u8; 32]);
    rand::rng().fill_bytes(key.as_mut());
    keychain
        .store(&name, Zeroizing::new(hex::encode(*key)))
        .await?;
    Ok(CacheKey(key))
}
