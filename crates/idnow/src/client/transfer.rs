//! Files to and from IDnow, streamed in 64 KiB pieces so memory stays flat whatever the
//! size: uploads read from disk with a progress callback, downloads write to a `.part`
//! file that is renamed into place only when complete.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures_util::{StreamExt, TryStreamExt};
use reqwest::Response;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::io::ReaderStream;

use crate::{Error, ValidationError};

/// Called with (bytes sent, bytes in all) as an upload goes.
pub type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

const CHUNK: usize = 64 * 1024;

/// A request body that streams `path`; its length for `Content-Length`. Opened anew for
/// each attempt, so a retried upload starts from the first byte.
pub fn file_body(path: &Path, progress: Option<Progress>) -> Result<(reqwest::Body, u64), Error> {
    let file = std::fs::File::open(path).map_err(|e| file_error(path, &e))?;
    let total = file.metadata().map_err(|e| file_error(path, &e))?.len();
    let file = tokio::fs::File::from_std(file);
    let mut sent = 0u64;
    let stream = ReaderStream::with_capacity(file, CHUNK).inspect_ok(move |chunk| {
        sent += chunk.len() as u64;
        if let Some(progress) = &progress {
            progress(sent, total);
        }
    });
    Ok((reqwest::Body::wrap_stream(stream), total))
}

/// Refuses anything that does not start like a PDF, before a byte is sent.
pub async fn require_pdf(path: &Path) -> Result<(), Error> {
    let mut file = tokio::fs::File::open(path)
        .await
        .map_err(|e| file_error(path, &e))?;
    let mut head = [0u8; 5];
    let read = file
        .read(&mut head)
        .await
        .map_err(|e| file_error(path, &e))?;
    if read == 5 && &head == b"%PDF-" {
        Ok(())
    } else {
        Err(Error::Invalid(ValidationError::new(
            "document",
            format!(
                "{} is not a PDF (it does not start with %PDF-). eSign signs PDF documents only; export the document as PDF and choose it again.",
                path.display()
            ),
        )))
    }
}

/// Streams the answer's body into `dest`; returns the bytes written.
pub async fn download_to(response: Response, dest: &Path) -> Result<u64, Error> {
    let part = part_path(dest);
    let result = write_stream(response, &part).await;
    match result {
        Ok(written) => {
            tokio::fs::rename(&part, dest)
                .await
                .map_err(|e| file_error(dest, &e))?;
            Ok(written)
        }
        Err(err) => {
            let _ = tokio::fs::remove_file(&part).await;
            Err(err)
        }
    }
}

async fn write_stream(response: Response, part: &Path) -> Result<u64, Error> {
    let mut file = tokio::fs::File::create(part)
        .await
        .map_err(|e| file_error(part, &e))?;
    let mut stream = response.bytes_stream();
    let mut written = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(Error::transport)?;
        file.write_all(&chunk)
            .await
            .map_err(|e| file_error(part, &e))?;
        written += chunk.len() as u64;
    }
    file.flush().await.map_err(|e| file_error(part, &e))?;
    file.sync_all().await.map_err(|e| file_error(part, &e))?;
    Ok(written)
}

fn part_path(dest: &Path) -> PathBuf {
    let mut name = dest
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".part");
    dest.with_file_name(name)
}

fn file_error(path: &Path, err: &std::io::Error) -> Error {
    Error::File(format!("{}: {err}", path.display()))
}
