//! The middleware that carries out the faults the control API set (`crate::faults`) on
//! IDnow's paths, one request at a time.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api_error::ApiError;
use crate::state::SandboxState;

enum Planned {
    Fail(StatusCode, Option<u32>),
    Drop,
    Truncate,
    Normal,
}

pub async fn inject(
    State(state): State<Arc<SandboxState>>,
    request: Request,
    next: Next,
) -> Response {
    let (latency, planned) = {
        let mut faults = state.faults();
        let planned = if faults.fail_next > 0 {
            faults.fail_next -= 1;
            let status = faults
                .fail_status
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            Planned::Fail(status, faults.retry_after_seconds)
        } else if faults.drop_next_after_commit > 0 {
            faults.drop_next_after_commit -= 1;
            Planned::Drop
        } else if faults.truncate_next > 0 {
            faults.truncate_next -= 1;
            Planned::Truncate
        } else {
            Planned::Normal
        };
        (faults.latency_ms, planned)
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    match planned {
        Planned::Fail(status, retry_after) => failure(status, retry_after),
        Planned::Normal => next.run(request).await,
        Planned::Drop => broken(next.run(request).await, 0).await,
        Planned::Truncate => broken(next.run(request).await, 2).await,
    }
}

fn failure(status: StatusCode, retry_after: Option<u32>) -> Response {
    let cause = if status == StatusCode::TOO_MANY_REQUESTS {
        "TOO_MANY_REQUESTS"
    } else {
        idnow::cause::INTERNAL_SERVER_ERROR
    };
    let mut response =
        ApiError::new(status, cause, None, "injected by the sandbox").into_response();
    if let Some(seconds) = retry_after.filter(|_| status == StatusCode::TOO_MANY_REQUESTS) {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// The real answer's status and headers, then `1/divisor` of its body (none for 0), then a
/// broken connection: the client sees the committed change's answer fail mid-way.
async fn broken(response: Response, divisor: usize) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let keep = bytes.len().checked_div(divisor).unwrap_or(0);
    let head = bytes.slice(..keep);
    parts.headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(bytes.len().max(1)),
    );
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = vec![
        Ok(head),
        Err(std::io::Error::other("connection dropped by the sandbox")),
    ];
    Response::from_parts(parts, Body::from_stream(futures_util::stream::iter(chunks)))
}
