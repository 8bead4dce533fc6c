//! The insider suite: each case is a real attempt, through a real connection as the
//! attacker's role, by someone who has `psql` and a password — an officer, an auditor, the
//! database administrator who ran `team init` (a superuser, or a managed server's
//! non-superuser CREATEROLE role) — asserting that the server refuses it or that the
//! workspace's own checks show it. Every case runs with both kinds of `team init`; `cargo
//! xtask test` runs the suite on PostgreSQL 15 and 18.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use std::time::{Duration, Instant};

use identdesk_team::testing::{InitAs, MANAGED_ADMIN, TEAM_ADMIN, Throwaway};
use identdesk_team::{
    AdminSession, ClaimOutcome, Credential, GrantFinding, NewOfficer, OfficerRole, Refusal,
    ResultReport, SeenResult, TeamError, TlsPolicy, Workspace,
};
use uuid::Uuid;

const PASSWORD: &str = "correct horse battery";
const BOTH: [InitAs; 2] = [InitAs::Superuser, InitAs::Managed];

struct Team {
    server: Throwaway,
    init_as: InitAs,
    account: Uuid,
}

impl Team {
    async fn start(init_as: InitAs) -> Option<Team> {
        if identdesk_team::testing::skip_without_postgres("insider") {
            return None;
        }
        let server = Throwaway::start().unwrap();
        let mut admin = server.init_workspace(init_as, PASSWORD).await.unwrap();
        for (name, role) in [
            ("alice", OfficerRole::Officer),
            ("bob", OfficerRole::Officer),
            ("mallory", OfficerRole::Officer),
            ("carol", OfficerRole::Auditor),
        ] {
            admin
                .add_officer(&NewOfficer {
                    name: name.into(),
                    role,
                    credential: Credential::Password(PASSWORD.into()),
                })
                .await
                .unwrap();
        }
        let account = Workspace::new(
            server.target(TEAM_ADMIN),
            PASSWORD.into(),
            TlsPolicy::Loopback,
        )
        .register_account("Bank", "ihrebank", "de-test", None)
        .await
        .unwrap();
        Some(Team {
            server,
            init_as,
            account,
        })
    }

    fn officer(&self, name: &str) -> Workspace {
        Workspace::new(
            self.server.target(name),
            PASSWORD.into(),
            TlsPolicy::Loopback,
        )
    }

    /// The role that ran `team init`, with its password.
    fn init_role(&self) -> &'static str {
        match self.init_as {
            InitAs::Superuser => identdesk_team::testing::ADMIN,
            InitAs::Managed => MANAGED_ADMIN,
        }
    }

    /// The init role's own session, as a workspace would sign in.
    fn as_init_role(&self) -> Workspace {
        Workspace::new(
            self.server.target(self.init_role()),
            self.server.admin_password.clone(),
            TlsPolicy::Loopback,
        )
    }

    /// `sql` run with psql as the init role.
    fn psql_as_init_role(&self, sql: &str) -> std::process::Output {
        self.server
            .psql(self.init_role(), &self.server.admin_password, sql)
            .unwrap()
    }

    async fn findings(&self) -> Vec<String> {
        self.officer("alice")
            .grant_findings()
            .await
            .unwrap()
            .into_iter()
            .map(|GrantFinding(f)| f)
            .collect()
    }
}

fn seen(result: &str) -> SeenResult {
    SeenResult {
        result: result.into(),
        reason: None,
        identified_at: Some("2026-12-01T10:00:00+01:00".into()),
        is_final: true,
    }
}

fn forbidden(result: Result<impl std::fmt::Debug, TeamError>) -> bool {
    matches!(result, Err(TeamError::Forbidden { .. }))
}

