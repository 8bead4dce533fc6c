//! The hostile-gateway suite: gateways that redirect elsewhere, downgrade to plain HTTP,
//! trickle, never end, send huge error bodies or hostile archives. Each ends in a clear
//! named error within its deadline, with nothing lost or half-written in the cache, and the
//! API key never reaches any other listener.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod hostile;

use std::sync::Arc;
use std::time::{Duration, Instant};

use hostile::{Behaviour, COMPANY, Hostile, KEY, Spy};
use identdesk_core::{
    CancellationToken, Core, CoreOptions, Environment, ErrorCode, IdentificationRef,
    IdentificationRequest, NewAccount, NewIdentification, SystemClock,
};

/// Deadlines short enough for a test, long enough for loopback.
fn short_limits() -> idnow::Limits {
    idnow::Limits {
        login: Duration::from_secs(5),
        call: Duration::from_secs(5),
        list: Duration::from_secs(2),
        download: Duration::from_secs(20),
        list_bytes: 8 * 1024 * 1024,
        ..idnow::Limits::default()
    }
}

struct Desk {
    _dir: tempfile::TempDir,
    core: Core,
    account: String,
}

async fn desk(gateway: &str, options: CoreOptions) -> Desk {
    desk_with(gateway, options, short_limits()).await
}

async fn desk_with(gateway: &str, options: CoreOptions, limits: idnow::Limits) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), options.with_gateway_limits(limits))
        .await
        .unwrap();
    let account = core
        .accounts()
        .add(NewAccount {
            name: "Bank".into(),
            company_id: COMPANY.into(),
            environment: Environment::WhiteLabel,
            gateway_url: Some(gateway.to_owned()),
            go_url: None,
            api_url: None,
            api_key: KEY.into(),
        })
        .await
        .unwrap()
        .id;
    Desk {
        _dir: dir,
        core,
        account,
    }
}

/// A Trust Platform account on `gateway` (API under `/v1`), its token URL at `token_path`.
fn platform_account(gateway: &str, token_path: &str) -> identdesk_core::NewPlatformAccount {
    identdesk_core::NewPlatformAccount {
        name: "Bank TP".into(),
        sandbox: false,
        client_id: COMPANY.into(),
        client_secret: KEY.into(),
        environment: identdesk_core::PlatformEnvironment::Staging,
        api_url: Some(format!("{gateway}/v1")),
        token_url: Some(format!("{gateway}{token_path}")),
    }
}

/// A desk whose one account is a Trust Platform account on `gateway` (API under `/v1`).
async fn platform_desk(gateway: &str) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), options().with_gateway_limits(short_limits()))
        .await
        .unwrap();
    let account = core
        .accounts()
        .add_platform(platform_account(gateway, "/oidc/token"))
        .await
        .unwrap()
        .id;
    Desk {
        _dir: dir,
        core,
        account,
    }
}

fn options() -> CoreOptions {
    CoreOptions::for_tests(Arc::new(SystemClock))
}

fn anna() -> IdentificationRequest {
    IdentificationRequest {
        firstname: Some("Anna".into()),
        lastname: Some("Canary-Hostile-41".into()),
        ..Default::default()
    }
}

