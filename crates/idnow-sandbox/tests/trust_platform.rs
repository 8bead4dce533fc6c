//! The sandbox's Trust Platform over raw HTTP (not a client of ours): a token for the
//! company's client credentials, the sample flows, a session created, moved through the
//! control API and read back with its data blocks, and a vault file behind a `302`. Each
//! answer decodes as the contract's types (`idnow-trust`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use idnow_sandbox::{Sandbox, SandboxConfig};
use idnow_trust::{
    CreatedSession, DataBlocks, FlowPage, Outcome, Session, SessionPage, SessionStatus,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

const CLIENT: &str = "ihrebank";
const SECRET: &str = "trust-secret";

async fn sandbox() -> (Sandbox, reqwest::Client) {
    let sandbox = Sandbox::start(SandboxConfig::new(CLIENT, SECRET))
        .await
        .unwrap();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    (sandbox, http)
}

async fn token(sandbox: &Sandbox, http: &reqwest::Client, secret: &str) -> reqwest::Response {
    http.post(format!("{}/oidc/token", sandbox.base_url()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "grant_type=client_credentials&client_id={CLIENT}&client_secret={secret}"
        ))
        .send()
        .await
        .unwrap()
}

async fn bearer(sandbox: &Sandbox, http: &reqwest::Client) -> String {
    let answer: Value = token(sandbox, http, SECRET).await.json().await.unwrap();
    assert_eq!(answer["token_type"], "Bearer");
    assert_eq!(answer["expires_in"], 86_400);
    format!("Bearer {}", answer["access_token"].as_str().unwrap())
}

#[tokio::test]
async fn only_the_companys_client_credentials_get_a_token_and_only_a_token_gets_in() {
    let (sandbox, http) = sandbox().await;
    assert_eq!(
        token(&sandbox, &http, "wrong").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let flows = format!("{}/api/v1/flows/staging", sandbox.base_url());
    assert_eq!(
        http.get(&flows).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let auth = bearer(&sandbox, &http).await;
    let answer = http
        .get(&flows)
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let page = FlowPage::decode(&answer.bytes().await.unwrap()).unwrap();
    assert_eq!(page.content.len(), 3);
    assert!(
        page.content
            .iter()
            .all(|f| f.environment.as_deref() == Some("staging"))
    );
    let small = http
        .get(format!("{flows}?page=2&size=2"))
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap();
    let small = FlowPage::decode(&small.bytes().await.unwrap()).unwrap();
    assert_eq!(small.content.len(), 1);
    assert_eq!(small.page.unwrap().total_pages, 2);
}

#[tokio::test]
async fn a_session_is_created_completed_and_read_back_with_its_blocks_and_files() {
    let (sandbox, http) = sandbox().await;
    let auth = bearer(&sandbox, &http).await;
    let base = sandbox.base_url();
    let flows = FlowPage::decode(
        &http
            .get(format!("{base}/api/v1/flows/staging"))
            .header("Authorization", &auth)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    let flow = &flows.content[0].id;
    let sessions = format!("{base}/api/v1/flows/{flow}/staging/sessions");
    // Metadata is exactly {subjectId[, locale]}: anything else is refused.
    let refused = http
        .post(&sessions)
        .header("Authorization", &auth)
        .json(&json!({"metadata": {"subjectId": "s-1", "name": "Anna"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let created = http
        .post(&sessions)
        .header("Authorization", &auth)
        .json(&json!({
            "input": {"basicIdentity": {"givenName": "Anna", "familyName": "Muster",
                                        "birthDate": "1990-03-24"}},
            "metadata": {"subjectId": "s-1", "locale": "de"},
            "state": "opaque"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = CreatedSession::decode(&created.bytes().await.unwrap()).unwrap();
    assert_eq!(created.status, SessionStatus::Created);
    assert!(created.player_url.unwrap().contains(&created.session_id));

    let completed = http
        .post(format!(
            "{base}/sandbox/trust/sessions/{}/complete",
            created.session_id
        ))
        .json(&json!({"outcome": "accepted"}))
        .send()
        .await
        .unwrap();
    assert_eq!(completed.status(), StatusCode::OK);

    let listed = http
        .get(format!("{sessions}?sortBy=createdAt&sortDesc=true&size=10"))
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap();
    let listed = SessionPage::decode(&listed.bytes().await.unwrap()).unwrap();
    assert_eq!(listed.content.len(), 1);
    assert!(
        !listed.content[0].other.contains_key("state"),
        "a list leaves state out"
    );

    let session = http
        .get(format!(
            "{base}/api/v1/staging/sessions/{}",
            created.session_id
        ))
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap();
    let session = Session::decode(&session.bytes().await.unwrap()).unwrap();
    assert_eq!(session.status, SessionStatus::Completed);
    assert_eq!(session.outcome, Some(Outcome::Accepted));
    assert_eq!(session.subject_id.as_deref(), Some("s-1"));
    assert_eq!(session.state.as_deref(), Some("opaque"));
    assert!(session.completed_at.is_some());

    let blocks = http
        .get(format!(
            "{base}/api/v1/staging/sessions/{}/datablocks",
            created.session_id
        ))
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap();
    let blocks = DataBlocks::decode(&blocks.bytes().await.unwrap())
        .unwrap()
        .blocks;
    let kinds: Vec<&str> = blocks.iter().map(|b| b.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "basicIdentity",
            "documentData",
            "documentVerification",
            "outcomeStatus"
        ]
    );
    assert_eq!(blocks[0].step.as_deref(), Some("START"));
    let files: Vec<String> = blocks.iter().flat_map(|b| b.files()).map(|f| f.0).collect();
    assert_eq!(files.len(), 2);

    for file in files {
        let found = http
            .get(format!("{base}/api/v1/staging/files/{file}"))
            .header("Authorization", &auth)
            .send()
            .await
            .unwrap();
        assert_eq!(found.status(), StatusCode::FOUND);
        let link = found.headers()["location"].to_str().unwrap().to_owned();
        // The presigned link takes no bearer token (a file host's, not the API's).
        assert_eq!(
            http.get(&link)
                .header("Authorization", &auth)
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::BAD_REQUEST
        );
        let bytes = http.get(&link).send().await.unwrap();
        let media = bytes.headers()["content-type"].to_str().unwrap().to_owned();
        let bytes = bytes.bytes().await.unwrap();
        match media.as_str() {
            "application/pdf" => assert!(bytes.starts_with(b"%PDF-")),
            "image/jpeg" => assert!(bytes.starts_with(&[0xFF, 0xD8])),
            other => panic!("a file of type {other}"),
        }
    }
}

#[tokio::test]
async fn a_session_runs_before_it_ends_and_may_end_without_completing() {
    let (sandbox, http) = sandbox().await;
    let auth = bearer(&sandbox, &http).await;
    let base = sandbox.base_url();
    let flow = "0197c55f-5af6-7e3d-af9b-f2359b104bea";
    let created = http
        .post(format!("{base}/api/v1/flows/{flow}/live/sessions"))
        .header("Authorization", &auth)
        .json(&json!({"metadata": {"subjectId": "s-2"}}))
        .send()
        .await
        .unwrap();
    let id = CreatedSession::decode(&created.bytes().await.unwrap())
        .unwrap()
        .session_id;
    let read = || async {
        let answer = http
            .get(format!("{base}/api/v1/live/sessions/{id}"))
            .header("Authorization", &auth)
            .send()
            .await
            .unwrap();
        Session::decode(&answer.bytes().await.unwrap()).unwrap()
    };
    let control = format!("{base}/sandbox/trust/sessions/{id}/complete");
    http.post(&control)
        .json(&json!({"status": "RUNNING"}))
        .send()
        .await
        .unwrap();
    let running = read().await;
    assert_eq!(running.status, SessionStatus::Running);
    assert!(!running.status.is_terminal());
    assert!(running.last_step.is_some());
    http.post(&control)
        .json(&json!({"status": "EXPIRED"}))
        .send()
        .await
        .unwrap();
    let expired = read().await;
    assert_eq!(expired.status, SessionStatus::Expired);
    assert_eq!(expired.outcome, None);
    assert!(expired.completed_at.is_some());
    assert_eq!(
        http.post(&control)
            .json(&json!({"status": "PAUSED"}))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::BAD_REQUEST
    );
}
