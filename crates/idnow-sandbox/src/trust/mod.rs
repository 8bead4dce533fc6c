//! The Trust Platform as the sandbox speaks it (the contract's first-named variant of each
//! disputed item, `docs/idnow-trust-platform-contract.md`): a client-credentials token,
//! three sample flows, sessions created per flow and moved to an outcome through the control
//! API, their data blocks and the files in their vault (a `302` to a presigned link).

pub(crate) mod api;
pub(crate) mod data;
mod flows;
pub(crate) mod seed;
mod session;

use axum::Router;
use axum::routing::{get, post};

use crate::state::SandboxState;

/// The routes, on the gateway listener beside the classic API.
pub fn router() -> Router<std::sync::Arc<SandboxState>> {
    Router::new()
        .route("/oidc/token", post(api::token))
        .route("/api/v1/flows/{environment}", get(api::flows))
        .route(
            "/api/v1/flows/{flow}/{environment}/sessions",
            get(api::list_sessions).post(api::create_session),
        )
        .route(
            "/api/v1/{environment}/sessions/{session}",
            get(api::session),
        )
        .route(
            "/api/v1/{environment}/sessions/{session}/datablocks",
            get(api::data_blocks),
        )
        .route("/api/v1/{environment}/files/{file}", get(api::file))
        .route("/sandbox/trust/files/{file}", get(api::presigned_file))
        .route(
            "/sandbox/trust/sessions/{session}/complete",
            post(api::complete),
        )
}