/// The one failure of a sync of everything (the account's), with how long it took.
async fn sync_failure(desk: &Desk) -> (identdesk_core::ErrorPayload, Duration) {
    let started = Instant::now();
    let summary = desk
        .core
        .sync()
        .all(&|_| {}, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(summary.failures.len(), 1, "{summary:?}");
    (summary.failures[0].error.clone(), started.elapsed())
}

#[tokio::test]
async fn a_redirect_to_another_host_gets_neither_the_key_nor_the_persons_data() {
    let spy = Spy::start().await;
    let gateway = Hostile::start(Behaviour::RedirectEverything(spy.url.clone())).await;
    let desk = desk(&gateway.url, options()).await;

    let test = desk
        .core
        .accounts()
        .test_connection(&desk.account)
        .await
        .err()
        .unwrap();
    assert_eq!(test.code(), ErrorCode::GatewayUntrusted, "{test}");
    assert!(
        test.to_string().contains(&spy.url),
        "names where it was sent: {test}"
    );

    let created = desk
        .core
        .identifications()
        .create_identification(NewIdentification {
            account_id: desk.account.clone(),
            transaction_number: Some("hostile-1".into()),
            person: anna(),
            answers: Vec::new(),
        })
        .await
        .err()
        .unwrap();
    assert_eq!(created.code(), ErrorCode::GatewayUntrusted);
    assert!(spy.heard().is_empty(), "the spy heard: {:?}", spy.heard());
    // Nothing lost: the intent waits in the outbox for a trustworthy gateway.
    let row = desk
        .core
        .identifications()
        .detail(&IdentificationRef::new(&desk.account, "hostile-1"))
        .await
        .unwrap()
        .row;
    assert_eq!(row.state, identdesk_core::IdentificationState::Outbox);
}

#[tokio::test]
async fn an_https_gateway_that_redirects_to_plain_http_is_refused() {
    let spy = Spy::start().await;
    let (gateway, root) = Hostile::start_tls(Behaviour::RedirectAfterLogin(spy.url.clone())).await;
    let desk = desk(&gateway.url, options().trusting_test_root(&root)).await;
    let err = desk
        .core
        .accounts()
        .test_connection(&desk.account)
        .await
        .err()
        .unwrap();
    // The login over TLS worked (so TLS itself is fine); the downgrade was refused.
    assert_eq!(err.code(), ErrorCode::GatewayUntrusted, "{err}");
    assert!(spy.heard().is_empty(), "the spy heard: {:?}", spy.heard());
}

#[tokio::test]
async fn a_trickling_gateway_ends_in_a_clear_error_within_the_deadline() {
    let gateway = Hostile::start(Behaviour::TrickleLists).await;
    let desk = desk(&gateway.url, options()).await;
    let (error, took) = sync_failure(&desk).await;
    assert_eq!(error.code, ErrorCode::GatewayUnreachable);
    assert!(error.message.contains("within 2 s"), "{}", error.message);
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[tokio::test]
async fn an_answer_that_stays_open_but_trickles_ends_long_before_its_deadline() {
    let gateway = Hostile::start(Behaviour::TrickleLists).await;
    // A list may take a minute, but an open answer must keep 1 KiB every 2 s: a byte each
    // 300 ms is far below, so the sync ends once 2 s of it have passed.
    let deadline = Duration::from_secs(60);
    let limits = idnow::Limits {
        list: deadline,
        pace: idnow::Pace {
            bytes: 1024,
            window: Duration::from_secs(2),
        },
        ..short_limits()
    };
    let desk = desk_with(&gateway.url, options(), limits).await;
    let (error, took) = sync_failure(&desk).await;
    assert_eq!(error.code, ErrorCode::GatewayUnreachable);
    assert!(
        error.message.contains("sent under 1 KiB in the last 2 s"),
        "{}",
        error.message
    );
    assert!(took < deadline, "took {took:?}");
}

#[tokio::test]
async fn an_endless_answer_stops_at_the_accounts_limit() {
    let gateway = Hostile::start(Behaviour::EndlessLists).await;
    let desk = desk(&gateway.url, options()).await;
    let (error, _) = sync_failure(&desk).await;
    assert_eq!(error.code, ErrorCode::AnswerTooLarge);
    assert!(
        error.message.contains("larger than 8 MiB"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn an_endless_error_body_is_read_only_as_far_as_needed() {
    let gateway = Hostile::start(Behaviour::EndlessErrorBody).await;
    let desk = desk(&gateway.url, options()).await;
    let (error, took) = sync_failure(&desk).await;
    // Named from the status at once, not after reading until the deadline.
    assert_eq!(error.code, ErrorCode::GatewayRejected, "{}", error.message);
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

/// Fetches a hostile archive for `txn`; the error, and what the cache kept of it.
async fn fetch_hostile_archive(
    archive: Vec<u8>,
    key: bool,
) -> (
    Result<identdesk_core::ArchiveReport, identdesk_core::Error>,
    Desk,
) {
    let gateway = Hostile::start(Behaviour::Archive(archive)).await;
    let desk = desk(&gateway.url, options()).await;
    if key {
        desk.core
            .accounts()
            .set_result_signing_key(&desk.account, idnow_sandbox::PUBLIC_KEY_PEM)
            .await
            .unwrap();
    }
    let outcome = desk
        .core
        .files()
        .fetch_archive(&IdentificationRef::new(&desk.account, "t1"), None)
        .await;
    (outcome, desk)
}

async fn nothing_kept(desk: &Desk) {
    let kept = desk
        .core
        .files()
        .attachments(&IdentificationRef::new(&desk.account, "t1"))
        .await
        .unwrap();
    assert!(kept.is_empty(), "half-written: {kept:?}");
    assert!(desk.core.audit().verify().await.unwrap().intact);
}

#[tokio::test]
async fn a_deflate_bomb_is_refused_and_nothing_is_kept() {
    let (outcome, desk) = fetch_hostile_archive(hostile::bomb("t1.xml", 600 << 20), false).await;
    let err = outcome.err().unwrap();
    assert_eq!(err.code(), ErrorCode::GatewayUntrusted);
    assert!(err.to_string().contains("more than 512 MiB"), "{err}");
    nothing_kept(&desk).await;
}

#[tokio::test]
async fn sizes_the_zip_claims_are_not_believed() {
    // Claims a gigabyte, holds three bytes: kept as the three bytes it is (no allocation
    // by the claim).
    let claims_more = hostile::lying_sizes(hostile::zip_of(&[("t1_face.jpg", b"abc")]), 1 << 30);
    let (outcome, desk) = fetch_hostile_archive(claims_more, false).await;
    let report = outcome.unwrap();
    assert_eq!(report.files[0].size_bytes, 3);
    let (_, bytes) = desk
        .core
        .files()
        .attachment(&IdentificationRef::new(&desk.account, "t1"), "t1_face.jpg")
        .await
        .unwrap();
    assert_eq!(bytes, b"abc");

    // Claims three bytes, unpacks to far more than an entry may: refused.
    let claims_less = hostile::lying_sizes(hostile::bomb("t1.xml", 600 << 20), 3);
    let (outcome, desk) = fetch_hostile_archive(claims_less, false).await;
    assert_eq!(
        outcome.err().map(|e| e.code()),
        Some(ErrorCode::GatewayUntrusted)
    );
    nothing_kept(&desk).await;
}

#[tokio::test]
async fn the_same_name_twice_is_refused() {
    let twice = hostile::zip_of(&[("t1.xml", b"<a/>"), ("other/t1.xml", b"<b/>")]);
    let (outcome, desk) = fetch_hostile_archive(twice, false).await;
    let err = outcome.err().unwrap();
    assert_eq!(err.code(), ErrorCode::GatewayUntrusted);
    assert!(err.to_string().contains("twice"), "{err}");
    nothing_kept(&desk).await;
}

#[tokio::test]
async fn with_a_key_a_missing_or_wrong_signature_is_refused() {
    let xml = b"<identification><result>SUCCESS</result></identification>".as_slice();
    let (outcome, desk) = fetch_hostile_archive(hostile::zip_of(&[("t1.xml", xml)]), true).await;
    let err = outcome.err().unwrap();
    assert_eq!(err.code(), ErrorCode::IntegrityFailed);
    assert!(err.to_string().contains("missing"), "{err}");
    nothing_kept(&desk).await;

    let signature =
        idnow_sandbox::XmlSigner::sandbox().sign(b"<identification>other</identification>");
    let wrong = hostile::zip_of(&[("t1.xml", xml), ("t1.sig", &signature)]);
    let (outcome, desk) = fetch_hostile_archive(wrong, true).await;
    let err = outcome.err().unwrap();
    assert_eq!(err.code(), ErrorCode::IntegrityFailed);
    assert!(err.to_string().contains("does not verify"), "{err}");
    nothing_kept(&desk).await;

    // Without a key the same archive is kept, its signature marked unchecked.
    let (outcome, _) = fetch_hostile_archive(hostile::zip_of(&[("t1.xml", xml)]), false).await;
    assert_eq!(
        outcome.unwrap().signature,
        identdesk_core::ArchiveSignature::Unchecked
    );
}

#[tokio::test]
async fn a_swapped_image_is_marked_as_not_covered_by_the_signature() {
    let xml = b"<identification><result>SUCCESS</result></identification>".as_slice();
    let signature = idnow_sandbox::XmlSigner::sandbox().sign(xml);
    let swapped = hostile::zip_of(&[
        ("t1.xml", xml),
        ("t1.sig", &signature),
        ("t1_userface.jpg", b"someone else's face"),
    ]);
    let (outcome, _desk) = fetch_hostile_archive(swapped, true).await;
    let report = outcome.unwrap();
    assert_eq!(report.signature, identdesk_core::ArchiveSignature::Verified);
    let covered = |name: &str| {
        report
            .files
            .iter()
            .find(|f| f.name == name)
            .unwrap()
            .covered_by_signature
    };
    assert!(covered("t1.xml"));
    assert!(
        !covered("t1_userface.jpg"),
        "the XML does not hash the image"
    );
}

// The same edge rules hold for a Trust Platform account.

#[tokio::test]
async fn a_trust_platform_redirect_elsewhere_gets_neither_the_secret_nor_the_token() {
    let spy = Spy::start().await;
    let gateway = Hostile::start(Behaviour::RedirectAfterLogin(spy.url.clone())).await;
    let desk = platform_desk(&gateway.url).await;
    let (error, _) = sync_failure(&desk).await;
    assert!(error.message.contains("redirect"), "{}", error.message);
    assert!(spy.heard().is_empty(), "{:?}", spy.heard());
}

#[tokio::test]
async fn a_trickling_session_list_ends_in_a_clear_error_within_the_deadline() {
    let gateway = Hostile::start(Behaviour::TrickleLists).await;
    let desk = platform_desk(&gateway.url).await;
    let (error, took) = sync_failure(&desk).await;
    assert_eq!(
        error.code,
        ErrorCode::GatewayUnreachable,
        "{}",
        error.message
    );
    assert!(error.message.contains("within 2 s"), "{}", error.message);
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[tokio::test]
async fn an_endless_session_list_stops_at_the_accounts_limit() {
    let gateway = Hostile::start(Behaviour::EndlessLists).await;
    let desk = platform_desk(&gateway.url).await;
    let (error, _) = sync_failure(&desk).await;
    assert_eq!(error.code, ErrorCode::AnswerTooLarge, "{}", error.message);
}

#[tokio::test]
async fn an_endless_vault_file_is_refused_and_nothing_is_kept() {
    let gateway = Hostile::start(Behaviour::EndlessFile).await;
    let desk = platform_desk(&gateway.url).await;
    let summary = desk
        .core
        .sync()
        .all(&|_| {}, &CancellationToken::new())
        .await
        .unwrap();
    assert!(summary.failures.is_empty(), "{summary:?}");
    let session = IdentificationRef::new(&desk.account, "s-1");
    let error = desk
        .core
        .sessions()
        .file(&session, "vault-1")
        .await
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::AnswerTooLarge, "{error}");
    assert!(
        desk.core
            .files()
            .attachments(&session)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn an_openid_configuration_naming_another_host_gets_no_secret() {
    let gateway = Hostile::start(Behaviour::EndlessFile).await;
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), options()).await.unwrap();
    let refused = core
        .accounts()
        .add_platform(platform_account(
            &gateway.url,
            "/oidc/.well-known/openid-configuration",
        ))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    assert!(refused.to_string().contains("another host"), "{refused}");
    assert!(core.accounts().list().await.unwrap().is_empty());
}
