//! IDnow's classic gateway API as an identification source: the `idnow` client, its
//! company login and lists, its paths' words kept inside.

use std::path::Path;

use async_trait::async_trait;
use bytes::Bytes;
use idnow::{
    Client, CopyTarget, CreateOutcome, DocumentDefinition, IdentificationDocumentInfo,
    IdentificationRequest, ListFilter, ReceivedIdentification, ReceivedList, TransactionNumber,
};

use super::{ConnectionCheck, IdentificationSource, UserLinks};

#[async_trait]
impl IdentificationSource for Client {
    async fn check_account(&self) -> Result<ConnectionCheck, idnow::Error> {
        let info = self.company_info().await?;
        Ok(ConnectionCheck {
            company_name: info.name,
            shortcode: info.shortcode,
            estimated_waiting_seconds: info.estimated_waiting_time,
            answered_by: self.endpoints().gateway.origin().ascii_serialization(),
            flows: Vec::new(),
        })
    }

    async fn create_identification(
        &self,
        txn: &TransactionNumber,
        request: &IdentificationRequest,
    ) -> Result<CreateOutcome, idnow::Error> {
        Client::create_identification(self, txn, request).await
    }

    fn person_links(
        &self,
        company_id: &str,
        txn: &TransactionNumber,
        ident_id: &str,
        tracking_id: Option<&str>,
    ) -> UserLinks {
        let links = idnow::user_links(
            &self.endpoints().go,
            company_id,
            txn.as_str(),
            ident_id,
            tracking_id,
        );
        UserLinks {
            long: links.long,
            short: links.short,
            embedded: links.embedded,
            auto_ident: links.auto_ident,
        }
    }

    async fn results(&self, list: ListFilter) -> Result<ReceivedList, idnow::Error> {
        self.list_received(list).await
    }

    async fn result(
        &self,
        txn: &TransactionNumber,
    ) -> Result<ReceivedIdentification, idnow::Error> {
        self.get_identification_received(txn).await
    }

    async fn result_archive(&self, txn: &TransactionNumber) -> Result<Bytes, idnow::Error> {
        self.download_result_archive(txn).await
    }

    async fn delete_identification(&self, txn: &TransactionNumber) -> Result<(), idnow::Error> {
        Client::delete_identification(self, txn).await
    }

    async fn copy_identification(
        &self,
        txn: &TransactionNumber,
        target: &CopyTarget,
    ) -> Result<String, idnow::Error> {
        Client::copy_identification(self, txn, target).await
    }

    async fn start_robots(&self, txn: &TransactionNumber) -> Result<(), idnow::Error> {
        self.robot_start(txn).await?;
        self.request_video_chat(txn).await
    }

    async fn esign_definitions(&self) -> Result<Vec<DocumentDefinition>, idnow::Error> {
        self.document_definitions().await
    }

    async fn upload_esign_document(
        &self,
        txn: &TransactionNumber,
        identifier: &str,
        pdf: &Path,
        progress: Option<idnow::Progress>,
    ) -> Result<(), idnow::Error> {
        self.upload_document(txn, identifier, pdf, progress).await
    }

    async fn esign_document(
        &self,
        txn: &TransactionNumber,
        identifier: &str,
    ) -> Result<IdentificationDocumentInfo, idnow::Error> {
        self.document(txn, identifier).await
    }

    async fn signed_document(
        &self,
        txn: &TransactionNumber,
        identifier: &str,
    ) -> Result<Bytes, idnow::Error> {
        self.download_signed_document(txn, identifier).await
    }
}
