//! Each command: resolve what the officer typed (account names, transaction numbers) into
//! the core's ids, call the core, print the outcome.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use clap::ValueEnum;
use identdesk_core::ipc;
use identdesk_core::{
    AccountKind, CancellationToken, Core, CoreOptions, Decision, Environment, Error, ErrorPayload,
    IdentificationRef, ListQuery, NewAccount, NewIdentification, NewPlatformAccount,
    PlatformEnvironment, Result,
};

use crate::accounts::account_id;
use crate::args::{
    AccountCommand, AddAccountArgs, AuditCommand, Command, EnvironmentArg, EsignCommand,
    ExportCommand, KindArg, ListFilters, UnsentCommand,
};
use crate::{output, team};

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
    // Administrators' commands need no cache, only the server.
    let command = match team::admin(command).await? {
        Some(command) => command,
        None => return Ok(()),
    };
    let core = Core::open(data_dir, CoreOptions::from_environment()).await?;
    match command {
        // Answered above, without opening the cache.
        Command::Logs => Ok(()),
        Command::Account { command } => account(&core, command).await,
        Command::Create(create) => {
            let account_id = account_id(&core, &create.account).await?;
            let account = core.accounts().account(&account_id).await?;
            if account.kind == AccountKind::TrustPlatform {
                let flow = flow_id(&core, &account_id, create.flow.as_deref()).await?;
                let created = core
                    .sessions()
                    .create(create.session(account_id, flow)?)
                    .await?;
                output::session_created(created, create.json);
                return Ok(());
            }
            let created = core
                .identifications()
                .create_identification(NewIdentification {
                    account_id,
                    transaction_number: create.transaction_number.clone(),
                    person: create.person(),
                    answers: create.answers()?,
                })
                .await?;
            output::created(created, create.json);
            Ok(())
        }
        Command::Robots {
            account,
            transaction_number,
        } => {
            let ident = locate(&core, &transaction_number, Some(&account)).await?;
            core.identifications().start_test_robots(&ident).await?;
            output::line(&format!(
                "robots started for {transaction_number}; sync to see the results"
            ));
            Ok(())
        }
        Command::Esign { command } => esign(&core, command).await,
        Command::Flows { account, json } => {
            let account_id = account_id(&core, &account).await?;
            output::flows(core.sessions().flows(&account_id).await?, json);
            Ok(())
        }
        Command::File {
            session,
            file,
            output: path,
            account,
        } => {
            let session = locate(&core, &session, account.as_deref()).await?;
            let info = core.sessions().file(&session, &file).await?;
            let (_, bytes) = core.files().attachment(&session, &info.name).await?;
            identdesk_core::write_private(&path, &bytes)?;
            output::line(&format!(
                "wrote {} ({}, {} bytes) to {}",
                info.name,
                info.media_type,
                info.size_bytes,
                path.display()
            ));
            Ok(())
        }
        Command::Unsent { command } => match command {
            UnsentCommand::Resend {
                subject_id,
                account,
            } => {
                let account_id = account_id(&core, &account).await?;
                let created = core.sessions().resend(&account_id, &subject_id).await?;
                output::session_created(created, false);
                Ok(())
            }
            UnsentCommand::Discard {
                subject_id,
                account,
            } => {
                let account_id = account_id(&core, &account).await?;
                core.sessions().discard(&account_id, &subject_id).await?;
                output::line(&format!("discarded {subject_id}; nothing was sent"));
                Ok(())
            }
        },
        Command::Sync => sync(&core).await,
        Command::List(list) => {
            let query = ListQuery {
                limit: list.limit,
                ..list_query(&core, list.filters).await?
            };
            output::identifications(core.identifications().list(&query).await?, list.json);
            Ok(())
        }
        Command::Show {
            transaction_number,
            account,
            json,
        } => {
            let ident = locate(&core, &transaction_number, account.as_deref()).await?;
            if core.accounts().account(&ident.account_id).await?.kind == AccountKind::TrustPlatform
            {
                output::session(core.sessions().detail(&ident).await?, json);
            } else {
                output::detail(core.identifications().detail(&ident).await?, json);
            }
            Ok(())
        }
        Command::Archive {
            transaction_number,
            output: path,
            account,
        } => {
            let ident = locate(&core, &transaction_number, account.as_deref()).await?;
            let report = core.files().fetch_archive(&ident, Some(&path)).await?;
            output::archive(report, &path);
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
            let ident = locate(&core, &transaction_number, account.as_deref()).await?;
            core.identifications().delete_at_idnow(&ident).await?;
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
            let account_id = account_id(&core, &account).await?;
            if dry_run {
                output::bulk_preview(
                    core.identifications()
                        .bulk_preview(&account_id, &file, 0, usize::MAX)
                        .await?,
                );
            } else {
                let report = core
                    .identifications()
                    .bulk_create(&account_id, &file, &|done, total| {
                        output::progress("created", done as u64, total as u64)
                    })
                    .await?;
                output::bulk_report(report);
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
            refuse_officer(officer)?;
            let ident = locate(&core, &transaction_number, account.as_deref()).await?;
            let decision = if reject {
                Decision::Reject
            } else {
                Decision::Accept
            };
            // The result the officer decides on is the one the cache holds now; the core
            // refuses if a sync changes it before the decision is written.
            let seen = core
                .identifications()
                .detail(&ident)
                .await?
                .row
                .result
                .unwrap_or_default();
            output::acceptance(
                core.decisions()
                    .record(&ident, decision, &note, &seen)
                    .await?,
            );
            Ok(())
        }
        Command::Confirm {
            transaction_number,
            account,
            officer,
        } => {
            refuse_officer(officer)?;
            let ident = locate(&core, &transaction_number, account.as_deref()).await?;
            output::acceptance(core.decisions().confirm(&ident).await?);
            Ok(())
        }
        Command::Team { command } => team::officer(&core, command).await,
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let verdict = core.audit().verify().await?;
            let (intact, problem) = (verdict.intact, verdict.problem.clone());
            output::audit_verdict(verdict);
            if intact {
                Ok(())
            } else {
                Err(Error::Integrity {
                    message: problem.unwrap_or_else(|| "the audit log is broken".into()),
                })
            }
        }
        Command::Audit {
            command: AuditCommand::Show { limit, local },
        } => {
            let entries = if local {
                core.audit().local_log(limit, 0).await?
            } else {
                core.audit().log(limit, 0).await?
            };
            output::audit_entries(entries);
            Ok(())
        }
        Command::Overview {
            account,
            period,
            from,
            to,
            json,
        } => {
            let account_id = match &account {
                Some(account) => Some(account_id(&core, account).await?),
                None => None,
            };
            let preset = match period.as_deref() {
                _ if from.is_some() => ipc::PeriodPreset::Custom,
                None | Some("30d") => ipc::PeriodPreset::Last30Days,
                Some("week") => ipc::PeriodPreset::ThisWeek,
                Some("quarter") => ipc::PeriodPreset::Quarter,
                Some(other) => {
                    return Err(Error::invalid(
                        "period",
                        format!(
                            "{other:?} is not a period; use week, 30d or quarter, or --from and --to."
                        ),
                    ));
                }
            };
            let query = ipc::OverviewRequest {
                account_id,
                preset,
                from,
                to,
            }
            .into_query()?;
            output::overview(core.overview().figures(&query).await?, json);
            Ok(())
        }
        Command::Purge { dry_run } => {
            output::purge(core.retention().purge_expired(dry_run).await?);
            Ok(())
        }
    }
}

