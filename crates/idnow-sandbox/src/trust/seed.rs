//! Many finished Trust Platform sessions at once, for sync tests and the benchmark: each
//! created a second after the one before (so newest-first paging has one order), completed
//! with its flow's blocks and files, for a person with a made-up name.

use chrono::TimeDelta;
use serde_json::json;

use super::api::finish;
use super::flows::FLOWS;
use super::session::TrustSession;
use crate::state::SandboxState;

/// Adds `count` completed, accepted sessions of the `flow`-th sample flow (0, 1 or 2) in
/// `environment`, created up to now. Returns how many the flow has.
pub fn seed(state: &SandboxState, flow: usize, environment: &str, count: usize) -> usize {
    let Some(flow) = FLOWS.get(flow) else {
        return 0;
    };
    let now = state.now();
    let mut trust = state.trust();
    let mut files = Vec::new();
    for n in 0..count {
        let created = now - TimeDelta::seconds(i64::try_from(count - n).unwrap_or(0));
        let id = uuid::Uuid::new_v4().to_string();
        let mut session = TrustSession {
            subject_id: format!("subj_seed{n:08}"),
            flow_id: flow.id,
            environment: environment.to_owned(),
            status: "CREATED",
            outcome: None,
            created_at: created,
            updated_at: created,
            completed_at: None,
            redirect_url: None,
            state: None,
            blocks: vec![(
                "basicIdentity".to_owned(),
                "START".to_owned(),
                json!({"givenName": "Erika", "familyName": format!("Seeded{n}"), "birthDate": "1980-01-01"}),
                created,
            )],
            id,
        };
        finish(&mut session, "COMPLETED", None, created, &mut files);
        trust.sessions.push(session);
    }
    trust.files.extend(files);
    trust
        .sessions
        .iter()
        .filter(|s| s.flow_id == flow.id && s.environment == environment)
        .count()
}
