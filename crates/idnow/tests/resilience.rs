//! Retries and faults: 5xx and 429 bursts, a dropped answer after the change was
//! committed, a truncated body, a gateway that is not there.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use std::time::{Duration, Instant};

use idnow::{CopyTarget, CreateOutcome, Error, ListFilter, TransactionNumber};
use idnow_sandbox::Faults;
use support::{CID, client, person, sandbox};

#[tokio::test]
async fn a_short_burst_of_5xx_is_ridden_out_and_a_long_one_reported() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    sandbox.set_faults(Faults {
        fail_next: 2,
        ..Faults::default()
    });
    client
        .list_identifications(ListFilter::Pending)
        .await
        .unwrap();

    sandbox.set_faults(Faults {
        fail_next: 10,
        fail_status: Some(500),
        ..Faults::default()
    });
    let failed = client.list_identifications(ListFilter::Pending).await;
    assert!(
        matches!(&failed, Err(e) if e.status() == Some(500)),
        "{failed:?}"
    );
}

#[tokio::test]
async fn a_429_waits_as_long_as_retry_after_says() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    client.login().await.unwrap();
    sandbox.set_faults(Faults {
        fail_next: 1,
        fail_status: Some(429),
        retry_after_seconds: Some(1),
        ..Faults::default()
    });
    let started = Instant::now();
    client.company_info().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured"
    );
}

#[tokio::test]
async fn a_lost_answer_to_create_is_repeated_and_never_duplicates() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let txn = TransactionNumber::generate();
    sandbox.set_faults(Faults {
        drop_next_after_commit: 1,
        ..Faults::default()
    });
    // The first answer is lost after IDnow created it; the retry updates the same one.
    let outcome = client.create_identification(&txn, &person()).await.unwrap();
    assert!(
        matches!(outcome, CreateOutcome::Accepted { .. }),
        "{outcome:?}"
    );
    let again = client.create_identification(&txn, &person()).await.unwrap();
    assert_eq!(again.ident_id(), outcome.ident_id());
}

#[tokio::test]
async fn a_truncated_answer_is_fetched_again() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let txn = TransactionNumber::generate();
    client.create_identification(&txn, &person()).await.unwrap();
    client.login().await.unwrap();
    sandbox.set_faults(Faults {
        truncate_next: 1,
        ..Faults::default()
    });
    let fetched = client.get_identification(&txn).await.unwrap();
    assert_eq!(
        fetched.identificationprocess.transactionnumber.as_deref(),
        Some(txn.as_str())
    );
}

#[tokio::test]
async fn copy_is_not_repeated_blindly() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let txn = TransactionNumber::generate();
    client.create_identification(&txn, &person()).await.unwrap();
    client.login().await.unwrap();
    sandbox.set_faults(Faults {
        fail_next: 1,
        fail_status: Some(503),
        ..Faults::default()
    });
    let target = CopyTarget {
        target_companyid: CID.into(),
        target_transactionnumber: None,
    };
    let copied = client.copy_identification(&txn, &target).await;
    assert!(
        matches!(&copied, Err(e) if e.status() == Some(503)),
        "{copied:?}"
    );
}

#[tokio::test]
async fn no_gateway_is_a_connect_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let base = url::Url::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    let client = idnow::Client::new(idnow::Endpoints::single(base), CID, idnow::ApiKey::new("k"))
        .unwrap()
        .with_retry(idnow::RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        });
    let err = client
        .create_identification(&TransactionNumber::generate(), &person())
        .await;
    assert!(matches!(&err, Err(Error::Connect(_))), "{err:?}");
}
