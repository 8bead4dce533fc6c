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
    AdminSession, ClaimOutcome, Credential, DecisionSignatures, Finding, GrantFinding, KeyBook,
    NewOfficer, OfficerKey, OfficerRole, Refusal, ResultReport, SeenResult, TeamError, TlsPolicy,
    Workspace,
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

/// An officer's session signing with a key of its own, registered in the trail.
async fn signed(team: &Team, name: &str) -> Workspace {
    let workspace = team.officer(name).with_signer(OfficerKey::generate());
    workspace.register_key().await.unwrap();
    workspace
}

/// The trail as every app checks it: the key book and what it found.
async fn check(reader: &Workspace) -> (KeyBook, Vec<Finding>) {
    let workspace = reader.workspace_id().await.unwrap().to_string();
    let entries = reader.audit_entries(1, 10_000).await.unwrap();
    let mut book = KeyBook::new(&workspace);
    let findings = book.apply(&entries);
    (book, findings)
}

async fn verdict(reader: &Workspace, txn: &str) -> DecisionSignatures {
    let (book, _) = check(reader).await;
    let change = reader
        .changes_since(0, 1000)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.transaction_number == txn)
        .unwrap();
    book.decision(
        &change.transaction_number,
        change.decision.as_deref().unwrap_or_default(),
        change.on_result.as_deref().unwrap_or_default(),
        change.on_identified_at.as_deref(),
        change.proposed_by.as_deref().unwrap_or_default(),
        &change.proposal_signed,
        change.confirmed_by.as_deref(),
        &change.confirmation_signed,
    )
}

