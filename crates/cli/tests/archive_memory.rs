//! A deflate bomb against the real command line: `identdesk-cli archive` refuses it with a
//! clear error, and the process's peak memory (its own `VmHWM`, the kernel's high-water
//! mark) grows by no more than 64 MiB over a normal archive's. Alone in its test binary,
//! so nothing else runs beside the measured child.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use std::io::Write;
use std::time::Duration;

const KEY: &str = "bomb-key";

/// A gateway that logs in and answers the archive with `archive`.
async fn gateway(archive: Vec<u8>) -> String {
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let archive = archive.clone();
        async move {
            use axum::response::IntoResponse;
            if request.uri().path().ends_with("/login") {
                axum::Json(serde_json::json!({"authToken": "t"})).into_response()
            } else {
                archive.into_response()
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

fn zip_of(name: &str, bytes: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    zip.start_file(name, options).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..bytes / chunk.len() {
        zip.write_all(&chunk).unwrap();
    }
    zip.write_all(&chunk[..bytes % chunk.len()]).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Runs `identdesk-cli archive t1 OUT` against a gateway serving `archive`; its stderr and
/// its peak resident memory in KiB.
async fn archive_run(archive: Vec<u8>) -> (bool, String, u64) {
    let url = gateway(archive).await;
    let dir = tempfile::tempdir().unwrap();
    support::add_bank(dir.path(), &url, KEY);
    let out = dir.path().join("t1.zip");
    let mut child = support::spawn(
        dir.path(),
        &["archive", "t1", out.to_str().unwrap(), "--account", "Bank"],
        "",
        &[],
    );
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kib) = text.lines().find_map(|l| l.strip_prefix("VmHWM:"))
        {
            let kib: u64 = kib
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .unwrap_or(0);
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    let output = child.wait_with_output().unwrap();
    (
        status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        peak,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_gibibyte_bomb_is_refused_within_64_mib_of_memory() {
    let (normal_ok, normal_err, normal_peak) = archive_run(zip_of("t1.xml", 1024)).await;
    assert!(normal_ok, "{normal_err}");
    let (bomb_ok, bomb_err, bomb_peak) = archive_run(zip_of("t1.xml", 1 << 30)).await;
    assert!(!bomb_ok, "the bomb was refused");
    assert!(
        bomb_err.starts_with("error[GATEWAY_UNTRUSTED]"),
        "{bomb_err}"
    );
    assert!(bomb_err.contains("decompression bomb"), "{bomb_err}");
    let growth_mib = bomb_peak.saturating_sub(normal_peak) / 1024;
    assert!(
        growth_mib <= 64,
        "peak memory grew {growth_mib} MiB over a normal archive's ({normal_peak} KiB → {bomb_peak} KiB)"
    );
}
