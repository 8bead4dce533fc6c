//! The result archive's memory, measured as the peak resident memory (`VmHWM`) of the
//! command line as a child process: fetching a real-sized 50 MB archive into the cache, and
//! refusing a deflate bomb of 1 GiB, each against fetching a tiny archive.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, bail};

const KEY: &str = "archive-bench-key";

/// A gateway that logs in and answers every archive with the current bytes.
async fn gateway(archive: Arc<Mutex<Vec<u8>>>) -> Result<String> {
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let archive = Arc::clone(&archive);
        async move {
            use axum::response::IntoResponse;
            if request.uri().path().ends_with("/login") {
                axum::Json(serde_json::json!({"authToken": "t"})).into_response()
            } else {
                archive
                    .lock()
                    .map(|a| a.clone())
                    .unwrap_or_default()
                    .into_response()
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(url)
}

fn zip_of(files: &[(&str, Vec<u8>)], method: zip::CompressionMethod) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut options = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(true);
    if method == zip::CompressionMethod::Deflated {
        options = options.compression_level(Some(1));
    }
    for (name, bytes) in files {
        zip.start_file(*name, options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Bytes that do not compress, like JPEG, MP3 and MP4 (xorshift).
fn noise(len: usize, mut state: u64) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(len);
    while bytes.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

/// Runs `identdesk-cli archive` on a fresh folder; whether it succeeded, and its peak KiB.
fn run_cli(cli: &Path, gateway: &str) -> Result<(bool, String, u64)> {
    let dir = tempfile::tempdir()?;
    let mut add = Command::new(cli)
        .arg("--data-dir")
        .arg(dir.path())
        .args([
            "account",
            "add",
            "--name",
            "Bank",
            "--company-id",
            "ihrebank",
            "--gateway-url",
            gateway,
            "--api-key-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()?;
    add.stdin
        .take()
        .context("stdin")?
        .write_all(KEY.as_bytes())?;
    if !add.wait()?.success() {
        bail!("identdesk-cli account add failed");
    }
    let out = dir.path().join("t1.zip");
    let mut child = Command::new(cli)
        .arg("--data-dir")
        .arg(dir.path())
        .args(["archive", "t1"])
        .arg(&out)
        .args(["--account", "Bank"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kib) = text.lines().find_map(|l| l.strip_prefix("VmHWM:"))
        {
            peak = peak.max(
                kib.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .unwrap_or(0),
            );
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let output = child.wait_with_output()?;
    Ok((
        status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        peak,
    ))
}

pub async fn archive_bench(cli: &Path) -> Result<serde_json::Value> {
    let archive = Arc::new(Mutex::new(Vec::new()));
    let url = gateway(Arc::clone(&archive)).await?;
    let set = |bytes: Vec<u8>| {
        if let Ok(mut a) = archive.lock() {
            *a = bytes;
        }
    };
    set(zip_of(
        &[("t1.xml", b"<identification/>".to_vec())],
        zip::CompressionMethod::Deflated,
    )?);
    let (ok, err, tiny) = run_cli(cli, &url)?;
    if !ok {
        bail!("the tiny archive failed: {err}");
    }
    let media: Vec<(&str, Vec<u8>)> = vec![
        ("t1.xml", b"<identification/>".to_vec()),
        ("t1_idfrontside.jpg", noise(3 << 20, 1)),
        ("t1_idbackside.jpg", noise(3 << 20, 2)),
        ("t1_userface.jpg", noise(2 << 20, 3)),
        ("t1_audiolog.mp3", noise(8 << 20, 4)),
        ("t1_videolog.mp4", noise(34 << 20, 5)),
    ];
    set(zip_of(&media, zip::CompressionMethod::Stored)?);
    let (ok, err, real) = run_cli(cli, &url)?;
    if !ok {
        bail!("the 50 MB archive failed: {err}");
    }
    set(zip_of(
        &[("t1.xml", vec![0u8; 1 << 30])],
        zip::CompressionMethod::Deflated,
    )?);
    let (ok, err, bomb) = run_cli(cli, &url)?;
    if ok || !err.contains("GATEWAY_UNTRUSTED") {
        bail!("the bomb was not refused as untrusted: {err}");
    }
    let mib = |kib: u64| kib as f64 / 1024.0;
    Ok(serde_json::json!({
        "tiny_peak_mib": mib(tiny),
        "real_50mb_peak_mib": mib(real),
        "real_50mb_growth_mib": mib(real.saturating_sub(tiny)),
        "bomb_1gib_peak_mib": mib(bomb),
        "bomb_1gib_growth_mib": mib(bomb.saturating_sub(tiny)),
    }))
}
