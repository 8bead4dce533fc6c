//! The test robots of contract §8: a marker `X-AUTOTEST-<SCENARIO>` (or `X-MANUALTEST-…`)
//! in firstname, lastname or a custom field picks the sequence of results an
//! identification goes through.

use std::time::Duration;

use idnow::{IdentificationRequest, ResultCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
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

/// One result the robots report, `after` the video chat was requested (at time scale 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub after: Duration,
    pub result: ResultCode,
    pub reason: Option<&'static str>,
    /// The agent corrects every user-data field at this step (CHANGE leaves).
    pub change_all: bool,
}

const IDENT: Duration = Duration::from_secs(30);
const REVIEW: Duration = Duration::from_secs(120);
const LONG_REVIEW: Duration = Duration::from_secs(24 * 3600);
const HOLD: Duration = Duration::from_secs(10 * 60);

impl Scenario {
    pub const ALL: [Scenario; 10] = [
        Scenario::HappyPath,
        Scenario::ChangeAll,
        Scenario::ChangeAllReview,
        Scenario::AbortIdent,
        Scenario::FraudIdent,
        Scenario::FraudReview,
        Scenario::FraudOk,
        Scenario::Cancelled,
        Scenario::LongReview,
        Scenario::HoldCertificate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Scenario::HappyPath => "HAPPYPATH",
            Scenario::ChangeAll => "CHANGEALL",
            Scenario::ChangeAllReview => "CHANGEALLREVIEW",
            Scenario::AbortIdent => "ABORTIDENT",
            Scenario::FraudIdent => "FRAUDIDENT",
            Scenario::FraudReview => "FRAUDREVIEW",
            Scenario::FraudOk => "FRAUDOK",
            Scenario::Cancelled => "CANCELLED",
            Scenario::LongReview => "LONGREVIEW",
            Scenario::HoldCertificate => "HOLDCERTIFICATE",
        }
    }

    pub fn parse(name: &str) -> Option<Scenario> {
        Scenario::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name))
    }

    /// The scenario named by a robot marker in the request, if any.
    pub fn from_request(request: &IdentificationRequest) -> Option<Scenario> {
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
            Scenario::parse(&name)
        })
    }

    /// IDnow's sequence of results for this scenario.
    pub fn steps(self) -> Vec<Step> {
        let step = |after, result, reason, change_all| Step {
            after,
            result,
            reason,
            change_all,
        };
        use ResultCode::*;
        match self {
            Scenario::HappyPath => vec![
                step(IDENT, ReviewPending, None, false),
                step(IDENT + REVIEW, Success, None, false),
            ],
            Scenario::ChangeAll => vec![
                step(IDENT, ReviewPending, None, true),
                step(IDENT + REVIEW, SuccessDataChanged, None, false),
            ],
            Scenario::ChangeAllReview => vec![
                step(IDENT, ReviewPending, None, false),
                step(IDENT + REVIEW, SuccessDataChanged, None, true),
            ],
            Scenario::AbortIdent => vec![step(
                IDENT,
                Aborted,
                Some("OTHER_MISCELLANEOUS_TEMPORARY"),
                false,
            )],
            Scenario::FraudIdent => vec![
                step(IDENT, FraudSuspicionPending, None, false),
                step(IDENT + REVIEW, FraudSuspicionConfirmed, None, false),
            ],
            Scenario::FraudReview => vec![
                step(IDENT, ReviewPending, None, false),
                step(IDENT + REVIEW, FraudSuspicionConfirmed, None, false),
            ],
            Scenario::FraudOk => vec![
                step(IDENT, FraudSuspicionPending, None, false),
                step(IDENT + REVIEW, Success, None, false),
            ],
            Scenario::Cancelled => vec![
                step(IDENT, ReviewPending, None, false),
                step(
                    IDENT + REVIEW,
                    Canceled,
                    Some("OTHER_MISCELLANEOUS_PERMANENT"),
                    false,
                ),
            ],
            Scenario::LongReview => vec![
                step(IDENT, ReviewPending, None, false),
                step(IDENT + LONG_REVIEW, Success, None, false),
            ],
            Scenario::HoldCertificate => vec![
                step(IDENT, ReviewPending, None, false),
                step(HOLD, Success, None, false),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_in_names_and_custom_fields() {
        let in_lastname = IdentificationRequest {
            lastname: Some("X-AUTOTEST-CHANGEALL".into()),
            ..Default::default()
        };
        assert_eq!(
            Scenario::from_request(&in_lastname),
            Some(Scenario::ChangeAll)
        );
        let in_custom = IdentificationRequest {
            custom3: Some("x-manualtest-cancelled".into()),
            ..Default::default()
        };
        assert_eq!(
            Scenario::from_request(&in_custom),
            Some(Scenario::Cancelled)
        );
        let none = IdentificationRequest {
            firstname: Some("Anna".into()),
            ..Default::default()
        };
        assert_eq!(Scenario::from_request(&none), None);
    }

    #[test]
    fn every_scenario_ends_in_its_documented_result() {
        let last = |s: Scenario| s.steps().last().map(|step| step.result.clone());
        assert_eq!(last(Scenario::Cancelled), Some(ResultCode::Canceled));
        assert_eq!(
            last(Scenario::FraudIdent),
            Some(ResultCode::FraudSuspicionConfirmed)
        );
        assert_eq!(
            last(Scenario::ChangeAll),
            Some(ResultCode::SuccessDataChanged)
        );
        assert_eq!(last(Scenario::AbortIdent), Some(ResultCode::Aborted));
        assert_eq!(last(Scenario::FraudOk), Some(ResultCode::Success));
        for scenario in Scenario::ALL {
            let steps = scenario.steps();
            assert!(
                steps.windows(2).all(|w| w[0].after <= w[1].after),
                "{scenario:?}"
            );
            assert_eq!(Scenario::parse(scenario.name()), Some(scenario));
        }
    }
}
