//! A `kill -9` in the middle of a result archive's download leaves none of its bytes
//! readable on disk: not in the data folder (the cache is encrypted, the download is held in
//! memory), not at the output path (written only after its checks). Leftovers an older
//! version streamed to `.archive-*.part` files are removed at start.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use tokio::sync::oneshot;

const KEY: &str = "kill-key";
/// Stands for the person's face: it must never be readable in a file.
const CANARY: &[u8] = b"CANARY-FACE-IMAGE-7d1e0c";

/// A stored (not deflated) archive whose image holds the canary many times, so any file
/// holding part of it shows the canary in plain bytes.
fn archive() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("t1_userface.jpg", stored).unwrap();
    for _ in 0..40_000 {
        zip.write_all(CANARY).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A gateway that sends the first half of the archive, says so, and then never the rest.
async fn stalling_gateway(half_sent: oneshot::Sender<()>) -> String {
    let half_sent = std::sync::Arc::new(std::sync::Mutex::new(Some(half_sent)));
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let half_sent = half_sent.clone();
        async move {
            use axum::response::IntoResponse;
            if request.uri().path().ends_with("/login") {
                return axum::Json(serde_json::json!({"authToken": "t"})).into_response();
            }
            let bytes = archive();
            let total = bytes.len();
            let first = bytes::Bytes::from(bytes[..total / 2].to_vec());
            let stream = futures_util::stream::unfold(0, move |step| {
                let (first, half_sent) = (first.clone(), half_sent.clone());
                async move {
                    if step == 0 {
                        return Some((Ok::<_, std::io::Error>(first), 1));
                    }
                    if let Some(tx) = half_sent.lock().unwrap().take() {
                        let _ = tx.send(());
                    }
                    std::future::pending::<()>().await;
                    None
                }
            });
            let mut response = axum::body::Body::from_stream(stream).into_response();
            response
                .headers_mut()
                .insert("content-length", total.to_string().parse().unwrap());
            response
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// Every file under `dir` that holds the canary.
fn files_with_canary(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(bytes) = std::fs::read(&path)
                && bytes.windows(CANARY.len()).any(|w| w == CANARY)
            {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_during_the_archive_download_leaves_no_plain_bytes() {
    let (half_sent, sent) = oneshot::channel();
    let url = stalling_gateway(half_sent).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    support::add_bank(&data, &url, KEY);
    // What an older version left behind: a plain partial download.
    let leftover = data.join(".archive-0b7c.part");
    std::fs::write(&leftover, CANARY).unwrap();
    assert_eq!(
        files_with_canary(dir.path()).len(),
        1,
        "the scan sees plain bytes"
    );

    let out = dir.path().join("t1.zip");
    let mut child = support::spawn(
        &data,
        &["archive", "t1", out.to_str().unwrap(), "--account", "Bank"],
        "",
        &[],
    );
    tokio::time::timeout(Duration::from_secs(30), sent)
        .await
        .expect("the download did not start")
        .unwrap();
    // Half the archive has reached the process; give it time to do whatever it does with it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(child.try_wait().unwrap().is_none(), "still downloading");
    child.kill().unwrap();
    child.wait().unwrap();

    assert!(
        !leftover.exists(),
        "the older version's leftover was removed at start"
    );
    assert!(!out.exists(), "no half-written output");
    assert_eq!(files_with_canary(dir.path()), Vec::<String>::new());
}
