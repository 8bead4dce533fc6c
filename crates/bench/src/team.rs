//! The team workspace under load, on a throwaway PostgreSQL server: how soon a colleague's
//! proposal shows in the other officer's app (proposal committed → the other app's mirror
//! has it, through NOTIFY), and 20 officers proposing and confirming on 5 000
//! identifications at once — none lost, none confirmed twice.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use identdesk_core::{
    CancellationToken, Core, Decision, IdentificationRef, JoinTeam, ListQuery, ResultCode,
    TeamEvent,
};
use identdesk_team::testing::{InitAs, TEAM_ADMIN, Throwaway};
use identdesk_team::{
    Credential, NewOfficer, OfficerRole, Refusal, ResultReport, SeenResult, TeamError, TlsPolicy,
    Workspace,
};
use uuid::Uuid;

use crate::sandbox_process::SandboxProcess;
use crate::sync::open_cache;

pub const PASSWORD: &str = "bench team password";
const OFFICERS: usize = 20;
const DECISIONS: usize = 5_000;

pub async fn team_bench(sandbox: &SandboxProcess) -> Result<serde_json::Value> {
    if identdesk_team::testing::skip_without_postgres("team benchmark") {
        return Ok(
            serde_json::json!({ "skipped": "PostgreSQL's server programs are not installed" }),
        );
    }
    let server = Throwaway::start()?;
    let mut names: Vec<String> = vec!["alice".into(), "bob".into()];
    names.extend((0..OFFICERS).map(|n| format!("officer{n}")));
    let as_admin = workspace_with_officers(&server, &names).await?;
    let account = as_admin
        .register_account(
            "Bench",
            crate::COMPANY,
            "white-label",
            Some(&sandbox.base_url),
        )
        .await?;
    let visible = visibility(&server, sandbox).await?;
    let load = load(
        &server,
        account,
        &LoadPlan {
            officers: (0..OFFICERS).map(|n| format!("officer{n}")).collect(),
            decisions: DECISIONS,
            prefix: "load",
        },
    )
    .await?;
    let signing = crate::signatures::signing();
    let verify = crate::signatures::verify_signed_trail(&server, sandbox, PASSWORD).await?;
    Ok(serde_json::json!({
        "visible": visible,
        "load": load,
        "signing": signing,
        "verify": verify,
    }))
}

/// Sets a workspace up on `server` with `names` as officers (each with the benchmark's
/// password); the team administrator's session.
pub async fn workspace_with_officers(server: &Throwaway, names: &[String]) -> Result<Workspace> {
    let mut admin = server
        .init_workspace(InitAs::Superuser, PASSWORD)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    for name in names {
        admin
            .add_officer(&NewOfficer {
                name: name.clone(),
                role: OfficerRole::Officer,
                credential: Credential::Password(PASSWORD.into()),
            })
            .await?;
    }
    Ok(Workspace::new(
        server.target(TEAM_ADMIN),
        PASSWORD.into(),
        TlsPolicy::Loopback,
    ))
}

/// `core` joins the workspace on `server` as `officer`.
pub async fn join_as(core: &Core, server: &Throwaway, officer: &str, password: &str) -> Result<()> {
    core.team()
        .join(JoinTeam {
            url: server.target(officer).url(),
            password: password.to_owned().into(),
            new_password: None,
            ca_pem: None,
        })
        .await?;
    Ok(())
}

/// alice proposes in her app; how long until bob's app (listening) has it in its mirror.
async fn visibility(server: &Throwaway, sandbox: &SandboxProcess) -> Result<serde_json::Value> {
    let dirs = (tempfile::tempdir()?, tempfile::tempdir()?);
    let alice = open_cache(dirs.0.path(), sandbox).await?;
    let bob = open_cache(dirs.1.path(), sandbox).await?;
    for (cache, name) in [(&alice, "alice"), (&bob, "bob")] {
        join_as(&cache.core, server, name, PASSWORD).await?;
    }
    let started = Instant::now();
    let summary = alice
        .core
        .sync()
        .all(&|_| {}, &CancellationToken::new())
        .await?;
    let first_report = started.elapsed();
    let reported = summary
        .team
        .context("no team part")?
        .map_err(|e| anyhow::anyhow!(e.message))?
        .reported;
    bob.core
        .sync()
        .all(&|_| {}, &CancellationToken::new())
        .await?;
    let mut watch = bob
        .core
        .team()
        .watch()
        .await?
        .context("bob is in no team")?;
    while !matches!(watch.next().await, Some(TeamEvent::Connected)) {}
    let finals = alice
        .core
        .identifications()
        .list(&ListQuery {
            result: Some(ResultCode::Success),
            limit: 40,
            ..ListQuery::default()
        })
        .await?
        .rows;
    let mut samples = Vec::new();
    let mut calls = Vec::new();
    for row in finals.iter().take(40) {
        let ident = IdentificationRef::new(&alice.account, &row.transaction_number);
        let asked = Instant::now();
        alice
            .core
            .decisions()
            .record(&ident, Decision::Accept, "benchmark", "SUCCESS")
            .await?;
        let committed = Instant::now();
        calls.push(committed - asked);
        loop {
            let event = tokio::time::timeout(Duration::from_secs(10), watch.next())
                .await
                .context("bob heard nothing within 10 s")?;
            if matches!(event, Some(TeamEvent::Notified(_)))
                && bob.core.team().refresh().await?.newly_waiting > 0
            {
                break;
            }
        }
        samples.push(committed.elapsed());
    }
    Ok(serde_json::json!({
        "proposals": samples.len(),
        "p50_ms": percentile(&mut samples, 0.5),
        "p95_ms": percentile(&mut samples, 0.95),
        "propose_call_p50_ms": percentile(&mut calls, 0.5),
        "first_report_results": reported,
        "first_report_seconds": first_report.as_secs_f64(),
    }))
}

