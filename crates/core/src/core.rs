//! `Core` assembles the back office for one data folder: it opens the [`Context`] (the
//! store, keychain, clock, gateways, who acts) and hands out the services that stand on
//! it. The app's commands and the CLI call services; `Core` itself holds no feature.

use std::path::Path;

use crate::accounts::AccountService;
use crate::audit::{self, AuditService};
use crate::context::Context;
use crate::decisions::DecisionService;
use crate::error::{Error, Result};
use crate::files::FileService;
use crate::identifications::IdentificationService;
use crate::options::CoreOptions;
use crate::overview::OverviewService;
use crate::retention::RetentionService;
use crate::sync::SyncService;
use crate::sync::all::SyncGate;
use crate::team::TeamService;
use crate::window::WindowService;

pub struct Core {
    cx: Context,
    /// The one sync of everything that may run at a time (the sync service's own state).
    sync_gate: SyncGate,
}

impl Core {
    /// Locks the data folder (creating it), fetches (or makes) the cache key in the
    /// keychain, opens and migrates the encrypted cache and checks its audit anchor.
    pub async fn open(data_dir: &Path, options: CoreOptions) -> Result<Core> {
        let keychain = options.keychain.clone();
        let cx = Context::open(data_dir, options).await?;
        audit::anchor(&cx.store, &keychain, data_dir).await?;
        Ok(Core {
            cx,
            sync_gate: SyncGate::default(),
        })
    }

    pub fn accounts(&self) -> AccountService<'_> {
        AccountService::new(&self.cx)
    }

    pub fn identifications(&self) -> IdentificationService<'_> {
        IdentificationService::new(&self.cx)
    }

    pub fn sync(&self) -> SyncService<'_> {
        SyncService::new(&self.cx, &self.sync_gate)
    }

    pub fn decisions(&self) -> DecisionService<'_> {
        DecisionService::new(&self.cx)
    }

    pub fn audit(&self) -> AuditService<'_> {
        AuditService::new(&self.cx)
    }

    pub fn retention(&self) -> RetentionService<'_> {
        RetentionService::new(&self.cx)
    }

    pub fn overview(&self) -> OverviewService<'_> {
        OverviewService::new(&self.cx)
    }

    pub fn team(&self) -> TeamService<'_> {
        TeamService::new(&self.cx)
    }

    pub fn files(&self) -> FileService<'_> {
        FileService::new(&self.cx)
    }

    pub fn window(&self) -> WindowService<'_> {
        WindowService::new(&self.cx)
    }

    pub fn sessions(&self) -> crate::sessions::SessionService<'_> {
        crate::sessions::SessionService::new(&self.cx)
    }

    /// Who this core acts as: the team officer it is signed in as, else the OS account.
    pub fn acting_user(&self) -> String {
        self.cx.acting_user()
    }

    /// SQLite's full `PRAGMA integrity_check` of the cache.
    pub async fn integrity_check(&self) -> Result<()> {
        let lines: Vec<String> = self.cx.store.read(|conn| {
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
        self.cx.store.integrity_verdict()
    }

    /// Closes the cache for this run (see `Store::close`): the window calls it as it
    /// exits, since its state is never dropped; a `Core` that is dropped does it itself.
    pub fn close(&self) {
        self.cx.store.close();
    }

    /// The error writes get while the cache is read-only (for the window's status area).
    pub fn read_only_error(&self) -> Option<Error> {
        self.cx.store.read_only_error()
    }

    pub fn data_dir(&self) -> &Path {
        self.cx.data_dir()
    }

    pub fn database_path(&self) -> &Path {
        self.cx.store.path()
    }
}
