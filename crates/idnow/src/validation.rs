//! Format checks for the fields of contract §3, shared by the client (before sending) and
//! the sandbox (when judging a request), each failure naming its field.

use std::fmt;

use chrono::NaiveDate;

/// A field that IDnow would reject, with a message that says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The contract's field name (`birthday`, `questions.income`, `transactionnumber`).
    pub field: String,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ValidationError {}

/// `YYYY-MM-DD`, a real calendar date.
pub fn date(field: &str, value: &str) -> Result<(), ValidationError> {
    let shaped = value.len() == 10
        && value.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if shaped && NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok() {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            format!("{value:?} is not a date; write it as YYYY-MM-DD, e.g. 1975-12-20."),
        ))
    }
}

/// `MALE` or `FEMALE`.
pub fn gender(value: &str) -> Result<(), ValidationError> {
    match value {
        "MALE" | "FEMALE" => Ok(()),
        _ => Err(ValidationError::new(
            "gender",
            format!("{value:?} is not a gender IDnow knows; use MALE or FEMALE."),
        )),
    }
}

/// An ISO 3166-1 alpha-2 code in upper case (`DE`).
pub fn country(field: &str, value: &str) -> Result<(), ValidationError> {
    if value.len() == 2 && value.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            format!(
                "{value:?} is not a country code; use two capital letters (ISO 3166-1), e.g. DE, AT, CH."
            ),
        ))
    }
}

/// E.164 (`+4915112345678`) or a national number starting with 0 (IDnow assumes `0049`),
/// with spaces, `/`, `-` or brackets between the digits as people (and IDnow's own
/// examples: `0151 23411232`) write them.
pub fn phone(value: &str) -> Result<(), ValidationError> {
    let trimmed = value.trim();
    let rest = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let well_formed = rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '/' | '-' | '(' | ')'));
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let ok = well_formed
        && (trimmed.starts_with('+') && (8..=15).contains(&digits.len())
            || trimmed.starts_with('0') && (6..=16).contains(&digits.len()));
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new(
            "mobilephone",
            format!(
                "{value:?} is not a phone number; write it with country code and digits only, e.g. +4915112345678."
            ),
        ))
    }
}

/// A plausible e-mail address: one `@`, a local part, a domain with a dot, no spaces.
pub fn email(value: &str) -> Result<(), ValidationError> {
    let ok = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new(
            "email",
            format!("{value:?} is not an e-mail address; check it has the form name@example.de."),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_and_iso_shaped() {
        assert!(date("birthday", "1975-12-20").is_ok());
        assert!(date("birthday", "2024-02-29").is_ok());
        for bad in [
            "1975-13-01",
            "2023-02-29",
            "20.12.1975",
            "1975-1-2",
            "",
            "1975-12-20T00",
        ] {
            assert!(
                date("birthday", bad).is_err_and(|e| e.field == "birthday"),
                "{bad}"
            );
        }
    }

    #[test]
    fn countries_are_two_capitals() {
        assert!(country("nationality", "DE").is_ok());
        for bad in ["de", "DEU", "D", "Ö1"] {
            assert!(country("nationality", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones_and_emails() {
        assert!(phone("+4915112345678").is_ok());
        assert!(phone("015112345678").is_ok());
        // As IDnow's own examples write them.
        assert!(phone("0151 23411232").is_ok());
        assert!(phone("+49 (151) 234-11232").is_ok());
        assert!(phone("+49 151 12").is_err());
        assert!(phone("0151 abc").is_err());
        assert!(phone("12345").is_err());
        assert!(email("anna.muster@example.de").is_ok());
        for bad in [
            "anna",
            "anna@",
            "@example.de",
            "anna@example",
            "a b@example.de",
            "a@b@c.de",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
        assert!(gender("FEMALE").is_ok());
        assert!(gender("female").is_err());
    }
}
