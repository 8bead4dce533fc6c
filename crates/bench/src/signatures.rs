//! What signing costs: one signature and one check of a decision's text (the work each team
//! action adds), and `audit verify` in an officer's app over a trail of 100 000 signed
//! entries — chain, every signature against the key book, replays — on a throwaway
//! PostgreSQL server. The entries are written by the documented bulk path: the superuser
//! inserts rows exactly as `_audit` writes them (signed by a key registered through
//! `register_key`), since 100 000 single calls would measure the seeding, not the check.

use std::time::Instant;

use anyhow::{Context, Result};
use identdesk_team::testing::Throwaway;
use identdesk_team::{ChainEntry, OfficerKey, Payload, TlsPolicy, Workspace};
use uuid::Uuid;

use crate::sandbox_process::SandboxProcess;
use crate::sync::open_cache;

/// Signed entries the verify benchmark checks.
pub const SIGNED_ENTRIES: usize = 100_000;
const ROUNDS: usize = 10_000;

/// Microseconds per signature and per check of a confirmation's text.
pub fn signing() -> serde_json::Value {
    let key = OfficerKey::generate();
    let workspace = Uuid::new_v4();
    let payload = |n: usize| Payload {
        account: Uuid::nil().to_string(),
        txn: format!("t-{n:06}"),
        decision: "accept".into(),
        result: "SUCCESS".into(),
        identified_at: "2026-11-26T10:00:00+01:00".into(),
        is_final: "true".into(),
        proposal_sha256: identdesk_team::sha256_hex("proposal"),
        ..Payload::action("decision.confirmed")
    };
    let started = Instant::now();
    let envelopes: Vec<_> = (0..ROUNDS)
        .map(|n| key.sign(workspace, "bob", payload(n)))
        .collect();
    let sign_us = started.elapsed().as_secs_f64() * 1e6 / ROUNDS as f64;
    let public = key.public_hex();
    let started = Instant::now();
    let valid = envelopes
        .iter()
        .filter(|e| identdesk_team::verify_signature(&public, &e.payload, &e.signature))
        .count();
    let verify_us = started.elapsed().as_secs_f64() * 1e6 / ROUNDS as f64;
    serde_json::json!({
        "rounds": ROUNDS,
        "valid": valid,
        "sign_us": sign_us,
        "verify_us": verify_us,
    })
}

/// `audit verify` in bob's app over `SIGNED_ENTRIES` signed entries alice's key made.
pub async fn verify_signed_trail(
    server: &Throwaway,
    sandbox: &SandboxProcess,
    password: &str,
) -> Result<serde_json::Value> {
    let alice = Workspace::new(server.target("alice"), password.into(), TlsPolicy::Loopback)
        .with_signer(OfficerKey::generate());
    alice.register_key().await?;
    let key = alice.signer().context("alice signs")?.clone();
    let workspace = alice.workspace_id().await?;
    let head = alice.audit_head().await?;
    let seeded = Instant::now();
    let mut prev = head.hash.clone();
    let mut entries = Vec::with_capacity(SIGNED_ENTRIES);
    for n in 0..SIGNED_ENTRIES {
        let seq = head.count + 1 + n as i64;
        let envelope = key.sign(
            workspace,
            "alice",
            Payload {
                subject: format!("bench-{n:06}.csv"),
                note_sha256: identdesk_team::sha256_hex(""),
                ..Payload::action("export.csv")
            },
        );
        let mut entry = ChainEntry {
            seq,
            at: "2026-12-05T10:00:00.000000Z".into(),
            actor: "alice".into(),
            action: "export.csv".into(),
            subject: format!("bench-{n:06}.csv"),
            detail: String::new(),
            note_sha256: String::new(),
            prev_hash: prev.clone(),
            hash: String::new(),
            note: None,
            key_id: envelope.key_id,
            payload: envelope.payload,
            signature: envelope.signature,
        };
        entry.hash = entry.expected_hash();
        prev = entry.hash.clone();
        entries.push(entry);
    }
    server.bulk_audit(&entries)?;
    let seed_seconds = seeded.elapsed().as_secs_f64();

    let dir = tempfile::tempdir()?;
    let bob = open_cache(dir.path(), sandbox).await?;
    let joined = Instant::now();
    crate::team::join_as(&bob.core, server, "bob", password).await?;
    let join_seconds = joined.elapsed().as_secs_f64();
    let started = Instant::now();
    let verified = bob.core.audit().verify().await?;
    let verify_seconds = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        verified.intact,
        "the seeded trail does not verify: {:?}",
        verified.problem
    );
    Ok(serde_json::json!({
        "entries": verified.entries,
        "signed": SIGNED_ENTRIES,
        "seed_seconds": seed_seconds,
        "join_seconds": join_seconds,
        "verify_seconds": verify_seconds,
    }))
}
