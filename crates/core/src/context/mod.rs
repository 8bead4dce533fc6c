//! The ground floor every service stands on: the store, the keychain, the clock, the
//! gateways and who acts (the OS account, or the team officer this folder is signed in
//! as). It imports no service; one `Context` per data folder, owned by [`crate::Core`].

pub(crate) mod gateways;
pub(crate) mod identity;
pub(crate) mod team_slot;
pub(crate) mod viewer_folder;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cache_key;
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::keychain::Keychain;
use crate::lock::InstanceLock;
use crate::options::CoreOptions;
use crate::paths::DATABASE_FILE;
use crate::store::Store;
use gateways::Gateways;
use team_slot::TeamSlot;

pub(crate) struct Context {
    pub(crate) store: Store,
    pub(crate) keychain: Keychain,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) gateways: Gateways,
    /// The OS account (or the one a test names); a team officer acts under their own name.
    os_user: String,
    /// The team workspace this folder joined, once connected (see `crate::team`).
    pub(crate) team: TeamSlot,
    data_dir: PathBuf,
    /// Copies opened in the OS's viewer; removed when the context drops.
    pub(crate) viewer: viewer_folder::ViewerFolder,
    _lock: InstanceLock,
}

/// When and by whom: what every audit entry and decision records.
pub(crate) struct Stamp {
    pub at: String,
    pub actor: String,
    /// In a team workspace: local actions also go to the team's trail.
    pub team: bool,
}

impl Context {
    /// Locks the data folder (creating it), fetches (or makes) the cache key in the
    /// keychain, opens and migrates the encrypted cache.
    pub(crate) async fn open(data_dir: &Path, options: CoreOptions) -> Result<Context> {
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
        let team = TeamSlot::load(&store)?;
        Ok(Context {
            store,
            team,
            gateways: Gateways::new(&options),
            os_user: options.acting_user.unwrap_or_else(identity::os_account),
            keychain: options.keychain,
            clock: options.clock,
            data_dir: data_dir.to_path_buf(),
            viewer: viewer_folder::ViewerFolder::new(data_dir),
            _lock: lock,
        })
    }

    /// Now, and who acts: the signed-in team officer, else the OS account.
    pub(crate) fn stamp(&self) -> Stamp {
        let officer = self.team.officer();
        Stamp {
            at: self.clock.now_text(),
            team: officer.is_some(),
            actor: officer.unwrap_or_else(|| self.os_user.clone()),
        }
    }

    /// Who acts: the team officer this folder is signed in as, else the OS account.
    pub(crate) fn acting_user(&self) -> String {
        self.team.officer().unwrap_or_else(|| self.os_user.clone())
    }

    pub(crate) fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}

/// Declares a service: a view of the [`Context`] that owns one part of the back office (its
/// tables, its statements, its methods). [`crate::Core`] hands them out; a service that
/// builds on another makes that one from its own context.
macro_rules! service {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $name<'c> {
            pub(crate) cx: &'c $crate::context::Context,
        }

        impl<'c> $name<'c> {
            pub(crate) fn new(cx: &'c $crate::context::Context) -> Self {
                Self { cx }
            }
        }
    };
}
pub(crate) use service;

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
