//! Error answers in the contract's one body shape (§9).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use idnow::{ApiErrorBody, ApiErrorItem, cause};

/// An error answer: HTTP status plus `{"errors":[{cause,id,key,message}]}`.
pub struct ApiError {
    status: StatusCode,
    item: ApiErrorItem,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        cause: &str,
        key: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            item: ApiErrorItem {
                cause: cause.to_owned(),
                // IDnow gives every failure a support id; ours are random too.
                id: Some(uuid::Uuid::new_v4().simple().to_string()),
                key: key.map(str::to_owned),
                message: Some(message.into()),
            },
        }
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            cause::INVALID_LOGIN_TOKEN,
            None,
            "missing or invalid API key or login token",
        )
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            cause::OBJECT_NOT_FOUND,
            None,
            "no such identification",
        )
    }

    pub fn bad_request(cause: &str, key: Option<&str>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, cause, key, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ApiErrorBody {
            errors: vec![self.item],
        };
        (self.status, Json(body)).into_response()
    }
}
