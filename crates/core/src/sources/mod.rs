//! Where a classic account's identifications live: the gateway API behind one interface,
//! named by what the officer sees (the account, its identifications, their results and
//! files), with its wire words and decoding inside (`classic`). The services reach the
//! gateway only through it. The Trust Platform is not squeezed into it (a session is no
//! identification in another wire form): `crate::sessions` speaks it, and writes sessions
//! as rows of the same cache table, so list, detail, purge and overview do not branch.

mod classic;

use std::path::Path;

use async_trait::async_trait;
use bytes::Bytes;
use idnow::{
    CopyTarget, CreateOutcome, DocumentDefinition, IdentificationDocumentInfo,
    IdentificationRequest, ListFilter, ReceivedIdentification, ReceivedList, TransactionNumber,
};
use serde::{Deserialize, Serialize};

/// One account's IDnow, as the back office uses it. Failures are a gateway's (`idnow::Error`:
/// unreachable, timed out, refused with a status, too large, undecodable); each source
/// reports its own in those kinds, so the services handle them once.
#[async_trait]
pub(crate) trait IdentificationSource: Send + Sync {
    /// Logs in and asks who the company is, and who answered.
    async fn check_account(&self) -> Result<ConnectionCheck, idnow::Error>;

    /// Creates (or, for an unfinished one with this number, updates) an identification.
    async fn create_identification(
        &self,
        txn: &TransactionNumber,
        request: &IdentificationRequest,
    ) -> Result<CreateOutcome, idnow::Error>;

    /// The links the person follows to an identification.
    fn person_links(
        &self,
        company_id: &str,
        txn: &TransactionNumber,
        ident_id: &str,
        tracking_id: Option<&str>,
    ) -> UserLinks;

    /// The results of one list (each kept byte for byte beside what decoded).
    async fn results(&self, list: ListFilter) -> Result<ReceivedList, idnow::Error>;

    /// One identification's result, fetched on its own.
    async fn result(&self, txn: &TransactionNumber)
    -> Result<ReceivedIdentification, idnow::Error>;

    /// The result archive (documents, images, the signed result XML), into memory.
    async fn result_archive(&self, txn: &TransactionNumber) -> Result<Bytes, idnow::Error>;

    /// Deletes the identification and its data at IDnow.
    async fn delete_identification(&self, txn: &TransactionNumber) -> Result<(), idnow::Error>;

    /// Copies the identification to another company; the copy's Ident-ID.
    async fn copy_identification(
        &self,
        txn: &TransactionNumber,
        target: &CopyTarget,
    ) -> Result<String, idnow::Error>;

    /// Starts the test robots on the identification (test environments only).
    async fn start_robots(&self, txn: &TransactionNumber) -> Result<(), idnow::Error>;

    /// The documents the company may have signed.
    async fn esign_definitions(&self) -> Result<Vec<DocumentDefinition>, idnow::Error>;

    /// Uploads the PDF the person signs, streamed from disk.
    async fn upload_esign_document(
        &self,
        txn: &TransactionNumber,
        identifier: &str,
        pdf: &Path,
        progress: Option<idnow::Progress>,
    ) -> Result<(), idnow::Error>;

    /// What IDnow knows of one uploaded document (its status and hash).
    async fn esign_document(
        &self,
        txn: &TransactionNumber,
        identifier: &str,
    ) -> Result<IdentificationDocumentInfo, idnow::Error>;

    /// The signed document, into memory.
    async fn signed_document(
        &self,
        txn: &TransactionNumber,
        identifier: &str,
    ) -> Result<Bytes, idnow::Error>;
}

/// "Test connection": who IDnow says the company is, and the current waiting time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCheck {
    pub company_name: Option<String>,
    pub shortcode: Option<String>,
    /// Seconds, rounded by IDnow (0, 15, 30, 45, 60, 120, …).
    pub estimated_waiting_seconds: Option<f64>,
    /// Who answered: the gateway's scheme, host and port.
    pub answered_by: String,
    /// Trust Platform: the names of the flows published to the account's environment
    /// (empty for a classic account).
    pub flows: Vec<String>,
}

/// The person's links; kept as JSON in the cache (see [`UserLinks::from_cache`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserLinks {
    pub long: String,
    pub short: String,
    pub embedded: String,
    /// The same identification as AutoIdent (absent in caches from before it was made).
    pub auto_ident: String,
}

impl UserLinks {
    /// The links as the cache keeps them. Caches written before the links crossed to the
    /// window as they are hold `auto_ident`, which reads as `autoIdent`; older ones have no
    /// AutoIdent link at all (empty).
    pub(crate) fn from_cache(text: &str) -> Option<UserLinks> {
        let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
        if let Some(links) = value.as_object_mut() {
            let older = links.remove("auto_ident").unwrap_or_else(|| "".into());
            links.entry("autoIdent").or_insert(older);
        }
        serde_json::from_value(value).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_an_older_cache_kept_still_read_and_new_ones_are_written_as_the_window_takes_them() {
        let older = r#"{"long":"l","short":"s","embedded":"e","auto_ident":"a"}"#;
        let links = UserLinks::from_cache(older).unwrap();
        assert_eq!(links.auto_ident, "a");
        let written = serde_json::to_string(&links).unwrap();
        assert!(written.contains(r#""autoIdent":"a""#), "{written}");
        let again = UserLinks::from_cache(&written).unwrap();
        assert_eq!(again, links);
        let oldest = UserLinks::from_cache(r#"{"long":"l","short":"s","embedded":"e"}"#).unwrap();
        assert_eq!(oldest.auto_ident, "");
    }
}
