//! Trust Platform sessions, beside the classic identifications: a Trust Platform account's
//! flows, creating a session for one, the sessions sync and a session's detail and files.
//! A session is a row of the same `identifications` table (its id where a transaction
//! number stands), so the list, search, the overview, retention, purge and decisions treat
//! both kinds alike; what only sessions have (flow, raw status, data blocks) is here.

pub(crate) mod create;
pub(crate) mod detail;
pub(crate) mod flows;
mod row;
pub(crate) mod sandbox_play;
pub(crate) mod sync;

pub use create::{CreatedSession, NewSessionInput};
pub use detail::{BlockView, SessionDetail, SessionFile};
pub use flows::FlowSummary;
pub use sandbox_play::SandboxPlay;

use crate::context::service;

service! {
    /// Trust Platform sessions: flows, creation, sync, detail, files.
    SessionService
}

/// The one word a session's result is listed, filtered and counted by (the `result`
/// column): its outcome when it completed, else the terminal status it ended in; `None`
/// while it runs. Outcomes are compared without regard to case and written in capitals;
/// an unknown one is kept as sent.
pub(crate) fn result_word(session: &idnow_trust::Session) -> Option<String> {
    use idnow_trust::SessionStatus;
    match &session.status {
        SessionStatus::Completed => Some(
            session
                .outcome
                .as_ref()
                .map_or_else(|| "COMPLETED".to_owned(), outcome_word),
        ),
        SessionStatus::Error | SessionStatus::Aborted | SessionStatus::Expired => {
            Some(session.status.as_str().to_owned())
        }
        SessionStatus::Created | SessionStatus::Running | SessionStatus::Other(_) => None,
    }
}

fn outcome_word(outcome: &idnow_trust::Outcome) -> String {
    use idnow_trust::Outcome;
    match outcome {
        Outcome::Accepted => "ACCEPTED".to_owned(),
        Outcome::Rejected => "REJECTED".to_owned(),
        Outcome::NoOutcome => "NO_OUTCOME".to_owned(),
        Outcome::Other(raw) => raw.clone(),
    }
}

/// A session that ended this way loses its personal data at once, like a classic
/// identification IDnow canceled: it never reached a decision.
pub(crate) fn purged_at_once(session: &idnow_trust::Session) -> bool {
    use idnow_trust::SessionStatus;
    matches!(
        session.status,
        SessionStatus::Expired | SessionStatus::Aborted
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(status: &str, outcome: Option<&str>) -> idnow_trust::Session {
        let mut json = serde_json::json!({"sessionId": "s", "sessionStatus": status});
        if let Some(outcome) = outcome {
            json["outcome"] = outcome.into();
        }
        idnow_trust::Session::decode(json.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn a_session_has_a_result_word_once_it_ended_and_unknown_outcomes_stay_as_sent() {
        assert_eq!(result_word(&session("RUNNING", None)), None);
        assert_eq!(result_word(&session("CREATED", Some("accepted"))), None);
        assert_eq!(
            result_word(&session("COMPLETED", Some("accepted"))).as_deref(),
            Some("ACCEPTED")
        );
        assert_eq!(
            result_word(&session("completed", Some("REJECTED"))).as_deref(),
            Some("REJECTED")
        );
        assert_eq!(
            result_word(&session("COMPLETED", Some("referred"))).as_deref(),
            Some("referred")
        );
        assert_eq!(
            result_word(&session("COMPLETED", None)).as_deref(),
            Some("COMPLETED")
        );
        assert_eq!(
            result_word(&session("EXPIRED", None)).as_deref(),
            Some("EXPIRED")
        );
        assert!(purged_at_once(&session("ABORTED", None)));
        assert!(!purged_at_once(&session("ERROR", None)));
    }
}
