//! Pre-defined answers to the product's questions, typed: the officer picks a kind (text,
//! whole number, yes/no, date, country) and types text; the kind turns it into IDnow's wire
//! value (integers for numbers and yes/no, strings otherwise) or says what is wrong. The
//! window, the CLI and answer templates share this one list of kinds.

use idnow::{QuestionAnswer, QuestionValue};
use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// Stored in answer templates by these names (`yesno` as templates always wrote it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    Text,
    Integer,
    YesNo,
    Date,
    Country,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 5] = [
        QuestionKind::Text,
        QuestionKind::Integer,
        QuestionKind::YesNo,
        QuestionKind::Date,
        QuestionKind::Country,
    ];

    /// The name the CLI's `KEY=VALUE:KIND` takes: the stored names and the short forms
    /// `int` and `bool`.
    pub fn from_name(name: &str) -> Option<QuestionKind> {
        match name {
            "text" => Some(QuestionKind::Text),
            "integer" | "int" => Some(QuestionKind::Integer),
            "yesno" | "bool" => Some(QuestionKind::YesNo),
            "date" => Some(QuestionKind::Date),
            "country" => Some(QuestionKind::Country),
            _ => None,
        }
    }

    /// The wire value of `text` for the question `key`, or what to type instead.
    pub fn wire_value(self, key: &str, text: &str) -> Result<QuestionValue, FieldError> {
        let text = text.trim();
        let field = format!("questions.{key}");
        let problem = |message: String| FieldError {
            field: field.clone(),
            message,
        };
        match self {
            QuestionKind::Integer => text
                .parse::<i64>()
                .map(QuestionValue::Integer)
                .map_err(|_| problem(format!("{text:?} is not a whole number."))),
            QuestionKind::YesNo => match text.to_ascii_lowercase().as_str() {
                "1" | "yes" | "true" | "ja" => Ok(QuestionValue::Integer(1)),
                "0" | "no" | "false" | "nein" => Ok(QuestionValue::Integer(0)),
                _ => Err(problem(format!("{text:?} is not yes or no; use 1 or 0."))),
            },
            QuestionKind::Date => idnow::validation::date(&field, text)
                .map(|()| QuestionValue::Text(text.to_owned()))
                .map_err(FieldError::from),
            QuestionKind::Country => idnow::validation::country(&field, text)
                .map(|()| QuestionValue::Text(text.to_owned()))
                .map_err(FieldError::from),
            QuestionKind::Text if text.is_empty() => Err(problem(
                "The answer is empty; type a value or remove the question.".into(),
            )),
            QuestionKind::Text => Ok(QuestionValue::Text(text.to_owned())),
        }
    }
}

/// One answer as the officer typed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct TypedAnswer {
    pub key: String,
    pub kind: QuestionKind,
    pub value: String,
}

impl TypedAnswer {
    /// The wire answer, or every problem with the key and value.
    pub fn to_wire(&self) -> Result<(String, QuestionAnswer), FieldError> {
        let key = self.key.trim();
        if key.is_empty() {
            return Err(FieldError {
                field: "questions".into(),
                message: "A question has an empty key; give each answer the question's key.".into(),
            });
        }
        let value = self.kind.wire_value(key, &self.value)?;
        Ok((key.to_owned(), QuestionAnswer { value }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(kind: QuestionKind, text: &str) -> Result<QuestionValue, FieldError> {
        kind.wire_value("q", text)
    }

    #[test]
    fn each_kind_turns_text_into_idnows_wire_value_or_names_the_problem() {
        assert_eq!(
            wire(QuestionKind::Integer, "3000"),
            Ok(QuestionValue::Integer(3000))
        );
        assert_eq!(
            wire(QuestionKind::YesNo, "yes"),
            Ok(QuestionValue::Integer(1))
        );
        assert_eq!(
            wire(QuestionKind::YesNo, "0"),
            Ok(QuestionValue::Integer(0))
        );
        assert_eq!(
            wire(QuestionKind::Date, "2020-01-01"),
            Ok(QuestionValue::Text("2020-01-01".into()))
        );
        assert_eq!(
            wire(QuestionKind::Text, "a:b"),
            Ok(QuestionValue::Text("a:b".into()))
        );
        for (kind, bad) in [
            (QuestionKind::Integer, "lots"),
            (QuestionKind::YesNo, "maybe"),
            (QuestionKind::Date, "1.1.2020"),
            (QuestionKind::Country, "Germany"),
            (QuestionKind::Text, " "),
        ] {
            let err = wire(kind, bad).unwrap_err();
            assert_eq!(err.field, "questions.q", "{kind:?}");
        }
    }

    #[test]
    fn templates_keep_their_stored_names() {
        let stored = serde_json::to_string(&QuestionKind::ALL).unwrap();
        assert_eq!(stored, r#"["text","integer","yesno","date","country"]"#);
        assert_eq!(QuestionKind::from_name("int"), Some(QuestionKind::Integer));
        assert_eq!(QuestionKind::from_name("bool"), Some(QuestionKind::YesNo));
        assert_eq!(QuestionKind::from_name("float"), None);
    }
}
