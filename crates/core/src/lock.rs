//! One IdentDesk at a time per data folder: the window or a CLI command holds an exclusive
//! lock on `identdesk.lock`, so background sync and purges never run twice on one cache.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::error::{Error, Result};

pub struct InstanceLock {
    // Held open for the lock's lifetime; the OS releases it when the process ends.
    _file: File,
}

impl InstanceLock {
    pub fn acquire(data_dir: &Path) -> Result<InstanceLock> {
        let path = data_dir.join("identdesk.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|err| Error::Storage {
                message: format!(
                    "The lock file {} could not be opened ({err}); check the folder's permissions.",
                    path.display()
                ),
            })?;
        match file.try_lock() {
            Ok(()) => Ok(InstanceLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::InUse {
                message: format!(
                    "Another IdentDesk (the window or a CLI command) is using {} right now. Close it, or point this one at another folder with --data-dir / IDENTDESK_DATA_DIR.",
                    data_dir.display()
                ),
            }),
            Err(TryLockError::Error(err)) => Err(Error::Storage {
                message: format!(
                    "The lock file {} could not be locked ({err}).",
                    path.display()
                ),
            }),
        }
    }
}
