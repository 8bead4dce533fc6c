//! The company's transaction number: the idempotency key of creation (contract §3).

use std::fmt;

use crate::validation::ValidationError;

/// A transaction number that IDnow accepts: 1 to 255 characters of `a-zA-Z0-9_-`.
/// IDnow compares them case-insensitively, so equality here does too.
#[derive(Debug, Clone, Eq)]
pub struct TransactionNumber(String);

impl TransactionNumber {
    pub const MAX_LEN: usize = 255;

    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let field = "transactionnumber";
        if text.is_empty() {
            return Err(ValidationError::new(
                field,
                "The transaction number is empty.",
            ));
        }
        if text.len() > Self::MAX_LEN {
            return Err(ValidationError::new(
                field,
                format!(
                    "The transaction number has {} characters; IDnow accepts at most {}.",
                    text.len(),
                    Self::MAX_LEN
                ),
            ));
        }
        if let Some(bad) = text
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
        {
            return Err(ValidationError::new(
                field,
                format!(
                    "The transaction number contains {bad:?}; only letters a-z, A-Z, digits, '_' and '-' are allowed."
                ),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// A fresh, unguessable UUID v4, the form the contract recommends.
    pub fn generate() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl PartialEq for TransactionNumber {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl fmt::Display for TransactionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_are_valid_and_distinct() {
        let a = TransactionNumber::generate();
        let b = TransactionNumber::generate();
        assert!(TransactionNumber::parse(a.as_str()).is_ok());
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 36);
    }

    #[test]
    fn charset_and_length_are_enforced() {
        assert!(TransactionNumber::parse("abc_DEF-123").is_ok());
        assert!(TransactionNumber::parse(&"a".repeat(255)).is_ok());
        let too_long = TransactionNumber::parse(&"a".repeat(256));
        assert!(too_long.is_err_and(|e| e.message.contains("256")));
        let bad = TransactionNumber::parse("abc def");
        assert!(bad.is_err_and(|e| e.field == "transactionnumber" && e.message.contains("' '")));
        assert!(TransactionNumber::parse("").is_err());
        assert!(TransactionNumber::parse("müller").is_err());
    }

    #[test]
    fn equality_ignores_case_like_idnow() {
        let lower = TransactionNumber::parse("abc-1");
        let upper = TransactionNumber::parse("ABC-1");
        assert!(matches!((lower, upper), (Ok(a), Ok(b)) if a == b));
    }
}
