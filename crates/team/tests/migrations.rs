//! `team init` migrating a workspace the previous version made, with data in it: released
//! schema files are never edited, so what the team recorded before must stay readable,
//! decidable and verifiable after, and the grants must be this version's plan.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use identdesk_team::testing::{InitAs, TEAM_ADMIN, Throwaway};
use identdesk_team::{
    AdminSession, ClaimOutcome, Credential, FactKind, NewOfficer, OfficerRole, OverviewFact,
    OverviewWindow, ResultReport, SCHEMA_VERSION, SeenResult, TlsPolicy, Witness, Workspace,
    verify_chain,
};

const PASSWORD: &str = "correct horse battery";

fn officer(name: &str, role: OfficerRole) -> NewOfficer {
    NewOfficer {
        name: name.into(),
        role,
        credential: Credential::Password(PASSWORD.into()),
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

/// The whole team's overview from mid-November to the year's end, in Berlin.
fn window() -> OverviewWindow {
    let at = |text: &str| chrono::DateTime::parse_from_rfc3339(text).unwrap().to_utc();
    OverviewWindow {
        account: None,
        previous_from: at("2026-10-01T00:00:00+02:00"),
        from: at("2026-11-15T00:00:00+01:00"),
        to: at("2027-01-01T00:00:00+01:00"),
        now: chrono::Utc::now(),
        time_zone: "Europe/Berlin".into(),
        open_codes: vec!["REVIEW_PENDING".into()],
        final_codes: vec!["SUCCESS".into(), "FRAUD_SUSPICION_CONFIRMED".into()],
    }
}

/// Facts in a comparable order.
fn sorted(facts: Vec<OverviewFact>) -> Vec<String> {
    let mut facts: Vec<String> = facts.iter().map(|f| format!("{f:?}")).collect();
    facts.sort();
    facts
}

#[tokio::test]
async fn a_workspace_the_previous_version_made_keeps_its_officers_accounts_decisions_and_trail() {
    if identdesk_team::testing::skip_without_postgres("migrations") {
        return;
    }
    let server = Throwaway::start().unwrap();
    // As the tests' `team init` runs: a superuser, or a managed server's CREATEROLE role.
    let init_target = match InitAs::from_env() {
        InitAs::Superuser => server.admin_target(),
        InitAs::Managed => server.managed_admin().unwrap(),
    };
    let connect_init =
        || AdminSession::connect(&init_target, &server.admin_password, &TlsPolicy::Loopback);
    let previous = SCHEMA_VERSION - 1;
    let made = connect_init()
        .await
        .unwrap()
        .init_as_version(previous, Some(&officer(TEAM_ADMIN, OfficerRole::Admin)))
        .await
        .unwrap();
    assert_eq!(made.schema_version, previous);

    // The previous version's team at work: officers, an account, a claimed and created
    // identification with its final result reported, and a proposal waiting.
    let mut admin =
        AdminSession::connect(&server.target(TEAM_ADMIN), PASSWORD, &TlsPolicy::Loopback)
            .await
            .unwrap();
    for name in ["alice", "bob"] {
        admin
            .add_officer(&officer(name, OfficerRole::Officer))
            .await
            .unwrap();
    }
    let at = |name: &str| Workspace::new(server.target(name), PASSWORD.into(), TlsPolicy::Loopback);
    let account = at(TEAM_ADMIN)
        .register_account("Bank", "ihrebank", "de-test", None)
        .await
        .unwrap();
    let alice = at("alice");
    assert_eq!(
        alice.claim(account, "t-1").await.unwrap(),
        ClaimOutcome::Claimed
    );
    alice
        .created(account, "t-1", Some("TST-ABCDE"))
        .await
        .unwrap();
    let report = ResultReport {
        txn: "t-1".into(),
        result: "SUCCESS".into(),
        reason: None,
        identified_at: Some("2026-12-01T10:00:00+01:00".into()),
        is_final: true,
    };
    alice.report_results(account, &[report]).await.unwrap();
    alice
        .propose(
            account,
            "t-1",
            "accept",
            "documents in order",
            &seen("SUCCESS"),
        )
        .await
        .unwrap();
    // One still waiting for its result.
    assert_eq!(
        alice.claim(account, "t-2").await.unwrap(),
        ClaimOutcome::Claimed
    );
    let head_before = alice.audit_head().await.unwrap();
    assert!(head_before.count >= 5, "{head_before:?}");
    let facts_before = sorted(alice.overview_facts(&window()).await.unwrap());
    assert!(
        facts_before.iter().any(|f| f.contains("Waiting"))
            && facts_before.iter().any(|f| f.contains("Result")),
        "{facts_before:?}"
    );

    // This version's init migrates it.
    let migrated = connect_init().await.unwrap().init(None).await.unwrap();
    assert_eq!(migrated.schema_version, SCHEMA_VERSION);

    let (alice, bob) = (at("alice"), at("bob"));
    assert_eq!(alice.whoami().await.unwrap().schema_version, SCHEMA_VERSION);
    let accounts = bob.accounts().await.unwrap();
    assert!(accounts.iter().any(|a| a.id == account && a.name == "Bank"));
    let changes = bob.changes_since(0, 100).await.unwrap();
    let waiting = changes
        .iter()
        .find(|c| c.transaction_number == "t-1")
        .expect("the identification is still the team's");
    assert_eq!(waiting.state.as_deref(), Some("proposed"));
    assert_eq!(waiting.proposed_by.as_deref(), Some("alice"));
    assert_eq!(waiting.created_by.as_deref(), Some("alice"));

    // The trail the previous version wrote is the start of today's, and it still verifies.
    let trail_after = alice.audit_entries(1, 1000).await.unwrap();
    assert_eq!(
        verify_chain(&Witness::genesis(), &trail_after).problem,
        None
    );
    let last_before = usize::try_from(head_before.count - 1).unwrap();
    assert_eq!(trail_after[last_before].hash, head_before.hash);
    // The grants are this version's plan, whatever the older files granted.
    assert_eq!(alice.grant_findings().await.unwrap(), Vec::new());

    // Schema 5: the overview is read from counts kept as identifications change; what the
    // team had before is counted by the migration, the same facts as the scan gave.
    assert_eq!(
        sorted(bob.overview_facts(&window()).await.unwrap()),
        facts_before
    );
    let later = ResultReport {
        txn: "t-2".into(),
        result: "FRAUD_SUSPICION_CONFIRMED".into(),
        reason: Some("FORGED_DOCUMENT".into()),
        identified_at: Some("2026-12-02T10:00:00Z".into()),
        is_final: true,
    };
    alice.report_results(account, &[later]).await.unwrap();
    let facts_after = bob.overview_facts(&window()).await.unwrap();
    assert!(
        facts_after.iter().all(|f| f.kind != FactKind::Waiting),
        "t-2 has its result now: {facts_after:?}"
    );
    assert!(
        facts_after.iter().any(|f| f.kind == FactKind::Result
            && f.result.as_deref() == Some("FRAUD_SUSPICION_CONFIRMED")
            && f.reason.as_deref() == Some("FORGED_DOCUMENT")
            && f.count == 1),
        "{facts_after:?}"
    );

    // Schema 4: accounts have a kind. What was registered before is classic; a Trust
    // Platform account with the same id and environment is an account of its own, and
    // registering it again finds it.
    assert!(accounts.iter().all(|a| a.kind == "classic"), "{accounts:?}");
    let admin = at(TEAM_ADMIN);
    let classic = admin
        .register_account("Sandbox", "sandbox", "sandbox", None)
        .await
        .unwrap();
    let platform = admin
        .register_platform_account("Sandbox TP", "sandbox", "sandbox", None)
        .await
        .unwrap();
    assert_ne!(classic, platform);
    assert_eq!(
        admin
            .register_platform_account("Sandbox TP", "sandbox", "sandbox", None)
            .await
            .unwrap(),
        platform
    );
    let kinds: Vec<(String, String)> = bob
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.company_id == "sandbox")
        .map(|a| (a.name, a.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Sandbox".to_owned(), "classic".to_owned()),
            ("Sandbox TP".to_owned(), "trust-platform".to_owned())
        ]
    );
    // Officers may not register accounts of either kind.
    assert!(
        alice
            .register_platform_account("Mine", "x", "sandbox", None)
            .await
            .is_err()
    );
}
