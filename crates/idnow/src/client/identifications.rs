//! Identifications: create or update (§3), results, archive, delete, copy, waiting time
//! (§6), and the test robots (§8).

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

use super::{Client, Read, Repeat, Reply, api_url};
use crate::limits::CallKind;
use crate::{
    Error, Identification, IdentificationRequest, ReceivedIdentification, ReceivedList,
    TransactionNumber,
};

/// What IDnow answered to a creation: 201, a new identification; 200, which the contract
/// says means an unfinished one was updated, but IDnow's own example also answers for a
/// new one. Only the caller knows whether it sent this transaction number before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateOutcome {
    Created { ident_id: String },
    Accepted { ident_id: String },
}

impl CreateOutcome {
    pub fn ident_id(&self) -> &str {
        match self {
            CreateOutcome::Created { ident_id } | CreateOutcome::Accepted { ident_id } => ident_id,
        }
    }
}

/// Which identifications `GET …/identifications` returns. The default is the finished
/// successful ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListFilter {
    #[default]
    Successful,
    Pending,
    Cancelled,
    Aborted,
    /// Identifications that failed for good (`STALLED_TIMEOUT`, `USER_CANCELLATION`); a
    /// public client asks for them, IDnow's documentation does not list the flag.
    Failed,
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

/// Where `copy` sends an identification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyTarget {
    pub target_companyid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_transactionnumber: Option<String>,
}

#[derive(Deserialize)]
struct IdBody {
    id: String,
}

impl Client {
    /// `POST /identifications/{txn}/start`: create, or update while unfinished. Repeating
    /// it is safe: the transaction number is the idempotency key.
    pub async fn create_identification(
        &self,
        txn: &TransactionNumber,
        request: &IdentificationRequest,
    ) -> Result<CreateOutcome, Error> {
        request.validate()?;
        let url = self.gateway_url(&["identifications", txn.as_str(), "start"])?;
        let reply = self
            .bounded(
                CallKind::Call,
                self.with_api_key(Repeat::Safe, || {
                    Ok(self.http.post(url.clone()).json(request))
                }),
            )
            .await?;
        let status = reply.status;
        let body: IdBody = reply.json()?;
        Ok(if status == StatusCode::CREATED {
            CreateOutcome::Created { ident_id: body.id }
        } else {
            CreateOutcome::Accepted { ident_id: body.id }
        })
    }

    /// `GET /identifications/{txn}`.
    pub async fn get_identification(
        &self,
        txn: &TransactionNumber,
    ) -> Result<Identification, Error> {
        self.one_identification(txn).await?.json()
    }

    /// `GET /identifications/{txn}` with the result's JSON as received (a result that left
    /// the lists is fetched on its own).
    pub async fn get_identification_received(
        &self,
        txn: &TransactionNumber,
    ) -> Result<ReceivedIdentification, Error> {
        let raw: Box<serde_json::value::RawValue> = self.one_identification(txn).await?.json()?;
        Ok(ReceivedIdentification::from_raw(&raw))
    }

    async fn one_identification(&self, txn: &TransactionNumber) -> Result<Reply, Error> {
        let url = self.gateway_url(&["identifications", txn.as_str()])?;
        self.bounded(
            CallKind::Call,
            self.with_token(Repeat::Safe, Read::Full(self.limits.json_bytes), || {
                Ok(self.http.get(url.clone()))
            }),
        )
        .await
    }

    /// `GET /identifications[?pending|cancelled|aborted|failed=true]`, each result decoded
    /// and with its JSON as received.
    pub async fn list_identifications(
        &self,
        filter: ListFilter,
    ) -> Result<Vec<ReceivedIdentification>, Error> {
        Ok(self.list_received(filter).await?.decode_all())
    }

