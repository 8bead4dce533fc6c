//! The context every officer action runs in: the store, the keychain, the clock, the
//! gateways and who acts. One `Core` per data folder; the app and the CLI each open one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cache_key;
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::gateways::Gateways;
use crate::keychain::Keychain;
use crate::lock::InstanceLock;
use crate::options::CoreOptions;
use crate::paths::DATABASE_FILE;
use crate::store::Store;
use crate::sync_all::SyncGate;

pub struct Core {
    pub(crate) store: Store,
    pub(crate) keychain: Keychain,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) gateways: Gateways,
    pub(crate) sync_gate: SyncGate,
    pub(crate) acting_user: String,
    /// The team workspace this folder joined, once connected (see `team`).
    pub(crate) team: crate::team::TeamSlot,
    data_dir: PathBuf,
    _lock: InstanceLock,
}

/// When and by whom: what every audit entry and decision records.
pub(crate) struct Stamp {
    pub at: String,
    pub actor: String,
    /// In a team workspace: local actions also go to the team's trail.
    pub team: bool,
}

impl Core {
    /// Locks the data folder (creating it), fetches (or makes) the cache key in the
    /// keychain, opens and migrates the encrypted cache.
    pub async fn open(data_dir: &Path, options: CoreOptions) -> Result<Core> {
        std::fs::create_dir_all(data_dir).map_err(|err| Error::Storage {
            message: format!(
                "The data folder {} could not be created ({err}); choose a writable folder.",
                data_dir.display()
            ),
        })?;
        let lock = InstanceLock::acquire(data_dir)?;
        remove_plain_leftovers(data_dir);
        let database = data_dir.join(DATABASE_FILE);
        let key = cache_key::obtain(&options.keychain, data_dir, database.exists()).await?;
        let store = Store::open(&database, &key)?;
        crate::audit::anchor(&store, &options.keychain, data_dir).await?;
        let team = crate::team::TeamSlot::load(&store)?;
        Ok(Core {
            store,
            team,
            gateways: Gateways::new(&options),
            acting_user: options
                .acting_user
                .unwrap_or_else(crate::identity::os_account),
            keychain: options.keychain,
            clock: options.clock,
            sync_gate: SyncGate::default(),
            data_dir: data_dir.to_path_buf(),
            _lock: lock,
        })
    }

    /// Now, and who acts: the signed-in team officer, else the OS account.
    pub(crate) fn stamp(&self) -> Stamp {
        let officer = self.team.officer();
        Stamp {
            at: self.clock.now_text(),
            team: officer.is_some(),
            actor: officer.unwrap_or_else(|| self.acting_user.clone()),
        }
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

    /// Closes the cache for this run (see [`Store::close`]): the window calls it as it
    /// exits, since its state is never dropped; a `Core` that is dropped does it itself.
    pub fn close(&self) {
        self.store.close();
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

/// Older versions streamed downloads into `.archive-*.part` / `.signed-*.part` files in the
/// data folder; one killed mid-download left the person's images or contract there in
/// plain bytes. Downloads now stay in memory; whatever an older version left goes.
fn remove_plain_leftovers(data_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let leftover = (name.starts_with(".archive-") || name.starts_with(".signed-"))
            && name.ends_with(".part");
        if leftover && std::fs::remove_file(entry.path()).is_ok() {
            tracing::info!("removed a download an older version left unfinished");
        }
    }
}
