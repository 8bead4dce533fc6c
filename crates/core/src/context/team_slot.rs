//! The team workspace this data folder joined: its settings, read when the cache opens,
//! and the signed-in session, made on first use. It is part of the context because it
//! says who acts; the team service (`crate::team`) joins, leaves and uses it.

use std::sync::{Arc, PoisonError, RwLock};

use identdesk_team::{Target, Workspace};
use rusqlite::OptionalExtension;

use crate::error::Result;
use crate::store::Store;

pub(crate) const URL_SETTING: &str = "team.url";
pub(crate) const OFFICER_SETTING: &str = "team.officer";
pub(crate) const CA_SETTING: &str = "team.ca_pem";

/// What this folder knows of its team workspace.
#[derive(Clone)]
pub(crate) struct Joined {
    pub(crate) target: Target,
    pub(crate) officer: String,
    pub(crate) ca_pem: Option<Vec<u8>>,
}

/// The team workspace slot of a data folder: the settings read at open, and the link made on
/// first use.
pub(crate) struct TeamSlot {
    joined: RwLock<Option<Joined>>,
    pub(crate) link: tokio::sync::Mutex<Option<Arc<TeamLink>>>,
}

/// A signed-in session with the workspace.
pub(crate) struct TeamLink {
    pub workspace: Workspace,
    pub officer: String,
}

impl TeamSlot {
    pub(crate) fn load(store: &Store) -> Result<TeamSlot> {
        let setting = |key: &str| -> Result<Option<String>> {
            store.read(|conn| {
                Ok(conn
                    .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                        r.get(0)
                    })
                    .optional()?)
            })
        };
        let joined = match (setting(URL_SETTING)?, setting(OFFICER_SETTING)?) {
            (Some(url), Some(officer)) => Some(Joined {
                target: Target::parse(&url)?,
                officer,
                ca_pem: setting(CA_SETTING)?.map(String::into_bytes),
            }),
            _ => None,
        };
        Ok(TeamSlot {
            joined: RwLock::new(joined),
            link: tokio::sync::Mutex::new(None),
        })
    }

    /// The officer this folder is signed in as, in a team workspace.
    pub(crate) fn officer(&self) -> Option<String> {
        self.joined
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|j| j.officer.clone())
    }

    pub(crate) fn joined(&self) -> Option<Joined> {
        self.joined
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn set(&self, joined: Option<Joined>) {
        *self.joined.write().unwrap_or_else(PoisonError::into_inner) = joined;
    }
}
