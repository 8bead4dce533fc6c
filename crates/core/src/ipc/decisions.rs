//! Accepting or rejecting a final result.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Accept,
    Reject,
}

impl From<Decision> for crate::Decision {
    fn from(d: Decision) -> Self {
        match d {
            Decision::Accept => Self::Accept,
            Decision::Reject => Self::Reject,
        }
    }
}

impl From<crate::Decision> for Decision {
    fn from(d: crate::Decision) -> Self {
        match d {
            crate::Decision::Accept => Self::Accept,
            crate::Decision::Reject => Self::Reject,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum AcceptanceState {
    /// Waiting for a second officer (team workspace).
    Proposed,
    /// Two officers agreed (team workspace).
    Confirmed,
    /// One officer decided (solo mode).
    Decided,
    /// A newer result arrived before confirmation; propose again.
    Voided,
    /// Confirmed with a key no colleague has vouched for yet: it does not count (team).
    Unvouched,
    /// Not signed by its officer: written past the team's functions — possible tampering.
    Unsigned,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Acceptance {
    pub decision: Decision,
    pub note: String,
    pub result_at_proposal: String,
    pub proposed_by: String,
    pub proposed_at: String,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<String>,
    pub state: AcceptanceState,
}

impl From<crate::Acceptance> for Acceptance {
    fn from(a: crate::Acceptance) -> Self {
        Self {
            decision: a.decision.into(),
            note: a.note,
            result_at_proposal: a.result_at_proposal,
            proposed_by: a.proposed_by,
            proposed_at: a.proposed_at,
            confirmed_by: a.confirmed_by,
            confirmed_at: a.confirmed_at,
            state: match a.state {
                crate::AcceptanceState::Proposed => AcceptanceState::Proposed,
                crate::AcceptanceState::Confirmed => AcceptanceState::Confirmed,
                crate::AcceptanceState::Decided => AcceptanceState::Decided,
                crate::AcceptanceState::Voided => AcceptanceState::Voided,
                crate::AcceptanceState::Unvouched => AcceptanceState::Unvouched,
                crate::AcceptanceState::Unsigned => AcceptanceState::Unsigned,
            },
        }
    }
}

super::into_ipc_via_from!(crate::Acceptance => Acceptance);