/// Who decides how many at once.
pub struct LoadPlan {
    /// The officers' names (each with the benchmark's password).
    pub officers: Vec<String>,
    pub decisions: usize,
    /// The transaction numbers' prefix (`{prefix}-00042`).
    pub prefix: &'static str,
}

/// The officers at once, each proposing where nothing stands and confirming colleagues'
/// proposals, until all are decided.
pub async fn load(server: &Throwaway, account: Uuid, plan: &LoadPlan) -> Result<serde_json::Value> {
    let officers = plan.officers.len();
    let decisions = plan.decisions;
    let seen = SeenResult {
        result: "SUCCESS".into(),
        reason: None,
        identified_at: Some("2026-11-26T10:00:00+01:00".into()),
        is_final: true,
    };
    let txns: Vec<String> = (0..decisions)
        .map(|n| format!("{}-{n:05}", plan.prefix))
        .collect();
    let first = Workspace::new(
        server.target(plan.officers.first().context("no officers")?),
        PASSWORD.into(),
        TlsPolicy::Loopback,
    );
    let reports: Vec<ResultReport> = txns
        .iter()
        .map(|txn| ResultReport {
            txn: txn.clone(),
            result: seen.result.clone(),
            reason: None,
            identified_at: seen.identified_at.clone(),
            is_final: true,
        })
        .collect();
    // In batches, as an app's sync reports them.
    for batch in reports.chunks(1_000) {
        first.report_results(account, batch).await?;
    }
    let txns = Arc::new(txns);
    let confirmed = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    // Officer n proposes its share (every 20th number) and, with its neighbour, races to
    // confirm the share of the officer before it: two confirmations at once on each.
    for (n, name) in plan.officers.iter().enumerate() {
        let (txns, confirmed, seen) = (Arc::clone(&txns), Arc::clone(&confirmed), seen.clone());
        // Each officer signs every proposal and confirmation, as the app does.
        let officer = Workspace::new(server.target(name), PASSWORD.into(), TlsPolicy::Loopback)
            .with_signer(identdesk_team::OfficerKey::generate());
        officer.register_key().await?;
        tasks.spawn(async move {
            let share = |of: usize| -> Vec<String> {
                txns.iter()
                    .enumerate()
                    .filter(|(i, _)| i % officers == of)
                    .map(|(_, t)| t.clone())
                    .collect()
            };
            let mut to_propose = share(n);
            let mut to_confirm: Vec<String> = share((n + officers - 1) % officers);
            to_confirm.extend(share((n + officers - 2) % officers));
            let mut mine = 0usize;
            while !to_propose.is_empty() || !to_confirm.is_empty() {
                if let Some(txn) = to_propose.pop() {
                    match officer
                        .propose(account, &txn, "accept", "load", &seen)
                        .await
                    {
                        Ok(_)
                        | Err(TeamError::Refused {
                            refusal: Refusal::AlreadyDecided,
                            ..
                        }) => {}
                        Err(err) => return Err(anyhow::anyhow!("propose: {err}")),
                    }
                }
                let mut waiting = Vec::new();
                let mut batch = std::mem::take(&mut to_confirm).into_iter();
                while let Some(txn) = batch.next() {
                    match officer.confirm(account, &txn, &seen).await {
                        Ok(_) => {
                            mine += 1;
                            confirmed.fetch_add(1, Ordering::SeqCst);
                        }
                        Err(TeamError::Refused {
                            refusal: Refusal::AlreadyDecided,
                            ..
                        }) => {}
                        // Not proposed yet: later.
                        Err(TeamError::Refused {
                            refusal: Refusal::NotFound,
                            ..
                        }) => waiting.push(txn),
                        Err(err) => return Err(anyhow::anyhow!("confirm: {err}")),
                    }
                    // Several unproposed in a row: propose more of one's own first.
                    if waiting.len() >= 4 {
                        waiting.extend(batch.by_ref());
                        break;
                    }
                }
                to_confirm.extend(waiting);
                if to_propose.is_empty() && !to_confirm.is_empty() {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            }
            Ok(mine)
        });
    }
    let mut by_officers = 0;
    while let Some(done) = tasks.join_next().await {
        by_officers += done??;
    }
    let seconds = started.elapsed().as_secs_f64();
    let count = |sql: &str| -> Result<i64> { Ok(server.admin_value(sql)?.parse()?) };
    let mine = format!("state = 'confirmed' AND txn_key LIKE '{}-%'", plan.prefix);
    let stored = count(&format!(
        "SELECT count(*) FROM identdesk.proposals WHERE {mine}"
    ))?;
    let distinct = count(&format!(
        "SELECT count(DISTINCT txn_key) FROM identdesk.proposals WHERE {mine}"
    ))?;
    let trail = count(&format!(
        "SELECT count(*) FROM identdesk.audit WHERE action = 'decision.confirmed' AND subject LIKE '{}-%'",
        plan.prefix
    ))?;
    if by_officers != decisions || stored as usize != decisions || trail as usize != decisions {
        bail!(
            "{by_officers} confirmations answered, {stored} stored, {trail} in the trail; expected {decisions}"
        );
    }
    Ok(serde_json::json!({
        "officers": officers,
        "identifications": decisions,
        "lost": decisions as i64 - distinct,
        "confirmed_twice": stored - distinct,
        "seconds": seconds,
        "decisions_per_second": decisions as f64 / seconds,
    }))
}

/// The `q` quantile of the samples (0.5: the median), in milliseconds.
pub fn percentile(samples: &mut [Duration], q: f64) -> f64 {
    samples.sort();
    samples
        .get(((samples.len().max(1) - 1) as f64 * q) as usize)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}
