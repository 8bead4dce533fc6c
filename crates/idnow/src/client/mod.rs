//! The async client for one company's gateway: `X-API-KEY` for creation and the robots, a
//! cached login token (`X-API-LOGIN-TOKEN`) for everything else, renewed after an hour
//! idle and once on 401; bounded retries for what may succeed later.
//!
//! It never trusts the other side: HTTPS only (loopback excepted), no redirect that leaves
//! the account's own scheme, host and port (the key, the token and the person's data go
//! nowhere else), every call bounded in time as a whole and every answer in size
//! (`Limits`).

mod esign;
mod identifications;
mod pacing;
mod transfer;

use std::time::{Duration, Instant};

use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;
use url::Url;

use crate::limits::{CallKind, ERROR_BODY_BYTES, Pace, human, human_bytes};
use crate::{ApiErrorBody, ApiKey, Endpoints, Error, Limits, RetryPolicy};
use pacing::Pacing;

pub use esign::DocumentOverride;
pub use identifications::{CompanyInfo, CopyTarget, CreateOutcome, ListFilter};
pub use transfer::Progress;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Between two reads of an answer (the whole call has its own deadline besides).
const READ_TIMEOUT: Duration = Duration::from_secs(60);
/// IDnow drops a token after an hour without use; renew a little before.
const TOKEN_IDLE_RENEWAL: Duration = Duration::from_secs(55 * 60);
/// Redirects followed within the same origin before giving up.
const MAX_REDIRECTS: usize = 5;
const TOKEN: &str = "X-API-LOGIN-TOKEN";
const API_KEY: &str = "X-API-KEY";

/// Talks to one company's gateway. Share it behind an `Arc`: the login token is cached
/// inside and reused by every call.
pub struct Client {
    http: reqwest::Client,
    endpoints: Endpoints,
    company_id: String,
    api_key: ApiKey,
    retry: RetryPolicy,
    limits: Limits,
    token: Mutex<Option<CachedToken>>,
    /// Held while logging in, so calls made at once (a sync's lists) share one login.
    login_gate: Mutex<()>,
}

struct CachedToken {
    token: String,
    last_used: Instant,
}

/// Whether repeating a request is harmless (see [`RetryPolicy::wait_before_retry`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Repeat {
    Safe,
    Unsafe,
}

/// How much of a successful answer to read before it counts as received.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    /// The whole body, at most this many bytes, inside the retry loop: a body cut short is
    /// retried like no answer.
    Full(u64),
    /// Only the headers; the caller streams the body (downloads).
    Stream,
}

/// A successful answer.
struct Reply {
    status: StatusCode,
    body: ReplyBody,
}

enum ReplyBody {
    Full(bytes::Bytes),
    Stream(Response),
}

impl Reply {
    fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(self.bytes()?).map_err(|e| Error::Decode(e.to_string()))
    }

    /// The answer's bytes, for a caller that keeps them (a list's entries borrow them).
    fn into_bytes(self) -> Result<bytes::Bytes, Error> {
        match self.body {
            ReplyBody::Full(bytes) => Ok(bytes),
            ReplyBody::Stream(_) => Err(Error::Decode("a streamed answer was read as JSON".into())),
        }
    }

    fn bytes(&self) -> Result<&[u8], Error> {
        match &self.body {
            ReplyBody::Full(bytes) => Ok(bytes),
            ReplyBody::Stream(_) => Err(Error::Decode("a streamed answer was read as JSON".into())),
        }
    }

    fn into_response(self) -> Result<Response, Error> {
        match self.body {
            ReplyBody::Stream(response) => Ok(response),
            ReplyBody::Full(_) => Err(Error::Decode("a read answer was streamed".into())),
        }
    }
}

impl Client {
    pub fn new(endpoints: Endpoints, company_id: &str, api_key: ApiKey) -> Result<Self, Error> {
        Self::build(endpoints, company_id, api_key, None)
    }

    /// A client that also trusts `root_pem` (a test's own certificate authority). Only in
    /// builds with the `test-support` feature: the app has no setting that weakens TLS.
    #[cfg(feature = "test-support")]
    pub fn trusting_test_root(
        endpoints: Endpoints,
        company_id: &str,
        api_key: ApiKey,
        root_pem: &[u8],
    ) -> Result<Self, Error> {
        let root = reqwest::Certificate::from_pem(root_pem).map_err(Error::transport)?;
        Self::build(endpoints, company_id, api_key, Some(root))
    }

