//! Files IdentDesk writes for the officer (exports, archives, signed PDFs): where the
//! officer chose, readable by the officer's account only — on Unix mode 0600; on Windows
//! the file inherits the user profile's access list, which already admits only that user
//! (and administrators).

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` (replacing it), owner-only.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = create_private(path)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| unwritable(path, &e))
}

/// Creates (or truncates) `path` for writing, owner-only.
pub fn create_private(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path).map_err(|e| unwritable(path, &e))?;
    // A file that existed keeps its old mode through `open`; narrow it too.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| unwritable(path, &e))?;
    }
    Ok(file)
}

fn unwritable(path: &Path, err: &std::io::Error) -> Error {
    Error::Gateway(idnow::Error::File(format!(
        "{} could not be written ({err}); choose a folder you may write to and check the free space.",
        path.display()
    )))
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn files_for_the_officer_are_the_officers_alone_even_when_they_existed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
