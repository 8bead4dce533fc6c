//! The client against the sandbox gateway over real loopback HTTP.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use idnow::{
    CreateOutcome, Error, IdentificationRequest, ListFilter, ResultCode, TransactionNumber,
};
use idnow_sandbox::Sandbox;
use support::{CID, KEY, client_with_key, person, sandbox};

fn client(sandbox: &Sandbox, key: &str) -> idnow::Client {
    client_with_key(sandbox, key)
}

async fn complete(sandbox: &Sandbox, txn: &TransactionNumber, result: &str) {
    let url = format!(
        "{}/sandbox/{CID}/identifications/{txn}/complete",
        sandbox.base_url()
    );
    let status = reqwest::Client::new()
        .post(url)
        .json(&serde_json::json!({ "result": result }))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(status.ok(), Some(200));
}

#[tokio::test]
async fn create_update_then_conflict_once_finished() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, KEY);
    let txn = TransactionNumber::generate();

    let created = client.create_identification(&txn, &person()).await;
    let Ok(CreateOutcome::Created { ident_id }) = created else {
        panic!("expected 201 Created, got {created:?}");
    };
    assert!(
        ident_id.starts_with("TST-") && ident_id.len() == 9,
        "{ident_id}"
    );

    // The same transaction number in another case updates the same identification.
    let upper = TransactionNumber::parse(&txn.as_str().to_uppercase()).unwrap();
    let updated = client.create_identification(&upper, &person()).await;
    assert_eq!(
        updated.ok(),
        Some(CreateOutcome::Accepted {
            ident_id: ident_id.clone()
        })
    );

    complete(&sandbox, &txn, "SUCCESS").await;
    let again = client.create_identification(&txn, &person()).await;
    assert!(
        matches!(&again, Err(e) if e.status() == Some(409) && e.cause() == Some("EXISTING_IDENTIFICATION")),
        "{again:?}"
    );

    let fetched = client.get_identification(&txn).await.unwrap();
    assert_eq!(
        fetched.identificationprocess.result,
        Some(ResultCode::Success)
    );
    assert_eq!(
        fetched.identificationprocess.id.as_deref(),
        Some(ident_id.as_str())
    );
    let lastname = fetched.userdata.lastname.and_then(|l| l.value);
    assert_eq!(lastname.as_deref(), Some("MÜLLER"));
}

#[tokio::test]
async fn lists_filter_by_kind_of_result() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, KEY);
    let pending = TransactionNumber::generate();
    let done = TransactionNumber::generate();
    for txn in [&pending, &done] {
        assert!(client.create_identification(txn, &person()).await.is_ok());
    }
    complete(&sandbox, &pending, "REVIEW_PENDING").await;
    complete(&sandbox, &done, "SUCCESS").await;

    let txns = |list: Result<Vec<idnow::ReceivedIdentification>, Error>| -> Vec<String> {
        list.unwrap()
            .into_iter()
            .filter_map(|i| i.decoded.ok()?.identificationprocess.transactionnumber)
            .collect()
    };
    assert_eq!(
        txns(client.list_identifications(ListFilter::Pending).await),
        vec![pending.to_string()]
    );
    assert_eq!(
        txns(client.list_identifications(ListFilter::Successful).await),
        vec![done.to_string()]
    );
    assert!(txns(client.list_identifications(ListFilter::Cancelled).await).is_empty());
}

#[tokio::test]
async fn a_wrong_key_is_a_typed_401_and_bad_input_never_leaves() {
    let sandbox = sandbox().await;
    let wrong = client(&sandbox, "not-the-key");
    let txn = TransactionNumber::generate();
    let created = wrong.create_identification(&txn, &person()).await;
    assert!(
        matches!(&created, Err(e) if e.status() == Some(401) && e.cause() == Some("INVALID_LOGIN_TOKEN")),
        "{created:?}"
    );
    assert!(matches!(wrong.login().await, Err(e) if e.status() == Some(401)));

    let right = client(&sandbox, KEY);
    let bad = IdentificationRequest {
        birthday: Some("20.12.1975".into()),
        ..person()
    };
    let refused = right.create_identification(&txn, &bad).await;
    assert!(
        matches!(&refused, Err(Error::Invalid(e)) if e.field == "birthday"),
        "{refused:?}"
    );
}

#[tokio::test]
async fn company_info_uses_a_login_token() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, KEY);
    let info = client.company_info().await.unwrap();
    assert_eq!(info.shortcode.as_deref(), Some("TST"));
    assert_eq!(info.name.as_deref(), Some("IdentDesk Sandbox"));
}

#[tokio::test]
async fn calls_made_at_once_share_one_login() {
    let sandbox = sandbox().await;
    sandbox.seed(40);
    let client = client(&sandbox, KEY);
    let (pending, successful, cancelled, aborted) = tokio::join!(
        client.list_identifications(ListFilter::Pending),
        client.list_identifications(ListFilter::Successful),
        client.list_identifications(ListFilter::Cancelled),
        client.list_identifications(ListFilter::Aborted),
    );
    let listed: usize = [pending, successful, cancelled, aborted]
        .into_iter()
        .map(|list| list.unwrap().len())
        .sum();
    assert_eq!(listed, 40, "the seeded results, each in one list");
    assert_eq!(sandbox.logins(), 1);
    // Later calls reuse the token too.
    client.company_info().await.unwrap();
    assert_eq!(sandbox.logins(), 1);
}
