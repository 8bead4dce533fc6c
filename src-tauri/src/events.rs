//! What the window hears of without asking, each read through a waiting call rather than a
//! Tauri event (see `identdesk_core::ChangeFeed` for why): which kinds of window data
//! changed behind the window's back (a background sync, a purge, a colleague's decision;
//! `next_data_changes`), so that the window refetches just those queries, and the files
//! dropped on the window (`next_dropped_files`), as handles.

use std::time::Duration;

use identdesk_core::{ChangeFeed, Changes};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};

use crate::command_macro::Tag;
use crate::files::FileHandle;

/// Files dropped on the window after the position the window had seen, as handles (the
/// window never sees their paths).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DroppedFiles {
    /// Ask for what comes after this next.
    pub position: u32,
    pub files: Vec<FileHandle>,
}

impl From<Changes<FileHandle>> for DroppedFiles {
    fn from(changes: Changes<FileHandle>) -> Self {
        Self {
            position: changes.position,
            files: changes.items,
        }
    }
}

/// The app's feed of files dropped on the window (managed state).
pub type DropFeed = ChangeFeed<FileHandle>;

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
            tags: changes.items,
            missed: changes.missed,
        }
    }
}

identdesk_core::ipc_as_is!(DataChanges, DroppedFiles);

/// The app's one feed of window data changes (managed state).
pub type DataFeed = ChangeFeed<Tag>;

/// How long one feed call waits for news before it answers with none: a call is never open
/// for good (the window asks again at once).
pub const LONGEST_WAIT: Duration = Duration::from_secs(25);

/// Tells the window that `tags` changed.
pub fn changed(app: &AppHandle, tags: &[Tag]) {
    app.state::<DataFeed>().publish(tags);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handle(id: &str) -> FileHandle {
        FileHandle {
            id: id.to_owned(),
            name: format!("{id}.pdf"),
        }
    }

    #[tokio::test]
    async fn a_drop_target_hears_only_of_the_drops_after_it_was_shown() {
        let feed = DropFeed::default();
        feed.publish(&[handle("dropped-before")]);
        // Shown: at once the position to ask after, no files.
        let shown = DroppedFiles::from(feed.next_after(None, LONGEST_WAIT).await);
        assert!(shown.files.is_empty());
        feed.publish(&[handle("a"), handle("b")]);
        let dropped = DroppedFiles::from(feed.next_after(Some(shown.position), LONGEST_WAIT).await);
        assert_eq!(dropped.files, vec![handle("a"), handle("b")]);
    }
}
