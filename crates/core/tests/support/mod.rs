//! A core on a temp folder with a manual clock, and a white-label account on a sandbox
//! gateway with its own manual clock, for the flow tests.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::{TimeDelta, TimeZone, Utc};
use identdesk_core::{
    CancellationToken, Core, Environment, IdentificationRequest, Keychain, ListQuery, ManualClock,
    NewAccount, NewIdentification, SyncProgress,
};
use idnow_sandbox::{Sandbox, SandboxClock, SandboxConfig};

pub struct Bench {
    pub dir: tempfile::TempDir,
    pub core: Core,
    pub sandbox: Sandbox,
    pub clock: Arc<ManualClock>,
    pub account: String,
}

pub fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

pub async fn bench() -> Bench {
    let start = Utc
        .with_ymd_and_hms(2026, 11, 26, 9, 0, 0)
        .single()
        .unwrap_or_default();
    let sandbox_clock = SandboxClock::manual(start);
    let sandbox = ok(Sandbox::start(
        SandboxConfig::new("ihrebank", "results-key").with_clock(sandbox_clock),
    )
    .await);
    let dir = ok(tempfile::tempdir());
    let clock = Arc::new(ManualClock::new(start));
    let core = ok(Core::open_with(dir.path(), Keychain::for_tests(), clock.clone()).await);
    let account = ok(core
        .add_account(NewAccount {
            name: "Bank".into(),
            company_id: "ihrebank".into(),
            environment: Environment::WhiteLabel,
            gateway_url: Some(sandbox.base_url()),
            go_url: None,
            api_url: Some(sandbox.robot_url()),
            api_key: "results-key".into(),
        })
        .await)
    .id;
    Bench {
        dir,
        core,
        sandbox,
        clock,
        account,
    }
}

impl Bench {
    pub async fn create(&self, lastname: &str, scenario: Option<&str>) -> String {
        let person = IdentificationRequest {
            firstname: Some("Anna".into()),
            lastname: Some(lastname.into()),
            birthday: Some("1975-12-20".into()),
            email: Some(format!("{}@example.de", lastname.to_lowercase())),
            custom1: scenario.map(|s| format!("X-AUTOTEST-{s}")),
            ..Default::default()
        };
        let created = ok(self
            .core
            .create_identification(NewIdentification {
                account: self.account.clone(),
                transaction_number: None,
                person,
            })
            .await);
        if scenario.is_some() {
            ok(self
                .core
                .start_test_robots(&self.account, &created.transaction_number)
                .await);
        }
        created.transaction_number
    }

    pub fn advance_idnow(&self, seconds: i64) {
        self.sandbox.clock().advance(TimeDelta::seconds(seconds));
    }

    pub async fn sync(&self) -> identdesk_core::SyncReport {
        ok(self
            .core
            .sync_account(
                &self.account,
                &|_: SyncProgress| {},
                &CancellationToken::new(),
            )
            .await)
    }

    pub async fn search(&self, text: &str) -> Vec<String> {
        let query = ListQuery {
            search: Some(text.into()),
            ..ListQuery::default()
        };
        ok(self.core.list_identifications(&query).await)
            .rows
            .into_iter()
            .map(|r| r.transaction_number)
            .collect()
    }
}
