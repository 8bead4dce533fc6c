//! A sandbox session: what creation sent, where it stands, and the blocks it has.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Map, Value, json};

use super::variant::TrustVariant;

pub struct TrustSession {
    pub id: String,
    pub flow_id: &'static str,
    pub environment: String,
    pub subject_id: String,
    pub status: &'static str,
    pub outcome: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub redirect_url: Option<String>,
    pub state: Option<String>,
    /// (type, step, content) in the order they were made.
    pub blocks: Vec<(String, String, Value, DateTime<Utc>)>,
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl TrustSession {
    /// As listed and fetched, in the variant's shape.
    pub fn json(&self, variant: TrustVariant) -> Value {
        let early = variant == TrustVariant::Early;
        let last_step = match (self.status, early) {
            ("COMPLETED", false) => {
                json!({"stepId": "step_end_001", "stepDescription": "Final decision step",
                                   "verdict": self.outcome})
            }
            ("RUNNING", false) => {
                json!({"stepId": "step_document_001", "stepDescription": "Document capture",
                                 "verdict": null})
            }
            ("COMPLETED", true) => {
                json!({"stepName": "END", "stepType": "END", "verdict": self.outcome})
            }
            ("RUNNING", true) => json!({"stepName": "START", "stepType": "START"}),
            _ => Value::Null,
        };
        let outcome = match &self.outcome {
            Some(outcome) if early => Some(outcome.to_uppercase()),
            other => other.clone(),
        };
        let expires = early.then(|| time(self.created_at + TimeDelta::hours(24)));
        json!({
            "sessionId": self.id,
            "sessionStatus": self.status,
            "flowId": self.flow_id,
            "flowVersion": 1,
            "environment": self.environment,
            "subjectId": self.subject_id,
            "outcome": outcome,
            "createdAt": time(self.created_at),
            "startedAt": (self.status != "CREATED").then(|| time(self.created_at)),
            "updatedAt": time(self.updated_at),
            "completedAt": self.completed_at.map(time),
            "expiresAt": expires,
            "redirectUrl": self.redirect_url,
            "state": self.state,
            "lastStep": last_step,
        })
    }

    /// The data blocks, in the variant's shape.
    pub fn blocks_json(&self, variant: TrustVariant) -> Value {
        if variant == TrustVariant::Early {
            return self.early_blocks_json();
        }
        let blocks: Vec<Value> = self
            .blocks
            .iter()
            .enumerate()
            .map(|(n, (kind, step, content, at))| {
                json!({
                    "datablockId": format!("{}-{n}", self.id),
                    "type": kind,
                    "createdBy": {"stepId": step, "clock": n + 1},
                    "createdAt": time(*at),
                    "status": "STORED",
                    "content": content,
                })
            })
            .collect();
        json!({ "dataBlocks": blocks })
    }

    /// `datablocks` with flat items: the content's fields beside the envelope's.
    fn early_blocks_json(&self) -> Value {
        let blocks: Vec<Value> = self
            .blocks
            .iter()
            .enumerate()
            .map(|(n, (kind, step, content, at))| {
                let mut item = Map::new();
                item.insert("datablockId".into(), format!("{}-{n}", self.id).into());
                item.insert("type".into(), pascal(kind).into());
                item.insert("createdByStep".into(), json!({ "stepId": step }));
                item.insert("createdAt".into(), time(*at).into());
                item.insert("status".into(), "STORED".into());
                if let Value::Object(fields) = content {
                    for (key, value) in fields {
                        item.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
                Value::Object(item)
            })
            .collect();
        json!({ "datablocks": blocks })
    }

    pub fn input_blocks(input: &Map<String, Value>) -> impl Iterator<Item = (String, Value)> + '_ {
        input
            .iter()
            .map(|(kind, content)| (kind.clone(), content.clone()))
    }
}

/// `basicIdentity` → `BasicIdentity`, as the older pages name block types.
fn pascal(kind: &str) -> String {
    let mut chars = kind.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}