/// The officer is whoever runs IdentDesk (the OS account); nobody names one.
fn refuse_officer(officer: Option<String>) -> Result<()> {
    match officer {
        None => Ok(()),
        Some(_) => Err(Error::invalid(
            "officer",
            "--officer is gone: the officer is the operating-system account running IdentDesk (or, in a team workspace, the signed-in database role), never a typed name.",
        )),
    }
}

/// The window's list query from the command line's filters (newest first, as the window).
async fn list_query(core: &Core, filters: ListFilters) -> Result<ListQuery> {
    let account_id = match &filters.account {
        Some(account) => Some(account_id(core, account).await?),
        None => None,
    };
    Ok(ListQuery {
        account_id,
        stage: filters.stage,
        result: filters.result,
        search: filters.search,
        from: filters.from,
        to: filters.to,
        waiting_for_me: filters.waiting_for_me,
        descending: true,
        ..ListQuery::default()
    })
}

/// The identification with this transaction number, in the named account or the only one
/// holding it.
async fn locate(core: &Core, txn: &str, account: Option<&str>) -> Result<IdentificationRef> {
    let account_id = match account {
        Some(name) => Some(account_id(core, name).await?),
        None => None,
    };
    core.identifications()
        .locate(txn, account_id.as_deref())
        .await
}

