//! `identdesk-cli`: IdentDesk from the command line, on the same core and data folder as
//! the window. Errors print their code and what to do and exit 1; usage errors exit 2.

mod args;
mod output;

use std::io::Read;
use std::process::ExitCode;

use clap::Parser;
use identdesk_core::{Core, Environment, NewAccount, NewIdentification};

use args::{AccountCommand, Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("IDENTDESK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, never in a log file or pipe.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            output::error(&err);
            ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli) -> identdesk_core::Result<()> {
    let data_dir = match cli.data_dir {
        Some(dir) => dir,
        None => identdesk_core::default_data_dir()?,
    };
    let core = Core::open(&data_dir).await?;
    match cli.command {
        Command::Account {
            command: AccountCommand::Add(add),
        } => {
            let api_key = read_api_key(add.api_key_stdin)?;
            let environment = match (&add.gateway_url, add.environment) {
                (Some(_), _) => Environment::WhiteLabel,
                (None, Some(environment)) => environment.into(),
                (None, None) => {
                    return Err(identdesk_core::Error::invalid(
                        "environment",
                        "Give --environment (de-live, de-test, ch-live, sandbox) or --gateway-url.",
                    ));
                }
            };
            let account = core
                .add_account(NewAccount {
                    name: add.name,
                    company_id: add.company_id,
                    environment,
                    gateway_url: add.gateway_url,
                    go_url: add.go_url,
                    api_url: add.api_url,
                    api_key,
                })
                .await?;
            output::account_added(&account);
        }
        Command::Account {
            command: AccountCommand::List { json },
        } => {
            output::accounts(&core.list_accounts().await?, json);
        }
        Command::Create(create) => {
            let json = create.json;
            let created = core
                .create_identification(NewIdentification {
                    account: create.account.clone(),
                    transaction_number: create.transaction_number.clone(),
                    person: create.request()?,
                })
                .await?;
            output::created(&created, json);
        }
        Command::List { json } => {
            output::identifications(
                &core.list_identifications(&Default::default()).await?.rows,
                json,
            );
        }
    }
    Ok(())
}

/// The key comes from standard input only, so it never appears in the shell history or
/// the process list.
fn read_api_key(from_stdin: bool) -> identdesk_core::Result<String> {
    if !from_stdin {
        return Err(identdesk_core::Error::invalid(
            "apiKey",
            "Pass --api-key-stdin and pipe the key in, e.g. `pass show idnow | identdesk-cli account add … --api-key-stdin`.",
        ));
    }
    let mut key = String::new();
    std::io::stdin().read_to_string(&mut key).map_err(|e| {
        identdesk_core::Error::invalid(
            "apiKey",
            format!("The API key could not be read from standard input: {e}"),
        )
    })?;
    Ok(key.trim().to_owned())
}