fn refusal<T: std::fmt::Debug>(result: Result<T, TeamError>) -> Refusal {
    match result {
        Err(TeamError::Refused { refusal, .. }) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn after_init_no_login_role_holds_owner_rights_and_regaining_them_shows() {
    for init_as in BOTH {
        let Some(team) = Team::start(init_as).await else {
            return;
        };
        assert_eq!(team.findings().await, Vec::<String>::new(), "{init_as:?}");
        if init_as == InitAs::Managed {
            // The managed administrator cannot act as the owner any more…
            for sql in [
                "SET ROLE identdesk_owner",
                "UPDATE identdesk.proposals SET confirmed_by = 'bob'",
                "INSERT INTO identdesk.audit_head VALUES (2, 0, '')",
            ] {
                let out = team.psql_as_init_role(sql);
                assert!(!out.status.success(), "{init_as:?}: {sql} was allowed");
            }
            // …but a CREATEROLE role can grant the rights back: not prevented, shown.
            let regain =
                team.psql_as_init_role(&format!("GRANT identdesk_owner TO {MANAGED_ADMIN}"));
            assert!(
                regain.status.success(),
                "{}",
                String::from_utf8_lossy(&regain.stderr)
            );
            let findings = team.findings().await;
            assert!(
                findings
                    .iter()
                    .any(|f| f.starts_with(MANAGED_ADMIN) && f.contains("owner's rights")),
                "{findings:?}"
            );
        }
    }
}

#[tokio::test]
async fn whoever_ran_init_is_nobody_in_the_team_and_cannot_make_a_puppet_count() {
    for init_as in BOTH {
        let Some(team) = Team::start(init_as).await else {
            return;
        };
        let init_role = team.as_init_role();
        // A managed server's administrator cannot even read the schema now; a superuser can,
        // and is nothing in it.
        match init_role.whoami().await {
            Ok(me) => assert_eq!(me.roles(), Vec::<&str>::new(), "{init_as:?}"),
            Err(err) => assert!(matches!(err, TeamError::Forbidden { .. }), "{err:?}"),
        }
        // A superuser, or (PostgreSQL 16+) the role that created the officers, is a MEMBER
        // of identdesk_officer to pg_has_role; the registry says it is nobody.
        assert!(forbidden(init_role.claim(team.account, "t-init").await));
        assert!(forbidden(init_role.audit_head().await));

        // A puppet login made by hand and granted the officer group calls the functions,
        // and the server refuses it; `team status` names it.
        let made = team.psql_as_init_role(&format!(
            "CREATE ROLE puppet LOGIN PASSWORD '{PASSWORD}'; GRANT identdesk_officer TO puppet;"
        ));
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
        let puppet = team.officer("puppet");
        assert_eq!(puppet.whoami().await.unwrap().roles(), Vec::<&str>::new());
        assert!(forbidden(puppet.claim(team.account, "t-puppet").await));
        assert!(forbidden(
            puppet
                .confirm(team.account, "t-puppet", &seen("SUCCESS"))
                .await
        ));
        let findings = team.findings().await;
        assert!(
            findings
                .iter()
                .any(|f| f.starts_with("puppet is a member of identdesk_officer")),
            "{findings:?}"
        );
        // Only a team administrator writes the registry: the init role cannot enrol it.
        let enrol =
            team.psql_as_init_role("SELECT identdesk.officer_added('puppet', 'officer', false)");
        assert!(
            !enrol.status.success(),
            "{init_as:?}: the init role enrolled a puppet"
        );
        // And no administrator can make a superuser an officer.
        let mut admin = AdminSession::connect(
            &team.server.target(TEAM_ADMIN),
            PASSWORD,
            &TlsPolicy::Loopback,
        )
        .await
        .unwrap();
        let out = team
            .server
            .psql(
                TEAM_ADMIN,
                PASSWORD,
                &format!(
                    "SELECT identdesk.officer_added('{}', 'officer', false)",
                    identdesk_team::testing::ADMIN
                ),
            )
            .unwrap();
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("superuser"));
        // An administrator is never an officer: they cannot change their own role.
        assert!(matches!(
            admin
                .add_officer(&NewOfficer {
                    name: TEAM_ADMIN.into(),
                    role: OfficerRole::Officer,
                    credential: Credential::Password(PASSWORD.into()),
                })
                .await,
            Err(TeamError::Refused {
                refusal: Refusal::Invalid,
                ..
            }) | Err(TeamError::Forbidden { .. })
        ));
    }
}

#[tokio::test]
async fn a_forged_report_blocks_no_one() {
    let Some(team) = Team::start(InitAs::from_env()).await else {
        return;
    };
    let (alice, bob, mallory) = (
        team.officer("alice"),
        team.officer("bob"),
        team.officer("mallory"),
    );
    alice.claim(team.account, "t-1").await.unwrap();
    // Mallory reports a made-up final result first, then another identification time.
    for (result, at) in [
        ("CANCELED", "2026-12-01T09:00:00+01:00"),
        ("SUCCESS", "2026-12-01T08:00:00+01:00"),
    ] {
        mallory
            .report_results(
                team.account,
                &[ResultReport {
                    txn: "t-1".into(),
                    result: result.into(),
                    reason: None,
                    identified_at: Some(at.into()),
                    is_final: true,
                }],
            )
            .await
            .unwrap();
    }
    // Alice's and bob's own observations agree: the decision is taken all the same.
    alice
        .propose(
            team.account,
            "t-1",
            "accept",
            "documents in order",
            &seen("SUCCESS"),
        )
        .await
        .unwrap();
    bob.confirm(team.account, "t-1", &seen("SUCCESS"))
        .await
        .unwrap();
    let change = bob
        .changes_since(0, 10)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.transaction_number == "t-1")
        .unwrap();
    assert_eq!(change.state.as_deref(), Some("confirmed"));
    assert!(change.conflict, "the contradiction shows");
    // It cost mallory entries in the trail, under her name.
    let trail = bob.audit_newest(50, 0).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.actor == "mallory" && e.action == "results.reported")
    );
}

