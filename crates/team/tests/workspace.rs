//! The team workspace's security model on a real PostgreSQL server (a throwaway `initdb`
//! on loopback): what officers, auditors and administrators can and cannot do, through the
//! functions and with psql. Each test sets up its own server.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use std::time::Duration;

use identdesk_team::testing::{InitAs, TEAM_ADMIN, Throwaway};
use identdesk_team::{
    AdminSession, ClaimOutcome, Credential, ListenEvent, NewOfficer, OfficerRole, Refusal,
    ResultReport, SeenResult, TeamError, TlsPolicy, Witness, Workspace, verify_chain,
};
use uuid::Uuid;

const PASSWORD: &str = "correct horse battery";

struct Team {
    server: Throwaway,
    account: Uuid,
}

impl Team {
    /// `None` (the test skips) only where PostgreSQL is missing and not required.
    async fn start(officers: &[(&str, OfficerRole)]) -> Option<Team> {
        if identdesk_team::testing::skip_without_postgres("workspace") {
            return None;
        }
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
        let admin_ws = Workspace::new(
            server.target(TEAM_ADMIN),
            PASSWORD.into(),
            TlsPolicy::Loopback,
        );
        let account = admin_ws
            .register_account("Bank", "ihrebank", "de-test", None)
            .await
            .unwrap();
        Some(Team { server, account })
    }

    fn officer(&self, name: &str) -> Workspace {
        Workspace::new(
            self.server.target(name),
            PASSWORD.into(),
            TlsPolicy::Loopback,
        )
    }

    /// The team's administrator, signed in with `add-officer`'s rights.
    async fn admin(&self) -> AdminSession {
        AdminSession::connect(
            &self.server.target(TEAM_ADMIN),
            PASSWORD,
            &TlsPolicy::Loopback,
        )
        .await
        .unwrap()
    }

