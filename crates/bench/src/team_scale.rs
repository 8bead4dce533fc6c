//! The team workspace at a bank's scale, on a throwaway PostgreSQL server: 1 000 000
//! identifications (written by the bulk path below), 200 officers each holding what the app
//! holds (one connection for calls, one listening). Measured: a colleague's proposal
//! visible in all 200 listening apps, the team's overview over the million, 200 officers
//! proposing and confirming at once, an app joining (its mirror of the million ready) and
//! then following changes, and what the server's disk holds per identification and per
//! entry of the trail.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use identdesk_core::{Core, CoreOptions, Environment, NewAccount, OverviewQuery, Period};
use identdesk_team::testing::Throwaway;
use identdesk_team::{ListenEvent, OfficerKey, SeenResult, TlsPolicy, Workspace};
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::sandbox_process::SandboxProcess;
use crate::team::{LoadPlan, PASSWORD, join_as, load, percentile, workspace_with_officers};

pub const OFFICERS: usize = 200;
pub const IDENTIFICATIONS: usize = 1_000_000;
/// The team's accounts; the million is spread over them.
const ACCOUNTS: usize = 3;
/// Proposals whose visibility is timed (each in all 200 apps).
const PROPOSALS: usize = 20;
/// Decided by the 200 officers at once.
const DECISIONS: usize = 4_000;
/// What the app's watcher reads per call (`team/mirror.rs`).
const PAGE: i32 = 5_000;
/// Connections: two per officer, the joining app's, the administrator's, and room.
const MAX_CONNECTIONS: usize = 2 * OFFICERS + 50;

pub async fn team_scale_bench(sandbox: &SandboxProcess) -> Result<serde_json::Value> {
    if identdesk_team::testing::skip_without_postgres("team scale benchmark") {
        return Ok(
            serde_json::json!({ "skipped": "PostgreSQL's server programs are not installed" }),
        );
    }
    let server = Throwaway::start()?;
    server.admin_sql(&format!(
        "ALTER SYSTEM SET max_connections = {MAX_CONNECTIONS}"
    ))?;
    server.stop()?;
    server.start_again()?;
    let names: Vec<String> = (0..OFFICERS).map(officer_name).collect();
    let mut everyone = names.clone();
    everyone.push("joiner".to_owned());
    let as_admin = workspace_with_officers(&server, &everyone).await?;
    let mut accounts = Vec::new();
    for n in 0..ACCOUNTS {
        accounts.push(
            as_admin
                .register_account(
                    &format!("Scale {n}"),
                    &company(n),
                    "white-label",
                    Some(&sandbox.base_url),
                )
                .await?,
        );
    }
    let started = Instant::now();
    let before = database_bytes(&server)?;
    seed(&server, &accounts)?;
    let seeded_seconds = started.elapsed().as_secs_f64();
    let after = database_bytes(&server)?;

    let officers = connect_officers(&server, &names).await?;
    let visible = visibility(&server, &officers, accounts[0]).await?;
    let load = load(
        &server,
        accounts[1],
        &LoadPlan {
            officers: names.clone(),
            decisions: DECISIONS,
            prefix: "scale-load",
        },
    )
    .await?;
    // After the load, so the server's joins meet thousands of decisions.
    let join = join(&server, sandbox).await?;
    let disk = disk(&server, before, after)?;
    Ok(serde_json::json!({
        "officers": OFFICERS,
        "identifications": IDENTIFICATIONS,
        "max_connections": MAX_CONNECTIONS,
        "seeded_seconds": seeded_seconds,
        "visible": visible,
        "overview": join.overview,
        "join": join.mirror,
        "load": load,
        "disk": disk,
    }))
}

fn officer_name(n: usize) -> String {
    format!("scale{n:03}")
}

fn company(n: usize) -> String {
    format!("{}-{n}", crate::COMPANY)
}

