//! The Trust Platform's status and outcome words: the ones the contract names, compared
//! without regard to case (IDnow's builds write `accepted` and `ACCEPTED`), and any other
//! kept as sent.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares an open code list: known words (matched case-insensitively) and `Other(raw)`.
macro_rules! open_words {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A word this version does not know, as IDnow sent it.
            Other(String),
        }

        impl $name {
            pub fn parse(text: &str) -> Self {
                $(if text.eq_ignore_ascii_case($word) {
                    return $name::$variant;
                })+
                $name::Other(text.to_owned())
            }

            /// As the contract writes it (an unknown word as sent).
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $word,)+
                    $name::Other(raw) => raw,
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, to: S) -> Result<S::Ok, S::Error> {
                to.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(from: D) -> Result<Self, D::Error> {
                String::deserialize(from).map(|text| $name::parse(&text))
            }
        }
    };
}

open_words! {
    /// Where a session stands (§4): created, running, then one terminal state.
    SessionStatus {
        Created = "CREATED",
        Running = "RUNNING",
        Completed = "COMPLETED",
        Error = "ERROR",
        Aborted = "ABORTED",
        Expired = "EXPIRED",
    }
}

open_words! {
    /// How a session ended (§4): the End step's outcome.
    Outcome {
        Accepted = "accepted",
        Rejected = "rejected",
        NoOutcome = "NO_OUTCOME",
    }
}

impl SessionStatus {
    /// A state the session does not leave again.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            SessionStatus::Completed
                | SessionStatus::Error
                | SessionStatus::Aborted
                | SessionStatus::Expired
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_in_any_case_and_unknown_ones_are_kept() {
        assert_eq!(Outcome::parse("ACCEPTED"), Outcome::Accepted);
        assert_eq!(Outcome::parse("accepted"), Outcome::Accepted);
        assert_eq!(Outcome::parse("no_outcome"), Outcome::NoOutcome);
        assert_eq!(
            Outcome::parse("referred"),
            Outcome::Other("referred".into())
        );
        assert_eq!(SessionStatus::parse("completed"), SessionStatus::Completed);
        assert!(SessionStatus::parse("EXPIRED").is_terminal());
        assert!(!SessionStatus::parse("PAUSED").is_terminal());
        assert_eq!(SessionStatus::parse("PAUSED").as_str(), "PAUSED");
    }
}
