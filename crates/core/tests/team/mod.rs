//! A team for the core's tests: a throwaway PostgreSQL server with the workspace set up,
//! one sandbox gateway every officer's account points at (as a real team shares IDnow), and
//! an officer per data folder, each a `Core` of its own signed in as that officer.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::{TimeDelta, TimeZone, Utc};
use identdesk_core::{
    CancellationToken, Core, CoreOptions, Environment, IdentificationRef, IdentificationRequest,
    JoinTeam, ManualClock, NewAccount, NewIdentification, SyncSummary,
};
use identdesk_team::testing::{InitAs, TEAM_ADMIN, Throwaway};
use identdesk_team::{Credential, NewOfficer, OfficerRole, TlsPolicy, Workspace};
use idnow_sandbox::{Sandbox, SandboxClock, SandboxConfig};
use zeroize::Zeroizing;

pub const COMPANY: &str = "ihrebank";
pub const KEY: &str = "team-test-key";
pub const PASSWORD: &str = "a long team password";

pub struct Team {
    pub server: Throwaway,
    pub sandbox: Sandbox,
    pub clock: Arc<ManualClock>,
}

pub struct Officer {
    pub name: String,
    pub dir: tempfile::TempDir,
    pub core: Core,
    pub account: String,
}

impl Team {
    /// A workspace with these officers (and the sandbox's account registered); `None` (the
    /// test skips) only where PostgreSQL is missing and not required.
    pub async fn start(officers: &[(&str, OfficerRole)]) -> Option<Team> {
        if identdesk_team::testing::skip_without_postgres("team") {
            return None;
        }
        let start = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
        let sandbox = Sandbox::start(
            SandboxConfig::new(COMPANY, KEY).with_clock(SandboxClock::manual(start)),
        )
        .await
        .unwrap();
        let server = Throwaway::start().unwrap();
        let mut admin = server
            .init_workspace(InitAs::from_env(), PASSWORD)
            .await
            .unwrap();
        for (name, role) in officers {
            admin
                .add_officer(&NewOfficer {
                    name: (*name).into(),
                    role: *role,
                    credential: Credential::Password(PASSWORD.into()),
                })
                .await
                .unwrap();
        }
        Workspace::new(
            server.target(TEAM_ADMIN),
            PASSWORD.into(),
            TlsPolicy::Loopback,
        )
        .register_account("Bank", COMPANY, "white-label", Some(&sandbox.base_url()))
        .await
        .unwrap();
        Some(Team {
            server,
            sandbox,
            clock: Arc::new(ManualClock::new(start)),
        })
    }

    /// A data folder with the bank's account, joined as `name`.
    pub async fn officer(&self, name: &str) -> Officer {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path(), CoreOptions::for_tests(self.clock.clone()))
            .await
            .unwrap();
        let account = core
            .accounts()
            .add(NewAccount {
                name: "Bank".into(),
                company_id: COMPANY.into(),
                environment: Environment::WhiteLabel,
                gateway_url: Some(self.sandbox.base_url()),
                go_url: None,
                api_url: Some(self.sandbox.robot_url()),
                api_key: KEY.into(),
            })
            .await
            .unwrap()
            .id;
        let status = core
            .team()
            .join(JoinTeam {
                url: self.server.target(name).url(),
                password: Zeroizing::new(PASSWORD.into()),
                new_password: None,
                ca_pem: None,
            })
            .await
            .unwrap();
        assert_eq!(status.officer.as_deref(), Some(name));
        assert_eq!(
            status.accounts[0].team_name.as_deref(),
            Some("Bank"),
            "{status:?}"
        );
        Officer {
            name: name.into(),
            dir,
            core,
            account,
        }
    }

    /// IDnow's robots finish their review.
    pub fn advance_idnow(&self, seconds: i64) {
        self.sandbox.clock().advance(TimeDelta::seconds(seconds));
    }
}

/// Each officer vouches for every other's key (as if they compared fingerprints): the
/// first two start the web of trust.
pub async fn vouch_each_other(officers: &[&Officer]) {
    for voucher in officers {
        let keys = voucher.core.team().keys().await.unwrap();
        for other in officers.iter().filter(|o| o.name != voucher.name) {
            let key = keys
                .iter()
                .find(|k| k.officer == other.name && !k.revoked)
                .unwrap();
            voucher
                .core
                .team()
                .vouch_key(&other.name, &key.fingerprint)
                .await
                .unwrap();
        }
    }
}

impl Team {
    /// Registers the bank's Trust Platform account (on the same sandbox) with the team.
    pub async fn register_platform_account(&self) {
        Workspace::new(
            self.server.target(TEAM_ADMIN),
            PASSWORD.into(),
            TlsPolicy::Loopback,
        )
        .register_platform_account(
            "Bank TP",
            COMPANY,
            "white-label",
            Some(&self.platform_api()),
        )
        .await
        .unwrap();
    }

    fn platform_api(&self) -> String {
        format!("{}/api/v1", self.sandbox.base_url())
    }
}

impl Officer {
    /// Adds the bank's Trust Platform account to this officer's folder; its id.
    pub async fn add_platform_account(&self, team: &Team) -> String {
        self.core
            .accounts()
            .add_platform(identdesk_core::NewPlatformAccount {
                name: "Bank TP".into(),
                sandbox: false,
                client_id: COMPANY.into(),
                client_secret: KEY.into(),
                environment: identdesk_core::PlatformEnvironment::Staging,
                api_url: Some(team.platform_api()),
                token_url: Some(format!("{}/oidc/token", team.sandbox.base_url())),
            })
            .await
            .unwrap()
            .id
    }

    pub fn ident(&self, txn: &str) -> IdentificationRef {
        IdentificationRef::new(&self.account, txn)
    }

    /// Creates an identification the robots play `scenario` on; its transaction number.
    pub async fn create(&self, lastname: &str, scenario: &str) -> String {
        let created = self
            .core
            .identifications()
            .create_identification(NewIdentification {
                account_id: self.account.clone(),
                transaction_number: None,
                person: IdentificationRequest {
                    firstname: Some("Anna".into()),
                    lastname: Some(lastname.into()),
                    custom1: Some(format!("X-AUTOTEST-{scenario}")),
                    ..Default::default()
                },
                answers: Vec::new(),
            })
            .await
            .unwrap();
        self.core
            .identifications()
            .start_test_robots(&self.ident(&created.transaction_number))
            .await
            .unwrap();
        created.transaction_number
    }

    pub async fn sync(&self) -> SyncSummary {
        let summary = self
            .core
            .sync()
            .all(&|_| {}, &CancellationToken::new())
            .await
            .unwrap();
        assert!(summary.failures.is_empty(), "{:?}", summary.failures);
        summary
    }
}
