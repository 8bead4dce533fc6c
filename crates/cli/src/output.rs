//! What the command line prints: short text for people, `--json` for scripts — the same
//! shapes the window gets (`identdesk_core::ipc`). Progress goes to standard error so
//! standard output stays clean for pipes.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;

use identdesk_core::ipc::{self, IdentificationStage};
use identdesk_core::{Error, IntoIpc};

pub fn error(err: &Error) {
    eprintln!("error[{}]: {err}", code_text(&err.code()));
}

fn code_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub fn line(text: &str) {
    println!("{text}");
}

pub fn progress(what: &str, done: u64, total: u64) {
    eprint!("\r{what}: {done}/{total}");
}

pub fn account_added(account: identdesk_core::Account) {
    let account = account.into_ipc();
    match &account.platform {
        Some(platform) => println!(
            "added Trust Platform account {} (client {}, {}{})",
            account.name,
            account.company_id,
            code_text(&platform.environment),
            if account.environment == identdesk_core::Environment::Sandbox {
                ", built-in sandbox"
            } else {
                ""
            }
        ),
        None => println!(
            "added account {} ({}, {})",
            account.name,
            account.company_id,
            code_text(&account.environment)
        ),
    }
}

pub fn accounts(accounts: Vec<identdesk_core::Account>, json: bool) {
    let accounts = accounts.into_ipc();
    if json {
        return print_json(&accounts);
    }
    for a in accounts {
        let url = a.gateway_url.as_deref().unwrap_or("");
        println!(
            "{:<24} {:<16} {:<12} {:>4} days  {url}",
            a.name,
            a.company_id,
            code_text(&a.environment),
            a.retention_days
        );
    }
}

pub fn connection(check: identdesk_core::ConnectionCheck) {
    if check.company_name.is_none() && !check.flows.is_empty() {
        println!(
            "connected to {}: {} flows",
            check.answered_by,
            check.flows.len()
        );
        for flow in &check.flows {
            println!("  {flow}");
        }
        return;
    }
    println!(
        "connected to {}: {} ({}), estimated waiting time {} s",
        check.answered_by,
        check.company_name.as_deref().unwrap_or("no name given"),
        check.shortcode.as_deref().unwrap_or("no shortcode"),
        check.estimated_waiting_seconds.unwrap_or(0.0)
    );
}

pub fn created(created: identdesk_core::CreatedIdentification, json: bool) {
    let created = created.into_ipc();
    if json {
        return print_json(&created);
    }
    let verb = if created.updated {
        "updated"
    } else {
        "created"
    };
    println!(
        "{verb} {} (transaction number {})",
        created.ident_id, created.transaction_number
    );
    println!("  link:     {}", created.links.long);
    println!("  short:    {}", created.links.short);
    println!("  embedded: {}", created.links.embedded);
}

pub fn session_created(created: identdesk_core::CreatedSession, json: bool) {
    let created = created.into_ipc();
    if json {
        return print_json(&created);
    }
    let verb = if created.adopted {
        "found at IDnow (an earlier attempt had arrived)"
    } else {
        "created"
    };
    println!(
        "{verb}: session {} (subject id {}, {})",
        created.session_id, created.subject_id, created.status
    );
    if let Some(url) = &created.player_url {
        println!("  player: {url}");
    }
}

pub fn flows(flows: Vec<identdesk_core::FlowSummary>, json: bool) {
    let flows = flows.into_ipc();
    if json {
        return print_json(&flows);
    }
    for flow in flows {
        println!(
            "{:<38} {}{}",
            flow.id,
            flow.name,
            flow.version
                .map(|v| format!(" (version {v})"))
                .unwrap_or_default()
        );
    }
}

