//! The body of "create or update an identification" (contract §3): every field optional,
//! flat JSON, with pre-defined answers to the product's questions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::validation::{self, ValidationError};

/// What the company tells IDnow about the person before the identification.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentificationRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthday: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthplace: Option<String>,
    /// Name at birth, without "geb.".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthname: Option<String>,
    /// Only when printed on the ID, e.g. `Dr.`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `MALE` or `FEMALE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// ISO 3166-1 alpha-2, upper case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub streetnumber: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zipcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2, upper case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// E.164 recommended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobilephone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom3: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom4: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom5: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trackingid: Option<String>,
    /// Language hint, ISO 639-1 (`de`, `en`).
    #[serde(rename = "preferredLang", skip_serializing_if = "Option::is_none")]
    pub preferred_lang: Option<String>,
    /// Pre-defined answers, keyed by the question's key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub questions: BTreeMap<String, QuestionAnswer>,
}

/// `{"value": v}`; the question's type at IDnow fixes v's JSON type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionAnswer {
    pub value: QuestionValue,
}

/// A question's value on the wire: an integer (`NUMERIC`, `RADIO_BOOLEAN` as 0/1) or a
/// string (text, dropdown, country code, `YYYY-MM-DD` date).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum QuestionValue {
    Integer(i64),
    Text(String),
}

impl IdentificationRequest {
    /// Every top-level field name the contract allows, for rejecting unknown ones.
    pub const FIELD_NAMES: [&'static str; 23] = [
        "firstname",
        "lastname",
        "birthday",
        "birthplace",
        "birthname",
        "title",
        "gender",
        "nationality",
        "street",
        "streetnumber",
        "zipcode",
        "city",
        "country",
        "email",
        "mobilephone",
        "custom1",
        "custom2",
        "custom3",
        "custom4",
        "custom5",
        "trackingid",
        "preferredLang",
        "questions",
    ];

    /// Checks every field's format as IDnow would, naming the first bad field.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Every field IDnow would reject, each with what to type instead (for a form that
    /// marks them all as the officer types).
    pub fn problems(&self) -> Vec<ValidationError> {
        let mut problems = Vec::new();
        let mut check = |result: Result<(), ValidationError>| {
            if let Err(problem) = result {
                problems.push(problem);
            }
        };
        if let Some(v) = &self.birthday {
            check(validation::date("birthday", v));
        }
        if let Some(v) = &self.gender {
            check(validation::gender(v));
        }
        if let Some(v) = &self.nationality {
            check(validation::country("nationality", v));
        }
        if let Some(v) = &self.country {
            check(validation::country("country", v));
        }
        if let Some(v) = &self.email {
            check(validation::email(v));
        }
        if let Some(v) = &self.mobilephone {
            check(validation::phone(v));
        }
        for (key, answer) in &self.questions {
            if key.trim().is_empty() {
                check(Err(ValidationError::new(
                    "questions",
                    "A question has an empty key; give each answer the question's key.",
                )));
            } else if let QuestionValue::Text(text) = &answer.value
                && text.is_empty()
            {
                check(Err(ValidationError::new(
                    format!("questions.{key}"),
                    "The answer is empty; type a value or remove the question.",
                )));
            }
        }
        problems
    }

    /// Drops fields that hold only white space, so an untouched form field is not sent.
    pub fn without_blank_fields(mut self) -> Self {
        for field in [
            &mut self.firstname,
            &mut self.lastname,
            &mut self.birthday,
            &mut self.birthplace,
            &mut self.birthname,
            &mut self.title,
            &mut self.gender,
            &mut self.nationality,
            &mut self.street,
            &mut self.streetnumber,
            &mut self.zipcode,
            &mut self.city,
            &mut self.country,
            &mut self.email,
            &mut self.mobilephone,
            &mut self.custom1,
            &mut self.custom2,
            &mut self.custom3,
            &mut self.custom4,
            &mut self.custom5,
            &mut self.trackingid,
            &mut self.preferred_lang,
        ] {
            if field.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *field = None;
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_flat_with_questions_as_value_objects() {
        let mut request = IdentificationRequest {
            firstname: Some("Anna".into()),
            birthday: Some("1975-12-20".into()),
            preferred_lang: Some("de".into()),
            ..Default::default()
        };
        request.questions.insert(
            "question_key_int".into(),
            QuestionAnswer {
                value: QuestionValue::Integer(1),
            },
        );
        request.questions.insert(
            "question_key_str".into(),
            QuestionAnswer {
                value: QuestionValue::Text("value".into()),
            },
        );
        let json = serde_json::to_value(&request).ok();
        assert_eq!(
            json,
            Some(serde_json::json!({
                "firstname": "Anna",
                "birthday": "1975-12-20",
                "preferredLang": "de",
                "questions": {
                    "question_key_int": {"value": 1},
                    "question_key_str": {"value": "value"}
                }
            }))
        );
    }

    #[test]
    fn validation_names_the_bad_field() {
        let request = IdentificationRequest {
            birthday: Some("20.12.1975".into()),
            ..Default::default()
        };
        assert!(request.validate().is_err_and(|e| e.field == "birthday"));
        let request = IdentificationRequest {
            nationality: Some("de".into()),
            ..Default::default()
        };
        assert!(request.validate().is_err_and(|e| e.field == "nationality"));
    }

    #[test]
    fn blank_fields_are_not_sent() {
        let request = IdentificationRequest {
            firstname: Some("  ".into()),
            lastname: Some("Muster".into()),
            ..Default::default()
        }
        .without_blank_fields();
        assert_eq!(request.firstname, None);
        assert_eq!(request.lastname.as_deref(), Some("Muster"));
    }

    #[test]
    fn field_names_cover_every_serialized_field() {
        let full: IdentificationRequest = serde_json::from_value(serde_json::json!({
            "firstname": "a", "lastname": "a", "birthday": "a", "birthplace": "a",
            "birthname": "a", "title": "a", "gender": "a", "nationality": "a",
            "street": "a", "streetnumber": "a", "zipcode": "a", "city": "a",
            "country": "a", "email": "a", "mobilephone": "a", "custom1": "a",
            "custom2": "a", "custom3": "a", "custom4": "a", "custom5": "a",
            "trackingid": "a", "preferredLang": "a",
            "questions": {"k": {"value": "v"}}
        }))
        .unwrap_or_default();
        let json = serde_json::to_value(full).unwrap_or_default();
        let keys: Vec<&String> = json
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys.len(), 23);
        for key in keys {
            assert!(
                IdentificationRequest::FIELD_NAMES.contains(&key.as_str()),
                "{key}"
            );
        }
    }
}
