//! The Trust Platform over HTTP for one account: a client-credentials token kept in memory
//! (reused until a minute before it expires, fetched again once on a 401), the API's calls
//! under the same edge rules as the classic gateway (HTTPS only, a deadline per kind of
//! call, capped and paced bodies, no redirect followed, 429 and `Retry-After` honoured), and
//! a vault file's one `302` to a presigned https link, followed without the bearer token.

use std::time::{Duration, Instant};

use idnow::edge::{ok_or_api_error, read_capped, require_secure};
use idnow::{Error, Limits, RetryPolicy};
use reqwest::{Method, RequestBuilder, Response, StatusCode, header};
use tokio::sync::Mutex;
use url::Url;
use zeroize::Zeroizing;

use crate::{CreatedSession, DataBlocks, DecodeError, FlowPage, NewSession, Session, SessionPage};

/// A token is fetched again this long before IDnow says it expires.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);

/// Where an account's Trust Platform lives and who it is there.
pub struct TrustAccount {
    /// The API's base, up to and with the version (`https://api.eu.platform.idnow.io/api/v1`;
    /// some builds leave `/api` out, so it is configuration, not a rule).
    pub api: Url,
    /// The OAuth token endpoint (`https://auth…/oidc/token`).
    pub token_url: Url,
    pub client_id: String,
    pub client_secret: Zeroizing<String>,
    /// `live` or `staging`.
    pub environment: String,
}

/// How large an answer may be, and how long it may take: a single object, or a list.
#[derive(Clone, Copy)]
enum Size {
    Small,
    List,
}

/// A vault file as the file host sent it.
pub struct VaultFile {
    pub bytes: bytes::Bytes,
    /// The host's `Content-Type`, when it sent one.
    pub media_type: Option<String>,
}

pub struct TrustClient {
    http: reqwest::Client,
    account: TrustAccount,
    limits: Limits,
    retry: RetryPolicy,
    token: Mutex<Option<(Zeroizing<String>, Instant)>>,
}

impl TrustClient {
    pub fn new(account: TrustAccount, limits: Limits) -> Result<TrustClient, Error> {
        Self::build(account, limits, None)
    }

    /// A client that also trusts a test certificate authority (tests with TLS on loopback).
    pub fn trusting_test_root(
        account: TrustAccount,
        limits: Limits,
        root_pem: &[u8],
    ) -> Result<TrustClient, Error> {
        let root = reqwest::Certificate::from_pem(root_pem).map_err(Error::transport)?;
        Self::build(account, limits, Some(root))
    }

    fn build(
        account: TrustAccount,
        limits: Limits,
        extra_root: Option<reqwest::Certificate>,
    ) -> Result<TrustClient, Error> {
        require_secure(&account.api)?;
        require_secure(&account.token_url)?;
        let mut builder = edge_http().read_timeout(Duration::from_secs(60));
        if let Some(root) = extra_root {
            builder = builder.add_root_certificate(root);
        }
        let http = builder.build().map_err(Error::transport)?;
        Ok(TrustClient {
            http,
            account,
            limits,
            retry: RetryPolicy::default(),
            token: Mutex::new(None),
        })
    }

    /// How often and how long a refused or failed call is tried again.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The API's scheme, host and port (who answers).
    pub fn api_origin(&self) -> String {
        self.account.api.origin().ascii_serialization()
    }

    /// The environment the account's client belongs to (`staging` or `live`).
    pub fn environment(&self) -> &str {
        &self.account.environment
    }

    /// The flows published to the account's environment (one page; 1-based).
    pub async fn flows(&self, page: u32) -> Result<FlowPage, Error> {
        let url = self.url(
            &["flows", &self.account.environment],
            &[("page", page), ("size", 100)],
        )?;
        self.fetch(Method::GET, url, None, Size::Small, FlowPage::decode)
            .await
    }