/// A Trust Platform session in full: status, outcome, last step, each data block, files.
pub fn session(detail: identdesk_core::SessionDetail, json: bool) {
    let d = detail.into_ipc();
    if json {
        return print_json(&d);
    }
    println!(
        "session {} ({}, flow {})",
        d.session_id,
        d.account_name,
        d.flow_name
            .as_deref()
            .or(d.flow_id.as_deref())
            .unwrap_or("-")
    );
    println!(
        "status: {}  result: {}",
        d.status.as_deref().unwrap_or(&d.state),
        d.result.as_deref().unwrap_or("none yet")
    );
    if let Some(subject) = &d.subject_id {
        println!("subject id: {subject}");
    }
    if let Some(step) = &d.last_step {
        println!(
            "last step: {}{}{}",
            step.step,
            step.description
                .as_deref()
                .map(|t| format!(" ({t})"))
                .unwrap_or_default(),
            step.verdict
                .as_deref()
                .map(|v| format!(", verdict {v}"))
                .unwrap_or_default()
        );
    }
    if let Some(url) = &d.player_url {
        println!("player: {url}");
    }
    if d.purged {
        println!(
            "personal data purged ({})",
            d.purge_reason.as_deref().unwrap_or("retention")
        );
    }
    for block in &d.blocks {
        match &block.deleted_seen_at {
            Some(_) => println!(
                "[{}] deleted at IDnow, first seen {}",
                block.block_type, block.first_seen_at
            ),
            None => println!("[{}]", block.block_type),
        }
        for field in &block.fields {
            println!("  {:<32} {}", field.key, field.value);
        }
    }
    for file in &d.files {
        println!(
            "file {} ({} {}){}",
            file.vault_id,
            file.block_type,
            file.field,
            if file.stored { ", in the cache" } else { "" }
        );
    }
}

