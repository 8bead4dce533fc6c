//! The test robots (contract §8) through the client: each scenario's documented sequence
//! of results, on the sandbox's manual clock.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use idnow::{Client, IdentificationRequest, LeafStatus, ListFilter, ResultCode, TransactionNumber};
use idnow_sandbox::Sandbox;
use support::{advance, client, person, sandbox};

/// Creates an identification carrying `X-AUTOTEST-<scenario>` and starts the robots.
async fn run(client: &Client, scenario: &str) -> TransactionNumber {
    let txn = TransactionNumber::generate();
    let request = IdentificationRequest {
        custom1: Some(format!("X-AUTOTEST-{scenario}")),
        ..person()
    };
    client.create_identification(&txn, &request).await.unwrap();
    client.robot_start(&txn).await.unwrap();
    client.request_video_chat(&txn).await.unwrap();
    txn
}

async fn result(client: &Client, txn: &TransactionNumber) -> Option<ResultCode> {
    client
        .get_identification(txn)
        .await
        .unwrap()
        .identificationprocess
        .result
}

/// The results seen after the ident (31 s) and after the review (another 2 minutes).
async fn sequence(
    sandbox: &Sandbox,
    client: &Client,
    scenario: &str,
) -> (Option<ResultCode>, Option<ResultCode>, TransactionNumber) {
    let txn = run(client, scenario).await;
    assert_eq!(
        result(client, &txn).await,
        None,
        "{scenario}: no result before the ident"
    );
    advance(sandbox, 31);
    let preliminary = result(client, &txn).await;
    advance(sandbox, 121);
    let last = result(client, &txn).await;
    (preliminary, last, txn)
}

#[tokio::test]
async fn each_scenario_goes_through_idnows_sequence() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    use ResultCode::*;
    let expected = [
        ("HAPPYPATH", ReviewPending, Success),
        ("CHANGEALL", ReviewPending, SuccessDataChanged),
        ("CHANGEALLREVIEW", ReviewPending, SuccessDataChanged),
        ("FRAUDIDENT", FraudSuspicionPending, FraudSuspicionConfirmed),
        ("FRAUDREVIEW", ReviewPending, FraudSuspicionConfirmed),
        ("FRAUDOK", FraudSuspicionPending, Success),
        ("CANCELLED", ReviewPending, Canceled),
        ("ABORTIDENT", Aborted, Aborted),
        ("LONGREVIEW", ReviewPending, ReviewPending),
    ];
    for (scenario, preliminary, last) in expected {
        let (seen_preliminary, seen_last, _) = sequence(&sandbox, &client, scenario).await;
        assert_eq!(seen_preliminary, Some(preliminary), "{scenario}");
        assert_eq!(seen_last, Some(last), "{scenario}");
    }
}

#[tokio::test]
async fn cancelled_keeps_only_what_the_company_sent() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let txn = run(&client, "CANCELLED").await;
    advance(&sandbox, 31);
    let preliminary = client.get_identification(&txn).await.unwrap();
    assert_eq!(
        preliminary.identificationprocess.result,
        Some(ResultCode::ReviewPending)
    );
    assert_eq!(
        preliminary
            .userdata
            .lastname
            .and_then(|l| l.value)
            .as_deref(),
        Some("MÜLLER")
    );
    assert_eq!(
        preliminary.contactdata.email.as_deref(),
        Some("anna@example.de")
    );
    let pending = client
        .list_identifications(ListFilter::Pending)
        .await
        .unwrap();
    assert_eq!(pending.len(), 1);

    advance(&sandbox, 121);
    let canceled = client.get_identification(&txn).await.unwrap();
    assert_eq!(
        canceled.identificationprocess.result,
        Some(ResultCode::Canceled)
    );
    assert_eq!(
        canceled.identificationprocess.reason.as_deref(),
        Some("OTHER_MISCELLANEOUS_PERMANENT")
    );
    // What the agent captured is gone: only what the company sent stays, as ORIGINAL
    // leaves without a value, beside its own contact data (as IDnow's CANCELED webhook).
    let firstname = canceled.userdata.firstname.clone().unwrap();
    assert_eq!(
        (
            firstname.status,
            firstname.value,
            firstname.original.as_deref()
        ),
        (Some(LeafStatus::Original), None, Some("Anna"))
    );
    assert_eq!(
        canceled.contactdata.email.as_deref(),
        Some("anna@example.de")
    );
    assert_eq!(canceled.identificationdocument, Default::default());
    assert!(canceled.attachments.is_empty());
    let cancelled = client
        .list_identifications(ListFilter::Cancelled)
        .await
        .unwrap();
    assert_eq!(cancelled.len(), 1);
    assert!(
        client
            .list_identifications(ListFilter::Pending)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn changeall_reports_every_field_changed_with_the_original() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let (_, last, txn) = sequence(&sandbox, &client, "CHANGEALL").await;
    assert_eq!(last, Some(ResultCode::SuccessDataChanged));
    let result = client.get_identification(&txn).await.unwrap();
    let lastname = result.userdata.lastname.unwrap_or_default();
    assert_eq!(lastname.status, Some(LeafStatus::Change));
    assert_eq!(lastname.original.as_deref(), Some("Müller"));
    assert_eq!(lastname.value.as_deref(), Some("ßÇÑ ØÅÆ ŠŽĐ"));
    let birthday = result.userdata.birthday.unwrap_or_default();
    assert_eq!(
        (birthday.status, birthday.original.as_deref()),
        (Some(LeafStatus::Change), Some("1975-12-20"))
    );
    let city = result
        .userdata
        .address
        .and_then(|a| a.city)
        .unwrap_or_default();
    assert_eq!(city.status, Some(LeafStatus::Change));
    // A field the company did not send is NEW, not CHANGE.
    let street = client
        .get_identification(&txn)
        .await
        .unwrap()
        .userdata
        .address
        .and_then(|a| a.street);
    assert_eq!(street.and_then(|s| s.status), Some(LeafStatus::New));
}

#[tokio::test]
async fn robots_need_start_before_the_video_chat() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let txn = TransactionNumber::generate();
    client.create_identification(&txn, &person()).await.unwrap();
    let early = client.request_video_chat(&txn).await;
    assert!(
        matches!(&early, Err(e) if e.status() == Some(412)),
        "{early:?}"
    );
    let unknown = client.robot_start(&TransactionNumber::generate()).await;
    assert!(
        matches!(&unknown, Err(e) if e.status() == Some(404)),
        "{unknown:?}"
    );
}
