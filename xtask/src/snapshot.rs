//! A copy of the working tree for a build that runs while the checks run. The release build
//! of the installers rebuilds the UI into `ui/dist` and writes Tauri's generated files; in a
//! copy it changes nothing the checks read, and no debug build sees `ui/dist` half written
//! or rebuilds because its files are new.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::process::Cmd;

/// Copies what git sees in `root` (tracked files, and new ones it does not ignore: the
/// working tree as it is, uncommitted edits included) into `into`, replacing what was there.
/// `ui/node_modules` is linked, not copied: the build only reads it.
pub fn copy_working_tree(root: &Path, into: &Path) -> Result<()> {
    let listed = Cmd::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .dir(root)
        .output()?;
    let files: Vec<&str> = listed.split('\0').filter(|name| !name.is_empty()).collect();
    if files.is_empty() {
        bail!(
            "git lists no files in {}: the installers are built from a copy of the working tree git knows",
            root.display()
        );
    }
    if into.exists() {
        fs::remove_dir_all(into).with_context(|| format!("removing {}", into.display()))?;
    }
    for name in files {
        let from = root.join(name);
        // Listed but not a file here: deleted in the working tree, or a submodule.
        if !from.is_file() {
            continue;
        }
        let to = into.join(name);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(&from, &to).with_context(|| format!("copying {name}"))?;
    }
    link_node_modules(&root.join("ui/node_modules"), &into.join("ui/node_modules"))
}

#[cfg(unix)]
fn link_node_modules(installed: &Path, link: &Path) -> Result<()> {
    std::os::unix::fs::symlink(installed, link)
        .with_context(|| format!("linking {} to {}", link.display(), installed.display()))
}

#[cfg(windows)]
fn link_node_modules(installed: &Path, link: &Path) -> Result<()> {
    std::os::windows::fs::symlink_dir(installed, link)
        .with_context(|| format!("linking {} to {}", link.display(), installed.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_has_edits_and_new_files_but_not_what_git_ignores() -> Result<()> {
        let repo = tempfile::tempdir()?;
        let root = repo.path();
        let git = |args: &[&str]| Cmd::new("git").args(args).dir(root).run();
        git(&["init", "-q"])?;
        fs::write(root.join(".gitignore"), "/target\nnode_modules/\n")?;
        fs::create_dir_all(root.join("ui/node_modules/vite"))?;
        fs::write(root.join("ui/node_modules/vite/index.js"), "installed")?;
        fs::write(root.join("ui/main.ts"), "committed")?;
        fs::write(root.join("gone.txt"), "deleted after the commit")?;
        git(&["add", "."])?;
        git(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-qm",
            "one",
        ])?;
        fs::write(root.join("ui/main.ts"), "edited")?;
        fs::write(root.join("new.txt"), "not yet added")?;
        fs::remove_file(root.join("gone.txt"))?;
        fs::create_dir_all(root.join("target"))?;
        fs::write(root.join("target/build.log"), "ignored")?;

        let into = root.join("target/copy");
        fs::create_dir_all(&into)?;
        fs::write(into.join("stale.txt"), "from an earlier copy")?;
        copy_working_tree(root, &into)?;

        assert_eq!(fs::read_to_string(into.join("ui/main.ts"))?, "edited");
        assert_eq!(fs::read_to_string(into.join("new.txt"))?, "not yet added");
        assert!(!into.join("gone.txt").exists());
        assert!(!into.join("target").exists());
        assert!(!into.join("stale.txt").exists());
        assert!(into.join("ui/node_modules").is_symlink());
        assert_eq!(
            fs::read_to_string(into.join("ui/node_modules/vite/index.js"))?,
            "installed"
        );
        Ok(())
    }

    #[test]
    fn a_folder_git_does_not_know_is_refused() -> Result<()> {
        let folder = tempfile::tempdir()?;
        let into = folder.path().join("copy");
        assert!(copy_working_tree(folder.path(), &into).is_err());
        Ok(())
    }
}
