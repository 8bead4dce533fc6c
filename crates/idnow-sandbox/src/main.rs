//! `idnow-sandbox`: the sandbox gateway as a standalone server.

use std::net::SocketAddr;

use clap::Parser;
use idnow_sandbox::{Sandbox, SandboxConfig};

/// An IDnow-compatible gateway on loopback, for training, demos and tests.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Gateway port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Robot host port (the test environment's `api` host; 0 picks a free one).
    #[arg(long, default_value_t = 0)]
    robot_port: u16,
    /// The company id that paths must carry (`/api/v1/{company-id}/…`).
    #[arg(long, default_value = "sandbox")]
    company_id: String,
    /// The API key creation and login must present.
    #[arg(long, env = "IDNOW_SANDBOX_API_KEY")]
    api_key: String,
    /// Robot pace: 1 is IDnow's (review after 2 minutes), 0.01 a demo in seconds.
    #[arg(long, default_value_t = 1.0)]
    time_scale: f64,
    /// Another company id identifications may be copied to (repeatable).
    #[arg(long = "copy-target")]
    copy_targets: Vec<String>,
    /// Seed this many finished identifications at start.
    #[arg(long, default_value_t = 0)]
    seed: usize,
    /// Seed this many completed Trust Platform sessions (first sample flow, `staging`) at
    /// start.
    #[arg(long, default_value_t = 0)]
    seed_sessions: usize,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, never in a log file or pipe.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let args = Args::parse();
    let mut config =
        SandboxConfig::new(args.company_id, args.api_key).with_time_scale(args.time_scale);
    config.copy_targets = args.copy_targets;
    let local = |port| SocketAddr::from(([127, 0, 0, 1], port));
    let sandbox = Sandbox::start_on(config, local(args.port), local(args.robot_port)).await?;
    if args.seed > 0 {
        sandbox.seed(args.seed);
    }
    if args.seed_sessions > 0 {
        sandbox.seed_trust_sessions(0, "staging", args.seed_sessions);
    }
    // Lines on stdout that scripts can read the addresses from. A reader that went away
    // must not stop the server, so write errors are ignored.
    {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "idnow-sandbox listening on {}", sandbox.base_url());
        let _ = writeln!(stdout, "idnow-sandbox robots on {}", sandbox.robot_url());
        let _ = stdout.flush();
    }
    tokio::signal::ctrl_c().await?;
    drop(sandbox);
    Ok(())
}
