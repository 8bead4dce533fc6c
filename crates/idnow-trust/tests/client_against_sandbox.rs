//! The Trust Platform client against the sandbox over loopback: one token reused and a new
//! one fetched once after a 401, flows, a session created and read back once the sandbox
//! completed it, its data blocks, and its vault files through the presigned redirect
//! (which refuses a bearer token, so a file that arrives proves none was sent).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use idnow::Limits;
use idnow_sandbox::{Sandbox, SandboxConfig};
use idnow_trust::{NewSession, Outcome, SessionMetadata, SessionStatus, TrustAccount, TrustClient};
use serde_json::{Map, json};
use url::Url;
use zeroize::Zeroizing;

async fn setup() -> (Sandbox, TrustClient) {
    setup_with(SandboxConfig::new("ihrebank", "s3cret&=+")).await
}

async fn setup_with(config: SandboxConfig) -> (Sandbox, TrustClient) {
    let sandbox = Sandbox::start(config).await.unwrap();
    let base = sandbox.base_url();
    let client = TrustClient::new(
        TrustAccount {
            api: Url::parse(&format!("{base}/api/v1")).unwrap(),
            token_url: Url::parse(&format!("{base}/oidc/token")).unwrap(),
            client_id: "ihrebank".into(),
            client_secret: Zeroizing::new("s3cret&=+".into()),
            environment: "staging".into(),
        },
        Limits::default(),
    )
    .unwrap();
    (sandbox, client)
}

fn anna() -> NewSession {
    let mut input = Map::new();
    input.insert(
        "basicIdentity".into(),
        json!({"givenName": "Anna", "familyName": "Muster", "birthDate": "1990-03-24"}),
    );
    NewSession {
        input,
        metadata: SessionMetadata {
            subject_id: "subj-4f1c".into(),
            locale: Some("de".into()),
        },
        redirect_url: None,
        state: None,
    }
}

#[tokio::test]
async fn a_session_from_creation_to_its_blocks_and_files() {
    let (sandbox, client) = setup().await;
    let flows = client.flows(1).await.unwrap();
    assert_eq!(flows.content.len(), 3);
    let flow = flows.content[0].id.clone();
    let created = client.create_session(&flow, &anna()).await.unwrap();
    assert_eq!(created.status, SessionStatus::Created);
    assert!(created.player_url.is_some());

    let control = format!(
        "{}/sandbox/trust/sessions/{}/complete",
        sandbox.base_url(),
        created.session_id
    );
    let moved = reqwest::Client::new()
        .post(control)
        .json(&json!({"outcome": "rejected"}))
        .send()
        .await
        .unwrap();
    assert!(moved.status().is_success());

    let page = client.sessions(&flow, 1, 100).await.unwrap();
    assert_eq!(page.content.len(), 1);
    let session = client.session(&created.session_id).await.unwrap();
    assert_eq!(session.status, SessionStatus::Completed);
    assert_eq!(session.outcome, Some(Outcome::Rejected));

    let blocks = client
        .data_blocks(&created.session_id)
        .await
        .unwrap()
        .blocks;
    let files: Vec<String> = blocks.iter().flat_map(|b| b.files()).map(|f| f.0).collect();
    assert_eq!(files.len(), 2);
    for file in &files {
        let bytes = client.file(file).await.unwrap().bytes;
        assert!(bytes.starts_with(b"%PDF-") || bytes.starts_with(&[0xFF, 0xD8]));
    }
    assert_eq!(sandbox.trust_tokens_issued(), 1, "one token for every call");
}

#[tokio::test]
async fn a_revoked_token_is_fetched_again_once_and_a_wrong_secret_is_a_clear_refusal() {
    let (sandbox, client) = setup().await;
    client.flows(1).await.unwrap();
    sandbox.revoke_trust_tokens();
    client.flows(1).await.unwrap();
    assert_eq!(sandbox.trust_tokens_issued(), 2);

    let wrong = TrustClient::new(
        TrustAccount {
            api: Url::parse(&format!("{}/api/v1", sandbox.base_url())).unwrap(),
            token_url: Url::parse(&format!("{}/oidc/token", sandbox.base_url())).unwrap(),
            client_id: "ihrebank".into(),
            client_secret: Zeroizing::new("guessed".into()),
            environment: "staging".into(),
        },
        Limits::default(),
    )
    .unwrap();
    let refused = wrong.flows(1).await.unwrap_err();
    assert!(
        matches!(refused, idnow::Error::Api { status: 401, .. }),
        "{refused:?}"
    );
    assert!(wrong.session("missing").await.is_err());
}

#[tokio::test]
async fn only_https_hosts_or_this_machine_are_accepted() {
    let refused = TrustClient::new(
        TrustAccount {
            api: Url::parse("http://api.example.com/api/v1").unwrap(),
            token_url: Url::parse("https://auth.example.com/oidc/token").unwrap(),
            client_id: "c".into(),
            client_secret: Zeroizing::new("s".into()),
            environment: "live".into(),
        },
        Limits::default(),
    );
    assert!(matches!(refused, Err(idnow::Error::Url(_))));
}

#[tokio::test]
async fn a_token_that_expired_on_the_servers_clock_is_fetched_again_once() {
    // The server's clock runs ahead of the client's idea of the token's life (a sandbox on
    // a fast time scale, or a server that ends tokens early): the 401 brings one new token.
    let clock = idnow_sandbox::SandboxClock::manual(chrono::Utc::now());
    let (sandbox, client) =
        setup_with(SandboxConfig::new("ihrebank", "s3cret&=+").with_clock(clock)).await;
    client.flows(1).await.unwrap();
    sandbox.clock().advance(chrono::TimeDelta::days(2));
    client.flows(1).await.unwrap();
    client.flows(1).await.unwrap();
    assert_eq!(
        sandbox.trust_tokens_issued(),
        2,
        "one new token, then reused"
    );
}