#[tokio::test]
async fn auditors_write_nothing_even_as_a_granted_officer() {
    let Some(team) = Team::start(InitAs::from_env()).await else {
        return;
    };
    let carol = team.officer("carol");
    for action in ["export.csv", "identification.deleted", "audit.verified"] {
        assert!(
            forbidden(
                carol
                    .record_action(Uuid::new_v4(), action, "canary-Erika-Mustermann", "")
                    .await
            ),
            "{action}"
        );
    }
    // An officer hands carol its own role (PostgreSQL 15 allows a role to grant itself;
    // 16+ refuses): carol may then call the officers' functions, and the server refuses her.
    let _ = team.server.psql("alice", PASSWORD, "GRANT alice TO carol");
    assert!(forbidden(carol.claim(team.account, "t-carol").await));
    assert!(forbidden(
        carol
            .record_action(Uuid::new_v4(), "export.csv", "canary", "")
            .await
    ));
    let trail = team.officer("alice").audit_newest(100, 0).await.unwrap();
    assert!(trail.iter().all(|e| e.actor != "carol"), "{trail:?}");
}

#[tokio::test]
async fn a_held_trail_costs_seconds_and_names_its_holder() {
    let Some(team) = Team::start(InitAs::from_env()).await else {
        return;
    };
    // Mallory opens a transaction, takes the trail's head with a claim, and stays idle.
    let (mallory, connection) = tokio_postgres::connect(
        &format!(
            "host=127.0.0.1 port={} dbname={} user=mallory password='{PASSWORD}'",
            team.server.port(),
            identdesk_team::testing::DATABASE
        ),
        tokio_postgres::NoTls,
    )
    .await
    .unwrap();
    let held = tokio::spawn(connection);
    mallory.batch_execute("BEGIN").await.unwrap();
    mallory
        .execute(
            "SELECT identdesk.claim($1, $2, 't-held')",
            &[&Uuid::new_v4(), &team.account],
        )
        .await
        .unwrap();

    let alice = team.officer("alice");
    let started = Instant::now();
    let err = alice.claim(team.account, "t-alice").await.unwrap_err();
    let waited = started.elapsed();
    match &err {
        TeamError::Busy { holder, .. } => assert_eq!(holder.as_deref(), Some("mallory")),
        other => panic!("expected the trail to be busy, got {other:?}"),
    }
    assert!(err.to_string().contains("mallory"), "{err}");
    assert!(err.to_string().contains("Nothing was recorded"), "{err}");
    assert!(waited < Duration::from_secs(15), "waited {waited:?}");
    let holder = alice.trail_holder().await.unwrap().unwrap();
    assert_eq!(holder.role.as_deref(), Some("mallory"));

    // An administrator ends mallory's session (where the server lets the workspace signal
    // sessions: a superuser's init grants it; otherwise the error says who can).
    let admin = team.officer(TEAM_ADMIN);
    match admin.release_trail().await {
        Ok(released) => {
            assert_eq!(released.as_deref(), Some("mallory"));
            tokio::time::timeout(Duration::from_secs(10), held)
                .await
                .unwrap()
                .unwrap()
                .unwrap_err();
            assert_eq!(
                alice.claim(team.account, "t-alice").await.unwrap(),
                ClaimOutcome::Claimed
            );
        }
        Err(err) => {
            assert_eq!(team.init_as, InitAs::Managed, "{err}");
            assert!(err.to_string().contains("pg_terminate_backend"), "{err}");
        }
    }
}

