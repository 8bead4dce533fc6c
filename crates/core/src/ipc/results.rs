//! One identification in full, as the detail screen and `show --json` give it. Written
//! out because it differs from the core's detail: IDnow's codes (result, reason, each
//! field's status) beside their raw text, the sent request as the create form's fields,
//! and a colleague's contradicting report flagged.

use serde::{Deserialize, Serialize};

use super::identifications::{IdentificationRow, PersonData};
use crate::codes::{LeafStatusValue, ReasonValue, ResultValue};
use crate::identifications::UserLinks;
use crate::identifications::detail::KeyValue;

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResultDetail {
    pub result: Option<ResultValue>,
    pub reason: Option<ReasonValue>,
    pub agent: Option<String>,
    pub identified_at: Option<String>,
    /// WEB or APP.
    pub channel: Option<String>,
    /// User data and address, in the contract's order.
    pub person: Vec<FieldView>,
    pub document: Vec<FieldView>,
    pub contact: Vec<KeyValue>,
    pub custom: Vec<KeyValue>,
    pub questions: Vec<KeyValue>,
    pub esigning: Option<String>,
    pub fetched_at: String,
}

/// One captured value and how it compares with what was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FieldView {
    pub name: String,
    pub value: Option<String>,
    pub status: Option<LeafStatusValue>,
    /// What the company sent, when IDnow reports it (CHANGE, ORIGINAL).
    pub original: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub result: ResultValue,
    pub reason: Option<ReasonValue>,
    pub identified_at: Option<String>,
    pub observed_at: String,
}

impl From<crate::IdentificationDetail> for IdentificationDetail {
    fn from(d: crate::IdentificationDetail) -> Self {
        Self {
            row: d.row.into(),
            sent: PersonData::from(&d.request),
            links: d.links,
            result: d.result.map(Into::into),
            history: d.history.into_iter().map(Into::into).collect(),
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

impl From<crate::ResultDetail> for ResultDetail {
    fn from(r: crate::ResultDetail) -> Self {
        let fields = |items: Vec<crate::FieldView>| items.into_iter().map(Into::into).collect();
        Self {
            result: r.result.as_deref().map(ResultValue::of),
            reason: r.reason.as_deref().map(ReasonValue::of),
            agent: r.agent,
            identified_at: r.identified_at,
            channel: r.channel,
            person: fields(r.person),
            document: fields(r.document),
            contact: r.contact,
            custom: r.custom,
            questions: r.questions,
            esigning: r.esigning,
            fetched_at: r.fetched_at,
        }
    }
}

impl From<crate::FieldView> for FieldView {
    fn from(f: crate::FieldView) -> Self {
        Self {
            name: f.name,
            value: f.value,
            status: f.status.as_deref().map(LeafStatusValue::of),
            original: f.original,
        }
    }
}

impl From<crate::HistoryEntry> for HistoryEntry {
    fn from(h: crate::HistoryEntry) -> Self {
        Self {
            result: ResultValue::of(&h.result),
            reason: h.reason.as_deref().map(ReasonValue::of),
            identified_at: h.identified_at,
            observed_at: h.observed_at,
        }
    }
}

super::into_ipc_via_from!(crate::IdentificationDetail => IdentificationDetail);
