//! What the window sends to create and gets to list, where it differs from the core's own
//! types: the create form (the person's fields and a robot scenario, which become IDnow's
//! request and marker) and a list row (its stage worked out, IDnow's codes beside their raw
//! text). References, links, answers and templates cross as the core's types.

use serde::{Deserialize, Serialize};

use crate::codes::{ReasonValue, ResultValue, RobotScenario};
use crate::identifications::IdentificationStage;
use crate::identifications::questions::TypedAnswer;

/// The person's data as the create form holds it (contract §3's fields; answers apart).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct PersonData {
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    /// `YYYY-MM-DD`.
    pub birthday: Option<String>,
    pub birthplace: Option<String>,
    pub birthname: Option<String>,
    pub title: Option<String>,
    /// `MALE` or `FEMALE`.
    pub gender: Option<String>,
    pub nationality: Option<String>,
    pub street: Option<String>,
    pub streetnumber: Option<String>,
    pub zipcode: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub email: Option<String>,
    pub mobilephone: Option<String>,
    pub custom1: Option<String>,
    pub custom2: Option<String>,
    pub custom3: Option<String>,
    pub custom4: Option<String>,
    pub custom5: Option<String>,
    pub trackingid: Option<String>,
    pub preferred_lang: Option<String>,
}

/// Both ways field by field: one list, so a new contract field is added in one place.
macro_rules! person_fields {
    ($($field:ident),+) => {
        impl From<PersonData> for idnow::IdentificationRequest {
            fn from(p: PersonData) -> Self {
                Self { $($field: p.$field,)+ ..Self::default() }
            }
        }

        impl From<&idnow::IdentificationRequest> for PersonData {
            fn from(r: &idnow::IdentificationRequest) -> Self {
                Self { $($field: r.$field.clone(),)+ }
            }
        }
    };
}
person_fields!(
    firstname,
    lastname,
    birthday,
    birthplace,
    birthname,
    title,
    gender,
    nationality,
    street,
    streetnumber,
    zipcode,
    city,
    country,
    email,
    mobilephone,
    custom1,
    custom2,
    custom3,
    custom4,
    custom5,
    trackingid,
    preferred_lang
);

/// The create form: person, answers, and on test accounts a robot scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewIdentification {
    pub account_id: String,
    /// Left empty, a UUID v4 is generated.
    pub transaction_number: Option<String>,
    pub person: PersonData,
    pub answers: Vec<TypedAnswer>,
    /// Plays this robot scenario (its marker goes into `custom5`).
    pub scenario: Option<RobotScenario>,
}

impl From<NewIdentification> for crate::NewIdentification {
    fn from(n: NewIdentification) -> Self {
        let mut person: idnow::IdentificationRequest = n.person.into();
        if let Some(scenario) = n.scenario {
            person.custom5 = Some(idnow::RobotScenario::from(scenario).marker());
        }
        Self {
            account_id: n.account_id,
            transaction_number: n.transaction_number,
            person,
            answers: n.answers,
        }
    }
}

/// One line of the identifications list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IdentificationRow {
    pub account_id: String,
    pub account_name: String,
    pub transaction_number: String,
    pub ident_id: Option<String>,
    pub stage: IdentificationStage,
    pub result: Option<ResultValue>,
    pub reason: Option<ReasonValue>,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Personal data was removed (canceled, retention ended, or deleted at IDnow).
    pub purged: bool,
    /// The officer who created it (in a team workspace, as the team knows it).
    pub created_by: Option<String>,
    /// Where its decision stands.
    pub decision: Option<crate::AcceptanceState>,
    /// Team: who proposed the standing decision.
    pub proposed_by: Option<String>,
    /// A Trust Platform session's flow, status and result word (`None`: a classic
    /// identification).
    pub session: Option<SessionFacts>,
}

/// What a list row of a Trust Platform session has beside a classic one's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionFacts {
    pub flow_id: String,
    /// As IDnow sent it (`CREATED`, `RUNNING`, `COMPLETED`, …).
    pub status: Option<String>,
    pub result: Option<crate::codes::SessionResultValue>,
}

impl From<crate::IdentificationRow> for IdentificationRow {
    fn from(r: crate::IdentificationRow) -> Self {
        let stage = match (&r.result, r.is_final, r.state) {
            (_, true, _) => IdentificationStage::Final,
            (Some(_), false, _) => IdentificationStage::Preliminary,
            (None, _, crate::IdentificationState::Outbox) => IdentificationStage::Outbox,
            (None, _, crate::IdentificationState::Created) => IdentificationStage::Waiting,
        };
        let session = r.flow_id.clone().map(|flow_id| SessionFacts {
            flow_id,
            status: r.session_status.clone(),
            result: r
                .result
                .as_deref()
                .map(crate::codes::SessionResultValue::of),
        });
        Self {
            session,
            stage,
            result: r.result.as_deref().map(ResultValue::of),
            reason: r.reason.as_deref().map(ReasonValue::of),
            account_id: r.account_id,
            account_name: r.account_name,
            transaction_number: r.transaction_number,
            ident_id: r.ident_id,
            firstname: r.firstname,
            lastname: r.lastname,
            created_at: r.created_at,
            updated_at: r.updated_at,
            purged: r.purged,
            created_by: r.created_by,
            decision: r.decision_state.as_deref().map(|state| match state {
                "proposed" => crate::AcceptanceState::Proposed,
                "confirmed" => crate::AcceptanceState::Confirmed,
                "voided" => crate::AcceptanceState::Voided,
                "unvouched" => crate::AcceptanceState::Unvouched,
                "unsigned" => crate::AcceptanceState::Unsigned,
                _ => crate::AcceptanceState::Decided,
            }),
            proposed_by: r.proposed_by,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ListPage {
    pub rows: Vec<IdentificationRow>,
    /// Rows matching the query in all pages.
    pub total: u32,
}

impl From<crate::ListPage> for ListPage {
    fn from(p: crate::ListPage) -> Self {
        Self {
            rows: p.rows.into_iter().map(Into::into).collect(),
            total: u32::try_from(p.total).unwrap_or(u32::MAX),
        }
    }
}

super::into_ipc_via_from!(
    crate::IdentificationRow => IdentificationRow,
    crate::ListPage => ListPage,
);
