//! What the command line prints: short text for people, `--json` for scripts. Progress
//! goes to standard error so standard output stays clean for pipes.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;

use identdesk_core::{
    Acceptance, Account, ArchiveReport, AuditEntry, AuditVerification, BulkPreview, BulkReport,
    ConnectionCheck, CreatedIdentification, DefinitionView, Error, EsignDocumentView,
    IdentificationDetail, IdentificationState, ListPage, PurgeReport, SyncProgress, SyncReport,
};

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

pub fn progress(what: &str, done: impl Into<u64>, total: impl Into<u64>) {
    eprint!("\r{what}: {}/{}", done.into(), total.into());
}

pub fn account_added(account: &Account) {
    println!(
        "added account {} ({}, {})",
        account.name,
        account.company_id,
        account.environment.as_str()
    );
}

pub fn accounts(accounts: &[Account], json: bool) {
    if json {
        return print_json(accounts);
    }
    for a in accounts {
        let url = a.gateway_url.as_deref().unwrap_or("");
        println!(
            "{:<24} {:<16} {:<12} {:>4} days  {url}",
            a.name,
            a.company_id,
            a.environment.as_str(),
            a.retention_days
        );
    }
}

pub fn connection(check: &ConnectionCheck) {
    println!(
        "connected: {} ({}), estimated waiting time {} s",
        check.company_name.as_deref().unwrap_or("?"),
        check.shortcode.as_deref().unwrap_or("?"),
        check.estimated_waiting_seconds.unwrap_or(0.0)
    );
}

pub fn created(created: &CreatedIdentification, json: bool) {
    if json {
        return print_json(created);
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

pub fn identifications(page: &ListPage, json: bool) {
    if json {
        return print_json(&page.rows);
    }
    for r in &page.rows {
        let status = r.result.clone().unwrap_or_else(|| {
            if r.state == IdentificationState::Outbox {
                "not sent".into()
            } else {
                "waiting".into()
            }
        });
        let mark = if r.result.is_some() && !r.is_final {
            " (prelim.)"
        } else {
            ""
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
            format!("{status}{mark}"),
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

pub fn detail(detail: &IdentificationDetail, json: bool) {
    if json {
        return print_json(detail);
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
        row.result.as_deref().unwrap_or("none yet"),
        row.reason.as_deref().unwrap_or("")
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
                field.status.as_deref().unwrap_or(""),
                field.value.as_deref().unwrap_or("")
            );
        }
    }
    for entry in &detail.history {
        println!(
            "  {}  {} {}",
            entry.observed_at,
            entry.result,
            entry.reason.as_deref().unwrap_or("")
        );
    }
}

pub fn archive(report: &ArchiveReport, out: &Path) {
    let signature = match report.signature_valid {
        Some(true) => "signature valid",
        Some(false) => "signature INVALID",
        None => "signature not checked (no key known)",
    };
    println!(
        "wrote {} ({} files, {signature})",
        out.display(),
        report.files.len()
    );
}

pub fn definitions(definitions: &[DefinitionView], json: bool) {
    if json {
        return print_json(definitions);
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

pub fn esign_document(document: &EsignDocumentView) {
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

pub fn sync_progress(progress: &SyncProgress) {
    eprint!(
        "\r{}: {}/{}   ",
        code_text(&progress.stage),
        progress.done,
        progress.total
    );
}

pub fn sync_report(account: &str, report: &SyncReport) {
    eprintln!();
    println!(
        "{account}: {} results, {} changed",
        report.fetched,
        report.changes.len()
    );
    for change in &report.changes {
        println!(
            "  {} {} → {}{}",
            change.transaction_number,
            change.previous.as_deref().unwrap_or("none"),
            change.result,
            if change.is_final { " (final)" } else { "" }
        );
    }
    if report.ignored_backwards > 0 {
        println!(
            "  {} older results ignored (results only move forward)",
            report.ignored_backwards
        );
    }
}

pub fn bulk_preview(preview: &BulkPreview) {
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

pub fn bulk_report(report: &BulkReport) {
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

pub fn acceptance(acceptance: &Acceptance) {
    println!(
        "{} {} (result {}): proposed by {}{}",
        code_text(&acceptance.state),
        code_text(&acceptance.decision),
        acceptance.result_at_proposal,
        acceptance.proposed_by,
        acceptance
            .confirmed_by
            .as_deref()
            .map(|c| format!(", confirmed by {c}"))
            .unwrap_or_default()
    );
}

pub fn audit_verdict(verdict: &AuditVerification) {
    if verdict.intact {
        println!("audit log intact: {} entries", verdict.entries);
    } else {
        println!(
            "audit log BROKEN: {}",
            verdict.problem.as_deref().unwrap_or("?")
        );
    }
}

pub fn audit_entries(entries: &[AuditEntry]) {
    for e in entries {
        println!(
            "#{:<6} {} {:<12} {:<32} {} {}",
            e.id,
            e.at,
            e.actor,
            e.action,
            e.subject,
            e.detail.as_deref().unwrap_or("")
        );
    }
}

pub fn purge(report: &PurgeReport) {
    let verb = if report.dry_run {
        "would purge"
    } else {
        "purged"
    };
    println!("{verb} {} identifications", report.purged.len());
    for p in &report.purged {
        println!("  {} (final since {})", p.transaction_number, p.final_at);
    }
}

fn print_json<T: serde::Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(err) => eprintln!("error[INTERNAL]: {err}"),
    }
}