    /// Creates a session for a flow.
    pub async fn create_session(
        &self,
        flow: &str,
        new: &NewSession,
    ) -> Result<CreatedSession, Error> {
        let url = self.url(&["flows", flow, &self.account.environment, "sessions"], &[])?;
        let json = serde_json::to_value(new).map_err(|e| Error::Decode(e.to_string()))?;
        self.fetch(
            Method::POST,
            url,
            Some(json),
            Size::Small,
            CreatedSession::decode,
        )
        .await
    }

    /// One page of a flow's sessions, newest first (1-based).
    pub async fn sessions(&self, flow: &str, page: u32, size: u32) -> Result<SessionPage, Error> {
        let mut url = self.url(
            &["flows", flow, &self.account.environment, "sessions"],
            &[("page", page), ("size", size)],
        )?;
        url.query_pairs_mut()
            .append_pair("sortBy", "createdAt")
            .append_pair("sortDesc", "true");
        self.fetch(Method::GET, url, None, Size::List, SessionPage::decode)
            .await
    }

    pub async fn session(&self, id: &str) -> Result<Session, Error> {
        let url = self.url(&[&self.account.environment, "sessions", id], &[])?;
        self.fetch(Method::GET, url, None, Size::Small, Session::decode)
            .await
    }

    pub async fn data_blocks(&self, session: &str) -> Result<DataBlocks, Error> {
        let url = self.url(
            &[&self.account.environment, "sessions", session, "datablocks"],
            &[],
        )?;
        self.fetch(Method::GET, url, None, Size::List, DataBlocks::decode)
            .await
    }

    /// A call whose answer is JSON of a known size class, decoded.
    async fn fetch<T>(
        &self,
        method: Method,
        url: Url,
        json: Option<serde_json::Value>,
        size: Size,
        decode: fn(&[u8]) -> Result<T, DecodeError>,
    ) -> Result<T, Error> {
        let (cap, within) = match size {
            Size::Small => (self.limits.json_bytes, self.limits.call),
            Size::List => (self.limits.list_bytes, self.limits.list),
        };
        let body = self.call(method, url, json, cap, within).await?;
        decode(&body).map_err(|e| Error::Decode(e.0))
    }

    /// A vault file, into memory under the download limit: IDnow answers with the file or
    /// a `302` to a presigned https link, which is fetched once, without the bearer token.
    pub async fn file(&self, vault_id: &str) -> Result<VaultFile, Error> {
        let url = self.url(&[&self.account.environment, "files", vault_id], &[])?;
        deadline("file", self.limits.download, async {
            let response = self.send(Method::GET, url, None).await?;
            let response = if response.status() == StatusCode::FOUND {
                let link = response
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .and_then(|l| Url::parse(l).ok())
                    .ok_or_else(|| {
                        Error::Untrusted("a file redirect without a usable link".into())
                    })?;
                require_secure(&link).map_err(|_| {
                    Error::Untrusted("a file redirect to a link that is not https".into())
                })?;
                let presigned = self.http.get(link).send().await.map_err(Error::transport)?;
                if presigned.status().is_redirection() {
                    return Err(Error::Untrusted(
                        "a presigned file link that redirects again".into(),
                    ));
                }
                ok_or_api_error(presigned).await?
            } else {
                response
            };
            let media_type = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let bytes = read_capped(
                response,
                self.limits.download_bytes,
                self.limits.pace,
                "file",
            )
            .await?;
            Ok(VaultFile { bytes, media_type })
        })
        .await
    }

    /// `{api}/{segments…}?{query}`, each segment percent-encoded.
    fn url(&self, segments: &[&str], query: &[(&str, u32)]) -> Result<Url, Error> {
        let mut url = self.account.api.clone();
        url.path_segments_mut()
            .map_err(|()| Error::Url("the API URL cannot have a path".into()))?
            .pop_if_empty()
            .extend(segments);
        for (name, value) in query {
            url.query_pairs_mut().append_pair(name, &value.to_string());
        }
        Ok(url)
    }

