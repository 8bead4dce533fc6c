//! One identification in full, as the detail screen and `show --json` give it. Written
//! out because it differs from the core's detail: IDnow's codes (result, reason, each
//! field's status) beside their raw text, the sent request as the create form's fields,
//! and a colleague's contradicting report flagged.

use serde::{Deserialize, Serialize};

use super::identifications::{IdentificationRow, PersonData};
use crate::identifications::UserLinks;
use crate::identifications::detail::{HistoryEntry, ResultDetail};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IdentificationDetail {
    pub row: IdentificationRow,
    /// What the company sent (empty once purged).
    pub sent: PersonData,
    pub links: Option<UserLinks>,
    pub result: Option<ResultDetail>,
    pub history: Vec<HistoryEntry>,
    /// Whether the stored result archive's signature was verified, when one is stored.
    pub archive_signature: Option<super::ArchiveSignature>,
    /// The decision on it: proposed, confirmed or voided (team), or decided (solo).
    pub decision: Option<super::Acceptance>,
    /// Team: officers reported contradicting final results — each observation.
    pub observations: Vec<Observation>,
}

/// One officer's observation of the result at IDnow (a team with contradicting reports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    pub result: String,
    pub reason: Option<String>,
    pub identified_at: Option<String>,
    pub is_final: bool,
    pub reported_by: String,
    pub reported_at: String,
    /// Whether this report contradicted the final result the team had.
    pub contradicted: bool,
}

impl From<crate::IdentificationDetail> for IdentificationDetail {
    fn from(d: crate::IdentificationDetail) -> Self {
        Self {
            row: d.row.into(),
            sent: PersonData::from(&d.request),
            links: d.links,
            result: d.result,
            history: d.history,
            archive_signature: d.archive_signature,
            decision: d.decision,
            observations: d
                .observations
                .into_iter()
                .map(|o| Observation {
                    contradicted: o.outcome == "conflict",
                    result: o.result,
                    reason: o.reason,
                    identified_at: o.identified_at,
                    is_final: o.is_final,
                    reported_by: o.reported_by,
                    reported_at: o.reported_at,
                })
                .collect(),
        }
    }
}

super::into_ipc_via_from!(crate::IdentificationDetail => IdentificationDetail);
