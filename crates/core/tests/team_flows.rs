//! Officers in a team workspace on a real PostgreSQL server, each with their own data
//! folder and core, sharing one IDnow (the sandbox): four-eyes across machines, creation
//! claimed once across the team, the server away, no personal data on the server, and the
//! witness that sees a shortened trail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod team;

use identdesk_core::{AcceptanceState, Decision, ErrorCode, IdentificationRef, ListQuery};
use identdesk_team::OfficerRole::{Admin, Officer};
use team::Team;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_officer_proposes_and_another_confirms() {
    let Some(team) = Team::start(&[("alice", Officer), ("bob", Officer)]).await else {
        return;
    };
    let (alice, bob) = (team.officer("alice").await, team.officer("bob").await);
    let txn = alice.create("Mustermann", "HAPPYPATH").await;
    team.advance_idnow(200);
    alice.sync().await;
    let summary = bob.sync().await;
    assert!(summary.team.unwrap().is_ok());

    // Bob's list shows who created it; nothing waits for him yet.
    let waiting = ListQuery {
        waiting_for_me: true,
        ..ListQuery::default()
    };
    assert_eq!(
        bob.core
            .identifications()
            .list(&waiting)
            .await
            .unwrap()
            .total,
        0
    );
    let row = bob
        .core
        .identifications()
        .detail(&bob.ident(&txn))
        .await
        .unwrap()
        .row;
    assert_eq!(row.created_by.as_deref(), Some("alice"));

    let proposed = alice
        .core
        .decisions()
        .record(
            &alice.ident(&txn),
            Decision::Accept,
            "documents in order",
            "SUCCESS",
        )
        .await
        .unwrap();
    assert_eq!(
        (proposed.state, proposed.proposed_by.as_str()),
        (AcceptanceState::Proposed, "alice")
    );
    // Alice cannot confirm her own proposal; the server says so.
    let own = alice
        .core
        .decisions()
        .confirm(&alice.ident(&txn))
        .await
        .unwrap_err();
    assert_eq!(own.code(), ErrorCode::TeamRefused, "{own}");
    assert!(own.to_string().contains("second officer"), "{own}");

    // Bob sees it waiting for him, and confirms.
    let news = bob.core.team().refresh().await.unwrap();
    assert_eq!((news.newly_waiting, news.waiting_for_me), (1, 1));
    let page = bob.core.identifications().list(&waiting).await.unwrap();
    assert_eq!(page.rows[0].transaction_number, txn);
    assert_eq!(page.rows[0].proposed_by.as_deref(), Some("alice"));
    let panel = bob.core.decisions().panel(&bob.ident(&txn)).await.unwrap();
    assert!(panel.team && panel.can_confirm);
    let confirmed = bob
        .core
        .decisions()
        .confirm(&bob.ident(&txn))
        .await
        .unwrap();
    // Signed by both, but no colleague has vouched for either key yet: it does not count.
    assert_eq!(
        (confirmed.state, confirmed.confirmed_by.as_deref()),
        (AcceptanceState::Unvouched, Some("bob"))
    );
    // They compare fingerprints and vouch for each other: now it counts, everywhere.
    team::vouch_each_other(&[&alice, &bob]).await;

    alice.core.team().refresh().await.unwrap();
    let seen = alice
        .core
        .decisions()
        .acceptance(&alice.ident(&txn))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen.state, AcceptanceState::Confirmed);
    // One trail for the team, with the database roles as actors.
    let trail = alice.core.audit().log(50, 0).await.unwrap();
    let actors: Vec<(&str, &str)> = trail
        .iter()
        .map(|e| (e.action.as_str(), e.actor.as_str()))
        .collect();
    assert!(
        actors.contains(&("decision.proposed", "alice")),
        "{actors:?}"
    );
    assert!(
        actors.contains(&("decision.confirmed", "bob")),
        "{actors:?}"
    );
    // The trail names the account as alice's folder knows it, and keeps the team's id.
    let registered = trail
        .iter()
        .find(|e| e.action == "account.registered")
        .unwrap();
    assert_eq!(registered.subject_name.as_deref(), Some("Bank"));
    assert_ne!(registered.subject, "Bank");
    assert!(alice.core.audit().verify().await.unwrap().intact);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_result_refuses_the_confirmation_and_the_proposers_own_look_voids_it() {
    let Some(team) = Team::start(&[("alice", Officer), ("bob", Officer)]).await else {
        return;
    };
    let (alice, bob) = (team.officer("alice").await, team.officer("bob").await);
    let txn = alice.create("Mustermann", "HAPPYPATH").await;
    team.advance_idnow(200);
    alice.sync().await;
    bob.sync().await;
    alice
        .core
        .decisions()
        .record(
            &alice.ident(&txn),
            Decision::Reject,
            "photo unclear",
            "SUCCESS",
        )
        .await
        .unwrap();
    // IDnow cancels it afterwards: Bob's confirmation fetches the new result and is refused.
    let cancel = format!(
        "{}/sandbox/{}/identifications/{txn}/cancel",
        team.sandbox.base_url(),
        team::COMPANY
    );
    assert!(
        reqwest::Client::new()
            .post(cancel)
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );
    let refused = bob
        .core
        .decisions()
        .confirm(&bob.ident(&txn))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::TeamRefused, "{refused}");
    // Bob's observation is his: it voids nobody else's proposal.
    bob.core.team().refresh().await.unwrap();
    let ident = bob.ident(&txn);
    let state = async || {
        bob.core
            .decisions()
            .acceptance(&ident)
            .await
            .unwrap()
            .unwrap()
            .state
    };
    assert_eq!(state().await, AcceptanceState::Proposed);
    // Alice's own sync sees the cancellation: her own newer observation voids her proposal.
    alice.sync().await;
    bob.core.team().refresh().await.unwrap();
    assert_eq!(state().await, AcceptanceState::Voided);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_officers_importing_the_same_file_create_each_row_once() {
    let Some(team) = Team::start(&[("alice", Officer), ("bob", Officer)]).await else {
        return;
    };
    let (alice, bob) = (team.officer("alice").await, team.officer("bob").await);
    let mut csv = String::from("transactionnumber,firstname,lastname\n");
    for n in 0..200 {
        csv.push_str(&format!("bulk-{n:03},Anna,Muster{n}\n"));
    }
    let file = alice.dir.path().join("import.csv");
    std::fs::write(&file, csv).unwrap();
    let before = team.sandbox.create_calls();
    let (at_alice, at_bob) = (alice.core.identifications(), bob.core.identifications());
    let (a, b) = tokio::join!(
        at_alice.bulk_create(&alice.account, &file, &|_, _| {}),
        at_bob.bulk_create(&bob.account, &file, &|_, _| {})
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(
        a.created + b.created,
        200,
        "alice {} bob {}",
        a.created,
        b.created
    );
    assert_eq!(a.taken.len() + b.taken.len(), 200);
    assert_eq!(
        team.sandbox.create_calls() - before,
        200,
        "each row reached IDnow once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_server_away_nothing_is_recorded_and_the_cache_still_reads() {
    let Some(team) = Team::start(&[("alice", Officer)]).await else {
        return;
    };
    let alice = team.officer("alice").await;
    let txn = alice.create("Mustermann", "HAPPYPATH").await;
    team.advance_idnow(200);
    alice.sync().await;
    team.server.stop().unwrap();

    let refused = alice
        .core
        .identifications()
        .create_identification(identdesk_core::NewIdentification {
            account_id: alice.account.clone(),
            transaction_number: Some("offline-1".into()),
            person: identdesk_core::IdentificationRequest {
                firstname: Some("Bea".into()),
                ..Default::default()
            },
            answers: Vec::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::TeamUnreachable, "{refused}");
    assert!(
        refused.to_string().contains("Nothing was recorded"),
        "{refused}"
    );
    let all = alice
        .core
        .identifications()
        .list(&ListQuery::default())
        .await
        .unwrap();
    assert_eq!(all.total, 1, "nothing queued");
    let detail = alice
        .core
        .identifications()
        .detail(&alice.ident(&txn))
        .await
        .unwrap();
    assert_eq!(detail.row.result.as_deref(), Some("SUCCESS"));
    let decided = alice
        .core
        .decisions()
        .record(&alice.ident(&txn), Decision::Accept, "fine", "SUCCESS")
        .await
        .unwrap_err();
    assert_eq!(decided.code(), ErrorCode::TeamUnreachable);
    // The sync with IDnow stands; the team's part says why it did not run.
    let summary = alice.sync().await;
    assert_eq!(
        summary.team.unwrap().unwrap_err().code,
        ErrorCode::TeamUnreachable
    );
    let status = alice.core.team().status().await.unwrap();
    assert!(status.joined && !status.reachable && status.problem.is_some());

    team.server.start_again().unwrap();
    assert!(alice.core.team().status().await.unwrap().reachable);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_team_database_holds_no_personal_data() {
    let Some(team) = Team::start(&[("alice", Officer), ("bob", Officer)]).await else {
        return;
    };
    let (alice, bob) = (team.officer("alice").await, team.officer("bob").await);
    let canary = identdesk_core::IdentificationRequest {
        firstname: Some("Canaryfirstname".into()),
        lastname: Some("Canarylastname".into()),
        birthday: Some("1961-02-03".into()),
        street: Some("Canarystrasse".into()),
        city: Some("Canarystadt".into()),
        email: Some("canary.person@example.de".into()),
        mobilephone: Some("+4915199887766".into()),
        custom1: Some("X-AUTOTEST-HAPPYPATH".into()),
        ..Default::default()
    };
    let created = alice
        .core
        .identifications()
        .create_identification(identdesk_core::NewIdentification {
            account_id: alice.account.clone(),
            transaction_number: None,
            person: canary,
            answers: Vec::new(),
        })
        .await
        .unwrap();
    let txn = created.transaction_number;
    alice
        .core
        .identifications()
        .start_test_robots(&alice.ident(&txn))
        .await
        .unwrap();
    team.advance_idnow(200);
    alice.sync().await;
    bob.sync().await;
    alice
        .core
        .decisions()
        .record(&alice.ident(&txn), Decision::Accept, "ok", "SUCCESS")
        .await
        .unwrap();
    bob.core
        .decisions()
        .confirm(&bob.ident(&txn))
        .await
        .unwrap();
    alice
        .core
        .files()
        .export_csv(
            &ListQuery::default(),
            true,
            &alice.dir.path().join("list.csv"),
        )
        .await
        .unwrap();
    alice.sync().await;

    let dump = team.server.dump().unwrap();
    assert!(dump.contains(&txn), "the dump holds the workspace");
    for canary in [
        "Canary",
        "CANARY",
        "1961-02-03",
        "canary.person",
        "99887766",
    ] {
        assert!(!dump.contains(canary), "{canary} is in the team database");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_witness_sees_a_shortened_trail() {
    let Some(team) = Team::start(&[("alice", Officer), ("adam", Admin)]).await else {
        return;
    };
    let alice = team.officer("alice").await;
    for n in 0..3 {
        alice.create(&format!("Muster{n}"), "HAPPYPATH").await;
    }
    let status = alice.core.team().status().await.unwrap();
    assert!(status.trail.as_ref().unwrap().intact, "{status:?}");
    assert!(status.beyond_plan.is_empty(), "{:?}", status.beyond_plan);
    let seen = status.trail.unwrap().entries;

    let cut = format!(
        "DELETE FROM identdesk.audit WHERE seq > {keep};
         UPDATE identdesk.audit_head SET seq = {keep}, hash = (SELECT hash FROM identdesk.audit WHERE seq = {keep});",
        keep = seen - 3
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

    let trail = alice.core.team().status().await.unwrap().trail.unwrap();
    assert!(!trail.intact);
    assert!(trail.problem.unwrap().contains("removed"));
    assert!(!alice.core.audit().verify().await.unwrap().intact);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notify_flood_costs_at_most_a_few_re_reads_a_second() {
    let Some(team) = Team::start(&[("alice", Officer), ("mallory", Officer)]).await else {
        return;
    };
    let alice = team.officer("alice").await;
    let mut watch = alice.core.team().watch().await.unwrap().unwrap();
    assert!(matches!(
        tokio::time::timeout(std::time::Duration::from_secs(10), watch.next_burst()).await,
        Ok(Some(identdesk_core::TeamEvent::Connected))
    ));
    // Any role may NOTIFY the channel: mallory sends 1 500, one per statement, for ~2 s.
    let (mallory, connection) = tokio_postgres::connect(
        &format!(
            "host=127.0.0.1 port={} dbname={} user=mallory password='{}'",
            team.server.port(),
            identdesk_team::testing::DATABASE,
            team::PASSWORD
        ),
        tokio_postgres::NoTls,
    )
    .await
    .unwrap();
    tokio::spawn(connection);
    let flood = tokio::spawn(async move {
        for n in 0..1_500 {
            mallory
                .execute("SELECT pg_notify('identdesk', $1)", &[&n.to_string()])
                .await
                .unwrap();
            if n % 10 == 0 {
                tokio::time::sleep(std::time::Duration::from_millis(12)).await;
            }
        }
    });
    let started = std::time::Instant::now();
    let mut bursts = 0;
    while started.elapsed() < std::time::Duration::from_secs(3) {
        if let Ok(Some(_)) =
            tokio::time::timeout(std::time::Duration::from_millis(500), watch.next_burst()).await
        {
            bursts += 1;
        }
    }
    flood.await.unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert!(bursts >= 2, "the flood was heard ({bursts} bursts)");
    assert!(
        f64::from(bursts) <= seconds * 4.0 + 2.0,
        "{bursts} re-reads in {seconds:.1} s"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_naming_the_person_is_refused_and_the_decision_waits() {
    let Some(team) = Team::start(&[("alice", Officer), ("bob", Officer)]).await else {
        return;
    };
    let alice = team.officer("alice").await;
    let txn = alice.create("Mustermann", "HAPPYPATH").await;
    team.advance_idnow(200);
    alice.sync().await;
    for note in ["Frau Mustermann looked fine", "anna seemed nervous"] {
        let refused = alice
            .core
            .decisions()
            .record(&alice.ident(&txn), Decision::Accept, note, "SUCCESS")
            .await
            .unwrap_err();
        assert_eq!(refused.code(), ErrorCode::InvalidInput, "{refused}");
        assert!(refused.to_string().contains("personal data"), "{refused}");
    }
    assert!(
        alice
            .core
            .decisions()
            .acceptance(&alice.ident(&txn))
            .await
            .unwrap()
            .is_none()
    );
    alice
        .core
        .decisions()
        .record(
            &alice.ident(&txn),
            Decision::Accept,
            "documents in order",
            "SUCCESS",
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decision_written_past_the_functions_counts_for_nothing_and_audit_verify_says_so() {
    let Some(team) = Team::start(&[("alice", Officer), ("bob", Officer)]).await else {
        return;
    };
    let (alice, bob) = (team.officer("alice").await, team.officer("bob").await);
    team::vouch_each_other(&[&alice, &bob]).await;
    let txn = alice.create("Mustermann", "HAPPYPATH").await;
    team.advance_idnow(200);
    alice.sync().await;
    alice
        .core
        .decisions()
        .record(
            &alice.ident(&txn),
            Decision::Accept,
            "documents in order",
            "SUCCESS",
        )
        .await
        .unwrap();
    assert!(alice.core.audit().verify().await.unwrap().intact);
    // A superuser marks it confirmed by bob, and appends a correctly hashed trail entry.
    let key = txn.to_lowercase();
    let forged = team
        .server
        .psql(
            identdesk_team::testing::ADMIN,
            &team.server.admin_password,
            &format!(
                "BEGIN;
                 UPDATE identdesk.proposals SET state = 'confirmed', confirmed_by = 'bob', confirmed_at = now()
                  WHERE txn_key = '{key}';
                 UPDATE identdesk.identifications SET change_seq = nextval('identdesk.change_seq') WHERE txn_key = '{key}';
                 WITH e AS (SELECT seq + 1 AS seq, hash AS prev, '2026-12-05T10:00:00.000000Z' AS at FROM identdesk.audit_head)
                 INSERT INTO identdesk.audit (seq, at, actor, action, subject, detail, note_sha256, prev_hash, hash)
                 SELECT e.seq, e.at, 'bob', 'decision.confirmed', '{txn}', 'accept SUCCESS proposed by alice', '', e.prev,
                        identdesk._entry_hash(e.prev, e.seq, e.at, 'bob', 'decision.confirmed', '{txn}',
                                              'accept SUCCESS proposed by alice', '')
                   FROM e;
                 UPDATE identdesk.audit_head SET seq = (SELECT max(seq) FROM identdesk.audit),
                        hash = (SELECT hash FROM identdesk.audit ORDER BY seq DESC LIMIT 1);
                 COMMIT;"
            ),
        )
        .unwrap();
    assert!(
        forged.status.success(),
        "{}",
        String::from_utf8_lossy(&forged.stderr)
    );
    // Every officer's app: the decision is not signed by its officer, never confirmed.
    for officer in [&alice, &bob] {
        officer.core.team().refresh().await.unwrap();
        let state = officer
            .core
            .decisions()
            .acceptance(&officer.ident(&txn))
            .await
            .unwrap()
            .unwrap()
            .state;
        assert_eq!(state, AcceptanceState::Unsigned, "{}", officer.name);
        let verified = officer.core.audit().verify().await.unwrap();
        assert!(!verified.intact, "{}", officer.name);
        assert!(
            verified
                .problem
                .as_deref()
                .is_some_and(|p| p.contains("not signed by its officer")),
            "{verified:?}"
        );
        let status = officer.core.team().status().await.unwrap();
        assert!(
            status
                .trail
                .unwrap()
                .signatures
                .iter()
                .any(|s| s.contains("decision.confirmed by bob")),
            "{}",
            officer.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_made_up_report_shows_as_a_conflict_with_its_reporter_and_blocks_nothing() {
    let Some(team) =
        Team::start(&[("alice", Officer), ("bob", Officer), ("mallory", Officer)]).await
    else {
        return;
    };
    let (alice, bob) = (team.officer("alice").await, team.officer("bob").await);
    team::vouch_each_other(&[&alice, &bob]).await;
    let txn = alice.create("Mustermann", "HAPPYPATH").await;
    team.advance_idnow(200);
    alice.sync().await;
    bob.sync().await;
    // Mallory, with psql and her password, reports a made-up final result.
    let account = alice
        .core
        .team()
        .status()
        .await
        .unwrap()
        .accounts
        .first()
        .and_then(|a| a.team_name.clone())
        .unwrap();
    assert_eq!(account, "Bank");
    let registry = identdesk_team::Workspace::new(
        team.server.target("mallory"),
        team::PASSWORD.into(),
        identdesk_team::TlsPolicy::Loopback,
    );
    let account_id = registry.accounts().await.unwrap()[0].id;
    registry
        .report_results(
            account_id,
            &[identdesk_team::ResultReport {
                txn: txn.clone(),
                result: "FRAUD_SUSPICION_CONFIRMED".into(),
                reason: None,
                identified_at: Some("2026-11-26T09:05:00+01:00".into()),
                is_final: true,
            }],
        )
        .await
        .unwrap();
    // Alice and bob decide all the same; the detail names the conflict and each reporter.
    alice
        .core
        .decisions()
        .record(
            &alice.ident(&txn),
            Decision::Accept,
            "documents in order",
            "SUCCESS",
        )
        .await
        .unwrap();
    bob.core.team().refresh().await.unwrap();
    let confirmed = bob
        .core
        .decisions()
        .confirm(&bob.ident(&txn))
        .await
        .unwrap();
    assert_eq!(confirmed.state, AcceptanceState::Confirmed);
    let detail = alice
        .core
        .identifications()
        .detail(&alice.ident(&txn))
        .await
        .unwrap();
    let reporters: Vec<(&str, &str)> = detail
        .observations
        .iter()
        .map(|o| (o.reported_by.as_str(), o.result.as_str()))
        .collect();
    assert!(
        reporters.contains(&("mallory", "FRAUD_SUSPICION_CONFIRMED")),
        "{reporters:?}"
    );
    assert!(reporters.contains(&("alice", "SUCCESS")), "{reporters:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sessions_decision_is_proposed_by_one_officer_and_confirmed_by_another() {
    let Some(team) = Team::start(&[("alice", Officer), ("bob", Officer)]).await else {
        return;
    };
    team.register_platform_account().await;
    let (alice, bob) = (team.officer("alice").await, team.officer("bob").await);
    let (alice_tp, bob_tp) = (
        alice.add_platform_account(&team).await,
        bob.add_platform_account(&team).await,
    );
    let flows = alice.core.sessions().flows(&alice_tp).await.unwrap();
    let created = alice
        .core
        .sessions()
        .create(identdesk_core::NewSessionInput {
            account_id: alice_tp.clone(),
            flow_id: flows[0].id.clone(),
            given_name: Some("Anna".into()),
            family_name: Some("Sitzung".into()),
            birth_date: Some("1980-02-03".into()),
            ..identdesk_core::NewSessionInput::default()
        })
        .await
        .unwrap();
    assert!(
        team.sandbox
            .move_trust_session(&created.session_id, "COMPLETED", Some("accepted"))
    );
    let status = alice.sync().await.team.unwrap().unwrap();
    assert!(status.reported >= 1, "{status:?}");
    bob.sync().await;

    // The team maps each kind to its own registry entry.
    let linked = alice.core.team().status().await.unwrap().accounts;
    let tp_link = linked.iter().find(|a| a.account_id == alice_tp).unwrap();
    assert_eq!(tp_link.team_name.as_deref(), Some("Bank TP"), "{linked:?}");

    let at_alice = IdentificationRef::new(&alice_tp, &created.session_id);
    let at_bob = IdentificationRef::new(&bob_tp, &created.session_id);
    // A decision binds to the session's result word as seen.
    let stale = alice
        .core
        .decisions()
        .record(
            &at_alice,
            Decision::Accept,
            "documents in order",
            "REJECTED",
        )
        .await;
    assert!(
        stale.is_err(),
        "a result the officer did not see is refused"
    );
    let proposed = alice
        .core
        .decisions()
        .record(
            &at_alice,
            Decision::Accept,
            "documents in order",
            "ACCEPTED",
        )
        .await
        .unwrap();
    assert_eq!(proposed.state, AcceptanceState::Proposed);

    let news = bob.core.team().refresh().await.unwrap();
    assert_eq!(news.waiting_for_me, 1);
    let waiting = ListQuery {
        waiting_for_me: true,
        ..ListQuery::default()
    };
    let page = bob.core.identifications().list(&waiting).await.unwrap();
    assert_eq!(page.rows[0].transaction_number, created.session_id);
    assert!(page.rows[0].flow_id.is_some(), "it is a session");
    let confirmed = bob.core.decisions().confirm(&at_bob).await.unwrap();
    assert_eq!(confirmed.confirmed_by.as_deref(), Some("bob"));
    team::vouch_each_other(&[&alice, &bob]).await;
    alice.core.team().refresh().await.unwrap();
    let seen = alice
        .core
        .decisions()
        .acceptance(&at_alice)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen.state, AcceptanceState::Confirmed);
}
