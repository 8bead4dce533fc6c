//! A core on a temp folder with a manual clock, and a white-label account on a sandbox
//! gateway with its own manual clock, for the flow tests.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::{TimeDelta, TimeZone, Utc};
use identdesk_core::{
    CancellationToken, Core, CoreOptions, Environment, IdentificationRef, IdentificationRequest,
    ListQuery, ManualClock, NewAccount, NewIdentification, SyncProgress,
};
use idnow_sandbox::{Sandbox, SandboxClock, SandboxConfig};

pub struct Bench {
    pub dir: tempfile::TempDir,
    pub core: Core,
    pub sandbox: Sandbox,
    pub clock: Arc<ManualClock>,
    pub account: String,
}

pub async fn bench() -> Bench {
    let start = Utc
        .with_ymd_and_hms(2026, 11, 26, 9, 0, 0)
        .single()
        .unwrap_or_default();
    let sandbox_clock = SandboxClock::manual(start);
    let sandbox =
        Sandbox::start(SandboxConfig::new("ihrebank", "results-key").with_clock(sandbox_clock))
            .await
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let core = Core::open(dir.path(), CoreOptions::for_tests(clock.clone()))
        .await
        .unwrap();
    let account = core
        .accounts()
        .add(NewAccount {
            name: "Bank".into(),
            company_id: "ihrebank".into(),
            environment: Environment::WhiteLabel,
            gateway_url: Some(sandbox.base_url()),
            go_url: None,
            api_url: Some(sandbox.robot_url()),
            api_key: "results-key".into(),
        })
        .await
        .unwrap()
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
    /// The identification `txn` of the bench's account.
    pub fn ident(&self, txn: &str) -> IdentificationRef {
        IdentificationRef::new(&self.account, txn)
    }

    pub async fn create(&self, lastname: &str, scenario: Option<&str>) -> String {
        let person = IdentificationRequest {
            firstname: Some("Anna".into()),
            lastname: Some(lastname.into()),
            birthday: Some("1975-12-20".into()),
            email: Some(format!("{}@example.de", lastname.to_lowercase())),
            custom1: scenario.map(|s| format!("X-AUTOTEST-{s}")),
            ..Default::default()
        };
        let created = self
            .core
            .identifications()
            .create_identification(NewIdentification {
                account_id: self.account.clone(),
                transaction_number: None,
                person,
                answers: Vec::new(),
            })
            .await
            .unwrap();
        if scenario.is_some() {
            self.core
                .identifications()
                .start_test_robots(&self.ident(&created.transaction_number))
                .await
                .unwrap();
        }
        created.transaction_number
    }

    pub fn advance_idnow(&self, seconds: i64) {
        self.sandbox.clock().advance(TimeDelta::seconds(seconds));
    }

    pub async fn sync(&self) -> identdesk_core::SyncReport {
        self.core
            .sync()
            .account(
                &self.account,
                &|_: SyncProgress| {},
                &CancellationToken::new(),
            )
            .await
            .unwrap()
    }

    pub async fn search(&self, text: &str) -> Vec<String> {
        let query = ListQuery {
            search: Some(text.into()),
            ..ListQuery::default()
        };
        self.core
            .identifications()
            .list(&query)
            .await
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.transaction_number)
            .collect()
    }
}
