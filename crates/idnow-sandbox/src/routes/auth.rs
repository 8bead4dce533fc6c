//! Contract §2: the API key for creation, login tokens (1 hour idle) for everything else.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use chrono::TimeDelta;
use serde::Deserialize;

use crate::api_error::ApiError;
use crate::state::SandboxState;

/// A token unused for this long is refused.
pub const TOKEN_IDLE_LIMIT: TimeDelta = TimeDelta::hours(1);

#[derive(Deserialize)]
pub struct LoginBody {
    #[serde(rename = "apiKey", default)]
    api_key: String,
}

pub async fn login(
    State(state): State<Arc<SandboxState>>,
    Path(cid): Path<String>,
    body: Option<Json<LoginBody>>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let key_ok = body.is_some_and(|Json(b)| b.api_key == state.config.api_key);
    if !key_ok || !state.is_our_company(&cid) {
        return Err(ApiError::unauthorized());
    }
    Ok(Json(serde_json::json!({ "authToken": state.new_token() })))
}

/// Creation (and the robot host) authenticate with `X-API-KEY`.
pub fn require_api_key(
    state: &SandboxState,
    cid: &str,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    let sent = headers.get("X-API-KEY").and_then(|v| v.to_str().ok());
    if sent == Some(state.config.api_key.as_str()) && state.is_our_company(cid) {
        Ok(())
    } else {
        Err(ApiError::unauthorized())
    }
}

/// Everything else authenticates with a live `X-API-LOGIN-TOKEN`; using it renews it.
pub fn require_token(state: &SandboxState, cid: &str, headers: &HeaderMap) -> Result<(), ApiError> {
    if !state.is_our_company(cid) {
        return Err(ApiError::unauthorized());
    }
    let Some(token) = headers
        .get("X-API-LOGIN-TOKEN")
        .and_then(|v| v.to_str().ok())
    else {
        return Err(ApiError::unauthorized());
    };
    let now = state.now();
    let mut data = state.data();
    match data.tokens.get_mut(token) {
        Some(last_used) if now - *last_used <= TOKEN_IDLE_LIMIT => {
            *last_used = now;
            Ok(())
        }
        Some(_) => {
            data.tokens.remove(token);
            Err(ApiError::unauthorized())
        }
        None => Err(ApiError::unauthorized()),
    }
}
