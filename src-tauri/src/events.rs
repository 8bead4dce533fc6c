//! What the core tells the window without being asked, as typed events (tauri-specta):
//! which kinds of window data changed, so the window refetches just those queries.

use serde::{Deserialize, Serialize};

use crate::command_macro::Tag;

/// Files dropped on the window, as handles (the window never sees their paths).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct FilesDropped {
    pub files: Vec<crate::files::FileHandle>,
}

/// Window data changed behind the window's back (a background sync, resent creations).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct DataChanged {
    pub tags: Vec<Tag>,
}
