//! Contract §5, eSign: document definitions, default documents, and the documents of one
//! identification (upload, override, signed download).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use idnow::{DocumentDefinition, cause};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::auth::require_token;
use crate::api_error::ApiError;
use crate::identification::DocumentAnswer;
use crate::state::SandboxState;

type Answer<T> = Result<T, ApiError>;

pub async fn list_definitions(
    State(state): State<Arc<SandboxState>>,
    Path(cid): Path<String>,
    headers: HeaderMap,
) -> Answer<Json<Vec<DocumentDefinition>>> {
    require_token(&state, &cid, &headers)?;
    let mut definitions: Vec<DocumentDefinition> =
        state.data().definitions.values().cloned().collect();
    definitions.sort_by_key(|d| (d.sort_order.unwrap_or(i64::MAX), d.identifier.clone()));
    Ok(Json(definitions))
}

pub async fn get_definition(
    State(state): State<Arc<SandboxState>>,
    Path((cid, identifier)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer<Json<DocumentDefinition>> {
    require_token(&state, &cid, &headers)?;
    let found = state.data().definitions.get(&identifier).cloned();
    found.map(Json).ok_or_else(ApiError::not_found)
}

/// Create (201) or update (200) a definition; the answer is `{}`.
pub async fn save_definition(
    State(state): State<Arc<SandboxState>>,
    Path(cid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer<(StatusCode, Json<serde_json::Value>)> {
    require_token(&state, &cid, &headers)?;
    let definition: DocumentDefinition = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(cause::BAD_REQUEST, None, e.to_string()))?;
    definition
        .validate()
        .map_err(|e| ApiError::bad_request(cause::BAD_REQUEST, Some(&e.field), e.message))?;
    let existed = state
        .data()
        .definitions
        .insert(definition.identifier.clone(), definition)
        .is_some();
    let status = if existed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(serde_json::json!({}))))
}

pub async fn upload_default_data(
    State(state): State<Arc<SandboxState>>,
    Path((cid, identifier)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer<StatusCode> {
    require_token(&state, &cid, &headers)?;
    require_pdf(&body)?;
    let mut data = state.data();
    if !data.definitions.contains_key(&identifier) {
        return Err(ApiError::not_found());
    }
    data.default_documents.insert(identifier, body);
    Ok(StatusCode::OK)
}

pub async fn get_default_data(
    State(state): State<Arc<SandboxState>>,
    Path((cid, identifier)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer<Response> {
    require_token(&state, &cid, &headers)?;
    let bytes = state.data().default_documents.get(&identifier).cloned();
    bytes.map(pdf_response).ok_or_else(ApiError::not_found)
}

pub async fn list_documents(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer<Json<Vec<DocumentAnswer>>> {
    require_token(&state, &cid, &headers)?;
    state
        .with_identification(&txn, |stored, _| {
            stored.documents.values().map(|d| d.info()).collect()
        })
        .map(Json)
        .ok_or_else(ApiError::not_found)
}

pub async fn get_document(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn, identifier)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Answer<Json<DocumentAnswer>> {
    require_token(&state, &cid, &headers)?;
    state
        .with_identification(&txn, |stored, _| {
            stored.documents.get(&identifier).map(|d| d.info())
        })
        .flatten()
        .map(Json)
        .ok_or_else(ApiError::not_found)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    name: Option<String>,
    version: Option<String>,
    signatures: Option<serde_json::Value>,
}

/// Change a document's name, version or signatures before the identification starts.
pub async fn override_document(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn, identifier)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer<Json<serde_json::Value>> {
    require_token(&state, &cid, &headers)?;
    let changes: Override = serde_json::from_slice(&body).map_err(|e| {
        let cause = if e.to_string().contains("unknown field") {
            cause::UNRECOGNIZED_FIELD
        } else {
            cause::BAD_REQUEST
        };
        ApiError::bad_request(cause, None, e.to_string())
    })?;
    state
        .with_identification(&txn, |stored, _| {
            if stored.started || stored.current().is_some() {
                return Err(too_late());
            }
            let document = stored
                .documents
                .get_mut(&identifier)
                .ok_or_else(ApiError::not_found)?;
            if let Some(name) = changes.name {
                document.name = name;
            }
            if changes.version.is_some() {
                document.version = changes.version;
            }
            if changes.signatures.is_some() {
                document.signatures = changes.signatures;
            }
            Ok(Json(serde_json::json!({})))
        })
        .ok_or_else(ApiError::not_found)?
}

/// The PDF to sign, as raw bytes; the answer is 200 with an empty body.
pub async fn upload_document(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn, identifier)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer<StatusCode> {
    require_token(&state, &cid, &headers)?;
    require_pdf(&body)?;
    let hash = hex::encode(Sha256::digest(&body));
    state
        .with_identification(&txn, |stored, _| {
            if stored.is_finished() {
                return Err(too_late());
            }
            let document = stored
                .documents
                .get_mut(&identifier)
                .ok_or_else(ApiError::not_found)?;
            document.data = Some(body);
            document.hash = Some(hash);
            document.signed = None;
            Ok(StatusCode::OK)
        })
        .ok_or_else(ApiError::not_found)?
}

/// The signed PDF, once the identification succeeded (412 before).
pub async fn signed_document(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn, identifier)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Answer<Response> {
    require_token(&state, &cid, &headers)?;
    state
        .with_identification(&txn, |stored, _| {
            let document = stored
                .documents
                .get(&identifier)
                .ok_or_else(ApiError::not_found)?;
            document.signed.clone().map(pdf_response).ok_or_else(|| {
                ApiError::new(
                    StatusCode::PRECONDITION_FAILED,
                    cause::PRECONDITION_FAILED,
                    Some(&identifier),
                    "the document is not signed (yet)",
                )
            })
        })
        .ok_or_else(ApiError::not_found)?
}

fn require_pdf(body: &[u8]) -> Result<(), ApiError> {
    if body.starts_with(b"%PDF-") {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            cause::BAD_REQUEST,
            Some("data"),
            "the document is not a PDF",
        ))
    }
}

fn too_late() -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        cause::PRECONDITION_FAILED,
        None,
        "the identification has started; its documents can no longer change",
    )
}

fn pdf_response(bytes: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response()
}