async fn add_classic(core: &Core, add: AddAccountArgs) -> Result<identdesk_core::Account> {
    let api_key = read_api_key(add.api_key_stdin)?;
    if add.api_url.is_some() && add.gateway_url.is_none() {
        return Err(Error::invalid(
            "apiUrl",
            "A classic account's --api-url (the test robots' host) goes with --gateway-url.",
        ));
    }
    let environment = match (&add.gateway_url, add.environment.as_deref()) {
        (Some(_), _) => Environment::WhiteLabel,
        (None, Some(text)) => EnvironmentArg::from_str(text, true)
            .map_err(|_| {
                Error::invalid(
                    "environment",
                    format!("{text:?}: a classic account's --environment is de-live, de-test, ch-live or sandbox."),
                )
            })?
            .into(),
        (None, None) => {
            return Err(Error::invalid(
                "environment",
                "Give --environment (de-live, de-test, ch-live, sandbox) or --gateway-url.",
            ));
        }
    };
    core.accounts()
        .add(NewAccount {
            name: add.name,
            company_id: add.company_id.unwrap_or_default(),
            environment,
            gateway_url: add.gateway_url,
            go_url: add.go_url,
            api_url: add.api_url,
            api_key,
        })
        .await
}

async fn add_platform(core: &Core, add: AddAccountArgs) -> Result<identdesk_core::Account> {
    let (sandbox, environment) = match add.environment.as_deref() {
        Some("sandbox") => (true, PlatformEnvironment::Staging),
        Some(text) => (
            false,
            PlatformEnvironment::parse(text).ok_or_else(|| {
                Error::invalid(
                    "environment",
                    format!("{text:?}: a Trust Platform account's --environment is staging or live (the API client's), or sandbox."),
                )
            })?,
        ),
        None => {
            return Err(Error::invalid(
                "environment",
                "Give --environment staging or live (the API client's), or sandbox for the built-in one.",
            ));
        }
    };
    let client_secret = if sandbox {
        String::new()
    } else {
        if !add.client_secret_stdin {
            return Err(Error::invalid(
                "clientSecret",
                "Pass --client-secret-stdin and pipe the client secret in: it never goes on the command line.",
            ));
        }
        let mut secret = String::new();
        std::io::stdin().read_to_string(&mut secret).map_err(|e| {
            Error::invalid(
                "clientSecret",
                format!("could not read standard input: {e}"),
            )
        })?;
        secret
    };
    core.accounts()
        .add_platform(NewPlatformAccount {
            name: add.name,
            sandbox,
            client_id: add.client_id.unwrap_or_default(),
            client_secret,
            environment,
            api_url: add.api_url,
            token_url: add.token_url,
        })
        .await
}

async fn account(core: &Core, command: AccountCommand) -> Result<()> {
    match command {
        AccountCommand::Add(add) => {
            let account = match add.kind {
                KindArg::Classic => add_classic(core, add).await?,
                KindArg::TrustPlatform => add_platform(core, add).await?,
            };
            output::account_added(account);
        }
        AccountCommand::List { json } => output::accounts(core.accounts().list().await?, json),
        AccountCommand::Test { name } => {
            let id = account_id(core, &name).await?;
            output::connection(core.accounts().test_connection(&id).await?)
        }
        AccountCommand::SetSigningKey { name, file } => {
            let id = account_id(core, &name).await?;
            let pem = std::fs::read_to_string(&file).map_err(|e| {
                Error::invalid(
                    "signingKey",
                    format!(
                        "{} could not be read ({e}); give the PEM file IDnow published.",
                        file.display()
                    ),
                )
            })?;
            core.accounts().set_result_signing_key(&id, &pem).await?;
            output::line(&format!(
                "{name}: result archives are now checked with this key"
            ));
        }
        AccountCommand::SetAnswerLimit { name, mib } => {
            let id = account_id(core, &name).await?;
            let mib = match mib.as_str() {
                "default" => None,
                text => Some(text.parse::<u32>().map_err(|_| {
                    Error::invalid(
                        "answerLimitMib",
                        format!("{text:?} is not a number of MiB (or `default`)."),
                    )
                })?),
            };
            let account = core.accounts().set_answer_limit(&id, mib).await?;
            output::line(&format!(
                "{name}: largest answer {}",
                account
                    .answer_limit_mib
                    .map_or("as IdentDesk's defaults".to_owned(), |m| format!("{m} MiB"))
            ));
        }
        AccountCommand::SetRetention {
            name,
            r#final,
            unfinished,
        } => {
            let id = account_id(core, &name).await?;
            if r#final.is_none() && unfinished.is_none() {
                return Err(Error::invalid(
                    "retentionDays",
                    "Give --final DAYS (after the final result), --unfinished DAYS (after creation, for one never finished), or both.",
                ));
            }
            if let Some(days) = r#final {
                core.accounts().set_retention_days(&id, days).await?;
            }
            if let Some(days) = unfinished {
                core.accounts()
                    .set_unfinished_retention_days(&id, days)
                    .await?;
            }
            let account = core.accounts().account(&id).await?;
            output::line(&format!(
                "{name}: personal data kept {} days after the final result, {} days after creation when never finished",
                account.retention_days, account.unfinished_retention_days
            ));
        }
    }
    Ok(())
}