    fn build(
        endpoints: Endpoints,
        company_id: &str,
        api_key: ApiKey,
        extra_root: Option<reqwest::Certificate>,
    ) -> Result<Self, Error> {
        for url in [&endpoints.gateway, &endpoints.go, &endpoints.api] {
            require_secure(url)?;
        }
        let mut builder = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            .redirect(same_origin_redirects())
            .user_agent(concat!("IdentDesk/", env!("CARGO_PKG_VERSION")));
        if let Some(root) = extra_root {
            builder = builder.add_root_certificate(root);
        }
        let http = builder.build().map_err(Error::transport)?;
        Ok(Self {
            http,
            endpoints,
            company_id: company_id.to_owned(),
            api_key,
            retry: RetryPolicy::default(),
            limits: Limits::default(),
            token: Mutex::new(None),
            login_gate: Mutex::new(()),
        })
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn company_id(&self) -> &str {
        &self.company_id
    }

    /// `POST /login`: a fresh token, which is also cached for later calls.
    pub async fn login(&self) -> Result<String, Error> {
        self.bounded(CallKind::Login, self.login_unbounded()).await
    }

    async fn login_unbounded(&self) -> Result<String, Error> {
        let url = self.gateway_url(&["login"])?;
        let body = serde_json::json!({ "apiKey": self.api_key.expose() });
        let reply = self
            .execute(Repeat::Safe, Read::Full(self.limits.json_bytes), || {
                Ok(self.http.post(url.clone()).json(&body))
            })
            .await?;
        #[derive(serde::Deserialize)]
        struct LoginBody {
            #[serde(rename = "authToken")]
            auth_token: String,
        }
        let login: LoginBody = reply.json()?;
        *self.token.lock().await = Some(CachedToken {
            token: login.auth_token.clone(),
            last_used: Instant::now(),
        });
        Ok(login.auth_token)
    }

    /// Runs one call under its kind's deadline: retries, re-login and waits included.
    async fn bounded<T>(
        &self,
        kind: CallKind,
        call: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        let deadline = kind.deadline(&self.limits);
        match tokio::time::timeout(deadline, call).await {
            Ok(outcome) => outcome,
            Err(_) => Err(Error::Deadline {
                what: kind.name(),
                after: human(deadline),
            }),
        }
    }

    /// Sends a token-authenticated request: logs in first when no live token is cached,
    /// and once more when the cached one was refused.
    async fn with_token(
        &self,
        repeat: Repeat,
        read: Read,
        request: impl Fn() -> Result<RequestBuilder, Error>,
    ) -> Result<Reply, Error> {
        let (token, fresh) = match self.live_token().await {
            Some(token) => (token, false),
            None => {
                let _one_login = self.login_gate.lock().await;
                // Another call may have logged in while this one waited.
                match self.live_token().await {
                    Some(token) => (token, false),
                    None => (self.login_unbounded().await?, true),
                }
            }
        };
        let first = self
            .execute(repeat, read, || Ok(request()?.header(TOKEN, &token)))
            .await;
        let reply = match first {
            Err(Error::Api { status: 401, .. }) if !fresh => {
                let token = self.login_unbounded().await?;
                self.execute(repeat, read, || Ok(request()?.header(TOKEN, &token)))
                    .await?
            }
            other => other?,
        };
        if let Some(cached) = self.token.lock().await.as_mut() {
            cached.last_used = Instant::now();
        }
        Ok(reply)
    }

    /// The cached token, unless IDnow will have dropped it for idleness.
    async fn live_token(&self) -> Option<String> {
        self.token
            .lock()
            .await
            .as_ref()
            .filter(|t| t.last_used.elapsed() < TOKEN_IDLE_RENEWAL)
            .map(|t| t.token.clone())
    }

    /// Sends with the API key (creation, robots).
    async fn with_api_key(
        &self,
        repeat: Repeat,
        request: impl Fn() -> Result<RequestBuilder, Error>,
    ) -> Result<Reply, Error> {
        self.execute(repeat, Read::Full(self.limits.json_bytes), || {
            Ok(request()?.header(API_KEY, self.api_key.expose()))
        })
        .await
    }

    /// Sends, turning error statuses into [`Error::Api`], retrying per the policy. The
    /// request is built anew for each attempt (a file body is reopened).
    async fn execute(
        &self,
        repeat: Repeat,
        read: Read,
        request: impl Fn() -> Result<RequestBuilder, Error>,
    ) -> Result<Reply, Error> {
        let mut attempt = 0;
        loop {
            let err = match attempt_once(request()?, read, self.limits.pace).await {
                Ok(reply) => return Ok(reply),
                Err(err) => err,
            };
            match self
                .retry
                .wait_before_retry(&err, attempt, repeat == Repeat::Safe)
            {
                Some(wait) => {
                    tracing::debug!(error = %err, attempt, ?wait, "retrying IDnow request");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return Err(err),
            }
        }
    }

    /// `{gateway}/api/v1/{cid}/{segments…}`, each segment percent-encoded.
    fn gateway_url(&self, segments: &[&str]) -> Result<Url, Error> {
        api_url(&self.endpoints.gateway, &self.company_id, segments)
    }
}

/// HTTPS, or plain HTTP to this machine (a sandbox on loopback).
pub fn require_secure(url: &Url) -> Result<(), Error> {
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name == "localhost",
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(Error::Url(format!(
            "{url} is not HTTPS; IdentDesk talks to a gateway over HTTPS only (plain HTTP only to a sandbox on this computer)"
        ))),
    }
}

/// Follows a redirect only within the same scheme, host and port: a gateway (or something
/// in front of it) that points elsewhere never receives the key, the token or the data.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if !same {
            let to = attempt.url().origin().ascii_serialization();
            attempt.error(ForeignRedirect(to))
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(ForeignRedirect("a loop of redirects".into()))
        } else {
            attempt.follow()
        }
    })
}

