//! The Trust Platform's routes in the sandbox, and the control route that moves a session.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::flows::{self, FLOWS};
use super::session::TrustSession;
use super::variant::TrustVariant;
use crate::state::SandboxState;

/// How long a token lives (the documented "typically" 86 400 s).
const TOKEN_SECONDS: i64 = 86_400;

fn problem(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "message": message }))).into_response()
}

/// The refusal for a caller without a bearer token the sandbox issued and that still lives.
fn unauthorised(state: &SandboxState, headers: &HeaderMap) -> Option<Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let now = state.now();
    match token.and_then(|t| state.trust().tokens.get(t).copied()) {
        Some(expires) if expires > now => None,
        _ => Some(problem(
            StatusCode::UNAUTHORIZED,
            "missing, unknown or expired bearer token",
        )),
    }
}

/// The gateway's own address as the caller reached it, for links back to the sandbox.
fn base(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

#[derive(Deserialize)]
pub struct TokenForm {
    grant_type: String,
    client_id: String,
    client_secret: String,
}

/// `POST /oidc/token`: client credentials (the company id and API key the sandbox has).
pub async fn token(
    State(state): State<Arc<SandboxState>>,
    axum::Form(form): axum::Form<TokenForm>,
) -> Response {
    if form.grant_type != "client_credentials" {
        return problem(StatusCode::BAD_REQUEST, "unsupported_grant_type");
    }
    if form.client_id != state.config.company_id || form.client_secret != state.config.api_key {
        return problem(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    let expires = state.now() + chrono::TimeDelta::seconds(TOKEN_SECONDS);
    let mut trust = state.trust();
    trust.tokens.insert(token.clone(), expires);
    trust.issued += 1;
    drop(trust);
    Json(json!({"access_token": token, "expires_in": TOKEN_SECONDS, "token_type": "Bearer"}))
        .into_response()
}

#[derive(Deserialize)]
pub struct Paging {
    page: Option<usize>,
    size: Option<usize>,
    #[serde(rename = "sortBy")]
    sort_by: Option<String>,
    #[serde(rename = "sortDesc")]
    sort_desc: Option<bool>,
}

/// Page `number` (1-based) of `items`, at most 100 a page (20 unless asked).
fn paged(items: Vec<Value>, paging: &Paging) -> Value {
    let size = paging.size.unwrap_or(20).clamp(1, 100);
    let number = paging.page.unwrap_or(1).max(1);
    let total = items.len();
    let content: Vec<Value> = items
        .into_iter()
        .skip((number - 1) * size)
        .take(size)
        .collect();
    json!({
        "content": content,
        "page": {"size": size, "number": number, "totalElements": total,
                 "totalPages": total.div_ceil(size)},
    })
}

/// `GET /api/v1/flows/{environment}`.
pub async fn flows(
    State(state): State<Arc<SandboxState>>,
    Path(environment): Path<String>,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = unauthorised(&state, &headers) {
        return refused;
    }
    let flows = FLOWS
        .iter()
        .map(|f| {
            json!({"id": f.id, "name": f.name, "description": f.description,
                        "version": 1, "environment": environment})
        })
        .collect();
    Json(paged(flows, &paging)).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSession {
    #[serde(default)]
    input: Map<String, Value>,
    #[serde(default)]
    metadata: Map<String, Value>,
    redirect_url: Option<String>,
    state: Option<String>,
}

/// `POST /api/v1/flows/{flowId}/{environment}/sessions` (the strictest `metadata` rule:
/// `subjectId` required, `locale` allowed, nothing else).
pub async fn create_session(
    State(state): State<Arc<SandboxState>>,
    Path((flow, environment)): Path<(String, String)>,
    headers: HeaderMap,
    Json(new): Json<NewSession>,
) -> Response {
    if let Some(refused) = unauthorised(&state, &headers) {
        return refused;
    }
    let Some(flow) = flows::find(&flow) else {
        return problem(StatusCode::NOT_FOUND, "no such flow");
    };
    let Some(subject_id) = new.metadata.get("subjectId").and_then(Value::as_str) else {
        return problem(StatusCode::BAD_REQUEST, "metadata.subjectId is required");
    };
    if new
        .metadata
        .keys()
        .any(|k| k != "subjectId" && k != "locale")
    {
        return problem(
            StatusCode::BAD_REQUEST,
            "metadata accepts only subjectId and locale",
        );
    }
    if new.state.as_ref().is_some_and(|s| s.chars().count() > 2048) {
        return problem(
            StatusCode::BAD_REQUEST,
            "state is longer than 2048 characters",
        );
    }
    let now = state.now();
    let early = state.trust().variant == TrustVariant::Early;
    let session = TrustSession {
        // Ids are opaque: the older pages show ones that are no UUID.
        id: if early {
            format!("sess_{}", uuid::Uuid::new_v4().simple())
        } else {
            uuid::Uuid::new_v4().to_string()
        },
        flow_id: flow.id,
        environment: environment.clone(),
        subject_id: subject_id.to_owned(),
        status: "CREATED",
        outcome: None,
        created_at: now,
        updated_at: now,
        completed_at: None,
        redirect_url: new.redirect_url,
        state: new.state,
        blocks: TrustSession::input_blocks(&new.input)
            .map(|(kind, content)| (kind, "START".to_owned(), content, now))
            .collect(),
    };
    let answer = json!({
        "flowId": flow.id,
        "flowVersion": 1,
        "environment": environment,
        "sessionContext": {"sessionId": session.id, "sessionStatus": "CREATED",
                           "createdAt": session.json(TrustVariant::Current)["createdAt"]},
        "playerUrl": format!("{}/player/?token={}", base(&headers), session.id),
    });
    state.trust().sessions.push(session);
    (StatusCode::CREATED, Json(answer)).into_response()
}

/// `GET /api/v1/flows/{flowId}/{environment}/sessions`, paged, by creation or status.
pub async fn list_sessions(
    State(state): State<Arc<SandboxState>>,
    Path((flow, environment)): Path<(String, String)>,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = unauthorised(&state, &headers) {
        return refused;
    }
    let mut trust = state.trust();
    trust.calls.session_lists += 1;
    let mut sessions: Vec<&TrustSession> = trust
        .sessions
        .iter()
        .filter(|s| s.flow_id == flow && s.environment == environment)
        .collect();
    match paging.sort_by.as_deref() {
        Some("status") => sessions.sort_by_key(|s| s.status),
        _ => sessions.sort_by_key(|s| s.created_at),
    }
    if paging.sort_desc == Some(true) {
        sessions.reverse();
    }
    let items = sessions
        .into_iter()
        .map(|s| {
            let mut item = s.json(trust.variant);
            if let Some(fields) = item.as_object_mut() {
                fields.remove("redirectUrl");
                fields.remove("state");
            }
            item
        })
        .collect();
    Json(paged(items, &paging)).into_response()
}

/// `GET /api/v1/{environment}/sessions/{sessionId}`.
pub async fn session(
    State(state): State<Arc<SandboxState>>,
    Path((environment, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    state.trust().calls.sessions += 1;
    session_answer(&state, &headers, &environment, &id, TrustSession::json)
}

/// `GET /api/v1/{environment}/sessions/{sessionId}/datablocks`.
pub async fn data_blocks(
    State(state): State<Arc<SandboxState>>,
    Path((environment, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    state.trust().calls.data_blocks += 1;
    session_answer(
        &state,
        &headers,
        &environment,
        &id,
        TrustSession::blocks_json,
    )
}

/// One session rendered, for a caller with a token.
fn session_answer(
    state: &SandboxState,
    headers: &HeaderMap,
    environment: &str,
    id: &str,
    render: fn(&TrustSession, TrustVariant) -> Value,
) -> Response {
    if let Some(refused) = unauthorised(state, headers) {
        return refused;
    }
    let trust = state.trust();
    match trust
        .sessions
        .iter()
        .find(|s| s.id == id && s.environment == environment)
    {
        Some(session) => Json(render(session, trust.variant)).into_response(),
        None => problem(StatusCode::NOT_FOUND, "no such session"),
    }
}

/// `GET /api/v1/{environment}/files/{vaultEntryId}`: a `302` to a presigned link.
pub async fn file(
    State(state): State<Arc<SandboxState>>,
    Path((_environment, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = unauthorised(&state, &headers) {
        return refused;
    }
    state.trust().calls.files += 1;
    if !state.trust().files.contains_key(&file) {
        return problem(StatusCode::NOT_FOUND, "no such vault entry");
    }
    let link = format!(
        "{}/sandbox/trust/files/{file}?X-Amz-Expires=3600",
        base(&headers)
    );
    (StatusCode::FOUND, [(header::LOCATION, link)]).into_response()
}

/// The presigned link's target: the file itself, no bearer token (as on a file host).
pub async fn presigned_file(
    State(state): State<Arc<SandboxState>>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    if headers.contains_key(header::AUTHORIZATION) {
        return problem(
            StatusCode::BAD_REQUEST,
            "a presigned link takes no Authorization header",
        );
    }
    let Some((name, media_type)) = state.trust().files.get(&file).copied() else {
        return problem(StatusCode::NOT_FOUND, "no such file");
    };
    let bytes: Vec<u8> = match media_type {
        "application/pdf" => crate::content::pdf::text_document(
            "Document verification report",
            &[
                "Verdict: VERIFIED".to_owned(),
                format!("Vault entry {file}"),
            ],
        )
        .to_vec(),
        _ => crate::content::images::id_card(true),
    };
    (
        [
            (header::CONTENT_TYPE, media_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[derive(Deserialize, Default)]
pub struct Move {
    /// `RUNNING`, or a terminal state (`COMPLETED` unless said).
    status: Option<String>,
    /// `accepted` unless said (a completed session's outcome).
    outcome: Option<String>,
}

/// `POST /sandbox/trust/sessions/{id}/complete`: the Player's steps done at once.
pub async fn complete(
    State(state): State<Arc<SandboxState>>,
    Path(id): Path<String>,
    body: Option<Json<Move>>,
) -> Response {
    let wanted = body.map(|Json(m)| m).unwrap_or_default();
    let status: &'static str = match wanted.status.as_deref().unwrap_or("COMPLETED") {
        "RUNNING" => "RUNNING",
        "COMPLETED" => "COMPLETED",
        "ERROR" => "ERROR",
        "ABORTED" => "ABORTED",
        "EXPIRED" => "EXPIRED",
        _ => {
            return problem(
                StatusCode::BAD_REQUEST,
                "status: RUNNING, COMPLETED, ERROR, ABORTED or EXPIRED",
            );
        }
    };
    match move_session(&state, &id, status, wanted.outcome) {
        Some(session) => Json(session).into_response(),
        None => problem(StatusCode::NOT_FOUND, "no such session"),
    }
}

/// Moves the session `id` to `status` (see `finish`); the session as now fetched, or `None`
/// when there is no such session.
pub(crate) fn move_session(
    state: &SandboxState,
    id: &str,
    status: &'static str,
    outcome: Option<String>,
) -> Option<Value> {
    let now = state.now();
    let mut trust = state.trust();
    let index = trust.sessions.iter().position(|s| s.id == id)?;
    let mut files = Vec::new();
    finish(&mut trust.sessions[index], status, outcome, now, &mut files);
    trust.files.extend(files);
    Some(trust.sessions[index].json(trust.variant))
}

/// Moves a session to `status`; a completed one gets its flow's output blocks and the End
/// step's outcome (`accepted` unless said). The files its blocks point to go to `files`.
pub(super) fn finish(
    session: &mut TrustSession,
    status: &'static str,
    outcome: Option<String>,
    now: chrono::DateTime<chrono::Utc>,
    files: &mut Vec<(String, (&'static str, &'static str))>,
) {
    session.status = status;
    session.updated_at = now;
    if status != "RUNNING" {
        session.completed_at = Some(now);
    }
    if status == "COMPLETED" {
        let outcome = outcome.unwrap_or_else(|| "accepted".to_owned());
        let outputs = flows::find(session.flow_id).map_or(&[][..], |f| f.outputs);
        for kind in outputs {
            let content = output(kind, &session.id, files);
            session.blocks.push((
                (*kind).to_owned(),
                "step_document_001".to_owned(),
                content,
                now,
            ));
        }
        session.blocks.push((
            "outcomeStatus".to_owned(),
            "END-ACCEPT".to_owned(),
            json!({ "outcome": outcome }),
            now,
        ));
        session.outcome = Some(outcome);
    }
}

/// A completed step's output block (files it points to go to the vault).
fn output(
    kind: &str,
    session: &str,
    files: &mut Vec<(String, (&'static str, &'static str))>,
) -> Value {
    match kind {
        "documentData" => {
            let front = format!("{session}-front");
            files.push((front.clone(), ("front.jpg", "image/jpeg")));
            json!({"documentType": "ID", "documentNumber": "T22000129", "expiryDate": "2031-08-01",
                   "issuingCountry": "DE", "frontSide": {"$ref": "vault", "$id": front}})
        }
        "documentVerification" => {
            let report = format!("{session}-report");
            files.push((report.clone(), ("report.pdf", "application/pdf")));
            json!({"verdict": {"status": "VERIFIED"}, "issues": [],
                   "report": {"$ref": "vault", "$id": report}})
        }
        "deviceSignals" => json!({"result": "pass", "score": 0.93, "reasons": []}),
        _ => json!({}),
    }
}

#[derive(Deserialize)]
pub struct VariantChoice {
    variant: TrustVariant,
}

/// `POST /sandbox/trust/variant {"variant": "current" | "early"}`: which documented build the
/// Trust Platform's answers look like from now on.
pub async fn set_variant(
    State(state): State<Arc<SandboxState>>,
    Json(choice): Json<VariantChoice>,
) -> Response {
    state.trust().variant = choice.variant;
    StatusCode::NO_CONTENT.into_response()
}

/// `GET /sandbox/trust/calls`: the Trust Platform calls answered so far, by kind (what a
/// benchmark in another process counts).
pub async fn calls(State(state): State<Arc<SandboxState>>) -> Response {
    Json(state.trust().calls).into_response()
}

/// `GET /oidc/.well-known/openid-configuration`: where the token endpoint is.
pub async fn openid_configuration(headers: HeaderMap) -> Response {
    let base = base(&headers);
    Json(json!({
        "issuer": format!("{base}/oidc"),
        "token_endpoint": format!("{base}/oidc/token"),
        "grant_types_supported": ["client_credentials"],
    }))
    .into_response()
}
