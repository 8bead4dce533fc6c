//! What the core tells the window without being asked: files dropped on the window (a typed
//! event, tauri-specta), and which kinds of window data changed behind the window's back (a
//! background sync, a purge, a colleague's decision), read through `next_data_changes` so
//! that the window refetches just those queries (see `identdesk_core::ChangeFeed` for why
//! that is a call, not an event).

use std::time::Duration;

use identdesk_core::{ChangeFeed, Changes, IntoIpc};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};

use crate::command_macro::Tag;

/// Files dropped on the window, as handles (the window never sees their paths).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct FilesDropped {
    pub files: Vec<crate::files::FileHandle>,
}

/// Window data that changed after the position the window had seen.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DataChanges {
    /// Ask for what comes after this next.
    pub position: u32,
    /// The kinds of data to refetch.
    pub tags: Vec<Tag>,
    /// The window fell behind: refetch everything shown.
    pub missed: bool,
}

impl From<Changes<Tag>> for DataChanges {
    fn from(changes: Changes<Tag>) -> Self {
        Self {
            position: changes.position,
            tags: changes.tags,
            missed: changes.missed,
        }
    }
}

impl IntoIpc for DataChanges {
    type Ipc = Self;
    fn into_ipc(self) -> Self {
        self
    }
}

/// The app's one feed of window data changes (managed state).
pub type DataFeed = ChangeFeed<Tag>;

/// How long one `next_data_changes` call waits for a change before it answers with none: a
/// call is never open for good (the window asks again at once).
pub const LONGEST_WAIT: Duration = Duration::from_secs(25);

/// Tells the window that `tags` changed.
pub fn changed(app: &AppHandle, tags: &[Tag]) {
    app.state::<DataFeed>().publish(tags);
}
