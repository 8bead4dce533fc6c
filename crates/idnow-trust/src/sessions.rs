//! Sessions (§3.2–3.4): creating one for a flow, and a session as listed or fetched — with
//! the contract's variants: `lastStep` in two shapes, outcomes in either case (or as
//! `decisionOutcome`), `expiresAt` null or absent, `sessionId` inside `sessionContext` or
//! beside it.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::flows::{Paged, number_or_text};
use crate::{DecodeError, Outcome, SessionStatus};

/// What creating a session sends (`POST v1/flows/{flowId}/{environment}/sessions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSession {
    /// Input data blocks by camelCase name (`basicIdentity`, …).
    #[serde(default)]
    pub input: Map<String, Value>,
    /// Exactly `{subjectId[, locale]}`: the strictest build accepts nothing else.
    pub metadata: SessionMetadata,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// Echoed in the redirect; at most 2048 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionMetadata {
    /// The company's own reference for the person (no personal data in it).
    pub subject_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// The answer to creating a session (`201`).
#[derive(Debug, Clone, PartialEq)]
pub struct CreatedSession {
    pub session_id: String,
    pub status: SessionStatus,
    pub flow_id: Option<String>,
    pub flow_version: Option<String>,
    pub environment: Option<String>,
    pub created_at: Option<String>,
    pub expires_at: Option<String>,
    /// Where the person goes.
    pub player_url: Option<String>,
}

impl CreatedSession {
    pub fn decode(body: &[u8]) -> Result<CreatedSession, DecodeError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire {
            #[serde(default)]
            flow_id: Option<String>,
            #[serde(default, deserialize_with = "number_or_text")]
            flow_version: Option<String>,
            #[serde(default)]
            environment: Option<String>,
            #[serde(default)]
            session_context: Option<Session>,
            #[serde(default)]
            session_id: Option<String>,
            #[serde(default)]
            session_status: Option<SessionStatus>,
            #[serde(default)]
            player_url: Option<String>,
        }
        let wire: Wire = crate::decode(body)?;
        let context = wire.session_context;
        let session_id = context
            .as_ref()
            .map(|c| c.session_id.clone())
            .or(wire.session_id)
            .ok_or_else(|| DecodeError("a created session without a sessionId".into()))?;
        Ok(CreatedSession {
            session_id,
            status: context
                .as_ref()
                .map(|c| c.status.clone())
                .or(wire.session_status)
                .unwrap_or(SessionStatus::Created),
            flow_id: wire.flow_id,
            flow_version: wire.flow_version,
            environment: wire.environment,
            created_at: context.as_ref().and_then(|c| c.created_at.clone()),
            expires_at: context.and_then(|c| c.expires_at),
            player_url: wire.player_url,
        })
    }
}

/// A session as listed or fetched (written back in the first-named shape of each variant).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Opaque: `"123"` is a documented id (§9.20).
    pub session_id: String,
    #[serde(rename = "sessionStatus", default = "created")]
    pub status: SessionStatus,
    #[serde(default)]
    pub flow_id: Option<String>,
    #[serde(default, deserialize_with = "number_or_text")]
    pub flow_version: Option<String>,
    #[serde(default)]
    pub environment: Option<String>,
    #[serde(default)]
    pub subject_id: Option<String>,
    #[serde(default, alias = "decisionOutcome")]
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub completed_at: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub redirect_url: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub last_step: Option<LastStep>,
    /// Whatever else a build sends (`results` in production), kept.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

fn created() -> SessionStatus {
    SessionStatus::Created
}

impl Session {
    pub fn decode(body: &[u8]) -> Result<Session, DecodeError> {
        crate::decode(body)
    }

    /// When the session's outcome was settled: completion, else the last update (what a
    /// decision binds to).
    pub fn settled_at(&self) -> Option<&str> {
        self.completed_at.as_deref().or(self.updated_at.as_deref())
    }
}

/// The step a session reached: `{stepId, stepDescription, verdict}` in some builds,
/// `{stepName, stepType, verdict}` in others (§9.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastStep {
    /// `stepId`, or `stepName` where that shape is sent.
    #[serde(rename = "stepId")]
    pub step: String,
    /// `stepDescription`, or `stepType`.
    #[serde(rename = "stepDescription", skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
}

impl<'de> Deserialize<'de> for LastStep {
    fn deserialize<D: Deserializer<'de>>(from: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire {
            step_id: Option<String>,
            step_name: Option<String>,
            step_description: Option<String>,
            step_type: Option<String>,
            verdict: Option<String>,
        }
        let wire = Wire::deserialize(from)?;
        Ok(LastStep {
            step: wire.step_id.or(wire.step_name).unwrap_or_default(),
            description: wire.step_description.or(wire.step_type),
            verdict: wire.verdict,
        })
    }
}

/// One page of `GET v1/flows/{flowId}/{environment}/sessions`.
pub type SessionPage = Paged<Session>;
