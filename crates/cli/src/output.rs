//! What the command line prints: short tables for people, `--json` for scripts.
#![allow(clippy::print_stdout)]

use identdesk_core::{Account, CreatedIdentification, Error, IdentificationRow};

pub fn error(err: &Error) {
    let code = serde_json::to_value(err.code())
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    eprintln!("error[{code}]: {err}");
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
        print_json(accounts);
        return;
    }
    for a in accounts {
        let url = a.gateway_url.as_deref().unwrap_or("");
        println!(
            "{:<24} {:<16} {:<12} {url}",
            a.name,
            a.company_id,
            a.environment.as_str()
        );
    }
}

pub fn created(created: &CreatedIdentification, json: bool) {
    if json {
        print_json(created);
        return;
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

pub fn identifications(rows: &[IdentificationRow], json: bool) {
    if json {
        print_json(rows);
        return;
    }
    for r in rows {
        let status = r.result.clone().unwrap_or_else(|| {
            serde_json::to_value(r.state)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        });
        println!(
            "{:<10} {:<38} {:<22} {:<16} {}",
            r.ident_id.as_deref().unwrap_or("-"),
            r.transaction_number,
            status,
            r.account_name,
            r.created_at
        );
    }
}

fn print_json<T: serde::Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(err) => eprintln!("error[INTERNAL]: {err}"),
    }
}