pub fn identifications(page: identdesk_core::ListPage, json: bool) {
    let page = page.into_ipc();
    if json {
        return print_json(&page.rows);
    }
    for r in &page.rows {
        let status = match (&r.result, r.stage) {
            (Some(result), IdentificationStage::Preliminary) => format!("{} (prelim.)", result.raw),
            (Some(result), _) => result.raw.clone(),
            (None, IdentificationStage::Outbox) => "not sent".into(),
            (None, _) => "waiting".into(),
        };
        let name = [r.firstname.as_deref(), r.lastname.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        println!(
            "{:<10} {:<38} {:<32} {:<24} {}",
            r.ident_id.as_deref().unwrap_or("-"),
            r.transaction_number,
            status,
            if r.purged {
                "(purged)".to_owned()
            } else {
                name
            },
            r.created_at
        );
    }
    eprintln!("{} of {} shown", page.rows.len(), page.total);
}

pub fn detail(detail: identdesk_core::IdentificationDetail, json: bool) {
    let detail = detail.into_ipc();
    if json {
        return print_json(&detail);
    }
    let row = &detail.row;
    println!(
        "{} {} ({})",
        row.ident_id.as_deref().unwrap_or("-"),
        row.transaction_number,
        row.account_name
    );
    println!(
        "result: {} {}",
        row.result.as_ref().map_or("none yet", |r| r.raw.as_str()),
        row.reason.as_ref().map_or("", |r| r.raw.as_str())
    );
    if row.purged {
        println!("personal data purged");
    }
    if let Some(result) = &detail.result {
        for field in result.person.iter().chain(&result.document) {
            let change = field
                .original
                .as_deref()
                .map(|o| format!("  (sent: {o})"))
                .unwrap_or_default();
            println!(
                "  {:<14} {:<10} {}{change}",
                field.name,
                field.status.as_ref().map_or("", |s| s.raw.as_str()),
                field.value.as_deref().unwrap_or("")
            );
        }
    }
    for entry in &detail.history {
        println!(
            "  {}  {} {}",
            entry.observed_at,
            entry.result.raw,
            entry.reason.as_ref().map_or("", |r| r.raw.as_str())
        );
    }
    if !detail.observations.is_empty() {
        println!("officers reported different results:");
        for o in &detail.observations {
            println!(
                "  {}  {} reported {} (identified {}){}",
                o.reported_at,
                o.reported_by,
                o.result,
                o.identified_at.as_deref().unwrap_or("-"),
                if o.contradicted {
                    ", contradicting the result the team had"
                } else {
                    ""
                }
            );
        }
    }
}

pub fn archive(report: identdesk_core::ArchiveReport, output: &Path) {
    let signature = match report.signature {
        identdesk_core::ArchiveSignature::Verified => {
            "signature verified: it covers the result XML; images, audio and documents are not covered"
        }
        identdesk_core::ArchiveSignature::Unchecked => {
            "signature not checked: set the account's key with `account set-signing-key`"
        }
    };
    println!(
        "wrote {} ({} files, {signature})",
        output.display(),
        report.files.len()
    );
}

pub fn definitions(definitions: Vec<identdesk_core::DefinitionView>, json: bool) {
    let definitions = definitions.into_ipc();
    if json {
        return print_json(&definitions);
    }
    for d in definitions {
        println!(
            "{:<20} {}{}",
            d.identifier,
            d.name,
            if d.optional { " (optional)" } else { "" }
        );
    }
}

pub fn esign_document(document: identdesk_core::EsignDocumentView) {
    eprintln!();
    println!(
        "uploaded {} as {}: {} — hash {} ({}), IDnow: {}",
        document.file_name,
        document.identifier,
        document.status,
        document.display_hash,
        document.sha256,
        document.idnow_hash.as_deref().unwrap_or("not reported")
    );
}

pub fn sync_progress(progress: &identdesk_core::SyncProgress) {
    let progress = progress.clone().into_ipc();
    eprint!(
        "\r{}: {}/{}   ",
        code_text(&progress.stage),
        progress.done,
        progress.total
    );
}

pub fn sync_summary(summary: identdesk_core::SyncSummary, accounts: &[identdesk_core::Account]) {
    let summary = summary.into_ipc();
    let name = |id: &str| {
        accounts
            .iter()
            .find(|a| a.id == id)
            .map_or(id.to_owned(), |a| a.name.clone())
    };
    eprintln!();
    let outbox = &summary.outbox;
    if outbox.sent + outbox.refused + outbox.waiting > 0 {
        println!(
            "outbox: {} sent, {} refused, {} still waiting",
            outbox.sent, outbox.refused, outbox.waiting
        );
    }
    for report in &summary.reports {
        println!(
            "{}: {} results, {} changed",
            name(&report.account_id),
            report.fetched,
            report.changes.len()
        );
        for change in &report.changes {
            println!(
                "  {} {} → {}{}",
                change.transaction_number,
                change.previous.as_ref().map_or("none", |p| p.raw.as_str()),
                change.result.raw,
                if change.is_final { " (final)" } else { "" }
            );
        }
        if report.ignored_backwards > 0 {
            println!(
                "  {} older results ignored (results only move forward)",
                report.ignored_backwards
            );
        }
        if report.fetched_alone > 0 {
            println!(
                "  {} results fetched one by one (they had left IDnow's lists)",
                report.fetched_alone
            );
        }
        if report.undecodable > 0 {
            println!(
                "  {} entries IDnow sent could not be read; see the log (identdesk-cli logs) and tell IdentDesk's maintainers",
                report.undecodable
            );
        }
    }
    for failure in &summary.failures {
        println!(
            "{}: not synced: {}",
            failure.account_name, failure.error.message
        );
    }
    match (&summary.purge, &summary.purge_error) {
        (Some(purge), _) if purge.count > 0 => {
            println!(
                "retention: purged personal data of {} identifications",
                purge.count
            )
        }
        (_, Some(error)) => println!("retention purge did not run: {}", error.message),
        _ => {}
    }
    match (&summary.team, &summary.team_error) {
        (Some(team), _) => println!(
            "team: {} result changes reported, {} decisions wait for you",
            team.reported, team.waiting_for_me
        ),
        (_, Some(error)) => println!("team: not reached: {}", error.message),
        _ => {}
    }
}

pub fn bulk_preview(preview: identdesk_core::BulkPreview) {
    for row in &preview.rows {
        if row.errors.is_empty() {
            println!("line {:>4}  ok      {}", row.line, row.transaction_number);
        } else {
            for e in &row.errors {
                println!("line {:>4}  ERROR   {}: {}", row.line, e.field, e.message);
            }
        }
    }
    println!(
        "{} rows ready, {} with errors (nothing sent)",
        preview.valid, preview.invalid
    );
}

pub fn bulk_report(report: identdesk_core::BulkReport) {
    eprintln!();
    println!(
        "{} created, {} sent before, {} skipped for errors, {} failed",
        report.created,
        report.already_sent,
        report.skipped.len(),
        report.failed.len()
    );
    for row in &report.skipped {
        for e in &row.errors {
            println!("  line {}: {}: {}", row.line, e.field, e.message);
        }
    }
    for f in &report.failed {
        println!("  {}: {}", f.field, f.message);
    }
}

pub fn acceptance(acceptance: identdesk_core::Acceptance) {
    let acceptance: ipc::Acceptance = acceptance.into_ipc();
    println!(
        "{} {} (result {}) by {}{}",
        code_text(&acceptance.state),
        code_text(&acceptance.decision),
        acceptance.result_at_proposal,
        acceptance.proposed_by,
        acceptance
            .confirmed_by
            .as_deref()
            .filter(|c| *c != acceptance.proposed_by)
            .map(|c| format!(", confirmed by {c}"))
            .unwrap_or_default()
    );
}

pub fn audit_verdict(verdict: identdesk_core::AuditVerification) {
    if verdict.intact {
        println!("audit log intact: {} entries", verdict.entries);
    } else {
        println!(
            "audit log BROKEN: {}",
            verdict.problem.as_deref().unwrap_or("?")
        );
    }
}

pub fn audit_entries(entries: Vec<identdesk_core::AuditEntry>) {
    for e in entries {
        println!(
            "#{:<6} {} {:<12} {:<32} {} {}",
            e.id,
            e.at,
            e.actor,
            e.action,
            e.subject_name.as_deref().unwrap_or(&e.subject),
            e.detail.as_deref().unwrap_or("")
        );
    }
}

pub fn purge(report: identdesk_core::PurgeReport) {
    let verb = if report.dry_run {
        "would purge"
    } else {
        "purged"
    };
    println!("{verb} {} identifications", report.purged.len());
    for p in &report.purged {
        let why = match p.reason {
            identdesk_core::PurgeReason::Unfinished => "unfinished since",
            _ => "final since",
        };
        println!(
            "  {} ({why} {}, kept {} days)",
            p.transaction_number, p.since, p.days
        );
    }
}

pub fn team_status(status: identdesk_core::TeamStatus, json: bool) {
    let status: ipc::TeamStatus = status.into_ipc();
    if json {
        return print_json(&status);
    }
    if !status.joined {
        println!(
            "solo: this data folder is in no team workspace (join one with identdesk-cli team join)"
        );
        return;
    }
    println!(
        "{} at {} ({})",
        status.officer.as_deref().unwrap_or("?"),
        status.url.as_deref().unwrap_or("?"),
        status.protection.as_deref().unwrap_or("?")
    );
    if !status.reachable {
        println!(
            "not reachable: {}",
            status.problem.as_deref().unwrap_or("?")
        );
        return;
    }
    println!(
        "roles: {}; schema {}",
        status.roles.join(", "),
        status.schema_version.unwrap_or_default()
    );
    if let Some(trail) = &status.trail {
        if trail.intact {
            println!(
                "team trail: {} entries, extends what this machine saw",
                trail.entries
            );
        } else {
            println!(
                "team trail BROKEN: {}",
                trail.problem.as_deref().unwrap_or("?")
            );
        }
        for finding in &trail.signatures {
            println!("NOT SIGNED: {finding}");
        }
        for warning in &trail.key_warnings {
            println!("key warning: {warning}");
        }
    }
    if let Some(holder) = &status.trail_holder {
        println!(
            "the team trail is held by {holder}; if that lasts, an administrator ends it with identdesk-cli team release"
        );
    }
    if status.trail_waiting > 0 {
        println!(
            "{} local actions wait for the team's trail",
            status.trail_waiting
        );
    }
    if status.beyond_plan.is_empty() {
        println!("grants: as planned");
    } else {
        for finding in &status.beyond_plan {
            println!("beyond the plan: {finding}");
        }
    }
    for account in &status.accounts {
        match &account.team_name {
            Some(team) => println!(
                "account {} → team account {team} (keep personal data {} days)",
                account.account_name,
                account.retention_days.unwrap_or_default()
            ),
            None => println!(
                "account {}: local only (not in the team's registry; cannot create in the team)",
                account.account_name
            ),
        }
    }
}

/// The team's keys: whose, fingerprint, vouched by whom.
pub fn team_keys(keys: Vec<identdesk_core::TeamKey>, json: bool) {
    let keys: Vec<ipc::TeamKey> = keys.into_ipc();
    if json {
        return print_json(&keys);
    }
    for key in &keys {
        println!(
            "{:<16} {}  {}{}  ({})",
            key.officer,
            key.key_id,
            key.fingerprint,
            if key.mine { "  this computer" } else { "" },
            if key.revoked {
                "revoked".to_owned()
            } else {
                key.vouched_by
                    .as_deref()
                    .map_or("not vouched: it does not count yet".to_owned(), |by| {
                        format!("vouched by {by}")
                    })
            }
        );
    }
}

fn print_json<T: serde::Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(err) => eprintln!("error[INTERNAL]: {err}"),
    }
}

