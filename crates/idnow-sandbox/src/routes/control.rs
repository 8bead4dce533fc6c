//! The sandbox's own control API under `/sandbox` (a prefix IDnow never uses): play the
//! person and the agent, move the clock, inject faults, seed data, publish the XML key.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::TimeDelta;
use idnow::{Identification, ResultCode};
use serde::Deserialize;

use crate::api_error::ApiError;
use crate::content::signature::PUBLIC_KEY_PEM;
use crate::faults::Faults;
use crate::identification::RobotRun;
use crate::scenario::Scenario;
use crate::seed;
use crate::state::SandboxState;

pub fn router() -> Router<Arc<SandboxState>> {
    Router::new()
        .route("/sandbox/public-key.pem", get(public_key))
        .route(
            "/sandbox/faults",
            get(get_faults).put(set_faults).delete(clear_faults),
        )
        .route("/sandbox/clock/advance", post(advance_clock))
        .route("/sandbox/{cid}/seed", post(seed_identifications))
        .route(
            "/sandbox/{cid}/identifications/{txn}/complete",
            post(complete),
        )
        .route("/sandbox/{cid}/identifications/{txn}/play", post(play))
        .route("/sandbox/{cid}/identifications/{txn}/change", post(change))
        .route("/sandbox/{cid}/identifications/{txn}/cancel", post(cancel))
}

async fn public_key() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/x-pem-file")],
        PUBLIC_KEY_PEM,
    )
}

async fn get_faults(State(state): State<Arc<SandboxState>>) -> Json<Faults> {
    Json(state.faults().clone())
}

async fn set_faults(
    State(state): State<Arc<SandboxState>>,
    Json(faults): Json<Faults>,
) -> Json<Faults> {
    *state.faults() = faults.clone();
    Json(faults)
}

async fn clear_faults(State(state): State<Arc<SandboxState>>) -> StatusCode {
    *state.faults() = Faults::default();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct Advance {
    seconds: i64,
}

async fn advance_clock(
    State(state): State<Arc<SandboxState>>,
    Json(body): Json<Advance>,
) -> Json<serde_json::Value> {
    state.config.clock.advance(TimeDelta::seconds(body.seconds));
    Json(serde_json::json!({ "now": state.now().to_rfc3339() }))
}

#[derive(Deserialize)]
struct Seed {
    count: usize,
}

async fn seed_identifications(
    State(state): State<Arc<SandboxState>>,
    Path(cid): Path<String>,
    Json(body): Json<Seed>,
) -> Result<Json<serde_json::Value>, ApiError> {
    our_company(&state, &cid)?;
    let seeded = seed::seed(&state, body.count);
    Ok(Json(serde_json::json!({ "seeded": seeded })))
}

#[derive(Deserialize)]
struct Complete {
    /// Any result code of contract §6, e.g. `SUCCESS` or `REVIEW_PENDING`.
    result: String,
    #[serde(default)]
    reason: Option<String>,
}

/// The person went through the identification with this outcome.
async fn complete(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    Json(body): Json<Complete>,
) -> Result<Json<Identification>, ApiError> {
    our_company(&state, &cid)?;
    let now = state.now();
    state
        .with_identification(&txn, |stored, _| {
            stored.push_stage(ResultCode::parse(&body.result), body.reason, now);
            Json(stored.report(&state.config.company_id))
        })
        .ok_or_else(ApiError::not_found)
}

#[derive(Deserialize)]
struct Play {
    scenario: String,
}

/// Start a robot scenario now, whatever the markers say.
async fn play(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    Json(body): Json<Play>,
) -> Result<Json<serde_json::Value>, ApiError> {
    our_company(&state, &cid)?;
    let scenario = Scenario::parse(&body.scenario).ok_or_else(|| {
        ApiError::bad_request(
            idnow::cause::BAD_REQUEST,
            Some("scenario"),
            "unknown scenario",
        )
    })?;
    let now = state.now();
    state
        .with_identification(&txn, |stored, _| {
            stored.started = true;
            stored.robot = Some(RobotRun {
                scenario,
                started_at: now,
                steps_done: 0,
            });
        })
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(serde_json::json!({ "scenario": scenario.name() })))
}

/// The agent captured these fields differently (`{"fields": {"lastname": "MÜLLER"}}`).
#[derive(Deserialize)]
struct Change {
    fields: std::collections::BTreeMap<String, String>,
}

const CHANGEABLE: [&str; 13] = [
    "firstname",
    "lastname",
    "birthday",
    "birthplace",
    "birthname",
    "nationality",
    "gender",
    "title",
    "street",
    "streetnumber",
    "zipcode",
    "city",
    "country",
];

async fn change(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    Json(body): Json<Change>,
) -> Result<Json<Identification>, ApiError> {
    our_company(&state, &cid)?;
    state
        .with_identification(&txn, |stored, _| {
            for (field, value) in body.fields {
                let known = CHANGEABLE
                    .into_iter()
                    .find(|f| *f == field)
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            idnow::cause::UNRECOGNIZED_FIELD,
                            Some(&field),
                            "not a user-data field",
                        )
                    })?;
                stored.changes.insert(known, value);
            }
            Ok(Json(stored.report(&state.config.company_id)))
        })
        .ok_or_else(ApiError::not_found)?
}

#[derive(Deserialize, Default)]
struct Cancel {
    #[serde(default)]
    reason: Option<String>,
}

/// The review agent cancels: personal data, images and audio are deleted.
async fn cancel(
    State(state): State<Arc<SandboxState>>,
    Path((cid, txn)): Path<(String, String)>,
    body: Option<Json<Cancel>>,
) -> Result<Json<Identification>, ApiError> {
    our_company(&state, &cid)?;
    let reason = body
        .and_then(|Json(b)| b.reason)
        .unwrap_or_else(|| "OTHER_MISCELLANEOUS_PERMANENT".into());
    let now = state.now();
    state
        .with_identification(&txn, |stored, _| {
            stored.robot = None;
            stored.push_stage(ResultCode::Canceled, Some(reason), now);
            Json(stored.report(&state.config.company_id))
        })
        .ok_or_else(ApiError::not_found)
}

fn our_company(state: &SandboxState, cid: &str) -> Result<(), ApiError> {
    if state.is_our_company(cid) {
        Ok(())
    } else {
        Err(ApiError::not_found())
    }
}
