//! `GET /api/v1/{cid}`: the company's name, shortcode and estimated waiting time.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;

use super::auth::require_token;
use crate::api_error::ApiError;
use crate::state::SandboxState;

pub async fn info(
    State(state): State<Arc<SandboxState>>,
    Path(cid): Path<String>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    require_token(&state, &cid, &headers)?;
    Ok(Json(serde_json::json!({
        "shortname": state.config.company_id,
        "shortcode": state.config.shortcode,
        "name": state.config.company_name,
        // Robots answer at once; IDnow rounds to 0/15/30/45/60/120/180… seconds.
        "estimatedWaitingTime": 0,
    })))
}
