//! Each command: parse nothing more, call the core, print the outcome.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use identdesk_core::{
    CancellationToken, Core, Decision, Environment, Error, ListQuery, NewAccount,
    NewIdentification, Result,
};

use crate::args::{AccountCommand, AuditCommand, Command, EsignCommand, ExportCommand};
use crate::output;

pub async fn run(command: Command, data_dir: &Path) -> Result<()> {
    if let Command::Logs = command {
        // Needs no cache: works while the window holds the folder.
        output::line(
            &identdesk_core::logs::logs_dir(data_dir)
                .display()
                .to_string(),
        );
        return Ok(());
    }
    let core = Core::open(data_dir).await?;
    match command {
        Command::Logs => Ok(()),
        Command::Account { command } => account(&core, command).await,
        Command::Create(create) => {
            let created = core
                .create_identification(NewIdentification {
                    account: create.account.clone(),
                    transaction_number: create.transaction_number.clone(),
                    person: create.request()?,
                })
                .await?;
            output::created(&created, create.json);
            Ok(())
        }
        Command::Robots {
            account,
            transaction_number,
        } => {
            core.start_test_robots(&account, &transaction_number)
                .await?;
            output::line(&format!(
                "robots started for {transaction_number}; sync to see the results"
            ));
            Ok(())
        }
        Command::Esign { command } => esign(&core, command).await,
        Command::Sync { account } => sync(&core, account).await,
        Command::List(list) => {
            let account_id = match &list.account {
                Some(account) => Some(core.account(account).await?.id),
                None => None,
            };
            let query = ListQuery {
                account_id,
                status: list.status,
                search: list.search,
                limit: list.limit,
                descending: true,
                ..ListQuery::default()
            };
            output::identifications(&core.list_identifications(&query).await?, list.json);
            Ok(())
        }
        Command::Show {
            transaction_number,
            account,
            json,
        } => {
            let account_id = core.locate(&transaction_number, account.as_deref()).await?;
            output::detail(
                &core
                    .identification_detail(&account_id, &transaction_number)
                    .await?,
                json,
            );
            Ok(())
        }
        Command::Archive {
            transaction_number,
            out,
            account,
        } => {
            let account_id = core.locate(&transaction_number, account.as_deref()).await?;
            let report = core
                .fetch_result_archive(&account_id, &transaction_number, Some(&out))
                .await?;
            output::archive(&report, &out);
            Ok(())
        }
        Command::Delete {
            transaction_number,
            account,
            yes,
        } => {
            if !yes {
                return Err(Error::invalid(
                    "yes",
                    "Deleting at IDnow is final: the result, images and documents are gone for good. Add --yes to confirm.",
                ));
            }
            let account_id = core.locate(&transaction_number, account.as_deref()).await?;
            core.delete_at_idnow(&account_id, &transaction_number)
                .await?;
            output::line(&format!(
                "deleted {transaction_number} at IDnow and purged it here"
            ));
            Ok(())
        }
        Command::Export { command } => export(&core, command).await,
        Command::BulkCreate {
            account,
            file,
            dry_run,
        } => {
            if dry_run {
                output::bulk_preview(&core.bulk_preview(&account, &file).await?);
            } else {
                let report = core
                    .bulk_create(&account, &file, &|done, total| {
                        output::progress("created", done, total)
                    })
                    .await?;
                output::bulk_report(&report);
            }
            Ok(())
        }
        Command::Accept {
            transaction_number,
            note,
            reject,
            account,
            officer,
        } => {
            let account_id = core.locate(&transaction_number, account.as_deref()).await?;
            let decision = if reject {
                Decision::Reject
            } else {
                Decision::Accept
            };
            let officer = officer.unwrap_or_else(os_user);
            let acceptance = core
                .propose_decision(&account_id, &transaction_number, decision, &note, &officer)
                .await?;
            output::acceptance(&acceptance);
            Ok(())
        }
        Command::Confirm {
            transaction_number,
            account,
            officer,
        } => {
            let account_id = core.locate(&transaction_number, account.as_deref()).await?;
            let officer = officer.unwrap_or_else(os_user);
            output::acceptance(
                &core
                    .confirm_decision(&account_id, &transaction_number, &officer)
                    .await?,
            );
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let verdict = core.verify_audit().await?;
            output::audit_verdict(&verdict);
            if verdict.intact {
                Ok(())
            } else {
                Err(Error::Integrity {
                    message: verdict
                        .problem
                        .unwrap_or_else(|| "the audit log is broken".into()),
                })
            }
        }
        Command::Audit {
            command: AuditCommand::Show { limit },
        } => {
            output::audit_entries(&core.audit_log(limit, 0).await?);
            Ok(())
        }
        Command::Purge { dry_run } => {
            output::purge(&core.purge_expired(dry_run).await?);
            Ok(())
        }
    }
}

