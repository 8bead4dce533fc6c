//! The async client for the company API: `X-API-KEY` for creation, a cached login token
//! (`X-API-LOGIN-TOKEN`) for everything else, renewed once on 401.

use std::time::Duration;

use reqwest::{RequestBuilder, Response, StatusCode};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use url::Url;

use crate::{
    ApiErrorBody, ApiKey, Endpoints, Error, Identification, IdentificationRequest,
    TransactionNumber,
};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Talks to one company's gateway. Cheap to share behind an `Arc`; the login token is
/// cached inside and reused by every call.
pub struct Client {
    http: reqwest::Client,
    endpoints: Endpoints,
    company_id: String,
    api_key: ApiKey,
    token: Mutex<Option<String>>,
}

/// Creation either made a new identification or updated an unfinished one (§3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateOutcome {
    Created { ident_id: String },
    Updated { ident_id: String },
}

impl CreateOutcome {
    pub fn ident_id(&self) -> &str {
        match self {
            CreateOutcome::Created { ident_id } | CreateOutcome::Updated { ident_id } => ident_id,
        }
    }
}

/// Which identifications `GET …/identifications` returns (§6). The default is the
/// finished successful ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListFilter {
    #[default]
    Successful,
    Pending,
    Cancelled,
    Aborted,
}

/// `GET /api/v1/{cid}`: who the company is and how long people wait now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CompanyInfo {
    pub shortname: Option<String>,
    pub shortcode: Option<String>,
    pub name: Option<String>,
    /// Seconds.
    pub estimated_waiting_time: Option<f64>,
}

#[derive(Deserialize)]
struct IdBody {
    id: String,
}

#[derive(Deserialize)]
struct LoginBody {
    #[serde(rename = "authToken")]
    auth_token: String,
}

#[derive(Deserialize)]
struct ListBody {
    #[serde(default)]
    identifications: Vec<Identification>,
}

impl Client {
    pub fn new(endpoints: Endpoints, company_id: &str, api_key: ApiKey) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("IdentDesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(Error::transport)?;
        Ok(Self {
            http,
            endpoints,
            company_id: company_id.to_owned(),
            api_key,
            token: Mutex::new(None),
        })
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn company_id(&self) -> &str {
        &self.company_id
    }

    /// `POST /login`: a fresh token, which is also cached for later calls.
    pub async fn login(&self) -> Result<String, Error> {
        let url = self.url(&["login"])?;
        let body = serde_json::json!({ "apiKey": self.api_key.expose() });
        let response = self
            .http
            .post(url)
            .json(&body)
            .send()
            .await
            .map_err(Error::transport)?;
        let login: LoginBody = decode(ok_or_api_error(response).await?).await?;
        *self.token.lock().await = Some(login.auth_token.clone());
        Ok(login.auth_token)
    }

    /// `POST /identifications/{txn}/start`: create, or update while unfinished.
    pub async fn create_identification(
        &self,
        transaction_number: &TransactionNumber,
        request: &IdentificationRequest,
    ) -> Result<CreateOutcome, Error> {
        request.validate()?;
        let url = self.url(&["identifications", transaction_number.as_str(), "start"])?;
        let response = self
            .http
            .post(url)
            .header("X-API-KEY", self.api_key.expose())
            .json(request)
            .send()
            .await
            .map_err(Error::transport)?;
        let status = response.status();
        let body: IdBody = decode(ok_or_api_error(response).await?).await?;
        Ok(if status == StatusCode::CREATED {
            CreateOutcome::Created { ident_id: body.id }
        } else {
            CreateOutcome::Updated { ident_id: body.id }
        })
    }

    /// `GET /identifications/{txn}`.
    pub async fn get_identification(
        &self,
        transaction_number: &TransactionNumber,
    ) -> Result<Identification, Error> {
        let url = self.url(&["identifications", transaction_number.as_str()])?;
        let response = self
            .with_token(|token| self.http.get(url.clone()).header(TOKEN, token))
            .await?;
        decode(response).await
    }

    /// `GET /identifications[?pending|cancelled|aborted=true]`.
    pub async fn list_identifications(
        &self,
        filter: ListFilter,
    ) -> Result<Vec<Identification>, Error> {
        let url = self.url(&["identifications"])?;
        let query: &[(&str, &str)] = match filter {
            ListFilter::Successful => &[],
            ListFilter::Pending => &[("pending", "true")],
            ListFilter::Cancelled => &[("cancelled", "true")],
            ListFilter::Aborted => &[("aborted", "true")],
        };
        let response = self
            .with_token(|token| self.http.get(url.clone()).query(query).header(TOKEN, token))
            .await?;
        let list: ListBody = decode(response).await?;
        Ok(list.identifications)
    }

    /// `GET /api/v1/{cid}`: company name, shortcode, estimated waiting time.
    pub async fn company_info(&self) -> Result<CompanyInfo, Error> {
        let url = self.url(&[])?;
        let response = self
            .with_token(|token| self.http.get(url.clone()).header(TOKEN, token))
            .await?;
        decode(response).await
    }

    /// Sends a token-authenticated request, logging in first when no token is cached and
    /// once more when the cached one was refused (it expires after an hour idle).
    async fn with_token(
        &self,
        request: impl Fn(&str) -> RequestBuilder,
    ) -> Result<Response, Error> {
        let cached = self.token.lock().await.clone();
        let (token, fresh) = match cached {
            Some(token) => (token, false),
            None => (self.login().await?, true),
        };
        let response = request(&token).send().await.map_err(Error::transport)?;
        if response.status() == StatusCode::UNAUTHORIZED && !fresh {
            let token = self.login().await?;
            let retried = request(&token).send().await.map_err(Error::transport)?;
            return ok_or_api_error(retried).await;
        }
        ok_or_api_error(response).await
    }

    /// `{gateway}/api/v1/{cid}/{segments…}`, each segment percent-encoded.
    fn url(&self, segments: &[&str]) -> Result<Url, Error> {
        let mut url = self.endpoints.gateway.clone();
        url.path_segments_mut()
            .map_err(|()| Error::Url("the gateway URL cannot have a path".into()))?
            .pop_if_empty()
            .extend(["api", "v1", self.company_id.as_str()])
            .extend(segments);
        Ok(url)
    }
}

const TOKEN: &str = "X-API-LOGIN-TOKEN";

async fn ok_or_api_error(response: Response) -> Result<Response, Error> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let bytes = response.bytes().await.map_err(Error::transport)?;
    let body = serde_json::from_slice::<ApiErrorBody>(&bytes).unwrap_or_default();
    Err(Error::Api {
        status: status.as_u16(),
        body,
    })
}

async fn decode<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, Error> {
    let bytes = response.bytes().await.map_err(Error::transport)?;
    serde_json::from_slice(&bytes).map_err(|e| Error::Decode(e.to_string()))
}