    /// `GET /identifications[?pending|cancelled|aborted|failed=true]`, split into its
    /// results but none decoded yet: for a caller that uses a large list piece by piece.
    pub async fn list_received(&self, filter: ListFilter) -> Result<ReceivedList, Error> {
        let url = self.gateway_url(&["identifications"])?;
        let query: &[(&str, &str)] = match filter {
            ListFilter::Successful => &[],
            ListFilter::Pending => &[("pending", "true")],
            ListFilter::Cancelled => &[("cancelled", "true")],
            ListFilter::Aborted => &[("aborted", "true")],
            ListFilter::Failed => &[("failed", "true")],
        };
        let reply = self
            .bounded(
                CallKind::List,
                self.with_token(Repeat::Safe, Read::Full(self.limits.list_bytes), || {
                    Ok(self.http.get(url.clone()).query(query))
                }),
            )
            .await?;
        ReceivedList::split(reply.into_bytes()?)
    }

    /// `GET /identifications/{txn}.zip`, into memory (never a file: it holds the person's
    /// images and voice), at most the download limit.
    pub async fn download_result_archive(
        &self,
        txn: &TransactionNumber,
    ) -> Result<bytes::Bytes, Error> {
        let url = self.gateway_url(&["identifications", &format!("{txn}.zip")])?;
        self.download(url, "result archive").await
    }

    /// `DELETE /identifications/{txn}`: final and irreversible.
    pub async fn delete_identification(&self, txn: &TransactionNumber) -> Result<(), Error> {
        let url = self.gateway_url(&["identifications", txn.as_str()])?;
        self.bounded(
            CallKind::Call,
            self.with_token(Repeat::Safe, Read::Full(self.limits.json_bytes), || {
                Ok(self.http.delete(url.clone()))
            }),
        )
        .await?;
        Ok(())
    }

    /// `POST /identifications/{txn}/copy`: the copy's Ident-ID.
    pub async fn copy_identification(
        &self,
        txn: &TransactionNumber,
        target: &CopyTarget,
    ) -> Result<String, Error> {
        let url = self.gateway_url(&["identifications", txn.as_str(), "copy"])?;
        let reply = self
            .bounded(
                CallKind::Call,
                self.with_token(Repeat::Unsafe, Read::Full(self.limits.json_bytes), || {
                    Ok(self.http.post(url.clone()).json(target))
                }),
            )
            .await?;
        let body: IdBody = reply.json()?;
        Ok(body.id)
    }

    /// `GET /api/v1/{cid}`: company name, shortcode, estimated waiting time. An answer
    /// without IDnow's company information (a web server that is not a gateway) is refused.
    pub async fn company_info(&self) -> Result<CompanyInfo, Error> {
        let url = self.gateway_url(&[])?;
        let reply = self
            .bounded(
                CallKind::Call,
                self.with_token(Repeat::Safe, Read::Full(self.limits.json_bytes), || {
                    Ok(self.http.get(url.clone()))
                }),
            )
            .await?;
        let info: CompanyInfo = reply.json().map_err(|_| not_a_gateway(&url))?;
        if info.name.is_none() && info.shortcode.is_none() && info.shortname.is_none() {
            return Err(not_a_gateway(&url));
        }
        Ok(info)
    }

    /// Test robots: `POST {api}/…/identifications/{txn}/start` — the person begins.
    pub async fn robot_start(&self, txn: &TransactionNumber) -> Result<(), Error> {
        self.robot_call(txn, "start").await
    }

    /// Test robots: `POST {api}/…/identifications/{txn}/requestVideoChat` — the robot
    /// agent takes the call and plays the scenario of the identification's marker.
    pub async fn request_video_chat(&self, txn: &TransactionNumber) -> Result<(), Error> {
        self.robot_call(txn, "requestVideoChat").await
    }

    async fn robot_call(&self, txn: &TransactionNumber, action: &str) -> Result<(), Error> {
        let url = api_url(
            &self.endpoints.api,
            &self.company_id,
            &["identifications", txn.as_str(), action],
        )?;
        let body = serde_json::json!({});
        self.bounded(
            CallKind::Call,
            self.with_api_key(Repeat::Safe, || Ok(self.http.post(url.clone()).json(&body))),
        )
        .await?;
        Ok(())
    }
}

fn not_a_gateway(url: &url::Url) -> Error {
    Error::Untrusted(format!(
        "{} answered, but not with IDnow's company information (name, shortcode); it does not look like an IDnow gateway. Check the account's gateway URL",
        url.origin().ascii_serialization()
    ))
}
