//! `identdesk-cli`: IdentDesk from the command line, on the same core and data folder as
//! the window. Errors print their code and what to do and exit 1; usage errors exit 2.

mod accounts;
mod args;
mod commands;
mod output;
mod team;

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let data_dir = match cli.data_dir.clone() {
        Some(dir) => dir,
        None => match identdesk_core::default_data_dir() {
            Ok(dir) => dir,
            Err(err) => {
                output::error(&err);
                return ExitCode::from(1);
            }
        },
    };
    // Warnings on standard error; the day's log file in the data folder hears more.
    let _logs = identdesk_core::logs::init(
        Some(&data_dir),
        identdesk_core::logs::LogLevels {
            override_filter: std::env::var("IDENTDESK_LOG").ok(),
            stderr: "warn",
            file: "info",
        },
    );
    match commands::run(cli.command, &data_dir).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            output::error(&err);
            ExitCode::from(1)
        }
    }
}