/// A redirect IdentDesk refused to follow (its target).
#[derive(Debug)]
struct ForeignRedirect(String);

impl std::fmt::Display for ForeignRedirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the gateway redirected to {}", self.0)
    }
}

impl std::error::Error for ForeignRedirect {}

async fn attempt_once(request: RequestBuilder, read: Read, pace: Pace) -> Result<Reply, Error> {
    let response = ok_or_api_error(request.send().await.map_err(Error::transport)?).await?;
    let status = response.status();
    let body = match read {
        Read::Full(cap) => ReplyBody::Full(read_capped(response, cap, pace, "answer").await?),
        Read::Stream => ReplyBody::Stream(response),
    };
    Ok(Reply { status, body })
}

/// The whole body, refused as soon as it passes `cap` (whatever `Content-Length` claimed)
/// or falls below `pace` while still open.
pub async fn read_capped(
    mut response: Response,
    cap: u64,
    pace: Pace,
    what: &'static str,
) -> Result<bytes::Bytes, Error> {
    let too_large = || Error::TooLarge {
        what,
        limit: human_bytes(cap),
    };
    if response.content_length().is_some_and(|length| length > cap) {
        return Err(too_large());
    }
    let mut body = bytes::BytesMut::new();
    let mut pacing = Pacing::new(pace, what);
    while let Some(chunk) = response.chunk().await.map_err(Error::transport)? {
        if body.len() as u64 + chunk.len() as u64 > cap {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
        pacing.received(body.len() as u64, Instant::now())?;
    }
    Ok(body.freeze())
}

fn api_url(base: &Url, company_id: &str, segments: &[&str]) -> Result<Url, Error> {
    let mut url = base.clone();
    url.path_segments_mut()
        .map_err(|()| Error::Url("the gateway URL cannot have a path".into()))?
        .pop_if_empty()
        .extend(["api", "v1", company_id])
        .extend(segments);
    Ok(url)
}

pub async fn ok_or_api_error(mut response: Response) -> Result<Response, Error> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let retry_after = (status == StatusCode::TOO_MANY_REQUESTS)
        .then(|| response.headers().get(reqwest::header::RETRY_AFTER))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    // Only the start of an error body is read: enough to name the error, never gigabytes.
    let mut bytes = Vec::new();
    while (bytes.len() as u64) < ERROR_BODY_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            _ => break,
        }
    }
    let body = ApiErrorBody::read(&bytes);
    Err(Error::Api {
        status: status.as_u16(),
        body,
        retry_after,
    })
}
