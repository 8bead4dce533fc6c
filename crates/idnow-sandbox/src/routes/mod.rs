//! The sandbox's HTTP surface: IDnow's paths under `/api/v1/{cid}` and the control API
//! under `/sandbox/{cid}`, with a request log of method, path and status (never bodies).

mod auth;
mod company;
mod control;
mod identifications;

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};

use crate::state::SandboxState;

pub fn router(state: Arc<SandboxState>) -> Router {
    Router::new()
        .route("/api/v1/{cid}", get(company::info))
        .route("/api/v1/{cid}/login", post(auth::login))
        .route("/api/v1/{cid}/identifications", get(identifications::list))
        .route(
            "/api/v1/{cid}/identifications/{txn}",
            get(identifications::get_one),
        )
        .route(
            "/api/v1/{cid}/identifications/{txn}/start",
            post(identifications::start),
        )
        .route(
            "/sandbox/{cid}/identifications/{txn}/complete",
            post(control::complete),
        )
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
