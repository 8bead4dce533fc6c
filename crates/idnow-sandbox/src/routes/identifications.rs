//! Contract §3 (create or update) and §6 (get one, list) for identifications.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use idnow::{Identification, IdentificationProcess, IdentificationRequest, ResultCode, cause};

use super::auth::{require_api_key, require_token};
use crate::api_error::ApiError;
use crate::state::{SandboxState, StoredIdentification};

pub async fn start(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    require_api_key(&state, &cid, &headers)?;
    if let Err(err) = idnow::TransactionNumber::parse(&txn) {
        return Err(ApiError::bad_request(
            cause::BAD_REQUEST,
            Some("transactionnumber"),
            err.message,
        ));
    }
    let request = parse_request(&body)?;

    let mut data = state.data();
    let key = txn.to_ascii_lowercase();
    if let Some(existing) = data.identifications.get_mut(&key) {
        if existing.is_finished() {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                cause::EXISTING_IDENTIFICATION,
                None,
                "an identification with this transaction number is already finished",
            ));
        }
        existing.request = request;
        let id = existing.ident_id.clone();
        return Ok((StatusCode::OK, Json(serde_json::json!({ "id": id }))));
    }
    let ident_id = state.new_ident_id();
    data.identifications.insert(
        key,
        StoredIdentification {
            transaction_number: txn,
            ident_id: ident_id.clone(),
            request,
            result: None,
            created_at: Utc::now(),
        },
    );
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "id": ident_id })),
    ))
}

/// The body must be a JSON object of known fields in the documented formats.
fn parse_request(body: &[u8]) -> Result<IdentificationRequest, ApiError> {
    let json: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(cause::UNPARSEABLE_JSON, None, e.to_string()))?;
    let Some(object) = json.as_object() else {
        return Err(ApiError::bad_request(
            cause::UNPARSEABLE_JSON,
            None,
            "the body must be a JSON object",
        ));
    };
    if let Some(unknown) = object
        .keys()
        .find(|k| !IdentificationRequest::FIELD_NAMES.contains(&k.as_str()))
    {
        return Err(ApiError::bad_request(
            cause::UNRECOGNIZED_FIELD,
            Some(unknown),
            format!("unrecognized field {unknown}"),
        ));
    }
    let request: IdentificationRequest = serde_json::from_value(json)
        .map_err(|e| ApiError::bad_request(cause::BAD_REQUEST, None, e.to_string()))?;
    request
        .validate()
        .map_err(|e| ApiError::bad_request(cause::BAD_REQUEST, Some(&e.field), e.message))?;
    Ok(request)
}

pub async fn get_one(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Identification>, ApiError> {
    require_token(&state, &cid, &headers)?;
    let data = state.data();
    let stored = data
        .identifications
        .get(&txn.to_ascii_lowercase())
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(report(stored)))
}

/// Until the person has been through it, an identification reports only its ids.
fn report(stored: &StoredIdentification) -> Identification {
    stored.result.clone().unwrap_or_else(|| Identification {
        identificationprocess: IdentificationProcess {
            id: Some(stored.ident_id.clone()),
            transactionnumber: Some(stored.transaction_number.clone()),
            ..IdentificationProcess::default()
        },
        ..Identification::default()
    })
}

pub async fn list(
    State(state): State<Arc<SandboxState>>,
    Path(cid): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    require_token(&state, &cid, &headers)?;
    let flag = |name: &str| {
        query
            .get(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    };
    let wanted = |code: &ResultCode| -> bool {
        if flag("pending") {
            matches!(
                code,
                ResultCode::ReviewPending
                    | ResultCode::FraudSuspicionPending
                    | ResultCode::CheckPending
            )
        } else if flag("cancelled") {
            *code == ResultCode::Canceled
        } else if flag("aborted") {
            *code == ResultCode::Aborted
        } else {
            // The finished, non-canceled results (fraud confirmed included: it is final).
            code.is_final() && *code != ResultCode::Canceled
        }
    };
    let data = state.data();
    let mut found: Vec<&StoredIdentification> = data
        .identifications
        .values()
        .filter(|s| {
            s.result
                .as_ref()
                .and_then(|r| r.identificationprocess.result.as_ref())
                .is_some_and(wanted)
        })
        .collect();
    found.sort_by_key(|s| s.created_at);
    let identifications: Vec<Identification> = found.into_iter().map(report).collect();
    Ok(Json(
        serde_json::json!({ "identifications": identifications }),
    ))
}
