//! `core.sync().all`, the one sync the window and the CLI share: one at a time, cancellable
//! by any caller, every account tried, the retention purge after the accounts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use chrono::TimeDelta;
use identdesk_core::{CancellationToken, Environment, ErrorCode, NewAccount, SyncProgress};
use idnow_sandbox::Faults;
use support::bench;

fn quiet(_: SyncProgress) {}

/// How many "account.synced" entries the audit log has: one per account per real sync.
async fn syncs_recorded(b: &support::Bench) -> usize {
    b.core
        .audit()
        .log(1000, 0)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == "account.synced")
        .count()
}

#[tokio::test]
async fn two_calls_at_once_run_one_sync_and_both_get_its_summary() {
    let b = bench().await;
    b.create("Zweimal", Some("HAPPYPATH")).await;
    b.advance_idnow(200);
    // Slow lists, so the second call surely arrives while the first runs.
    b.sandbox.set_faults(Faults {
        latency_ms: 400,
        ..Faults::default()
    });
    let (never, also_never) = (CancellationToken::new(), CancellationToken::new());
    let followed = std::sync::Mutex::new(0);
    let follow = |_: SyncProgress| *followed.lock().unwrap() += 1;
    let first = b.core.sync().all(&quiet, &never);
    let second = async {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        b.core.sync().all(&follow, &also_never).await
    };
    let (first, second) = tokio::join!(first, second);
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(
        first, second,
        "the second call got the running one's summary"
    );
    assert_eq!(first.changes(), 1);
    assert_eq!(syncs_recorded(&b).await, 1, "one sync ran, not two");
    assert!(
        *followed.lock().unwrap() > 0,
        "the follower heard the progress"
    );
}

#[tokio::test]
async fn cancelling_any_caller_stops_the_running_sync() {
    let b = bench().await;
    b.create("Gestoppt", Some("HAPPYPATH")).await;
    b.advance_idnow(200);
    b.sandbox.set_faults(Faults {
        latency_ms: 120_000,
        ..Faults::default()
    });
    let (starter, follower_stop) = (CancellationToken::new(), CancellationToken::new());
    let first = b.core.sync().all(&quiet, &starter);
    let second = async {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let following = b.core.sync().all(&quiet, &follower_stop);
        let stop = async {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            follower_stop.cancel();
        };
        tokio::join!(following, stop).0
    };
    // The guard only keeps a broken build from waiting the two minutes of the lists.
    let (first, second) = tokio::time::timeout(std::time::Duration::from_secs(60), async {
        tokio::join!(first, second)
    })
    .await
    .expect("the cancel was honoured at once");
    assert_eq!(first.err().map(|e| e.code()), Some(ErrorCode::Cancelled));
    assert_eq!(second.err().map(|e| e.code()), Some(ErrorCode::Cancelled));
    b.sandbox.set_faults(Faults::default());
    assert_eq!(
        syncs_recorded(&b).await,
        0,
        "nothing was recorded as synced"
    );
    // The gate is open again: the next sync runs.
    b.core
        .sync()
        .all(&quiet, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(syncs_recorded(&b).await, 1);
}

#[tokio::test]
async fn one_failing_account_never_stops_the_others() {
    let b = bench().await;
    b.create("Erreichbar", Some("HAPPYPATH")).await;
    b.advance_idnow(200);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let down = b
        .core
        .accounts()
        .add(NewAccount {
            name: "AAA Down".into(),
            company_id: "ihrebank".into(),
            environment: Environment::WhiteLabel,
            gateway_url: Some(format!("http://127.0.0.1:{port}")),
            go_url: None,
            api_url: None,
            api_key: "down".into(),
        })
        .await
        .unwrap();
    let summary = b
        .core
        .sync()
        .all(&quiet, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(summary.failures.len(), 1);
    assert_eq!(summary.failures[0].account_id, down.id);
    assert_eq!(
        summary.failures[0].error.code,
        ErrorCode::GatewayUnreachable
    );
    assert_eq!(
        summary.reports.len(),
        1,
        "the account after it still synced"
    );
    assert_eq!(summary.reports[0].account_id, b.account);
    assert_eq!(summary.changes(), 1);
}

#[tokio::test]
async fn the_retention_purge_runs_after_the_accounts() {
    let b = bench().await;
    let txn = b.create("Aufbewahrt", Some("HAPPYPATH")).await;
    b.advance_idnow(200);
    b.core
        .accounts()
        .set_retention_days(&b.account, 1)
        .await
        .unwrap();
    let first = b
        .core
        .sync()
        .all(&quiet, &CancellationToken::new())
        .await
        .unwrap();
    assert!(
        first.purge.as_ref().is_ok_and(|p| p.purged.is_empty()),
        "just final: not due yet"
    );
    b.clock.advance(TimeDelta::days(2));
    let second = b
        .core
        .sync()
        .all(&quiet, &CancellationToken::new())
        .await
        .unwrap();
    let purged: Vec<String> = second
        .purge
        .clone()
        .unwrap()
        .purged
        .into_iter()
        .map(|p| p.transaction_number)
        .collect();
    assert_eq!(purged, std::slice::from_ref(&txn));
    assert!(
        b.core
            .identifications()
            .detail(&b.ident(&txn))
            .await
            .unwrap()
            .row
            .purged
    );
    // In the trail: this sync's account entry comes before the purge's.
    let actions: Vec<String> = b
        .core
        .audit()
        .log(1000, 0)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| e.action)
        .collect();
    let last_sync = actions.iter().rposition(|a| a == "account.synced").unwrap();
    let purge = actions
        .iter()
        .rposition(|a| a == "identification.purged")
        .unwrap();
    assert!(last_sync < purge, "{actions:?}");
}
