//! What a command body works with: the core (when it opened), the app's start-up status,
//! and the app handle for the few commands that act on the desktop (opening a folder).

use identdesk_core::ipc::AppStatus;
use identdesk_core::{Core, ErrorPayload};
use tauri::AppHandle;

use crate::startup::Opened;

pub struct Ctx<'a> {
    app: &'a AppHandle,
    state: &'a Opened,
}

impl<'a> Ctx<'a> {
    pub fn new(app: &'a AppHandle, state: &'a Opened) -> Self {
        Self { app, state }
    }

    /// The core, or why it did not open (a locked keychain, a folder in use, …).
    pub fn core(&self) -> Result<&'a Core, ErrorPayload> {
        self.state.core()
    }

    pub fn status(&self) -> AppStatus {
        self.state.status()
    }

    pub fn app(&self) -> &'a AppHandle {
        self.app
    }

    pub fn state(&self) -> &'a Opened {
        self.state
    }

    /// The feed of window data the core changed on its own.
    pub fn data_changes(&self) -> &'a crate::events::DataFeed {
        tauri::Manager::state::<crate::events::DataFeed>(self.app).inner()
    }

    /// The feed of files dropped on the window.
    pub fn dropped_files(&self) -> &'a crate::events::DropFeed {
        tauri::Manager::state::<crate::events::DropFeed>(self.app).inner()
    }

    /// The files the officer chose in this window (the only ones commands touch).
    pub fn files(&self) -> &'a crate::files::ChosenFiles {
        tauri::Manager::state::<crate::files::ChosenFiles>(self.app).inner()
    }
}
