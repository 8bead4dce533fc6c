//! Seeding: many finished identifications at once, spread over the result kinds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use idnow_sandbox::{Sandbox, SandboxConfig};
use serde_json::Value;

#[tokio::test]
async fn seeded_identifications_are_listed_by_kind() {
    let sandbox = Sandbox::start(SandboxConfig::new("ihrebank", "k"))
        .await
        .unwrap();
    assert_eq!(sandbox.seed(1_000), 1_000);
    let http = reqwest::Client::new();
    let base = sandbox.base_url();
    let login: Value = http
        .post(format!("{base}/api/v1/ihrebank/login"))
        .json(&serde_json::json!({"apiKey": "k"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap_or_default();
    let token = login["authToken"].as_str().unwrap_or_default().to_owned();
    let count = |query: &'static str| {
        let (http, base, token) = (http.clone(), base.clone(), token.clone());
        async move {
            let body: Value = http
                .get(format!("{base}/api/v1/ihrebank/identifications{query}"))
                .header("X-API-LOGIN-TOKEN", token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap_or_default();
            body["identifications"]
                .as_array()
                .map(Vec::len)
                .unwrap_or(0)
        }
    };
    // 70 % success, 10 % changed, 3 % fraud confirmed; 8 % pending; 4 % canceled; 5 % aborted.
    assert_eq!(count("").await, 830);
    assert_eq!(count("?pending=true").await, 80);
    assert_eq!(count("?cancelled=true").await, 40);
    assert_eq!(count("?aborted=true").await, 50);
}
