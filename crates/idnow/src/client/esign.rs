//! eSign (contract §5): document definitions and their default documents, and the
//! documents of one identification: override, upload the PDF to sign, fetch it signed.

use std::path::Path;

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE};
use serde::Serialize;

use super::transfer::{Progress, file_body, require_pdf};
use super::{Client, Read, Repeat};
use crate::limits::CallKind;
use crate::{DocumentDefinition, Error, IdentificationDocumentInfo, TransactionNumber};

/// What may change on one identification's document before it starts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocumentOverride {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signatures: Option<serde_json::Value>,
}

impl Client {
    /// `GET /documentdefinitions`.
    pub async fn document_definitions(&self) -> Result<Vec<DocumentDefinition>, Error> {
        let url = self.gateway_url(&["documentdefinitions"])?;
        let reply = self.small_get(url).await?;
        reply.json()
    }

    /// `GET /documentdefinitions/{identifier}`.
    pub async fn document_definition(&self, identifier: &str) -> Result<DocumentDefinition, Error> {
        let url = self.gateway_url(&["documentdefinitions", identifier])?;
        let reply = self.small_get(url).await?;
        reply.json()
    }

    /// `POST /documentdefinitions`: true when it was created (201), false when updated.
    pub async fn save_document_definition(
        &self,
        definition: &DocumentDefinition,
    ) -> Result<bool, Error> {
        definition.validate()?;
        let url = self.gateway_url(&["documentdefinitions"])?;
        let reply = self
            .bounded(
                CallKind::Call,
                self.with_token(Repeat::Safe, Read::Full(self.limits.json_bytes), || {
                    Ok(self.http.post(url.clone()).json(definition))
                }),
            )
            .await?;
        Ok(reply.status == reqwest::StatusCode::CREATED)
    }

    /// `POST /documentdefinitions/{identifier}/data`: the company's default document.
    pub async fn upload_default_document(&self, identifier: &str, pdf: &Path) -> Result<(), Error> {
        let url = self.gateway_url(&["documentdefinitions", identifier, "data"])?;
        self.upload(url, pdf, None).await
    }

    /// `GET /documentdefinitions/{identifier}/data`, into memory.
    pub async fn download_default_document(&self, identifier: &str) -> Result<bytes::Bytes, Error> {
        let url = self.gateway_url(&["documentdefinitions", identifier, "data"])?;
        self.download(url, "default document").await
    }

    /// `GET /identifications/{txn}/documents`.
    pub async fn documents(
        &self,
        txn: &TransactionNumber,
    ) -> Result<Vec<IdentificationDocumentInfo>, Error> {
        let url = self.gateway_url(&["identifications", txn.as_str(), "documents"])?;
        let reply = self.small_get(url).await?;
        reply.json()
    }

    /// `GET /identifications/{txn}/documents/{identifier}`: an object, or (as IDnow's
    /// documentation prints it) a one-element array.
    pub async fn document(
        &self,
        txn: &TransactionNumber,
        identifier: &str,
    ) -> Result<IdentificationDocumentInfo, Error> {
        let url = self.gateway_url(&["identifications", txn.as_str(), "documents", identifier])?;
        let reply = self.small_get(url).await?;
        crate::one_document(reply.bytes()?).map_err(|e| Error::Decode(e.to_string()))
    }

    /// `POST /identifications/{txn}/documents/{identifier}`: name, version, signatures.
    pub async fn override_document(
        &self,
        txn: &TransactionNumber,
        identifier: &str,
        changes: &DocumentOverride,
    ) -> Result<(), Error> {
        let url = self.gateway_url(&["identifications", txn.as_str(), "documents", identifier])?;
        self.bounded(
            CallKind::Call,
            self.with_token(Repeat::Safe, Read::Full(self.limits.json_bytes), || {
                Ok(self.http.post(url.clone()).json(changes))
            }),
        )
        .await?;
        Ok(())
    }

    /// `POST /identifications/{txn}/documents/{identifier}/data`: the PDF to sign, streamed
    /// from disk; `progress` hears (sent, total) as it goes. Non-PDFs are refused locally.
    pub async fn upload_document(
        &self,
        txn: &TransactionNumber,
        identifier: &str,
        pdf: &Path,
        progress: Option<Progress>,
    ) -> Result<(), Error> {
        let url = self.gateway_url(&[
            "identifications",
            txn.as_str(),
            "documents",
            identifier,
            "data",
        ])?;
        self.upload(url, pdf, progress).await
    }

    /// `GET /identifications/{txn}/documents/{identifier}/signed`, into memory (never a
    /// file: a signed contract is personal data), at most the download limit.
    pub async fn download_signed_document(
        &self,
        txn: &TransactionNumber,
        identifier: &str,
    ) -> Result<bytes::Bytes, Error> {
        let url = self.gateway_url(&[
            "identifications",
            txn.as_str(),
            "documents",
            identifier,
            "signed",
        ])?;
        self.download(url, "signed document").await
    }

    /// A GET with a small JSON answer, under the call deadline.
    async fn small_get(&self, url: url::Url) -> Result<super::Reply, Error> {
        self.bounded(
            CallKind::Call,
            self.with_token(Repeat::Safe, Read::Full(self.limits.json_bytes), || {
                Ok(self.http.get(url.clone()))
            }),
        )
        .await
    }

    /// A download into memory under the download deadline and size limit.
    pub(super) async fn download(
        &self,
        url: url::Url,
        what: &'static str,
    ) -> Result<bytes::Bytes, Error> {
        self.bounded(CallKind::Download, async {
            let reply = self
                .with_token(Repeat::Safe, Read::Stream, || {
                    Ok(self.http.get(url.clone()))
                })
                .await?;
            super::read_capped(
                reply.into_response()?,
                self.limits.download_bytes,
                self.limits.pace,
                what,
            )
            .await
        })
        .await
    }

    async fn upload(
        &self,
        url: url::Url,
        pdf: &Path,
        progress: Option<Progress>,
    ) -> Result<(), Error> {
        require_pdf(pdf).await?;
        // Uploading the same bytes again replaces them: safe to repeat (the file is reopened).
        self.bounded(
            CallKind::Upload,
            self.with_token(Repeat::Safe, Read::Full(self.limits.json_bytes), || {
                let (body, length) = file_body(pdf, progress.clone())?;
                Ok(self
                    .http
                    .post(url.clone())
                    .header(CONTENT_TYPE, "application/octet-stream")
                    .header(CONTENT_LENGTH, length)
                    .body(body))
            }),
        )
        .await?;
        Ok(())
    }
}