    /// A JSON call under its deadline; the body, read under its cap and pace.
    async fn call(
        &self,
        method: Method,
        url: Url,
        json: Option<serde_json::Value>,
        cap: u64,
        within: Duration,
    ) -> Result<bytes::Bytes, Error> {
        deadline("call", within, async {
            let response = self.send(method, url, json).await?;
            if response.status().is_redirection() {
                return Err(Error::Untrusted(
                    "the Trust Platform redirected an API call; IdentDesk follows no redirect but a file's".into(),
                ));
            }
            read_capped(response, cap, self.limits.pace, "answer").await
        })
        .await
    }

    /// Sends under the retry policy: a GET again after a connect error, a 5xx or a 429 (after
    /// its `Retry-After`), a POST only when it surely was not processed (connect error, 429).
    async fn send(
        &self,
        method: Method,
        url: Url,
        json: Option<serde_json::Value>,
    ) -> Result<Response, Error> {
        let idempotent = method == Method::GET;
        let mut attempt = 0;
        loop {
            match self
                .send_once(method.clone(), url.clone(), json.clone())
                .await
            {
                Ok(response) => return Ok(response),
                Err(err) => match self.retry.wait_before_retry(&err, attempt, idempotent) {
                    Some(wait) => {
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                    }
                    None => return Err(err),
                },
            }
        }
    }

    /// Sends with the bearer token; on a 401 fetches a new token and sends once more.
    async fn send_once(
        &self,
        method: Method,
        url: Url,
        json: Option<serde_json::Value>,
    ) -> Result<Response, Error> {
        let request = |token: &str| -> RequestBuilder {
            let request = self
                .http
                .request(method.clone(), url.clone())
                .bearer_auth(token);
            match &json {
                Some(json) => request.json(json),
                None => request,
            }
        };
        let token = self.token(false).await?;
        let response = request(&token).send().await.map_err(Error::transport)?;
        let response = if response.status() == StatusCode::UNAUTHORIZED {
            let token = self.token(true).await?;
            request(&token).send().await.map_err(Error::transport)?
        } else {
            response
        };
        if response.status().is_redirection() {
            return Ok(response);
        }
        ok_or_api_error(response).await
    }

    /// The cached token, or a new one (always a new one when `renew`).
    async fn token(&self, renew: bool) -> Result<Zeroizing<String>, Error> {
        let mut slot = self.token.lock().await;
        if !renew
            && let Some((token, until)) = slot.as_ref()
            && Instant::now() < *until
        {
            return Ok(token.clone());
        }
        let form = format!(
            "grant_type=client_credentials&client_id={}&client_secret={}",
            urlencode(&self.account.client_id),
            urlencode(&self.account.client_secret)
        );
        let response = deadline("login", self.limits.login, async {
            let response = self
                .http
                .post(self.account.token_url.clone())
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form)
                .send()
                .await
                .map_err(Error::transport)?;
            let response = ok_or_api_error(response).await?;
            read_capped(response, self.limits.json_bytes, self.limits.pace, "token").await
        })
        .await?;
        #[derive(serde::Deserialize)]
        struct Answer {
            access_token: String,
            expires_in: u64,
        }
        let answer: Answer =
            serde_json::from_slice(&response).map_err(|e| Error::Decode(e.to_string()))?;
        let lifetime = Duration::from_secs(answer.expires_in).saturating_sub(TOKEN_MARGIN);
        let token = Zeroizing::new(answer.access_token);
        *slot = Some((token.clone(), Instant::now() + lifetime));
        Ok(token)
    }
}

async fn deadline<T>(
    what: &'static str,
    within: Duration,
    call: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    tokio::time::timeout(within, call)
        .await
        .unwrap_or_else(|_| {
            Err(Error::Deadline {
                what,
                after: idnow::human(within),
            })
        })
}

/// `application/x-www-form-urlencoded` for a value (client ids and secrets may hold any
/// character).
fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The HTTP client every request to IDnow's Trust Platform starts from: a connect
/// deadline, no redirect followed (a file's one redirect is followed by hand), and the
/// app's user agent.
pub(crate) fn edge_http() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("IdentDesk/", env!("CARGO_PKG_VERSION")))
}
