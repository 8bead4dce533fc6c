//! Contract §3 (create or update) and §6 (get, list, archive, delete, copy).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use idnow::{Identification, IdentificationRequest, ResultCode, cause};
use serde::{Deserialize, Serialize};

use super::auth::{require_api_key, require_token};
use crate::api_error::ApiError;
use crate::content::archive;
use crate::identification::{StoredDocument, StoredIdentification};
use crate::state::SandboxState;

pub async fn start(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    require_api_key(&state, &cid, &headers)?;
    check_transaction_number(&txn)?;
    let request = parse_request(&body)?;
    state.data().create_calls += 1;
    let updated = state.with_identification(&txn, |stored, _| {
        if stored.is_finished() {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                cause::EXISTING_IDENTIFICATION,
                None,
                "an identification with this transaction number is already finished",
            ));
        }
        stored.request = request.clone();
        Ok(stored.ident_id.clone())
    });
    if let Some(updated) = updated {
        return Ok((StatusCode::OK, Json(serde_json::json!({ "id": updated? }))));
    }
    let ident_id = state.new_ident_id();
    let mut stored = StoredIdentification::new(txn.clone(), ident_id.clone(), request, state.now());
    let mut data = state.data();
    for definition in data.definitions.values() {
        stored.documents.insert(
            definition.identifier.clone(),
            StoredDocument::new(definition),
        );
    }
    data.identifications
        .insert(txn.to_ascii_lowercase(), stored);
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "id": ident_id })),
    ))
}

pub fn check_transaction_number(txn: &str) -> Result<(), ApiError> {
    idnow::TransactionNumber::parse(txn)
        .map(|_| ())
        .map_err(|err| {
            ApiError::bad_request(cause::BAD_REQUEST, Some("transactionnumber"), err.message)
        })
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

/// `GET …/identifications/{txn}` and, for `{txn}.zip`, the result archive.
pub async fn get_one(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require_token(&state, &cid, &headers)?;
    if let Some(txn) = txn.strip_suffix(".zip") {
        let zip = state
            .with_identification(txn, |stored, _| {
                let has_data = stored
                    .result()
                    .is_some_and(|r| !matches!(r, ResultCode::Canceled | ResultCode::Aborted));
                has_data.then(|| {
                    archive::result_archive(stored, &state.config.company_id, &state.signer)
                })
            })
            .flatten()
            .ok_or_else(ApiError::not_found)?;
        return Ok(([(header::CONTENT_TYPE, "application/zip")], zip).into_response());
    }
    let report = state
        .with_identification(&txn, |stored, _| stored.report(&state.config.company_id))
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(report).into_response())
}

pub async fn list(
    State(state): State<Arc<SandboxState>>,
    Path(cid): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<ListBody>, ApiError> {
    require_token(&state, &cid, &headers)?;
    let flag = |name: &str| {
        query
            .get(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    };
    let (pending, cancelled, aborted, failed) = (
        flag("pending"),
        flag("cancelled"),
        flag("aborted"),
        flag("failed"),
    );
    let wanted = |code: &ResultCode| -> bool {
        if pending {
            matches!(
                code,
                ResultCode::ReviewPending
                    | ResultCode::FraudSuspicionPending
                    | ResultCode::CheckPending
            )
        } else if cancelled {
            *code == ResultCode::Canceled
        } else if aborted {
            *code == ResultCode::Aborted
        } else if failed {
            *code == ResultCode::Failed
        } else {
            // The finished, non-canceled results (fraud confirmed included: it is final;
            // FAILED too, as IDnow's recorded default lists hold it).
            code.is_final() && *code != ResultCode::Canceled
        }
    };
    let now = state.now();
    let identifications: Vec<Identification> = {
        // Only the reports are made under the lock; other lists and calls are served while
        // this one is written out.
        let mut data = state.data();
        for stored in data.identifications.values_mut() {
            stored.advance(now, state.config.time_scale);
        }
        let mut found: Vec<&StoredIdentification> = data
            .identifications
            .values()
            .filter(|stored| stored.result().is_some_and(wanted))
            .collect();
        found.sort_by_key(|s| s.created_at);
        found
            .into_iter()
            .map(|s| s.report(&state.config.company_id))
            .collect()
    };
    Ok(Json(ListBody { identifications }))
}

/// The body of a list: written straight from the reports, without a JSON tree between.
#[derive(Serialize)]
pub struct ListBody {
    identifications: Vec<Identification>,
}

/// `DELETE …/identifications/{txn}`: gone at IDnow, final.
pub async fn delete(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    require_token(&state, &cid, &headers)?;
    state
        .data()
        .identifications
        .remove(&txn.to_ascii_lowercase())
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(serde_json::json!({})))
}

#[derive(Deserialize)]
pub struct CopyBody {
    #[serde(default)]
    target_companyid: Option<String>,
    #[serde(default)]
    target_transactionnumber: Option<String>,
}

/// `POST …/identifications/{txn}/copy`: to this company or a permitted one.
pub async fn copy(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<CopyBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    require_token(&state, &cid, &headers)?;
    let Some(target) = body.target_companyid.filter(|t| !t.is_empty()) else {
        return Err(ApiError::bad_request(
            cause::BAD_REQUEST,
            Some("target_companyid"),
            "target_companyid is required",
        ));
    };
    let own = state.is_our_company(&target);
    if !own
        && !state
            .config
            .copy_targets
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&target))
    {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            cause::FORBIDDEN,
            None,
            "this company may not copy identifications to the target company",
        ));
    }
    // Without a number of its own the copy keeps the original's (a copy to the company
    // itself needs one: the original holds this number there).
    let target_txn = match body.target_transactionnumber.filter(|t| !t.is_empty()) {
        Some(number) => number,
        None if own => uuid::Uuid::new_v4().to_string(),
        None => txn.clone(),
    };
    check_transaction_number(&target_txn)?;
    let request = state
        .with_identification(&txn, |stored, _| stored.request.clone())
        .ok_or_else(ApiError::not_found)?;
    let ident_id = state.new_ident_id();
    if own {
        let copy =
            StoredIdentification::new(target_txn.clone(), ident_id.clone(), request, state.now());
        state
            .data()
            .identifications
            .insert(target_txn.to_ascii_lowercase(), copy);
    }
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "id": ident_id })),
    ))
}
