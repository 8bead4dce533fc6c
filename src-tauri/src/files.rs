//! Files only through the officer's choice: the open and save dialogs run here, in Rust,
//! and the window gets an opaque handle (random, valid while the window runs) and the
//! file's name, never a path it could make up. Every command that reads or writes a file
//! takes a handle; a path string from the webview is refused. Dropped files get handles
//! the same way.
//!
//! End-to-end builds (feature `e2e-files`, never in a release) let a test name the file the
//! next dialog returns, through a file only the test run knows.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use identdesk_core::{ErrorCode, ErrorPayload};
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

/// What the window holds for a file the officer chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FileHandle {
    pub id: String,
    /// The file's name (no folder), to show.
    pub name: String,
}

identdesk_core::ipc_as_is!(FileHandle);

/// What a dialog is for: which files it offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    Pdf,
    Csv,
    Zip,
    Pem,
    Png,
}

impl FileKind {
    fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            FileKind::Pdf => ("PDF", &["pdf"]),
            FileKind::Csv => ("CSV", &["csv", "txt"]),
            FileKind::Zip => ("ZIP", &["zip"]),
            FileKind::Pem => ("PEM", &["pem", "crt", "cer"]),
            FileKind::Png => ("PNG", &["png"]),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    Read,
    Write,
}

/// The files chosen in this run of the window.
#[derive(Default)]
pub struct ChosenFiles {
    chosen: Mutex<HashMap<String, (PathBuf, Use)>>,
}

impl ChosenFiles {
    fn mint(&self, path: PathBuf, to: Use) -> FileHandle {
        let mut bytes = [0u8; 16];
        rand::Rng::fill(&mut rand::rng(), &mut bytes);
        let id = hex::encode(bytes);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.chosen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(id.clone(), (path, to));
        FileHandle { id, name }
    }

    fn resolve(&self, id: &str, to: Use) -> Result<PathBuf, ErrorPayload> {
        self.chosen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(id)
            .filter(|(_, chosen_for)| *chosen_for == to)
            .map(|(path, _)| path.clone())
            .ok_or_else(|| ErrorPayload {
                code: ErrorCode::InvalidInput,
                message: "This is not a file chosen in this window; choose it with the file dialog (or drop it on the window).".into(),
                field: Some("file".into()),
            })
    }

    /// A file the officer chose to read.
    pub fn to_read(&self, id: &str) -> Result<PathBuf, ErrorPayload> {
        self.resolve(id, Use::Read)
    }

    /// A file the officer chose to write (any chosen file may be shown in its folder).
    pub fn to_write(&self, id: &str) -> Result<PathBuf, ErrorPayload> {
        self.resolve(id, Use::Write)
    }

    fn any(&self, id: &str) -> Result<PathBuf, ErrorPayload> {
        self.to_write(id).or_else(|_| self.to_read(id))
    }

    /// Handles for files dropped on the window.
    pub fn dropped(&self, paths: Vec<PathBuf>) -> Vec<FileHandle> {
        paths.into_iter().map(|p| self.mint(p, Use::Read)).collect()
    }
}

/// The open dialog; a handle to read the chosen file.
pub async fn choose_to_read(
    app: &AppHandle,
    files: &ChosenFiles,
    kind: FileKind,
) -> Option<FileHandle> {
    let path = match scripted_pick() {
        Some(path) => path,
        None => pick(app, kind, None).await?,
    };
    Some(files.mint(path, Use::Read))
}

/// The save dialog; a handle to write the chosen file.
pub async fn choose_to_write(
    app: &AppHandle,
    files: &ChosenFiles,
    kind: FileKind,
    suggested: &str,
) -> Option<FileHandle> {
    let path = match scripted_pick() {
        Some(path) => path,
        None => pick(app, kind, Some(suggested)).await?,
    };
    Some(files.mint(path, Use::Write))
}

/// Opens a stored file in the system's viewer, from the core's owner-only temporary copy.
pub async fn open_in_viewer(
    app: &AppHandle,
    core: &identdesk_core::Core,
    identification: &identdesk_core::IdentificationRef,
    name: &str,
) -> Result<(), ErrorPayload> {
    use tauri_plugin_opener::OpenerExt;
    let path = core.files().copy_for_viewer(identification, name).await?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| ErrorPayload {
            code: ErrorCode::FileUnusable,
            message: format!(
                "No program to show this file could be started ({e}); save it instead."
            ),
            field: None,
        })
}

/// Shows a chosen file in the system's file manager.
pub fn reveal(files: &ChosenFiles, id: &str) -> Result<(), ErrorPayload> {
    let path = files.any(id)?;
    tauri_plugin_opener::reveal_item_in_dir(path).map_err(|e| ErrorPayload {
        code: ErrorCode::FileUnusable,
        message: format!("The folder could not be shown ({e})."),
        field: None,
    })
}

async fn pick(app: &AppHandle, kind: FileKind, save_as: Option<&str>) -> Option<PathBuf> {
    let (name, extensions) = kind.filter();
    let dialog = app.dialog().file().add_filter(name, extensions);
    let (tx, rx) = tokio::sync::oneshot::channel();
    match save_as {
        Some(suggested) => dialog.set_file_name(suggested).save_file(move |path| {
            let _ = tx.send(path);
        }),
        None => dialog.pick_file(move |path| {
            let _ = tx.send(path);
        }),
    }
    rx.await
        .ok()
        .flatten()
        .and_then(|path| path.into_path().ok())
}

/// End-to-end builds: the path the test put in `$IDENTDESK_E2E_PICK` (then removed).
#[cfg(feature = "e2e-files")]
fn scripted_pick() -> Option<PathBuf> {
    let script = PathBuf::from(std::env::var_os("IDENTDESK_E2E_PICK")?);
    let path = std::fs::read_to_string(&script).ok()?;
    let _ = std::fs::remove_file(&script);
    Some(PathBuf::from(path.trim()))
}

#[cfg(not(feature = "e2e-files"))]
fn scripted_pick() -> Option<PathBuf> {
    None
}