async fn esign(core: &Core, command: EsignCommand) -> Result<()> {
    match command {
        EsignCommand::Definitions { account, json } => {
            let id = account_id(core, &account).await?;
            output::definitions(core.files().esign_definitions(&id).await?, json)
        }
        EsignCommand::Upload {
            account,
            transaction_number,
            identifier,
            file,
        } => {
            let ident = locate(core, &transaction_number, Some(&account)).await?;
            let progress =
                Arc::new(|sent: u64, total: u64| output::progress("uploaded bytes", sent, total));
            let document = core
                .files()
                .upload_esign_document(&ident, &identifier, &file, Some(progress))
                .await?;
            output::esign_document(document);
        }
        EsignCommand::Signed {
            account,
            transaction_number,
            identifier,
            output: path,
        } => {
            let ident = locate(core, &transaction_number, Some(&account)).await?;
            let size = core
                .files()
                .fetch_signed_document(&ident, &identifier, Some(&path))
                .await?;
            output::line(&format!("wrote {} ({size} bytes)", path.display()));
        }
    }
    Ok(())
}

async fn export(core: &Core, command: ExportCommand) -> Result<()> {
    match command {
        ExportCommand::Csv {
            output: path,
            with_personal_data,
            filters,
        } => {
            let query = list_query(core, filters).await?;
            let rows = core
                .files()
                .export_csv(&query, with_personal_data, &path)
                .await?;
            output::line(&format!("wrote {rows} rows to {}", path.display()));
        }
        ExportCommand::Pdf {
            transaction_number,
            output: path,
            account,
        } => {
            let ident = locate(core, &transaction_number, account.as_deref()).await?;
            core.files().export_summary_pdf(&ident, &path).await?;
            output::line(&format!("wrote {}", path.display()));
        }
    }
    Ok(())
}

/// The window's sync, from the command line: unsent creations, every account, the
/// retention purge. Ctrl-C stops it between batches; what was stored stays. Exits with an
/// error when an account could not be synced (after syncing the others).
async fn sync(core: &Core) -> Result<()> {
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            stop.cancel();
        }
    });
    let accounts = core.accounts().list().await?;
    let summary = core
        .sync()
        .all(&|p| output::sync_progress(&p), &cancel)
        .await?;
    let failed = summary.failures.first().map(|first| ErrorPayload {
        code: first.error.code,
        message: format!(
            "{} account(s) could not be synced (the others were); {}: {}",
            summary.failures.len(),
            first.account_name,
            first.error.message
        ),
        field: None,
    });
    output::sync_summary(summary, &accounts);
    match failed {
        Some(payload) => Err(Error::Relayed(payload)),
        None => Ok(()),
    }
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

/// The flow the officer named, by id or by name (as `flows` lists them).
async fn flow_id(core: &Core, account_id: &str, named: Option<&str>) -> Result<String> {
    let Some(named) = named.map(str::trim).filter(|n| !n.is_empty()) else {
        return Err(Error::invalid(
            "flow",
            "A Trust Platform account creates sessions for a flow: give --flow (see `flows`).",
        ));
    };
    let flows = core.sessions().flows(account_id).await?;
    flows
        .iter()
        .find(|f| f.id == named)
        .or_else(|| flows.iter().find(|f| f.name.eq_ignore_ascii_case(named)))
        .map(|f| f.id.clone())
        .ok_or_else(|| {
            Error::invalid(
                "flow",
                format!("{named:?} is no flow of this account; `flows` lists them."),
            )
        })
}
