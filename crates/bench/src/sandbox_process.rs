//! The sandbox gateway as its own process, so the benchmark measures the client alone.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

pub struct SandboxProcess {
    child: Child,
    pub base_url: String,
    company: String,
}

impl SandboxProcess {
    pub fn start(binary: &Path, company: &str, key: &str, seed: usize) -> Result<Self> {
        Self::start_with(binary, company, key, seed, &[])
    }

    /// Started with more arguments (`--seed-sessions N`, …).
    pub fn start_with(
        binary: &Path,
        company: &str,
        key: &str,
        seed: usize,
        more: &[&str],
    ) -> Result<Self> {
        let mut child = Command::new(binary)
            .args([
                "--port",
                "0",
                "--company-id",
                company,
                "--api-key",
                key,
                "--time-scale",
                "0",
            ])
            .arg("--seed")
            .arg(seed.to_string())
            .args(more)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("could not start {}", binary.display()))?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut lines = BufReader::new(stdout);
        let (mut first, mut second) = (String::new(), String::new());
        lines.read_line(&mut first)?;
        lines.read_line(&mut second)?;
        let Some(base_url) = first
            .trim()
            .rsplit(' ')
            .next()
            .filter(|u| u.starts_with("http"))
        else {
            bail!("the sandbox did not say where it listens: {first:?}");
        };
        Ok(Self {
            base_url: base_url.to_owned(),
            child,
            company: company.to_owned(),
        })
    }

    /// How long the sandbox takes to serve the five lists (login excluded), with curl.
    pub async fn time_serving_lists(&self, key: &str) -> Result<std::time::Duration> {
        let api = format!("{}/api/v1/{}", self.base_url, self.company);
        let login = Command::new("curl")
            .args(["-sS", "-f", "-H", "Content-Type: application/json", "-d"])
            .arg(format!("{{\"apiKey\": \"{key}\"}}"))
            .arg(format!("{api}/login"))
            .output()?;
        let body: serde_json::Value = serde_json::from_slice(&login.stdout)?;
        let token = body["authToken"].as_str().context("no token")?.to_owned();
        let started = std::time::Instant::now();
        for query in [
            "?pending=true",
            "",
            "?cancelled=true",
            "?aborted=true",
            "?failed=true",
        ] {
            let status = Command::new("curl")
                .args(["-sS", "-f", "-o", "/dev/null", "-H"])
                .arg(format!("X-API-LOGIN-TOKEN: {token}"))
                .arg(format!("{api}/identifications{query}"))
                .status()?;
            if !status.success() {
                bail!("listing failed: {status}");
            }
        }
        Ok(started.elapsed())
    }

    pub async fn seed(&self, count: usize) -> Result<()> {
        let url = format!("{}/sandbox/{}/seed", self.base_url, self.company);
        let status = tokio::task::spawn_blocking(move || {
            Command::new("curl")
                .args([
                    "-sS",
                    "-f",
                    "-o",
                    "/dev/null",
                    "-H",
                    "Content-Type: application/json",
                    "-d",
                ])
                .arg(format!("{{\"count\": {count}}}"))
                .arg(url)
                .status()
        })
        .await??;
        if !status.success() {
            bail!("seeding failed: {status}");
        }
        Ok(())
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
