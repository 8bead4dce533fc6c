//! The folder of copies the officer opens in the operating system's viewer: owner-only,
//! under the OS's temporary folder, named after the data folder. It goes when IdentDesk
//! closes (the context drops it) and, should IdentDesk have been killed, at its next start.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The viewer copies' folder of one data folder.
pub(crate) struct ViewerFolder(PathBuf);

impl ViewerFolder {
    /// The folder for `data_dir`, emptied of what an earlier run left.
    pub(crate) fn new(data_dir: &Path) -> ViewerFolder {
        let name = crate::paths::folder_id(data_dir).unwrap_or_else(|_| "default".to_owned());
        let folder = ViewerFolder(std::env::temp_dir().join(format!("identdesk-view-{name}")));
        folder.remove();
        folder
    }

    fn remove(&self) {
        if self.0.exists()
            && let Err(err) = std::fs::remove_dir_all(&self.0)
        {
            tracing::warn!(%err, "the viewer copies' folder could not be removed");
        }
    }

    /// The folder, made owner-only if it is not there yet.
    pub(crate) fn ensure(&self) -> Result<&Path> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&self.0).map_err(|err| Error::Storage {
            message: format!(
                "The temporary folder {} could not be made ({err}); check the free space.",
                self.0.display()
            ),
        })?;
        Ok(&self.0)
    }
}

impl Drop for ViewerFolder {
    fn drop(&mut self) {
        self.remove();
    }
}
