//! The test environment's robot host (contract §8): after creation (and eSign uploads) the
//! company calls `start` (with the API key; it answers the session's token and status),
//! then `requestVideoChat` (no key: the person's side calls it), and the robot agent plays
//! the scenario named by the `X-AUTOTEST-…` marker (HAPPYPATH when there is none).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use idnow::cause;

use super::auth::require_api_key;
use crate::api_error::ApiError;
use crate::identification::RobotRun;
use crate::scenario::Scenario;
use crate::state::SandboxState;

pub async fn start(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    require_api_key(&state, &cid, &headers)?;
    state
        .with_identification(&txn, |stored, _| {
            let missing: Vec<String> = stored
                .documents
                .values()
                .filter(|d| !d.definition.optional && d.data.is_none())
                .map(|d| d.definition.identifier.clone())
                .collect();
            if !missing.is_empty() {
                return Err(ApiError::new(
                    StatusCode::PRECONDITION_FAILED,
                    cause::PRECONDITION_FAILED,
                    Some(&missing.join(",")),
                    "required eSign documents are not uploaded",
                ));
            }
            stored.started = true;
            Ok(Json(
                serde_json::json!({ "token": stored.ident_id, "status": "STARTED" }),
            ))
        })
        .ok_or_else(ApiError::not_found)?
}

pub async fn request_video_chat(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !state.is_our_company(&cid) {
        return Err(ApiError::not_found());
    }
    let now = state.now();
    state
        .with_identification(&txn, |stored, _| {
            if !stored.started {
                return Err(ApiError::new(
                    StatusCode::PRECONDITION_FAILED,
                    cause::PRECONDITION_FAILED,
                    None,
                    "call start before requestVideoChat",
                ));
            }
            let scenario = Scenario::from_request(&stored.request).unwrap_or(Scenario::HappyPath);
            stored.robot = Some(RobotRun {
                scenario,
                started_at: now,
                steps_done: 0,
            });
            Ok(Json(serde_json::json!({})))
        })
        .ok_or_else(ApiError::not_found)?
}
