//! IDnow's codes as the window gets them: a closed enum of the codes this version knows,
//! with `OTHER` for any other, always beside the raw text IDnow sent. The UI's translation
//! files are keyed by these enums, so a new code fails the type check until it has words;
//! an unknown one is shown as sent. Each enum mirrors `idnow`'s list through an exhaustive
//! match, so the two cannot drift apart.

use serde::{Deserialize, Serialize};

/// Declares a code enum mirroring an `idnow` open code list, plus its `{code, raw}` value.
macro_rules! mirror_code {
    ($(#[$meta:meta])* $name:ident, $value:ident from $wire:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name {
            $($variant,)+
            /// A code this version does not know; the raw text says which.
            Other,
        }

        impl $name {
            /// Every known code, in the contract's order (`Other` last).
            pub const ALL: &[$name] = &[$($name::$variant,)+ $name::Other];

            /// The code for IDnow's raw text.
            pub fn of(raw: &str) -> Self {
                match idnow::$wire::parse(raw) {
                    $(idnow::$wire::$variant => $name::$variant,)+
                    idnow::$wire::Unknown(_) => $name::Other,
                }
            }

            /// A code this version knows, as IDnow writes it (`SUCCESS`, …); `None` for any
            /// other text (`OTHER` too: it names no code).
            pub fn known(text: &str) -> Option<Self> {
                Some(Self::of(text)).filter(|code| *code != $name::Other)
            }

            /// The code as IDnow writes it (`None` for `Other`, which names no code).
            pub fn wire(self) -> Option<String> {
                match self {
                    $($name::$variant => Some(idnow::$wire::$variant.as_str().to_owned()),)+
                    $name::Other => None,
                }
            }
        }

        /// A code as IDnow sent it: the known code (or `OTHER`) and the raw text.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
        pub struct $value {
            pub code: $name,
            pub raw: String,
        }

        impl $value {
            pub fn of(raw: &str) -> Self {
                Self {
                    code: $name::of(raw),
                    raw: raw.to_owned(),
                }
            }
        }
    };
}

mirror_code! {
    /// The identification's result (contract §6).
    ResultCode, ResultValue from ResultCode {
        Success, SuccessDataChanged, FraudSuspicionConfirmed, Canceled, ReviewPending,
        FraudSuspicionPending, CheckPending, Aborted, Failed,
    }
}

mirror_code! {
    /// Why it was aborted, canceled or failed (contract §6, AutoIdent, FAILED).
    ReasonCode, ReasonValue from ReasonCode {
        DataApplicationAddress, DataApplicationData, DataIdExpired, OtherAbuse,
        OtherMiscellaneousPermanent, OtherMiscellaneousTemporary, OtherTest, TechAudio,
        TechDisconnectedVideo, TechDisconnectedWebsocket, TechHologram, TechIdType,
        TechIdentCodeDelivery, TechInternalServerError, TechInternetConnection, TechLighting,
        TechPhoto, TechTimeout, TechVideo, UserAbortWhileWaiting, UserCancellation,
        UserIdNumber, UserIdentCode, UserLanguage, UserNoId, UserWrongPerson, BadPhotoQuality,
        UserId, IdDamaged, IdOther, IdNotSupported, PhotoOther, OtherError, IdBlurry, IdGlare,
        IdExpired, SelfieBlurry, TspSigningFailed, StalledTimeout,
    }
}

mirror_code! {
    /// How a captured value compares with what the company sent.
    LeafStatus, LeafStatusValue from LeafStatus {
        Match, Change, New, Redaction, Original,
    }
}

/// A Trust Platform session's result word (`sessions::result_word`): its End step's
/// outcome, or the terminal status it ended in without one; `OTHER` for any other word,
/// kept raw beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SessionResult {
    Accepted,
    Rejected,
    NoOutcome,
    Expired,
    Error,
    Aborted,
    /// Completed, and IDnow named no outcome.
    Completed,
    Other,
}

impl SessionResult {
    pub const ALL: [SessionResult; 8] = [
        SessionResult::Accepted,
        SessionResult::Rejected,
        SessionResult::NoOutcome,
        SessionResult::Expired,
        SessionResult::Error,
        SessionResult::Aborted,
        SessionResult::Completed,
        SessionResult::Other,
    ];