/// The bulk path: the rows the team's functions write for an identification created by an
/// officer (`claim`, `created`) whose final result an app then reported (`report_results`):
/// one `identifications` row and one `result_reports` row each, in one statement per table
/// instead of a million calls (the counts the overview reads follow by the table's own
/// trigger, folded once). Created over the last two years, one every 63 seconds, each
/// result 3 to 242 minutes later; the newest thousand still without a result.
fn seed(server: &Throwaway, accounts: &[Uuid]) -> Result<()> {
    let accounts = accounts
        .iter()
        .map(|a| format!("'{a}'::uuid"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "BEGIN;
         INSERT INTO identdesk.identifications
             (account_id, txn_key, transaction_number, claimed_by, claimed_at, created_by, created_at,
              ident_id, result, reason, identified_at, result_final, first_seen_at)
         SELECT (ARRAY[{accounts}])[1 + n % {ACCOUNTS}], 'scale-' || n, 'SCALE-' || n,
                s.officer, s.created, s.officer, s.created, 'TST-' || n,
                s.result, s.reason,
                CASE WHEN s.result IS NULL THEN NULL
                     ELSE to_char((s.created + (3 + n * 37 % 240) * interval '1 minute') AT TIME ZONE 'UTC',
                                  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END,
                s.result IS NOT NULL, s.created
           FROM generate_series(1, {IDENTIFICATIONS}) n,
           LATERAL (SELECT 'scale' || lpad((n % {OFFICERS})::text, 3, '0') AS officer,
                           now() - n * interval '63 seconds' AS created,
                           CASE WHEN n <= 1000 THEN NULL
                                WHEN n % 20 = 0 THEN 'FRAUD_SUSPICION_CONFIRMED'
                                WHEN n % 10 = 1 THEN 'CANCELED'
                                WHEN n % 7 = 0 THEN 'SUCCESS_DATA_CHANGED'
                                ELSE 'SUCCESS' END AS result,
                           CASE WHEN n > 1000 AND n % 10 = 1 THEN 'USER_CANCELLATION' END AS reason) s;
         INSERT INTO identdesk.result_reports
             (account_id, txn_key, result, reason, identified_at, result_final, outcome, reported_by, reported_at)
         SELECT account_id, txn_key, result, reason, identified_at, true, 'changed', created_by, created_at
           FROM identdesk.identifications WHERE result IS NOT NULL AND txn_key LIKE 'scale-%';
         COMMIT;"
    );
    server.admin_sql(&sql)?;
    server.admin_sql("SELECT identdesk._fold_overview()")?;
    server.admin_sql("VACUUM ANALYZE identdesk.identifications")?;
    server.admin_sql("VACUUM ANALYZE identdesk.result_reports")?;
    server.admin_sql("VACUUM ANALYZE identdesk.overview_counts")?;
    server.admin_sql("VACUUM ANALYZE identdesk.overview_deltas")?;
    Ok(())
}

/// Each officer's call connection (signing, as the app does), opened and its key registered.
async fn connect_officers(server: &Throwaway, names: &[String]) -> Result<Vec<Arc<Workspace>>> {
    let mut officers = Vec::new();
    for name in names {
        let officer = Workspace::new(server.target(name), PASSWORD.into(), TlsPolicy::Loopback)
            .with_signer(OfficerKey::generate());
        officer.register_key().await?;
        officers.push(Arc::new(officer));
    }
    Ok(officers)
}

/// One officer's app as the server sees it: listening, and on each burst of notifications
/// reading what changed since the last change it saw, as `TeamService::refresh` does.
/// Sends (officer, transaction, when seen) for each standing proposal it reads.
async fn watch(
    officer: usize,
    workspace: Arc<Workspace>,
    mut after: i64,
    seen: mpsc::UnboundedSender<(usize, String, Instant)>,
    connected: mpsc::UnboundedSender<usize>,
) -> Result<()> {
    let (tx, mut events) = mpsc::unbounded_channel();
    let _listener = workspace.listen(tx);
    while let Some(event) = events.recv().await {
        match event {
            ListenEvent::Connected => {
                let _ = connected.send(officer);
                continue;
            }
            ListenEvent::Disconnected(reason) => bail!("{officer}'s listener dropped: {reason}"),
            ListenEvent::Notified(_) => {}
        }
        while events.try_recv().is_ok() {}
        loop {
            let changes = workspace.changes_since(after, PAGE).await?;
            let Some(last) = changes.last().map(|c| c.change_seq) else {
                break;
            };
            after = last;
            let now = Instant::now();
            for change in &changes {
                if change.state.as_deref() == Some("proposed") {
                    let _ = seen.send((officer, change.transaction_number.clone(), now));
                }
            }
            if changes.len() < PAGE as usize {
                break;
            }
        }
    }
    Ok(())
}

/// 200 apps listening; officer 0 proposes, one proposal after another: from each proposal's
/// commit until each of the 200 apps has read it.
async fn visibility(
    server: &Throwaway,
    officers: &[Arc<Workspace>],
    account: Uuid,
) -> Result<serde_json::Value> {
    let after: i64 = server
        .admin_value("SELECT coalesce(max(change_seq), 0) FROM identdesk.identifications")?
        .parse()?;
    let (seen_tx, mut seen) = mpsc::unbounded_channel();
    let (connected_tx, mut connected) = mpsc::unbounded_channel();
    let mut watchers = tokio::task::JoinSet::new();
    for (n, officer) in officers.iter().enumerate() {
        watchers.spawn(watch(
            n,
            Arc::clone(officer),
            after,
            seen_tx.clone(),
            connected_tx.clone(),
        ));
    }
    for _ in 0..officers.len() {
        tokio::time::timeout(Duration::from_secs(60), connected.recv())
            .await
            .context("not every app was listening within a minute")?;
    }
    let proposer = officers.first().context("no officers")?;
    let result = SeenResult {
        result: "SUCCESS".into(),
        reason: None,
        identified_at: None,
        is_final: true,
    };
    let mut samples = Vec::new();
    for n in 0..PROPOSALS {
        // An identification of the million with its result (the first thousand have none).
        let txn = format!("SCALE-{}", 5_000 + n * ACCOUNTS);
        let identified_at = server.admin_value(&format!(
            "SELECT identified_at FROM identdesk.identifications WHERE txn_key = '{}'",
            txn.to_lowercase()
        ))?;
        let seen_result = SeenResult {
            identified_at: Some(identified_at),
            ..result.clone()
        };
        proposer
            .propose(account, &txn, "accept", "scale", &seen_result)
            .await?;
        let committed = Instant::now();
        let mut apps = vec![false; officers.len()];
        let mut remaining = officers.len();
        while remaining > 0 {
            let (officer, seen_txn, at) =
                tokio::time::timeout(Duration::from_secs(30), seen.recv())
                    .await
                    .with_context(|| format!("{remaining} apps had not read {txn} after 30 s"))?
                    .context("the watchers stopped")?;
            if seen_txn == txn && !apps[officer] {
                apps[officer] = true;
                remaining -= 1;
                samples.push(at.saturating_duration_since(committed));
            }
        }
    }
    watchers.abort_all();
    Ok(serde_json::json!({
        "apps": officers.len(),
        "proposals": PROPOSALS,
        "samples": samples.len(),
        "p50_ms": percentile(&mut samples, 0.5),
        "p95_ms": percentile(&mut samples, 0.95),
        "max_ms": percentile(&mut samples, 1.0),
    }))
}

struct Joined {
    mirror: serde_json::Value,
    overview: serde_json::Value,
}

/// A fresh app with the team's three accounts joins: the time until its mirror of the
/// million is ready, then a handful of changes and what the next re-read reads; then the
/// overview from the team database as that app asks for it.
async fn join(server: &Throwaway, sandbox: &SandboxProcess) -> Result<Joined> {
    let dir = tempfile::tempdir()?;
    let core = Core::open(dir.path(), CoreOptions::from_environment()).await?;
    for n in 0..ACCOUNTS {
        core.accounts()
            .add(NewAccount {
                name: format!("Scale {n}"),
                company_id: company(n),
                environment: Environment::WhiteLabel,
                gateway_url: Some(sandbox.base_url.clone()),
                go_url: None,
                api_url: None,
                api_key: crate::KEY.into(),
            })
            .await?;
    }
    let started = Instant::now();
    join_as(&core, server, "joiner", PASSWORD).await?;
    let joined = started.elapsed();
    let news = core.team().refresh().await?;
    let ready = started.elapsed();
    let mirrored = news.read;
    if mirrored < IDENTIFICATIONS {
        bail!(
            "the mirror holds {mirrored} identifications after joining, expected {IDENTIFICATIONS}"
        );
    }
    // Then it follows changes: ten new reports, one re-read.
    let reporter = Workspace::new(
        server.target(&officer_name(7)),
        PASSWORD.into(),
        TlsPolicy::Loopback,
    );
    let account = reporter.accounts().await?.first().context("no account")?.id;
    let reports: Vec<identdesk_team::ResultReport> = (0..10)
        .map(|n| identdesk_team::ResultReport {
            txn: format!("follow-{n}"),
            result: "SUCCESS".into(),
            reason: None,
            identified_at: Some("2026-12-01T10:00:00Z".into()),
            is_final: true,
        })
        .collect();
    reporter.report_results(account, &reports).await?;
    let followed = Instant::now();
    let read = core.team().refresh().await?.read;
    let follow_ms = followed.elapsed().as_secs_f64() * 1000.0;
    let overview = overview(&core).await?;
    Ok(Joined {
        mirror: serde_json::json!({
            "join_seconds": joined.as_secs_f64(),
            "ready_seconds": ready.as_secs_f64(),
            "mirrored": mirrored,
            "changed": news.changed,
            "follow_changes": reports.len(),
            "follow_rows_read": read,
            "follow_ms": follow_ms,
        }),
        overview,
    })
}

/// The overview over the million from the team database, as the joined app asks for it.
async fn overview(core: &Core) -> Result<serde_json::Value> {
    let queries = [
        ("30 days, all accounts", Period::Last30Days),
        ("quarter, all accounts", Period::Quarter),
    ];
    let mut all = Vec::new();
    let mut by_query = Vec::new();
    for (name, period) in queries {
        let query = OverviewQuery {
            account_id: None,
            period,
        };
        let mut samples = Vec::new();
        for round in 0..21 {
            let started = Instant::now();
            let overview = core.overview().figures(&query).await?;
            if overview.source != identdesk_core::FigureSource::Team {
                bail!(
                    "the overview came from {:?}, not the team database",
                    overview.source
                );
            }
            if round > 0 {
                samples.push(started.elapsed());
            }
            std::hint::black_box(overview);
        }
        all.extend(samples.iter().copied());
        by_query.push(serde_json::json!({
            "query": name,
            "p50_ms": percentile(&mut samples, 0.5),
            "p95_ms": percentile(&mut samples, 0.95),
        }));
    }
    Ok(serde_json::json!({
        "identifications": IDENTIFICATIONS,
        "p50_ms": percentile(&mut all, 0.5),
        "p95_ms": percentile(&mut all, 0.95),
        "by_query": by_query,
    }))
}

fn database_bytes(server: &Throwaway) -> Result<i64> {
    Ok(server
        .admin_value("SELECT pg_database_size(current_database())")?
        .parse()?)
}

/// What the server's disk holds: per 100 000 identifications (the seed's growth, tables and
/// indexes), and per entry of the trail (its table's size over its rows, after the load
/// wrote thousands).
fn disk(server: &Throwaway, before: i64, after: i64) -> Result<serde_json::Value> {
    let trail_bytes: i64 = server
        .admin_value("SELECT pg_total_relation_size('identdesk.audit')")?
        .parse()?;
    let trail_rows: i64 = server
        .admin_value("SELECT count(*) FROM identdesk.audit")?
        .parse()?;
    Ok(serde_json::json!({
        "mib_per_100k_identifications": (after - before) as f64 / (IDENTIFICATIONS as f64 / 100_000.0) / 1_048_576.0,
        "trail_entries": trail_rows,
        "trail_bytes_per_entry": trail_bytes as f64 / trail_rows.max(1) as f64,
    }))
}
