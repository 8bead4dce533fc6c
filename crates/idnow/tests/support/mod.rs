//! A sandbox on a manual clock and a client for it, for the client's tests.
#![allow(dead_code)]

use std::time::Duration;

use chrono::{TimeDelta, TimeZone, Utc};
use idnow::{ApiKey, Client, Endpoints, IdentificationRequest, RetryPolicy};
use idnow_sandbox::{Sandbox, SandboxClock, SandboxConfig};

pub const CID: &str = "ihrebank";
pub const KEY: &str = "sandbox-key-1";

pub async fn sandbox() -> Sandbox {
    let clock = SandboxClock::manual(
        Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0)
            .single()
            .unwrap_or_default(),
    );
    let config = SandboxConfig::new(CID, KEY).with_clock(clock);
    Sandbox::start(config).await.expect("sandbox did not start")
}

pub fn client(sandbox: &Sandbox) -> Client {
    client_with_key(sandbox, KEY)
}

pub fn client_with_key(sandbox: &Sandbox, key: &str) -> Client {
    let url = |s: String| url::Url::parse(&s).unwrap();
    let endpoints = Endpoints {
        gateway: url(sandbox.base_url()),
        go: url(sandbox.base_url()),
        api: url(sandbox.robot_url()),
    };
    Client::new(endpoints, CID, ApiKey::new(key))
        .unwrap()
        .with_retry(RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_secs(2),
        })
}

pub fn advance(sandbox: &Sandbox, seconds: i64) {
    sandbox.clock().advance(TimeDelta::seconds(seconds));
}

pub fn person() -> IdentificationRequest {
    IdentificationRequest {
        firstname: Some("Anna".into()),
        lastname: Some("Müller".into()),
        birthday: Some("1975-12-20".into()),
        email: Some("anna@example.de".into()),
        city: Some("München".into()),
        ..Default::default()
    }
}
