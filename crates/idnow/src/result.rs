//! An identification as IDnow reports it (contract §6), decoded tolerantly: every section
//! may be missing, new fields are ignored, and unknown codes are kept as their raw text.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

/// The result object of `GET …/identifications/{txn}` and of each list entry. A section
/// IDnow sends as `null` reads as empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Identification {
    #[serde(deserialize_with = "or_default")]
    pub identificationprocess: IdentificationProcess,
    #[serde(deserialize_with = "or_default")]
    pub customdata: CustomData,
    #[serde(deserialize_with = "or_default")]
    pub contactdata: ContactData,
    #[serde(deserialize_with = "or_default")]
    pub userdata: UserData,
    #[serde(deserialize_with = "or_default")]
    pub identificationdocument: IdentificationDocument,
    #[serde(
        skip_serializing_if = "serde_json::Map::is_empty",
        deserialize_with = "or_default"
    )]
    pub attachments: serde_json::Map<String, serde_json::Value>,
    #[serde(
        skip_serializing_if = "serde_json::Map::is_empty",
        deserialize_with = "or_default"
    )]
    pub questions: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub esigning: Option<serde_json::Value>,
}

/// `null` (or nothing) as the type's empty value.
fn or_default<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// One result of a list as IDnow sent it, byte for byte, and decoded — or why it could not
/// be (the raw text is kept either way, and the sync counts it).
#[derive(Debug, Clone)]
pub struct ReceivedIdentification {
    /// The result object's JSON exactly as received: what the cache keeps.
    pub raw: String,
    pub decoded: Result<Identification, String>,
}

impl ReceivedIdentification {
    pub fn from_raw(raw: &RawValue) -> Self {
        Self::from_json(raw.get())
    }

    /// One result's JSON text, kept as it is and decoded.
    pub fn from_json(json: &str) -> Self {
        Self {
            raw: json.to_owned(),
            // serde's message names the line and column, never the value.
            decoded: serde_json::from_str(json).map_err(|e| e.to_string()),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdentificationProcess {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<ResultCode>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub companyid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub filename: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub agentname: Option<String>,
    /// ISO 8601 with offset, kept as sent.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub identificationtime: Option<String>,
    /// The Ident-ID.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub href: Option<String>,
    #[serde(
        rename = "type",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub transactionnumber: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomData {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub custom1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub custom2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub custom3: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub custom4: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub custom5: Option<String>,
    /// The tracking id the company sent (or appended to the link as `?tid=`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub trackingid: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactData {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub mobilephone: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firstname: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastname: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthday: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthplace: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthname: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identlanguage: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Address {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub streetnumber: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zipcode: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Leaf>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdentificationDocument {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuedby: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateissued: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validuntil: Option<Leaf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub driversclasses: Option<Leaf>,
}

/// One captured value: what IDnow saw, how it compares with what the company sent, and
/// what the company sent when it differs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Leaf {
    /// As text; a list (driver's licence classes: `[{"type": "B"}, …]`) reads as `B, …`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "leaf_value"
    )]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<LeafStatus>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub original: Option<String>,
}

open_code! {
    /// The identification's result (contract §6, "Result values").
    ResultCode {
        Success => "SUCCESS",
        SuccessDataChanged => "SUCCESS_DATA_CHANGED",
        FraudSuspicionConfirmed => "FRAUD_SUSPICION_CONFIRMED",
        Canceled => "CANCELED",
        ReviewPending => "REVIEW_PENDING",
        FraudSuspicionPending => "FRAUD_SUSPICION_PENDING",
        CheckPending => "CHECK_PENDING",
        Aborted => "ABORTED",
        Failed => "FAILED",
    }
}

open_code! {
    /// Why an identification was aborted, canceled or failed (contract §6 "Reason codes",
    /// AutoIdent's codes, and `FAILED`'s). Unknown ones are kept as sent.
    ReasonCode {
        DataApplicationAddress => "DATA_APPLICATION_ADDRESS",
        DataApplicationData => "DATA_APPLICATION_DATA",
        DataIdExpired => "DATA_ID_EXPIRED",
        OtherAbuse => "OTHER_ABUSE",
        OtherMiscellaneousPermanent => "OTHER_MISCELLANEOUS_PERMANENT",
        OtherMiscellaneousTemporary => "OTHER_MISCELLANEOUS_TEMPORARY",
        OtherTest => "OTHER_TEST",
        TechAudio => "TECH_AUDIO",
        TechDisconnectedVideo => "TECH_DISCONNECTED_VIDEO",
        TechDisconnectedWebsocket => "TECH_DISCONNECTED_WEBSOCKET",
        TechHologram => "TECH_HOLOGRAM",
        TechIdType => "TECH_ID_TYPE",
        TechIdentCodeDelivery => "TECH_IDENT_CODE_DELIVERY",
        TechInternalServerError => "TECH_INTERNAL_SERVER_ERROR",
        TechInternetConnection => "TECH_INTERNET_CONNECTION",
        TechLighting => "TECH_LIGHTING",
        TechPhoto => "TECH_PHOTO",
        TechTimeout => "TECH_TIMEOUT",
        TechVideo => "TECH_VIDEO",
        UserAbortWhileWaiting => "USER_ABORT_WHILE_WAITING",
        UserCancellation => "USER_CANCELLATION",
        UserIdNumber => "USER_ID_NUMBER",
        UserIdentCode => "USER_IDENT_CODE",
        UserLanguage => "USER_LANGUAGE",
        UserNoId => "USER_NO_ID",
        UserWrongPerson => "USER_WRONG_PERSON",
        BadPhotoQuality => "BAD_PHOTO_QUALITY",
        UserId => "USER_ID",
        IdDamaged => "ID_DAMAGED",
        IdOther => "ID_OTHER",
        IdNotSupported => "ID_NOT_SUPPORTED",
        PhotoOther => "PHOTO_OTHER",
        OtherError => "OTHER_ERROR",
        IdBlurry => "ID_BLURRY",
        IdGlare => "ID_GLARE",
        IdExpired => "ID_EXPIRED",
        SelfieBlurry => "SELFIE_BLURRY",
        TspSigningFailed => "TSP_SIGNING_FAILED",
        StalledTimeout => "STALLED_TIMEOUT",
    }
}

/// The test robots' scenarios (contract §8): `X-AUTOTEST-<NAME>` in firstname, lastname or
/// a custom field plays one on IDnow's test environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RobotScenario {
    HappyPath,
    ChangeAll,
    ChangeAllReview,
    AbortIdent,
    FraudIdent,
    FraudReview,
    FraudOk,
    Cancelled,
    LongReview,
    HoldCertificate,
}

