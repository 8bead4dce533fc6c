//! The sandbox's HTTP surface. The gateway listener serves IDnow's company API under
//! `/api/v1/{cid}` and the sandbox's control API under `/sandbox`; the robot listener is
//! the test environment's `api` host. Every request is logged with method, path and
//! status (never bodies); faults are injected on IDnow's paths only.

mod auth;
mod company;
mod control;
mod documents;
mod fault_injection;
mod identifications;
mod robots;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};

use crate::state::SandboxState;

/// PDFs have no published size limit; the sandbox takes up to 1 GiB.
const BODY_LIMIT: usize = 1 << 30;

pub fn gateway(state: Arc<SandboxState>) -> Router {
    let idnow = Router::new()
        .route("/api/v1/{cid}", get(company::info))
        .route("/api/v1/{cid}/login", post(auth::login))
        .route("/api/v1/{cid}/identifications", get(identifications::list))
        .route(
            "/api/v1/{cid}/identifications/{txn}",
            get(identifications::get_one).delete(identifications::delete),
        )
        .route(
            "/api/v1/{cid}/identifications/{txn}/start",
            post(identifications::start),
        )
        .route(
            "/api/v1/{cid}/identifications/{txn}/copy",
            post(identifications::copy),
        )
        .route(
            "/api/v1/{cid}/documentdefinitions",
            get(documents::list_definitions).post(documents::save_definition),
        )
        .route(
            "/api/v1/{cid}/documentdefinitions/{identifier}",
            get(documents::get_definition),
        )
        .route(
            "/api/v1/{cid}/documentdefinitions/{identifier}/data",
            get(documents::get_default_data).post(documents::upload_default_data),
        )
        .route(
            "/api/v1/{cid}/identifications/{txn}/documents",
            get(documents::list_documents),
        )
        .route(
            "/api/v1/{cid}/identifications/{txn}/documents/{identifier}",
            get(documents::get_document).post(documents::override_document),
        )
        .route(
            "/api/v1/{cid}/identifications/{txn}/documents/{identifier}/data",
            post(documents::upload_document),
        )
        .route(
            "/api/v1/{cid}/identifications/{txn}/documents/{identifier}/signed",
            get(documents::signed_document).post(documents::signed_document),
        )
        .merge(crate::trust::router())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            fault_injection::inject,
        ));
    idnow
        .merge(control::router())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// The test environment's robot host (`api.test.idnow.de`): `start` and `requestVideoChat`.
pub fn robots(state: Arc<SandboxState>) -> Router {
    Router::new()
        .route(
            "/api/v1/{cid}/identifications/{txn}/start",
            post(robots::start),
        )
        .route(
            "/api/v1/{cid}/identifications/{txn}/requestVideoChat",
            post(robots::request_video_chat),
        )
        .layer(middleware::from_fn_with_state(
            state.clone(),
            fault_injection::inject,
        ))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    tracing::info!(target: "idnow_sandbox::request", %method, %path, status = response.status().as_u16());
    response
}
