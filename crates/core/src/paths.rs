//! Where IdentDesk keeps its data: the OS app-data folder, or `IDENTDESK_DATA_DIR` so that
//! tests and training runs never touch an officer's real profile.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

pub const DATA_DIR_ENV: &str = "IDENTDESK_DATA_DIR";
pub const DATABASE_FILE: &str = "identdesk.sqlite3";

/// A short, stable name for a data folder (16 hex digits of its canonical path's SHA-256):
/// the keychain entry of its cache key and the window's single-instance name carry it.
pub fn folder_id(data_dir: &Path) -> String {
    let canonical = data_dir
        .canonicalize()
        .unwrap_or_else(|_| data_dir.to_path_buf());
    let digest = Sha256::digest(canonical.to_string_lossy().as_bytes());
    hex::encode(digest)[..16].to_owned()
}

/// `$IDENTDESK_DATA_DIR`, else the platform's data folder (`~/.local/share/identdesk`,
/// `~/Library/Application Support/de.IdentDesk.IdentDesk`, `%APPDATA%\IdentDesk\IdentDesk\data`).
pub fn default_data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("de", "IdentDesk", "IdentDesk")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| Error::Storage {
            message: format!(
                "No home folder was found for IdentDesk's data; set {DATA_DIR_ENV} to a folder IdentDesk may write to."
            ),
        })
}