impl RobotScenario {
    pub const ALL: [RobotScenario; 10] = [
        RobotScenario::HappyPath,
        RobotScenario::ChangeAll,
        RobotScenario::ChangeAllReview,
        RobotScenario::AbortIdent,
        RobotScenario::FraudIdent,
        RobotScenario::FraudReview,
        RobotScenario::FraudOk,
        RobotScenario::Cancelled,
        RobotScenario::LongReview,
        RobotScenario::HoldCertificate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RobotScenario::HappyPath => "HAPPYPATH",
            RobotScenario::ChangeAll => "CHANGEALL",
            RobotScenario::ChangeAllReview => "CHANGEALLREVIEW",
            RobotScenario::AbortIdent => "ABORTIDENT",
            RobotScenario::FraudIdent => "FRAUDIDENT",
            RobotScenario::FraudReview => "FRAUDREVIEW",
            RobotScenario::FraudOk => "FRAUDOK",
            RobotScenario::Cancelled => "CANCELLED",
            RobotScenario::LongReview => "LONGREVIEW",
            RobotScenario::HoldCertificate => "HOLDCERTIFICATE",
        }
    }

    /// The marker that plays this scenario with robot user and agent.
    pub fn marker(self) -> String {
        format!("X-AUTOTEST-{}", self.name())
    }

    pub fn parse(name: &str) -> Option<RobotScenario> {
        RobotScenario::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name))
    }

    /// The scenario a marker (`X-AUTOTEST-…` or `X-MANUALTEST-…`) in firstname, lastname or
    /// a custom field names, if any.
    pub fn from_request(request: &crate::IdentificationRequest) -> Option<RobotScenario> {
        [
            &request.firstname,
            &request.lastname,
            &request.custom1,
            &request.custom2,
            &request.custom3,
            &request.custom4,
            &request.custom5,
        ]
        .into_iter()
        .flatten()
        .find_map(|value| {
            let upper = value.to_ascii_uppercase();
            let name = upper
                .split_once("X-AUTOTEST-")
                .or_else(|| upper.split_once("X-MANUALTEST-"))?
                .1;
            let name: String = name
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            RobotScenario::parse(&name)
        })
    }
}

open_code! {
    /// How a captured value compares with what the company sent.
    LeafStatus {
        Match => "MATCH",
        Change => "CHANGE",
        New => "NEW",
        Redaction => "REDACTION",
        Original => "ORIGINAL",
    }
}

impl ResultCode {
    /// Final results never change again; preliminary ones may still move forward.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            ResultCode::Success
                | ResultCode::SuccessDataChanged
                | ResultCode::FraudSuspicionConfirmed
                | ResultCode::Canceled
                | ResultCode::Failed
        )
    }
}

/// A leaf's value as text: scalars as they are, lists and objects by their parts (so
/// `driversclasses: {value: [{type: "ML"}, {type: "B"}]}` shows as `ML, B`).
fn leaf_value<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    fn text(value: &serde_json::Value) -> Option<String> {
        match value {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Array(items) => {
                let parts: Vec<String> = items.iter().filter_map(text).collect();
                (!parts.is_empty()).then(|| parts.join(", "))
            }
            serde_json::Value::Object(map) => {
                let parts: Vec<String> = map.values().filter_map(text).collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            }
            other => Some(other.to_string()),
        }
    }
    Ok(text(&serde_json::Value::deserialize(d)?))
}

