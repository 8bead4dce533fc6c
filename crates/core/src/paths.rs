//! Where IdentDesk keeps its data: the OS app-data folder (local, never roaming), or
//! `IDENTDESK_DATA_DIR` so that tests and training runs never touch an officer's real
//! profile. Each folder carries a stable id of its own, so moving it orphans nothing.

use std::path::{Path, PathBuf};

use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

pub const DATA_DIR_ENV: &str = "IDENTDESK_DATA_DIR";
pub const DATABASE_FILE: &str = "identdesk.sqlite3";
/// The file holding the folder's id (see [`folder_id`]).
const FOLDER_ID_FILE: &str = "folder-id";

/// A short, stable name for a data folder (16 hex digits): the keychain entries of its
/// cache key and audit anchor, and its single-window hand-over, carry it.
///
/// The id is kept in the folder itself, so a moved folder (Windows' roaming → local move, a
/// restored backup) keeps its keychain entries. A folder made before the id file existed
/// gets the id its entries were made with: a hash of its path.
pub fn folder_id(data_dir: &Path) -> Result<String> {
    let file = data_dir.join(FOLDER_ID_FILE);
    if let Ok(text) = std::fs::read_to_string(&file) {
        let id = text.trim();
        if id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(id.to_owned());
        }
    }
    let id = if data_dir.join(DATABASE_FILE).exists() {
        path_hash_id(data_dir)
    } else {
        let mut bytes = [0u8; 8];
        rand::rng().fill_bytes(&mut bytes);
        hex::encode(bytes)
    };
    std::fs::write(&file, format!("{id}\n")).map_err(|err| Error::Storage {
        message: format!(
            "The data folder's id could not be written to {} ({err}); check that the folder is writable.",
            file.display()
        ),
    })?;
    Ok(id)
}

/// The id older versions derived from the folder's canonical path.
fn path_hash_id(data_dir: &Path) -> String {
    let canonical = data_dir
        .canonicalize()
        .unwrap_or_else(|_| data_dir.to_path_buf());
    let digest = Sha256::digest(canonical.to_string_lossy().as_bytes());
    hex::encode(digest)[..16].to_owned()
}

/// `$IDENTDESK_DATA_DIR`, else the platform's local data folder (`~/.local/share/identdesk`,
/// `~/Library/Application Support/de.IdentDesk.IdentDesk`,
/// `%LOCALAPPDATA%\IdentDesk\IdentDesk\data`). On Windows a cache left in the roaming
/// profile by an older version is moved to the local one first.
pub fn default_data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let dirs = directories::ProjectDirs::from("de", "IdentDesk", "IdentDesk").ok_or_else(|| {
        Error::Storage {
            message: format!(
                "No home folder was found for IdentDesk's data; set {DATA_DIR_ENV} to a folder IdentDesk may write to."
            ),
        }
    })?;
    let local = dirs.data_local_dir().to_path_buf();
    // Only Windows tells roaming from local; elsewhere both are the same folder.
    if dirs.data_dir() != local {
        return Ok(adopt_older_folder(dirs.data_dir(), &local));
    }
    Ok(local)
}

/// Moves the data folder an older version kept at `older` (Windows' roaming profile, which
/// enterprise roaming would copy at every logon) to `newer`, keeping its folder id so its
/// keychain entries still match. Returns the folder to use: `newer`, or `older` when the
/// move cannot happen now (it is in use); nothing is ever left behind half-moved.
pub fn adopt_older_folder(older: &Path, newer: &Path) -> PathBuf {
    if !older.join(DATABASE_FILE).exists() || newer.join(DATABASE_FILE).exists() {
        return newer.to_path_buf();
    }
    // The id must be fixed while the folder is still at its old path.
    if let Err(err) = folder_id(older) {
        tracing::warn!(%err, "older data folder keeps its place");
        return older.to_path_buf();
    }
    let moved = newer
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| match std::fs::remove_dir(newer) {
            // An empty folder made by a first start of this version may stand in the way.
            Ok(()) => Ok(()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(err) => Err(err),
        })
        .and_then(|()| std::fs::rename(older, newer));
    match moved {
        Ok(()) => {
            tracing::info!("data folder moved out of the roaming profile");
            newer.to_path_buf()
        }
        Err(err) => {
            tracing::warn!(%err, "data folder stays in the roaming profile for now");
            older.to_path_buf()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_folder_gets_a_random_id_that_stays() {
        let dir = tempfile::tempdir().unwrap();
        let first = folder_id(dir.path()).unwrap();
        assert_eq!(first.len(), 16);
        assert_ne!(
            first,
            path_hash_id(dir.path()),
            "new folders are not named by path"
        );
        assert_eq!(folder_id(dir.path()).unwrap(), first);
    }

    #[test]
    fn a_folder_from_before_the_id_file_keeps_its_path_derived_id() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DATABASE_FILE), b"cache").unwrap();
        assert_eq!(folder_id(dir.path()).unwrap(), path_hash_id(dir.path()));
    }

    #[test]
    fn an_older_roaming_folder_moves_with_its_id() {
        let root = tempfile::tempdir().unwrap();
        let roaming = root.path().join("Roaming/IdentDesk/data");
        let local = root.path().join("Local/IdentDesk/data");
        std::fs::create_dir_all(&roaming).unwrap();
        std::fs::write(roaming.join(DATABASE_FILE), b"cache").unwrap();
        let id_before = path_hash_id(&roaming);
        // A first start of this version already made the (empty) local folder.
        std::fs::create_dir_all(&local).unwrap();

        assert_eq!(adopt_older_folder(&roaming, &local), local);
        assert!(!roaming.exists());
        assert_eq!(std::fs::read(local.join(DATABASE_FILE)).unwrap(), b"cache");
        assert_eq!(
            folder_id(&local).unwrap(),
            id_before,
            "the keychain entries made for the old path still match"
        );
    }

    #[test]
    fn nothing_moves_when_the_new_folder_has_a_cache_already() {
        let root = tempfile::tempdir().unwrap();
        let (older, newer) = (root.path().join("old"), root.path().join("new"));
        for dir in [&older, &newer] {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(DATABASE_FILE), b"cache").unwrap();
        }
        assert_eq!(adopt_older_folder(&older, &newer), newer);
        assert!(older.join(DATABASE_FILE).exists());
    }

    #[test]
    fn a_folder_that_cannot_move_is_used_where_it_is() {
        let root = tempfile::tempdir().unwrap();
        let older = root.path().join("old");
        std::fs::create_dir_all(&older).unwrap();
        std::fs::write(older.join(DATABASE_FILE), b"cache").unwrap();
        // A file where the new folder's parent should be: the move cannot happen.
        std::fs::write(root.path().join("blocked"), b"").unwrap();
        let newer = root.path().join("blocked/data");
        assert_eq!(adopt_older_folder(&older, &newer), older);
        assert!(older.join(DATABASE_FILE).exists());
    }
}
