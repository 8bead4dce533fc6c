//! The sandbox's own control API: play the person and the agent.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use chrono::Utc;
use idnow::{Identification, ResultCode};
use serde::Deserialize;

use crate::api_error::ApiError;
use crate::outcome;
use crate::state::SandboxState;

#[derive(Deserialize)]
pub struct CompleteBody {
    /// Any result code of contract §6, e.g. `SUCCESS` or `REVIEW_PENDING`.
    result: String,
    #[serde(default)]
    reason: Option<String>,
}

/// `POST /sandbox/{cid}/identifications/{txn}/complete {"result":…, "reason":…}`: the
/// person went through the identification with this outcome.
pub async fn complete(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    Json(body): Json<CompleteBody>,
) -> Result<Json<Identification>, ApiError> {
    if !cid.eq_ignore_ascii_case(&state.config.company_id) {
        return Err(ApiError::not_found());
    }
    let mut data = state.data();
    let stored = data
        .identifications
        .get_mut(&txn.to_ascii_lowercase())
        .ok_or_else(ApiError::not_found)?;
    let result = outcome::finished(
        &state.config.company_id,
        stored,
        ResultCode::parse(&body.result),
        body.reason,
        Utc::now(),
    );
    stored.result = Some(result.clone());
    Ok(Json(result))
}
