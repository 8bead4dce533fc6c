//! Every example body in the Trust Platform contract (`docs/idnow-trust-platform-contract.md`)
//! decodes with the type its section names, and every variant §9 lists decodes to the same
//! meaning. A new example in the contract fails here until it has a reader.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use idnow_trust::{
    BlockStatus, CreatedSession, DataBlocks, FlowPage, NewSession, Outcome, Session,
    SessionMetadata, SessionPage, SessionStatus, VaultRef,
};
use serde_json::{Value, json};

/// The contract's JSON examples, each with the heading it stands under.
fn examples() -> Vec<(String, String)> {
    let contract = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/idnow-trust-platform-contract.md"
    ))
    .unwrap();
    let mut heading = String::new();
    let mut found = Vec::new();
    let mut lines = contract.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("## ") || line.starts_with("### ") {
            heading = line.trim_start_matches('#').trim().to_owned();
        } else if line.trim() == "```json" {
            let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
            found.push((heading.clone(), body.join("\n")));
        }
    }
    found
}

#[test]
fn every_example_in_the_contract_decodes_with_its_sections_type() {
    let examples = examples();
    assert_eq!(
        examples.len(),
        7,
        "the contract's examples changed: give each a reader"
    );
    for (heading, body) in &examples {
        let bytes = body.as_bytes();
        let section = heading.split_whitespace().next().unwrap_or_default();
        match section {
            "3.1" => {
                let flows = FlowPage::decode(bytes).unwrap();
                assert_eq!(flows.content.len(), 1);
                assert_eq!(flows.content[0].version.as_deref(), Some("1"));
                assert!(flows.page.unwrap().has_next());
            }
            "3.2" if body.contains("\"input\"") => {
                // The request: what IdentDesk sends makes exactly this body.
                let example: Value = serde_json::from_str(body).unwrap();
                let ours = NewSession {
                    input: example["input"].as_object().unwrap().clone(),
                    metadata: SessionMetadata {
                        subject_id: "customer-internal-subject-id-123".into(),
                        locale: Some("en".into()),
                    },
                    redirect_url: Some("https://example.com/verification".into()),
                    state: Some("csrf-token-or-state-value".into()),
                };
                assert_eq!(serde_json::to_value(&ours).unwrap(), example);
            }
            "3.2" => {
                let created = CreatedSession::decode(bytes).unwrap();
                assert_eq!(created.session_id, "0197c55f-5af6-7e3d-af9b-f2359b104be8");
                assert_eq!(created.status, SessionStatus::Created);
                assert_eq!(created.flow_version.as_deref(), Some("2"));
                assert_eq!(created.expires_at.as_deref(), Some("2024-11-05T10:30:00Z"));
                assert!(created.player_url.unwrap().starts_with("https://player."));
            }
            "3.3" => {
                let page = SessionPage::decode(bytes).unwrap();
                let session = &page.content[0];
                assert_eq!(session.status, SessionStatus::Completed);
                assert_eq!(session.outcome, Some(Outcome::Accepted));
                assert_eq!(session.subject_id.as_deref(), Some("subj_8f3a2c91b47d4e6b"));
                assert_eq!(session.expires_at, None);
                assert_eq!(session.last_step.as_ref().unwrap().step, "step_end_001");
                assert_eq!(page.page.unwrap().total_pages, 3);
            }
            "3.4" => {
                let session = Session::decode(bytes).unwrap();
                assert_eq!(
                    session.outcome,
                    Some(Outcome::Accepted),
                    "ACCEPTED in capitals"
                );
                let step = session.last_step.unwrap();
                assert_eq!(
                    (step.step.as_str(), step.description.as_deref()),
                    ("END", Some("END"))
                );
                assert_eq!(session.subject_id, None);
            }
            "3.5" => {
                let blocks = DataBlocks::decode(bytes).unwrap().blocks;
                assert_eq!(blocks.len(), 2);
                assert_eq!(blocks[0].kind, "basicIdentity");
                assert_eq!(blocks[0].step.as_deref(), Some("START"));
                assert_eq!(blocks[1].clock, Some(3));
                assert_eq!(
                    blocks[1].files(),
                    [VaultRef("48b99c09-8747-4ef0-9692-6bd24c089c72".into())]
                );
            }
            // Webhooks are not received (a desktop has no public address; the app polls).
            "7." => assert!(body.contains("eventId")),
            other => panic!("no reader for the example under {other}: {heading}"),
        }
    }
}

#[test]
fn flows_all_at_once_with_versions_as_text_and_ids_that_are_not_uuids() {
    let flows = FlowPage::decode(
        br#"{"content": [{"id": "0197c55f-5af6-7e6g-x", "name": "Doc only", "version": "3",
            "environment": "staging", "shade": "blue"}]}"#,
    )
    .unwrap();
    assert_eq!(flows.page, None);
    let flow = &flows.content[0];
    assert_eq!(
        (flow.id.as_str(), flow.version.as_deref()),
        ("0197c55f-5af6-7e6g-x", Some("3"))
    );
    assert_eq!(flow.other["shade"], "blue", "unknown fields are kept");
}