    fn psql(&self, name: &str, sql: &str) -> std::process::Output {
        self.server.psql(name, PASSWORD, sql).unwrap()
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

fn refusal(err: TeamError) -> Refusal {
    match err {
        TeamError::Refused { refusal, .. } => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// alice claims, creates and proposes to accept SUCCESS on `txn`.
async fn proposed(team: &Team, alice: &Workspace, txn: &str) {
    assert_eq!(
        alice.claim(team.account, txn).await.unwrap(),
        ClaimOutcome::Claimed
    );
    alice
        .created(team.account, txn, Some("TST-ABCDE"))
        .await
        .unwrap();
    alice
        .propose(
            team.account,
            txn,
            "accept",
            "documents in order",
            &seen("SUCCESS"),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn four_eyes_holds_in_the_server() {
    use OfficerRole::*;
    let Some(team) = Team::start(&[("alice", Officer), ("bob", Officer), ("carol", Auditor)]).await
    else {
        return;
    };
    let (alice, bob, carol) = (
        team.officer("alice"),
        team.officer("bob"),
        team.officer("carol"),
    );
    let me = alice.whoami().await.unwrap();
    assert_eq!(
        (me.officer.as_str(), me.roles()),
        ("alice", vec!["officer"])
    );

    proposed(&team, &alice, "t-1").await;
    // The proposer cannot confirm; the auditor cannot write at all.
    assert_eq!(
        refusal(
            alice
                .confirm(team.account, "t-1", &seen("SUCCESS"))
                .await
                .unwrap_err()
        ),
        Refusal::OwnProposal
    );
    assert!(matches!(
        carol.confirm(team.account, "t-1", &seen("SUCCESS")).await,
        Err(TeamError::Forbidden { .. })
    ));
    assert!(matches!(
        carol.claim(team.account, "t-2").await,
        Err(TeamError::Forbidden { .. })
    ));
    // A confirmation on a result other than the proposal's is refused.
    assert_eq!(
        refusal(
            bob.confirm(team.account, "t-1", &seen("FRAUD_SUSPICION_CONFIRMED"))
                .await
                .unwrap_err()
        ),
        Refusal::ResultChanged
    );
    bob.confirm(team.account, "t-1", &seen("SUCCESS"))
        .await
        .unwrap();
    assert_eq!(
        refusal(
            bob.confirm(team.account, "t-1", &seen("SUCCESS"))
                .await
                .unwrap_err()
        ),
        Refusal::AlreadyDecided
    );

    let state = bob.changes_since(0, 100).await.unwrap();
    let t1 = state
        .iter()
        .find(|c| c.transaction_number == "t-1")
        .unwrap();
    assert_eq!(
        (
            t1.state.as_deref(),
            t1.proposed_by.as_deref(),
            t1.confirmed_by.as_deref(),
            t1.created_by.as_deref()
        ),
        (Some("confirmed"), Some("alice"), Some("bob"), Some("alice"))
    );
    // The auditor reads the trail: actors are the database roles.
    let trail = carol.audit_newest(10, 0).await.unwrap();
    assert_eq!(
        (trail[0].action.as_str(), trail[0].actor.as_str()),
        ("decision.confirmed", "bob")
    );
    let proposal = trail
        .iter()
        .find(|e| e.action == "decision.proposed")
        .unwrap();
    assert_eq!(proposal.note.as_deref(), Some("documents in order"));
    // Bob's look at another result is kept as his observation, beside alice's.
    assert!(
        trail
            .iter()
            .any(|e| e.action == "result.conflict" && e.actor == "bob")
    );
}

#[tokio::test]
async fn no_officer_can_touch_a_table_with_psql() {
    let Some(team) = Team::start(&[
        ("alice", OfficerRole::Officer),
        ("adam", OfficerRole::Admin),
    ])
    .await
    else {
        return;
    };
    proposed(&team, &team.officer("alice"), "t-1").await;
    for who in ["alice", "adam", TEAM_ADMIN] {
        for sql in [
            "UPDATE identdesk.audit SET actor = 'x'",
            "DELETE FROM identdesk.audit",
            "TRUNCATE identdesk.audit",
            "INSERT INTO identdesk.proposals (account_id) VALUES (gen_random_uuid())",
            "SELECT * FROM identdesk.identifications",
            "SELECT identdesk._audit('x', 'y', 'z')",
            "CREATE TABLE public.mine (x int)",
            "CREATE TEMP TABLE mine (x int)",
        ] {
            let out = team.psql(who, sql);
            assert!(!out.status.success(), "{who}: {sql} was allowed");
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("permission denied"),
                "{who}: {sql}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    // Nothing beyond the plan, as `team status` checks it.
    assert_eq!(
        team.officer("alice").grant_findings().await.unwrap(),
        vec![]
    );
    // Passwords are stored as SCRAM verifiers.
    let stored = team
        .server
        .psql(
            "admin",
            &team.server.admin_password,
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'alice'",
        )
        .unwrap();
    assert!(String::from_utf8_lossy(&stored.stdout).contains("SCRAM-SHA-256$"));
}

#[tokio::test]
async fn another_officers_report_never_voids_a_proposal_and_two_confirms_make_one_decision() {
    use OfficerRole::*;
    let Some(team) = Team::start(&[("alice", Officer), ("bob", Officer), ("dave", Officer)]).await
    else {
        return;
    };
    let (alice, bob, dave) = (
        team.officer("alice"),
        team.officer("bob"),
        team.officer("dave"),
    );
    proposed(&team, &alice, "t-1").await;
    // Dave reports a made-up final result: it is kept, with its reporter, as a conflict, and
    // voids nothing.
    let forged = ResultReport {
        txn: "t-1".into(),
        result: "CANCELED".into(),
        reason: Some("OTHER_MISCELLANEOUS_PERMANENT".into()),
        identified_at: Some("2026-12-01T12:00:00+01:00".into()),
        is_final: true,
    };
    let outcome = dave.report_results(team.account, &[forged]).await.unwrap();
    assert_eq!((outcome.changed, outcome.conflicts), (1, 1));
    // Bob's own fresh fetch agrees with alice's: the decision stands.
    bob.confirm(team.account, "t-1", &seen("SUCCESS"))
        .await
        .unwrap();
    let t1 = bob
        .changes_since(0, 100)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.transaction_number == "t-1")
        .unwrap();
    assert_eq!(
        (t1.state.as_deref(), t1.confirmed_by.as_deref(), t1.conflict),
        (Some("confirmed"), Some("bob"), true)
    );
    let observed = bob.observations(team.account, "t-1").await.unwrap();
    assert!(
        observed
            .iter()
            .any(|o| o.reported_by == "dave" && o.result == "CANCELED" && o.outcome == "conflict"),
        "{observed:?}"
    );
    assert!(
        observed
            .iter()
            .any(|o| o.reported_by == "alice" && o.result == "SUCCESS")
    );
    let trail = bob.audit_newest(20, 0).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.action == "result.conflict" && e.actor == "dave"),
        "{trail:?}"
    );

    // The proposer's own newer observation voids her own proposal.
    proposed(&team, &alice, "t-2").await;
    let canceled = ResultReport {
        txn: "t-2".into(),
        result: "CANCELED".into(),
        reason: None,
        identified_at: Some("2026-12-01T12:00:00+01:00".into()),
        is_final: true,
    };
    alice
        .report_results(team.account, &[canceled])
        .await
        .unwrap();
    assert_eq!(
        refusal(
            bob.confirm(team.account, "t-2", &seen("SUCCESS"))
                .await
                .unwrap_err()
        ),
        Refusal::ResultChanged
    );

    // Two confirmations at the same moment: exactly one wins.
    for round in 0..5 {
        let txn = format!("race-{round}");
        proposed(&team, &alice, &txn).await;
        let success = seen("SUCCESS");
        let (b, d) = tokio::join!(
            bob.confirm(team.account, &txn, &success),
            dave.confirm(team.account, &txn, &success)
        );
        assert_eq!(u8::from(b.is_ok()) + u8::from(d.is_ok()), 1, "{b:?} {d:?}");
        let loser = b.err().or(d.err()).unwrap();
        assert_eq!(refusal(loser), Refusal::AlreadyDecided);
    }
}

#[tokio::test]
async fn a_transaction_number_is_claimed_once_across_the_team() {
    let Some(team) = Team::start(&[
        ("alice", OfficerRole::Officer),
        ("bob", OfficerRole::Officer),
    ])
    .await
    else {
        return;
    };
    let (alice, bob) = (team.officer("alice"), team.officer("bob"));
    let (a, b) = tokio::join!(
        alice.claim(team.account, "Same-1"),
        bob.claim(team.account, "same-1")
    );
    let outcomes = [a.unwrap(), b.unwrap()];
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == ClaimOutcome::Claimed)
            .count(),
        1,
        "{outcomes:?}"
    );
    let taken = outcomes
        .iter()
        .find(|o| matches!(o, ClaimOutcome::Taken { .. }))
        .unwrap();
    assert!(matches!(taken, ClaimOutcome::Taken { by } if by == "alice" || by == "bob"));
    // The winner's retry goes on (IDnow updates on a repeated number).
    let winner = if outcomes[0] == ClaimOutcome::Claimed {
        &alice
    } else {
        &bob
    };
    assert_eq!(
        winner.claim(team.account, "SAME-1").await.unwrap(),
        ClaimOutcome::Mine
    );
}

#[tokio::test]
async fn the_chain_verifies_here_and_the_witness_sees_a_shortened_trail() {
    let Some(team) = Team::start(&[("alice", OfficerRole::Officer)]).await else {
        return;
    };
    let alice = team.officer("alice");
    for n in 0..3 {
        alice.claim(team.account, &format!("t-{n}")).await.unwrap();
    }
    let entries = alice.audit_entries(1, 1000).await.unwrap();
    let check = verify_chain(&Witness::genesis(), &entries);
    assert_eq!(check.problem, None, "the server's hashes are ours");
    let witness = check.head.clone();
    assert_eq!(witness, alice.audit_head().await.unwrap());

    // A superuser shortens the trail and rewinds the head: the chain alone still holds,
    // the witness does not.
    let cut = format!(
        "DELETE FROM identdesk.audit WHERE seq > {keep};
         UPDATE identdesk.audit_head SET seq = {keep}, hash = (SELECT hash FROM identdesk.audit WHERE seq = {keep});",
        keep = witness.count - 2
    );
    let out = team
        .server
        .psql("admin", &team.server.admin_password, &cut)
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = alice.audit_entries(1, 1000).await.unwrap();
    assert_eq!(verify_chain(&Witness::genesis(), &after).problem, None);
    let head = alice.audit_head().await.unwrap();
    assert!(
        head.count < witness.count,
        "the witness is past the server's head"
    );
    assert!(
        alice
            .audit_entries(witness.count, 1)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_one_time_password_is_changed_at_the_first_join() {
    let Some(team) = Team::start(&[]).await else {
        return;
    };
    let one_time = team
        .admin()
        .await
        .add_officer(&NewOfficer {
            name: "erin".into(),
            role: OfficerRole::Officer,
            credential: Credential::OneTime,
        })
        .await
        .unwrap()
        .unwrap();
    let mut erin = Workspace::new(
        team.server.target("erin"),
        one_time.clone(),
        TlsPolicy::Loopback,
    );
    assert!(erin.whoami().await.unwrap().must_change_password);
    // The one-time password the administrator saw allows nothing but replacing it.
    assert_eq!(
        refusal(erin.claim(team.account, "t-erin").await.unwrap_err()),
        Refusal::OneTimePassword
    );
    assert!(matches!(
        erin.audit_head().await,
        Err(TeamError::Refused {
            refusal: Refusal::OneTimePassword,
            ..
        })
    ));
    erin.change_password("a much better password")
        .await
        .unwrap();
    assert!(!erin.whoami().await.unwrap().must_change_password);
    assert_eq!(
        erin.claim(team.account, "t-erin").await.unwrap(),
        ClaimOutcome::Claimed
    );
    let stale = Workspace::new(team.server.target("erin"), one_time, TlsPolicy::Loopback);
    assert!(matches!(
        stale.whoami().await,
        Err(TeamError::SignIn { .. })
    ));
}

#[tokio::test]
async fn a_colleagues_proposal_is_announced_and_the_server_stopped_is_a_clear_error() {
    let Some(team) = Team::start(&[
        ("alice", OfficerRole::Officer),
        ("bob", OfficerRole::Officer),
    ])
    .await
    else {
        return;
    };
    let (alice, bob) = (team.officer("alice"), team.officer("bob"));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let _listening = bob.listen(tx);
    let connected = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .unwrap();
    assert_eq!(connected, Some(ListenEvent::Connected));
    proposed(&team, &alice, "t-1").await;
    let heard = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .unwrap();
    assert!(
        matches!(heard, Some(ListenEvent::Notified(id)) if id > 0),
        "{heard:?}"
    );

    team.server.stop().unwrap();
    assert!(matches!(
        alice.claim(team.account, "t-2").await,
        Err(TeamError::Unreachable { .. })
    ));
    let gone = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Some(ListenEvent::Disconnected(_)) = rx.recv().await {
                return;
            }
        }
    })
    .await;
    assert!(gone.is_ok(), "the listener noticed");
    team.server.start_again().unwrap();
    assert_eq!(
        alice.claim(team.account, "t-2").await.unwrap(),
        ClaimOutcome::Claimed
    );
}

#[tokio::test]
async fn init_is_safe_to_run_again() {
    let Some(team) = Team::start(&[("alice", OfficerRole::Officer)]).await else {
        return;
    };
    let mut admin = AdminSession::connect(
        &team.server.admin_target(),
        &team.server.admin_password,
        &TlsPolicy::Loopback,
    )
    .await
    .unwrap();
    assert_eq!(
        admin.init(None).await.unwrap().schema_version,
        identdesk_team::SCHEMA_VERSION
    );
    assert_eq!(
        team.officer("alice").whoami().await.unwrap().schema_version,
        identdesk_team::SCHEMA_VERSION
    );
    // A second first administrator is refused: the team's administrators add more.
    assert!(matches!(
        admin
            .init(Some(&NewOfficer {
                name: "another".into(),
                role: OfficerRole::Admin,
                credential: Credential::OneTime,
            }))
            .await,
        Err(TeamError::Invalid { field: "admin", .. })
    ));
}

#[tokio::test]
async fn a_confirmation_racing_a_contradicting_report_always_stands() {
    use OfficerRole::*;
    let Some(team) = Team::start(&[("alice", Officer), ("bob", Officer), ("dave", Officer)]).await
    else {
        return;
    };
    let (alice, bob, dave) = (
        team.officer("alice"),
        team.officer("bob"),
        team.officer("dave"),
    );
    for round in 0..8 {
        let txn = format!("race-report-{round}");
        proposed(&team, &alice, &txn).await;
        let cancel = ResultReport {
            txn: txn.clone(),
            result: "CANCELED".into(),
            reason: None,
            identified_at: Some("2026-12-01T12:00:00+01:00".into()),
            is_final: true,
        };
        let success = seen("SUCCESS");
        let (confirm, report) = tokio::join!(
            bob.confirm(team.account, &txn, &success),
            dave.report_results(team.account, std::slice::from_ref(&cancel))
        );
        report.unwrap();
        confirm.unwrap();
        let state = team
            .server
            .admin_value(&format!(
                "SELECT state || ',' || coalesce(confirmed_by, '') || ',' || (voided_by_report IS NOT NULL)
                   FROM identdesk.proposals WHERE txn_key = '{txn}'"
            ))
            .unwrap();
        assert_eq!(state, "confirmed,bob,false", "round {round}");
    }
}
