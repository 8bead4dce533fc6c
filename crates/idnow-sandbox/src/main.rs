//! `idnow-sandbox`: the sandbox gateway as a standalone server.

use std::net::SocketAddr;

use clap::Parser;
use idnow_sandbox::{Sandbox, SandboxConfig};

/// An IDnow-compatible gateway on loopback, for training, demos and tests.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The company id that paths must carry (`/api/v1/{company-id}/…`).
    #[arg(long, default_value = "sandbox")]
    company_id: String,
    /// The API key creation and login must present.
    #[arg(long, env = "IDNOW_SANDBOX_API_KEY")]
    api_key: String,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let config = SandboxConfig::new(args.company_id, args.api_key);
    let sandbox = Sandbox::start_on(config, SocketAddr::from(([127, 0, 0, 1], args.port))).await?;
    // One line on stdout that scripts can read the address from.
    #[allow(clippy::print_stdout)]
    {
        println!("idnow-sandbox listening on {}", sandbox.base_url());
    }
    tokio::signal::ctrl_c().await?;
    drop(sandbox);
    Ok(())
}