#[test]
fn a_created_session_with_its_id_beside_the_context_and_no_expiry() {
    let created = CreatedSession::decode(
        br#"{"flowId": "f", "flowVersion": 1, "environment": "staging",
             "sessionId": "123", "sessionStatus": "CREATED", "playerUrl": "https://p/?token=t"}"#,
    )
    .unwrap();
    assert_eq!(created.session_id, "123");
    assert_eq!(created.expires_at, None);
    assert!(
        CreatedSession::decode(br#"{"flowId": "f"}"#).is_err(),
        "no id: an error"
    );
}

#[test]
fn sessions_decode_every_outcome_spelling_and_keep_unknown_ones() {
    let outcome = |text: &str| {
        Session::decode(
            format!(r#"{{"sessionId": "s", "sessionStatus": "COMPLETED", "outcome": "{text}"}}"#)
                .as_bytes(),
        )
        .unwrap()
        .outcome
    };
    assert_eq!(outcome("rejected"), Some(Outcome::Rejected));
    assert_eq!(outcome("REJECTED"), Some(Outcome::Rejected));
    assert_eq!(outcome("NO_OUTCOME"), Some(Outcome::NoOutcome));
    assert_eq!(outcome("referred"), Some(Outcome::Other("referred".into())));
    let infra = Session::decode(
        br#"{"sessionId": "s", "sessionStatus": "completed", "decisionOutcome": "accepted",
             "results": {"outcomeStatus": {"$ref": "datablock"}}, "updatedAt": "2026-01-02T00:00:00Z"}"#,
    )
    .unwrap();
    assert_eq!(infra.outcome, Some(Outcome::Accepted));
    assert!(infra.status.is_terminal());
    assert_eq!(
        infra.settled_at(),
        Some("2026-01-02T00:00:00Z"),
        "no completedAt: updatedAt"
    );
    assert!(
        infra.other.contains_key("results"),
        "production's results are kept"
    );
    let unknown = Session::decode(br#"{"sessionId": "s", "sessionStatus": "PAUSED"}"#).unwrap();
    assert_eq!(unknown.status, SessionStatus::Other("PAUSED".into()));
}

#[test]
fn data_blocks_in_each_documented_shape_mean_the_same() {
    let newest = json!({"dataBlocks": [{
        "datablockId": "b1", "type": "basicIdentity", "createdBy": {"stepId": "START", "clock": 1},
        "createdAt": "2026-02-26T22:27:53.206Z", "status": "STORED",
        "content": {"familyName": "Muster", "givenName": "Anna", "birthDate": "1990-03-24"}}]});
    let dev1 = json!({"dataBlocks": [{
        "datablockId": "b1", "type": "BasicIdentity", "lastStep": {"stepId": "START"},
        "createdAt": "2026-02-26T22:27:53.206Z", "status": "STORED",
        "familyName": "Muster", "givenName": "Anna", "birthDate": "1990-03-24"}]});
    let sandbox = json!({"datablocks": [{
        "id": "b1", "type": "BasicIdentity", "createdByStep": "START",
        "createdAt": "2026-02-26T22:27:53.206Z",
        "familyName": "Muster", "givenName": "Anna", "birthDate": "1990-03-24"}]});
    let read = |body: &Value| {
        DataBlocks::decode(body.to_string().as_bytes())
            .unwrap()
            .blocks
    };
    let expected = read(&newest);
    for variant in [&dev1, &sandbox] {
        let blocks = read(variant);
        assert_eq!(blocks[0].kind, expected[0].kind);
        assert_eq!(blocks[0].step, expected[0].step);
        assert_eq!(blocks[0].content, expected[0].content, "{variant}");
        assert_eq!(blocks[0].id.as_deref(), Some("b1"));
    }
    let deleted = DataBlocks::decode(
        br#"{"dataBlocks": [{"datablockId": "b2", "type": "documentImages", "status": "DELETED", "content": null}]}"#,
    )
    .unwrap();
    assert_eq!(deleted.blocks[0].status, BlockStatus::Deleted);
    assert_eq!(deleted.blocks[0].content, None);
    let unknown = DataBlocks::decode(
        br#"{"dataBlocks": [{"type": "deviceSignals", "status": "ARCHIVED",
             "content": {"result": "pass", "nested": [{"$ref": "vault", "$id": "file_abc123xyz"}]}}]}"#,
    )
    .unwrap();
    assert_eq!(
        unknown.blocks[0].status,
        BlockStatus::Other("ARCHIVED".into())
    );
    assert_eq!(
        unknown.blocks[0].files(),
        [VaultRef("file_abc123xyz".into())]
    );
}