/// The overview as text: rates beside the period before, a line per day, weeks, waiting,
/// reasons and eSign (`--json`: the window's shape).
pub fn overview(overview: identdesk_core::Overview, json: bool) {
    let o: ipc::Overview = overview.into_ipc();
    if json {
        return print_json(&o);
    }
    let source = match o.source {
        ipc::FigureSource::Local => "this computer's cache",
        ipc::FigureSource::Team => "the team database",
        ipc::FigureSource::LocalTeamUnreachable => {
            "this computer's cache (the team database did not answer)"
        }
    };
    println!("overview {} – {} from {source}", o.from, o.to);
    let rate = |r: Option<f64>| r.map_or("–".to_owned(), |r| format!("{:.1} %", r * 100.0));
    println!(
        "{:<18}{:>14}{:>28}",
        "",
        "this period",
        format!("before ({} – {})", o.previous_from, o.previous_to)
    );
    for (label, now, before) in [
        (
            "final results",
            o.current.final_results.to_string(),
            o.previous.final_results.to_string(),
        ),
        (
            "pass rate",
            rate(o.current.pass_rate),
            rate(o.previous.pass_rate),
        ),
        (
            "fraud rate",
            rate(o.current.fraud_rate),
            rate(o.previous.fraud_rate),
        ),
        (
            "cancellation rate",
            rate(o.current.cancellation_rate),
            rate(o.previous.cancellation_rate),
        ),
    ] {
        println!("{label:<18}{now:>14}{before:>28}");
    }
    println!();
    println!(
        "created     success changed  review   fraud canceled aborted  failed    open   other"
    );
    for d in &o.days {
        println!(
            "{} {:>8}{:>8}{:>8}{:>8}{:>9}{:>8}{:>8}{:>8}{:>8}",
            d.day,
            d.success,
            d.success_data_changed,
            d.review_pending,
            d.fraud,
            d.canceled,
            d.aborted,
            d.failed,
            d.open,
            d.other
        );
    }
    println!();
    println!("time to a final result (weeks from Monday; median, 90th percentile)");
    if o.time_to_final.is_empty() {
        println!("  no final result in this period");
    }
    for w in &o.time_to_final {
        println!(
            "  {}  {:>6} results  median {:>8}  p90 {:>8}",
            w.week,
            w.count,
            span(w.median_seconds),
            span(w.p90_seconds)
        );
    }
    println!(
        "waiting now: {} under a day, {} under a week, {} older",
        o.waiting.under_a_day, o.waiting.under_a_week, o.waiting.older
    );
    println!("top reasons (canceled, aborted, failed):");
    if o.reasons.is_empty() {
        println!("  none");
    }
    for r in &o.reasons {
        let outcome = serde_json::to_value(r.outcome)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let reason = r
            .reason
            .as_ref()
            .map_or("(no reason given)", |r| r.raw.as_str());
        println!("  {:>6}  {outcome:<9} {reason}", r.count);
    }
    println!(
        "eSign documents uploaded in the period: {}, signed {}, waiting {}",
        o.esign.uploaded, o.esign.signed, o.esign.waiting
    );
}

/// Seconds as the largest two units: `3d 23h`, `2h 5m`, `40s`.
fn span(seconds: u64) -> String {
    let s = seconds;
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3_600, (s % 3_600) / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) => format!("{m}m {}s", s % 60),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}
