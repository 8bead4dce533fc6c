//! Files to IDnow, streamed in 64 KiB pieces from disk with a progress callback, so memory
//! stays flat whatever the size. (Downloads come into memory under a size limit: they are
//! personal data, and never touch a plain file.)

use std::path::Path;
use std::sync::Arc;

use futures_util::TryStreamExt;
use tokio::io::AsyncReadExt;
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

fn file_error(path: &Path, err: &std::io::Error) -> Error {
    Error::File(format!("{}: {err}", path.display()))
}