/// Reads a JSON scalar of any type as text (`null` as none), so a number where text was
/// expected never fails a whole result. An object or array where text was expected is
/// skipped here; the raw JSON, kept verbatim by the cache, still has it.
pub(crate) fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(LenientText)
}

struct LenientText;

impl<'de> serde::de::Visitor<'de> for LenientText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_documented_result() {
        let json = serde_json::json!({
            "identificationprocess": {
                "result": "SUCCESS_DATA_CHANGED", "reason": null, "companyid": "ihrebank",
                "agentname": "TROBOT", "identificationtime": "2026-11-26T10:00:00+01:00",
                "id": "TST-XLFYB", "href": "/api/v1/ihrebank/identifications/t1.zip",
                "type": "WEB", "transactionnumber": "t1"
            },
            "userdata": {
                "firstname": {"value": "ANNA", "status": "MATCH"},
                "lastname": {"value": "MÜLLER", "status": "CHANGE", "original": "Mueller"},
                "address": {"city": {"value": "MÜNCHEN", "status": "NEW"}}
            },
            "contactdata": {"email": "anna@example.de"},
            "attachments": {"pdf": "t1.pdf"}
        });
        let parsed: Result<Identification, _> = serde_json::from_value(json);
        let Ok(ident) = parsed else {
            panic!("documented result must decode: {parsed:?}");
        };
        assert_eq!(
            ident.identificationprocess.result,
            Some(ResultCode::SuccessDataChanged)
        );
        let lastname = ident.userdata.lastname.unwrap_or_default();
        assert_eq!(lastname.status, Some(LeafStatus::Change));
        assert_eq!(lastname.original.as_deref(), Some("Mueller"));
        let city = ident
            .userdata
            .address
            .and_then(|a| a.city)
            .unwrap_or_default();
        assert_eq!(city.value.as_deref(), Some("MÜNCHEN"));
    }

    #[test]
    fn unknown_codes_are_kept_raw_and_new_fields_ignored() {
        let json = serde_json::json!({
            "identificationprocess": {"result": "SOMETHING_NEW", "id": 42, "extra": [1, 2]},
            "userdata": {"firstname": {"value": "A", "status": "VERIFIED", "reviewstatus": "X"}},
            "brand_new_section": {"a": 1}
        });
        let parsed: Result<Identification, _> = serde_json::from_value(json);
        let Ok(ident) = parsed else {
            panic!("tolerant decoding failed: {parsed:?}");
        };
        assert_eq!(
            ident.identificationprocess.result,
            Some(ResultCode::Unknown("SOMETHING_NEW".into()))
        );
        assert_eq!(ident.identificationprocess.id.as_deref(), Some("42"));
        let status = ident.userdata.firstname.and_then(|l| l.status);
        assert_eq!(status.map(|s| s.to_string()).as_deref(), Some("VERIFIED"));
    }

    #[test]
    fn a_received_result_keeps_its_json_byte_for_byte() {
        let text = r#"{ "identificationprocess": {"result":"SUCCESS", "transactionnumber": "t-1"},  "new": [1, {"x": null}] }"#;
        let raw: Result<Box<RawValue>, _> = serde_json::from_str(text);
        let Ok(raw) = raw else { panic!("valid JSON") };
        let received = ReceivedIdentification::from_raw(&raw);
        assert_eq!(received.raw, text);
        assert_eq!(
            received
                .decoded
                .unwrap()
                .identificationprocess
                .transactionnumber
                .as_deref(),
            Some("t-1")
        );
    }

    #[test]
    fn null_sections_read_empty_and_lists_of_objects_are_kept() {
        let json = serde_json::json!({
            "identificationprocess": {"result": "SUCCESS", "transactionnumber": "t"},
            "attachments": null, "userdata": null, "questions": null, "customdata": {"trackingid": "track-7"},
            "identificationdocument": {"driversclasses": {"value": [{"type": "ML"}, {"type": "B"}], "status": "NEW"}}
        });
        let ident: Identification = serde_json::from_value(json).unwrap();
        assert!(ident.attachments.is_empty() && ident.questions.is_empty());
        assert_eq!(ident.customdata.trackingid.as_deref(), Some("track-7"));
        let classes = ident.identificationdocument.driversclasses.unwrap();
        assert_eq!(classes.value.as_deref(), Some("ML, B"));
    }

    #[test]
    fn an_entry_that_cannot_be_decoded_says_so_and_keeps_its_text() {
        let raw: Box<RawValue> =
            serde_json::from_str(r#"{"identificationprocess": "oops"}"#).unwrap();
        let received = ReceivedIdentification::from_raw(&raw);
        assert!(received.decoded.is_err());
        assert_eq!(received.raw, r#"{"identificationprocess": "oops"}"#);
    }

    #[test]
    fn an_empty_object_is_an_empty_identification() {
        let parsed: Result<Identification, _> = serde_json::from_str("{}");
        assert!(parsed.is_ok_and(|i| i == Identification::default()));
        assert!(ResultCode::Canceled.is_final());
        assert!(!ResultCode::ReviewPending.is_final());
    }
}
