//! One window per data folder, on every OS: starting IdentDesk again on the same folder
//! brings the running window to the front; on another folder (a training cache beside the
//! real one) it opens a window of its own. The running window listens on a loopback port
//! and leaves the port and a random token in its data folder (owner-only); a later start
//! reads them and asks it to come forward. The folder's lock stays the safety net.

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rand::RngCore;

const HANDOVER_FILE: &str = "window.handover";
const ANSWER: &str = "shown";
/// A window that does not answer this fast is not there (a stale file, a reused port).
const PATIENCE: Duration = Duration::from_secs(2);

/// Asks the window running on `data_dir`, if any, to come forward. True when it did.
pub fn hand_over(data_dir: &Path) -> bool {
    let Some((port, token)) = std::fs::read_to_string(data_dir.join(HANDOVER_FILE))
        .ok()
        .as_deref()
        .and_then(parse)
    else {
        return false;
    };
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let asked = || -> std::io::Result<bool> {
        let mut stream = TcpStream::connect_timeout(&address, PATIENCE)?;
        stream.set_read_timeout(Some(PATIENCE))?;
        stream.write_all(format!("{token}\n").as_bytes())?;
        let mut answer = String::new();
        BufReader::new(stream).read_line(&mut answer)?;
        Ok(answer.trim() == ANSWER)
    };
    asked().unwrap_or(false)
}

/// Waits for later starts on `data_dir` and calls `show` for each; the hand-over file is
/// removed when the returned listener is dropped (the window closes).
pub fn listen(data_dir: &Path, show: impl Fn() + Send + 'static) -> std::io::Result<Listener> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let port = listener.local_addr()?.port();
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let file = data_dir.join(HANDOVER_FILE);
    write_owner_only(&file, &format!("{port} {token}\n"))?;
    std::thread::Builder::new()
        .name("window-handover".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                answer(stream, &token, &show);
            }
        })?;
    Ok(Listener { file })
}

/// The running window's claim on its folder's hand-over.
pub struct Listener {
    file: PathBuf,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.file);
    }
}

/// Reads one request; when it carries the token, shows the window, then says so.
fn answer(mut stream: TcpStream, token: &str, show: &impl Fn()) {
    let _ = stream.set_read_timeout(Some(PATIENCE));
    let mut line = String::new();
    // At most a token's length and a newline: a stranger cannot make this read for ever.
    let mut reader = BufReader::new(std::io::Read::take(&stream, 128));
    if reader.read_line(&mut line).is_err() || line.trim() != token {
        return;
    }
    show();
    let _ = stream.write_all(format!("{ANSWER}\n").as_bytes());
}

fn parse(text: &str) -> Option<(u16, String)> {
    let (port, token) = text.trim().split_once(' ')?;
    Some((port.parse().ok()?, token.to_owned()))
}

fn write_owner_only(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn counting(dir: &Path) -> (Listener, Arc<AtomicUsize>) {
        let shown = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&shown);
        let listener = listen(dir, move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
        (listener, shown)
    }

    #[test]
    fn a_second_start_on_the_same_folder_brings_the_window_forward() {
        let dir = tempfile::tempdir().unwrap();
        let (_listener, shown) = counting(dir.path());
        assert!(hand_over(dir.path()));
        assert_eq!(shown.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_start_on_another_folder_opens_its_own_window() {
        let (real, training) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (_listener, shown) = counting(real.path());
        assert!(
            !hand_over(training.path()),
            "nothing runs on the training folder"
        );
        assert_eq!(shown.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn a_wrong_token_or_a_stale_file_is_not_a_running_window() {
        let dir = tempfile::tempdir().unwrap();
        let (listener, shown) = counting(dir.path());
        let (port, _) =
            parse(&std::fs::read_to_string(dir.path().join(HANDOVER_FILE)).unwrap()).unwrap();
        std::fs::write(
            dir.path().join(HANDOVER_FILE),
            format!("{port} not-the-token\n"),
        )
        .unwrap();
        assert!(!hand_over(dir.path()));
        assert_eq!(shown.load(Ordering::SeqCst), 0);
        drop(listener);
        assert!(
            !dir.path().join(HANDOVER_FILE).exists(),
            "removed when the window closes"
        );
        assert!(!hand_over(dir.path()));
    }

    #[cfg(unix)]
    #[test]
    fn the_token_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (_listener, _) = counting(dir.path());
        let mode = std::fs::metadata(dir.path().join(HANDOVER_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
