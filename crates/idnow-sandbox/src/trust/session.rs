//! A sandbox session: what creation sent, where it stands, and the blocks it has.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

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
    /// As listed and fetched (the DEV1/BRAND shape: `lastStep {stepId, stepDescription}`).
    pub fn json(&self) -> Value {
        let last_step = match self.status {
            "COMPLETED" => {
                json!({"stepId": "step_end_001", "stepDescription": "Final decision step",
                                   "verdict": self.outcome})
            }
            "RUNNING" => {
                json!({"stepId": "step_document_001", "stepDescription": "Document capture",
                                 "verdict": null})
            }
            _ => Value::Null,
        };
        json!({
            "sessionId": self.id,
            "sessionStatus": self.status,
            "flowId": self.flow_id,
            "flowVersion": 1,
            "environment": self.environment,
            "subjectId": self.subject_id,
            "outcome": self.outcome,
            "createdAt": time(self.created_at),
            "startedAt": (self.status != "CREATED").then(|| time(self.created_at)),
            "updatedAt": time(self.updated_at),
            "completedAt": self.completed_at.map(time),
            "expiresAt": null,
            "redirectUrl": self.redirect_url,
            "state": self.state,
            "lastStep": last_step,
        })
    }

    /// The data blocks, in the newest documented shape.
    pub fn blocks_json(&self) -> Value {
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

    pub fn input_blocks(input: &Map<String, Value>) -> impl Iterator<Item = (String, Value)> + '_ {
        input
            .iter()
            .map(|(kind, content)| (kind.clone(), content.clone()))
    }
}
