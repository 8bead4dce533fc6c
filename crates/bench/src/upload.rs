//! A 100 MB PDF upload: throughput against `curl --data-binary`, and the client's peak
//! memory growth.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::rss::{reset_peak_rss, rss_kib};
use crate::sandbox_process::SandboxProcess;
use crate::{COMPANY, KEY};

pub async fn upload_bench(
    sandbox: &SandboxProcess,
    dir: &std::path::Path,
) -> Result<serde_json::Value> {
    const SIZE: usize = 100 * 1024 * 1024;
    let pdf = dir.join("large.pdf");
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(SIZE, b' ');
    std::fs::write(&pdf, &bytes)?;
    drop(bytes);

    let base = url::Url::parse(&sandbox.base_url)?;
    let client = idnow::Client::new(
        idnow::Endpoints::single(base),
        COMPANY,
        idnow::ApiKey::new(KEY),
    )?;
    let definition = idnow::DocumentDefinition {
        identifier: "large".into(),
        name: "Large".into(),
        mime_type: "application/pdf".into(),
        optional: false,
        sort_order: None,
        version: None,
        signatures: None,
    };
    client.save_document_definition(&definition).await?;
    let txn = idnow::TransactionNumber::generate();
    client
        .create_identification(&txn, &idnow::IdentificationRequest::default())
        .await?;
    let token = client.login().await?;

    let mut ours = Duration::MAX;
    let mut growth_kib = 0u64;
    for _ in 0..3 {
        reset_peak_rss();
        let before = rss_kib("VmRSS")?;
        let started = Instant::now();
        client
            .upload_document(&txn, "large", &pdf, Some(Arc::new(|_, _| {})))
            .await?;
        ours = ours.min(started.elapsed());
        growth_kib = growth_kib.max(rss_kib("VmHWM")?.saturating_sub(before));
    }
    let url = format!(
        "{}/api/v1/{COMPANY}/identifications/{txn}/documents/large/data",
        sandbox.base_url
    );
    let mut curl = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let status = Command::new("curl")
            .args(["-sS", "-o", "/dev/null", "-f", "--data-binary"])
            .arg(format!("@{}", pdf.display()))
            .args(["-H", "Content-Type: application/octet-stream", "-H"])
            .arg(format!("X-API-LOGIN-TOKEN: {token}"))
            .arg(&url)
            .status()?;
        if !status.success() {
            bail!("curl failed: {status}");
        }
        curl = curl.min(started.elapsed());
    }
    let mib_per_second = |d: Duration| 100.0 / d.as_secs_f64();
    Ok(serde_json::json!({
        "megabytes": 100,
        "identdesk_seconds": ours.as_secs_f64(),
        "identdesk_mib_per_second": mib_per_second(ours),
        "curl_seconds": curl.as_secs_f64(),
        "curl_mib_per_second": mib_per_second(curl),
        "throughput_ratio": curl.as_secs_f64() / ours.as_secs_f64(),
        "peak_rss_growth_mib": growth_kib as f64 / 1024.0,
    }))
}