async fn account(core: &Core, command: AccountCommand) -> Result<()> {
    match command {
        AccountCommand::Add(add) => {
            let api_key = read_api_key(add.api_key_stdin)?;
            let environment = match (&add.gateway_url, add.environment) {
                (Some(_), _) => Environment::WhiteLabel,
                (None, Some(environment)) => environment.into(),
                (None, None) => {
                    return Err(Error::invalid(
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
        AccountCommand::List { json } => output::accounts(&core.list_accounts().await?, json),
        AccountCommand::Test { name } => output::connection(&core.test_connection(&name).await?),
    }
    Ok(())
}

async fn esign(core: &Core, command: EsignCommand) -> Result<()> {
    match command {
        EsignCommand::Definitions { account, json } => {
            output::definitions(&core.esign_definitions(&account).await?, json)
        }
        EsignCommand::Upload {
            account,
            transaction_number,
            identifier,
            file,
        } => {
            let progress =
                Arc::new(|sent: u64, total: u64| output::progress("uploaded bytes", sent, total));
            let document = core
                .upload_esign_document(
                    &account,
                    &transaction_number,
                    &identifier,
                    &file,
                    Some(progress),
                )
                .await?;
            output::esign_document(&document);
        }
        EsignCommand::Signed {
            account,
            transaction_number,
            identifier,
            out,
        } => {
            let size = core
                .fetch_signed_document(&account, &transaction_number, &identifier, Some(&out))
                .await?;
            output::line(&format!("wrote {} ({size} bytes)", out.display()));
        }
    }
    Ok(())
}

async fn export(core: &Core, command: ExportCommand) -> Result<()> {
    match command {
        ExportCommand::Csv {
            out,
            with_personal_data,
        } => {
            let rows = core
                .export_csv(&ListQuery::default(), with_personal_data, &out)
                .await?;
            output::line(&format!("wrote {rows} rows to {}", out.display()));
        }
        ExportCommand::Pdf {
            transaction_number,
            out,
            account,
        } => {
            let account_id = core.locate(&transaction_number, account.as_deref()).await?;
            core.export_summary_pdf(&account_id, &transaction_number, &out)
                .await?;
            output::line(&format!("wrote {}", out.display()));
        }
    }
    Ok(())
}

async fn sync(core: &Core, account: Option<String>) -> Result<()> {
    let accounts = match account {
        Some(name) => vec![core.account(&name).await?],
        None => core.list_accounts().await?,
    };
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    // Ctrl-C stops between batches; what was stored stays.
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            stop.cancel();
        }
    });
    for account in accounts {
        let report = core
            .sync_account(&account.id, &|p| output::sync_progress(&p), &cancel)
            .await?;
        output::sync_report(&account.name, &report);
    }
    let resumed = core.resume_outbox().await?;
    if resumed.sent + resumed.refused + resumed.waiting > 0 {
        output::line(&format!(
            "outbox: {} sent, {} refused, {} still waiting",
            resumed.sent, resumed.refused, resumed.waiting
        ));
    }
    Ok(())
}

/// The key comes from standard input only, so it never appears in the shell history or
/// the process list.
fn read_api_key(from_stdin: bool) -> Result<String> {
    if !from_stdin {
        return Err(Error::invalid(
            "apiKey",
            "Pass --api-key-stdin and pipe the key in, e.g. `pass show idnow | identdesk-cli account add … --api-key-stdin`.",
        ));
    }
    let mut key = String::new();
    std::io::stdin().read_to_string(&mut key).map_err(|e| {
        Error::invalid(
            "apiKey",
            format!("The API key could not be read from standard input: {e}"),
        )
    })?;
    Ok(key.trim().to_owned())
}

fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into())
}