#[tokio::test]
async fn oversized_and_malformed_text_is_refused() {
    let Some(team) = Team::start(InitAs::from_env()).await else {
        return;
    };
    let alice = team.officer("alice");
    alice.claim(team.account, "t-1").await.unwrap();
    assert_eq!(
        refusal(
            alice
                .created(team.account, "t-1", Some("Erika Mustermann"))
                .await
        ),
        Refusal::Invalid
    );
    assert_eq!(
        refusal(
            alice
                .record_action(Uuid::new_v4(), "export.csv", &"x".repeat(300), "")
                .await
        ),
        Refusal::Invalid
    );
    assert_eq!(
        refusal(
            alice
                .record_action(Uuid::new_v4(), "export.csv", "ok", &"y".repeat(501))
                .await
        ),
        Refusal::Invalid
    );
    assert_eq!(
        refusal(
            alice
                .propose(
                    team.account,
                    "t-1",
                    "accept",
                    &"n".repeat(501),
                    &seen("SUCCESS")
                )
                .await
        ),
        Refusal::Invalid
    );
    assert_eq!(
        refusal(
            alice
                .save_template(
                    team.account,
                    "many",
                    &serde_json::Value::Array(vec![serde_json::json!({"k": "v"}); 101]),
                )
                .await
        ),
        Refusal::Invalid
    );
    // Straight through psql, past the app's own clean-up: free text as a reason, a time
    // that is not one, a transaction number with spaces.
    for report in [
        r#"[{"txn": "t-1", "result": "SUCCESS", "reason": "Erika Mustermann, born 1964", "final": true}]"#,
        r#"[{"txn": "t-1", "result": "SUCCESS", "identifiedAt": "yesterday at noon", "final": true}]"#,
        r#"[{"txn": "t 1 Erika", "result": "SUCCESS", "final": true}]"#,
    ] {
        let out = team
            .server
            .psql(
                "alice",
                PASSWORD,
                &format!(
                    "SELECT identdesk.report_results(gen_random_uuid(), '{}', '{report}')",
                    team.account
                ),
            )
            .unwrap();
        assert!(!out.status.success(), "{report} was taken");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("IdentDesk sends")
                || String::from_utf8_lossy(&out.stderr).contains("transaction number")
                || String::from_utf8_lossy(&out.stderr).contains("not a time"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[tokio::test]
async fn a_superusers_edit_of_an_old_trail_entry_is_found() {
    let Some(team) = Team::start(InitAs::from_env()).await else {
        return;
    };
    let alice = team.officer("alice");
    for n in 0..3 {
        alice.claim(team.account, &format!("t-{n}")).await.unwrap();
    }
    let out = team
        .server
        .psql(
            identdesk_team::testing::ADMIN,
            &team.server.admin_password,
            "UPDATE identdesk.audit SET actor = 'bob' WHERE seq = 3",
        )
        .unwrap();
    assert!(out.status.success());
    let entries = alice.audit_entries(1, 1000).await.unwrap();
    let check = identdesk_team::verify_chain(&identdesk_team::Witness::genesis(), &entries);
    assert!(
        check
            .problem
            .as_deref()
            .is_some_and(|p| p.contains("entry 3 was changed")),
        "{check:?}"
    );
}
