//! The context every officer action runs in: the store, the keychain, the clock and the
//! gateways. One `Core` per data folder; the app and the CLI each open one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cache_key;
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::gateways::Gateways;
use crate::keychain::Keychain;
use crate::lock::InstanceLock;
use crate::paths::DATABASE_FILE;
use crate::store::Store;

pub struct Core {
    pub(crate) store: Store,
    pub(crate) keychain: Keychain,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) gateways: Gateways,
    data_dir: PathBuf,
    _lock: InstanceLock,
}

impl Core {
    /// Opens the data folder (creating it), with the system clock and the OS keychain
    /// (the service `IDENTDESK_KEYCHAIN_SERVICE` names, if set).
    pub async fn open(data_dir: &Path) -> Result<Core> {
        Self::open_with(
            data_dir,
            Keychain::from_environment(),
            Arc::new(SystemClock),
        )
        .await
    }

    /// Locks the folder, fetches (or makes) the cache key in the keychain, opens and
    /// migrates the encrypted cache.
    pub async fn open_with(
        data_dir: &Path,
        keychain: Keychain,
        clock: Arc<dyn Clock>,
    ) -> Result<Core> {
        std::fs::create_dir_all(data_dir).map_err(|err| Error::Storage {
            message: format!(
                "The data folder {} could not be created ({err}); choose a writable folder.",
                data_dir.display()
            ),
        })?;
        let lock = InstanceLock::acquire(data_dir)?;
        let database = data_dir.join(DATABASE_FILE);
        let key = cache_key::obtain(&keychain, data_dir, database.exists()).await?;
        let store = Store::open(&database, &key)?;
        Ok(Core {
            store,
            keychain,
            clock,
            gateways: Gateways::default(),
            data_dir: data_dir.to_path_buf(),
            _lock: lock,
        })
    }

    /// SQLite's full `PRAGMA integrity_check` of the cache.
    pub async fn integrity_check(&self) -> Result<()> {
        let lines: Vec<String> = self.store.read(|conn| {
            let mut stmt = conn.prepare("PRAGMA integrity_check")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        if lines == ["ok"] {
            Ok(())
        } else {
            Err(Error::Integrity {
                message: format!("The cache failed its integrity check: {}", lines.join("; ")),
            })
        }
    }

    /// Waits for the integrity check that started with the cache (it reads every page, so
    /// it runs beside the first reads); then why the cache is read-only, if it is.
    pub fn integrity_verdict(&self) -> Option<String> {
        self.store.integrity_verdict()
    }

    /// The error writes get while the cache is read-only (for the window's status area).
    pub fn read_only_error(&self) -> Option<Error> {
        self.store.read_only_error()
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn database_path(&self) -> &Path {
        self.store.path()
    }
}
