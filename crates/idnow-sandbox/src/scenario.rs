//! The test robots of contract §8: a marker `X-AUTOTEST-<SCENARIO>` (or `X-MANUALTEST-…`)
//! in firstname, lastname or a custom field picks the sequence of results an
//! identification goes through.

use std::time::Duration;

use idnow::ResultCode;

/// The scenarios are the contract's (`idnow::RobotScenario`); what the robots do for each
/// is the sandbox's (`Script::steps`).
pub use idnow::RobotScenario as Scenario;

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

/// What the robot person and agent do for a scenario.
pub trait Script {
    /// IDnow's sequence of results for this scenario.
    fn steps(self) -> Vec<Step>;
}

impl Script for Scenario {
    fn steps(self) -> Vec<Step> {
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
    use idnow::IdentificationRequest;

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
