//! The Trust Platform as the sandbox speaks it (the contract's first-named variant of each
//! disputed item, `docs/idnow-trust-platform-contract.md`): a client-credentials token,
//! three sample flows, sessions created per flow and moved to an outcome through the control
//! API, their data blocks and the files in their vault (a `302` to a presigned link).

pub(crate) mod api;
pub(crate) mod data;
mod flows;
pub(crate) mod seed;
mod session;
pub(crate) mod variant;

use axum::Router;
use axum::routing::{get, post};

use crate::state::SandboxState;

/// The routes, on the gateway listener beside the classic API: the API under `/api/v1` and,
/// as some builds document it, under `/v1`.
pub fn router() -> Router<std::sync::Arc<SandboxState>> {
    Router::new()
        .route("/oidc/token", post(api::token))
        .route(
            "/oidc/.well-known/openid-configuration",
            get(api::openid_configuration),
        )
        .nest("/api", api_routes())
        .merge(api_routes())
        .route("/sandbox/trust/files/{file}", get(api::presigned_file))
        .route(
            "/sandbox/trust/sessions/{session}/complete",
            post(api::complete),
        )
        .route("/sandbox/trust/variant", post(api::set_variant))
        .route("/sandbox/trust/calls", get(api::calls))
}

/// The API's own routes, from `/v1`.
fn api_routes() -> Router<std::sync::Arc<SandboxState>> {
    Router::new()
        .route("/v1/flows/{environment}", get(api::flows))
        .route(
            "/v1/flows/{flow}/{environment}/sessions",
            get(api::list_sessions).post(api::create_session),
        )
        .route("/v1/{environment}/sessions/{session}", get(api::session))
        .route(
            "/v1/{environment}/sessions/{session}/datablocks",
            get(api::data_blocks),
        )
        .route("/v1/{environment}/files/{file}", get(api::file))
}