#[tokio::test]
async fn only_two_officers_vouched_keys_make_a_decision_and_a_forgery_shows() {
    for init_as in BOTH {
        let Some(team) = Team::start(init_as).await else {
            return;
        };
        let (alice, bob) = (signed(&team, "alice").await, signed(&team, "bob").await);
        let (alice_key, bob_key) = (alice.signer().unwrap().id(), bob.signer().unwrap().id());
        // The first two officers vouch for each other (having compared fingerprints).
        alice.vouch_key(&bob_key).await.unwrap();
        bob.vouch_key(&alice_key).await.unwrap();
        assert_eq!(
            refusal(alice.vouch_key(&alice_key).await),
            Refusal::OwnProposal,
            "nobody vouches for their own key"
        );
        alice.claim(team.account, "t-1").await.unwrap();
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
        let (book, findings) = check(&bob).await;
        assert_eq!(findings, vec![], "{init_as:?}");
        assert!(book.keys[&alice_key].vouched_seq.is_some());
        assert_eq!(verdict(&bob, "t-1").await, DecisionSignatures::Signed);

        // A superuser marks a waiting proposal confirmed by bob, and appends a matching,
        // correctly hashed trail entry: the chain holds, the signatures do not.
        alice.claim(team.account, "t-2").await.unwrap();
        alice
            .propose(
                team.account,
                "t-2",
                "accept",
                "documents in order",
                &seen("SUCCESS"),
            )
            .await
            .unwrap();
        let forged = team.server.psql(
            identdesk_team::testing::ADMIN,
            &team.server.admin_password,
            "BEGIN;
             UPDATE identdesk.proposals SET state = 'confirmed', confirmed_by = 'bob', confirmed_at = now()
              WHERE txn_key = 't-2';
             UPDATE identdesk.identifications SET change_seq = nextval('identdesk.change_seq') WHERE txn_key = 't-2';
             WITH h AS (SELECT seq + 1 AS seq, hash FROM identdesk.audit_head),
                  e AS (SELECT h.seq, h.hash AS prev, '2026-12-05T10:00:00.000000Z' AS at FROM h)
             INSERT INTO identdesk.audit (seq, at, actor, action, subject, detail, note_sha256, prev_hash, hash)
             SELECT e.seq, e.at, 'bob', 'decision.confirmed', 't-2', 'accept SUCCESS proposed by alice', '', e.prev,
                    identdesk._entry_hash(e.prev, e.seq, e.at, 'bob', 'decision.confirmed', 't-2',
                                          'accept SUCCESS proposed by alice', '')
               FROM e;
             UPDATE identdesk.audit_head SET seq = (SELECT max(seq) FROM identdesk.audit),
                    hash = (SELECT hash FROM identdesk.audit ORDER BY seq DESC LIMIT 1);
             COMMIT;",
        )
        .unwrap();
        assert!(
            forged.status.success(),
            "{}",
            String::from_utf8_lossy(&forged.stderr)
        );
        let entries = bob.audit_entries(1, 10_000).await.unwrap();
        assert_eq!(
            identdesk_team::verify_chain(&identdesk_team::Witness::genesis(), &entries).problem,
            None,
            "the forgery keeps the chain"
        );
        let (_, findings) = check(&bob).await;
        assert!(
            findings
                .iter()
                .any(|f| matches!(f, Finding::NotSigned { actor, action, .. }
                if actor == "bob" && action == "decision.confirmed")),
            "{findings:?}"
        );
        assert_eq!(verdict(&bob, "t-2").await, DecisionSignatures::NotSigned);

        // A puppet the administrator adds signs with a key nobody vouched for: its
        // confirmation decides nothing; the puppet cannot vouch for itself either.
        let mut admin = AdminSession::connect(
            &team.server.target(TEAM_ADMIN),
            PASSWORD,
            &TlsPolicy::Loopback,
        )
        .await
        .unwrap();
        admin
            .add_officer(&NewOfficer {
                name: "puppet".into(),
                role: OfficerRole::Officer,
                credential: Credential::Password(PASSWORD.into()),
            })
            .await
            .unwrap();
        let puppet = signed(&team, "puppet").await;
        alice.claim(team.account, "t-3").await.unwrap();
        alice
            .propose(
                team.account,
                "t-3",
                "accept",
                "documents in order",
                &seen("SUCCESS"),
            )
            .await
            .unwrap();
        puppet
            .confirm(team.account, "t-3", &seen("SUCCESS"))
            .await
            .unwrap();
        assert_eq!(verdict(&bob, "t-3").await, DecisionSignatures::Unvouched);

        // The administrator resets bob's password and registers a key in his name: every
        // app pins bob's first key and says so; that key decides nothing unvouched.
        admin
            .add_officer(&NewOfficer {
                name: "bob".into(),
                role: OfficerRole::Officer,
                credential: Credential::Password("the admin's choice 42".into()),
            })
            .await
            .unwrap();
        let fake_bob = Workspace::new(
            team.server.target("bob"),
            "the admin's choice 42".into(),
            TlsPolicy::Loopback,
        )
        .with_signer(OfficerKey::generate());
        fake_bob.register_key().await.unwrap();
        alice.claim(team.account, "t-4").await.unwrap();
        alice
            .propose(
                team.account,
                "t-4",
                "accept",
                "documents in order",
                &seen("SUCCESS"),
            )
            .await
            .unwrap();
        fake_bob
            .confirm(team.account, "t-4", &seen("SUCCESS"))
            .await
            .unwrap();
        let (_, findings) = check(&alice).await;
        assert!(
            findings
                .iter()
                .any(|f| matches!(f, Finding::KeyChanged { officer, .. } if officer == "bob")),
            "{findings:?}"
        );
        assert_eq!(verdict(&alice, "t-4").await, DecisionSignatures::Unvouched);
    }
}

#[tokio::test]
async fn a_signature_by_a_key_that_is_not_the_callers_is_refused() {
    let Some(team) = Team::start(InitAs::from_env()).await else {
        return;
    };
    let alice = signed(&team, "alice").await;
    // Mallory signs with alice's key: the server refuses a key that is not the caller's.
    let mallory = team
        .officer("mallory")
        .with_signer(alice.signer().unwrap().clone());
    assert_eq!(
        refusal(mallory.claim(team.account, "t-m").await),
        Refusal::Invalid
    );
}