    pub fn of(raw: &str) -> Self {
        Self::ALL
            .into_iter()
            .filter(|word| *word != SessionResult::Other)
            .find(|word| {
                serde_json::to_value(word)
                    .ok()
                    .and_then(|v| v.as_str().map(|w| w.eq_ignore_ascii_case(raw)))
                    .unwrap_or(false)
            })
            .unwrap_or(SessionResult::Other)
    }
}

/// A session's result word as the cache has it: the known word (or `OTHER`) and the raw text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SessionResultValue {
    pub code: SessionResult,
    pub raw: String,
}

impl SessionResultValue {
    pub fn of(raw: &str) -> Self {
        Self {
            code: SessionResult::of(raw),
            raw: raw.to_owned(),
        }
    }
}

/// The test robots' scenarios (contract §8), for the create form's picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RobotScenario {
    Happypath,
    Changeall,
    Changeallreview,
    Abortident,
    Fraudident,
    Fraudreview,
    Fraudok,
    Cancelled,
    Longreview,
    Holdcertificate,
}

impl From<RobotScenario> for idnow::RobotScenario {
    fn from(scenario: RobotScenario) -> Self {
        match scenario {
            RobotScenario::Happypath => idnow::RobotScenario::HappyPath,
            RobotScenario::Changeall => idnow::RobotScenario::ChangeAll,
            RobotScenario::Changeallreview => idnow::RobotScenario::ChangeAllReview,
            RobotScenario::Abortident => idnow::RobotScenario::AbortIdent,
            RobotScenario::Fraudident => idnow::RobotScenario::FraudIdent,
            RobotScenario::Fraudreview => idnow::RobotScenario::FraudReview,
            RobotScenario::Fraudok => idnow::RobotScenario::FraudOk,
            RobotScenario::Cancelled => idnow::RobotScenario::Cancelled,
            RobotScenario::Longreview => idnow::RobotScenario::LongReview,
            RobotScenario::Holdcertificate => idnow::RobotScenario::HoldCertificate,
        }
    }
}

impl RobotScenario {
    pub const ALL: [RobotScenario; 10] = [
        RobotScenario::Happypath,
        RobotScenario::Changeall,
        RobotScenario::Changeallreview,
        RobotScenario::Abortident,
        RobotScenario::Fraudident,
        RobotScenario::Fraudreview,
        RobotScenario::Fraudok,
        RobotScenario::Cancelled,
        RobotScenario::Longreview,
        RobotScenario::Holdcertificate,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_keeps_idnows_spelling_and_unknown_ones_their_raw_text() {
        for code in ResultCode::ALL.iter().filter(|c| **c != ResultCode::Other) {
            let spelled = serde_json::to_value(code).unwrap();
            assert_eq!(ResultCode::of(spelled.as_str().unwrap()), *code);
        }
        for code in ReasonCode::ALL.iter().filter(|c| **c != ReasonCode::Other) {
            let spelled = serde_json::to_value(code).unwrap();
            assert_eq!(ReasonCode::of(spelled.as_str().unwrap()), *code);
        }
        let unknown = ResultValue::of("SOMETHING_NEW");
        assert_eq!(unknown.code, ResultCode::Other);
        assert_eq!(unknown.raw, "SOMETHING_NEW");
    }

    #[test]
    fn session_words_are_known_in_any_case_and_others_kept() {
        assert_eq!(SessionResult::of("NO_OUTCOME"), SessionResult::NoOutcome);
        assert_eq!(SessionResult::of("accepted"), SessionResult::Accepted);
        let other = SessionResultValue::of("referred");
        assert_eq!(
            (other.code, other.raw.as_str()),
            (SessionResult::Other, "referred")
        );
    }

    #[test]
    fn each_scenario_is_named_as_the_robots_read_it() {
        for scenario in RobotScenario::ALL {
            let spelled = serde_json::to_value(scenario).unwrap();
            assert_eq!(
                spelled.as_str(),
                Some(idnow::RobotScenario::from(scenario).name())
            );
        }
    }
}
