//! eSign (contract §5) through the client: definitions, default documents, upload with
//! progress and hash, the 412 before upload, signed PDFs after success.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use idnow::{
    DocumentDefinition, DocumentOverride, DocumentStatus, Error, IdentificationRequest,
    TransactionNumber,
};
use sha2::{Digest, Sha256};
use support::{advance, client, person, sandbox};

fn definition(identifier: &str) -> DocumentDefinition {
    DocumentDefinition {
        identifier: identifier.into(),
        name: "Kontoeröffnungsantrag".into(),
        mime_type: "application/pdf".into(),
        optional: false,
        sort_order: Some(1),
        version: Some("2026-1".into()),
        signatures: None,
    }
}

fn pdf_file(dir: &tempfile::TempDir, name: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    let lines: Vec<String> = (0..200).map(|i| format!("Vertragsbedingung {i}")).collect();
    std::fs::write(&path, idnow_sandbox::sample_pdf("Kontoeröffnung", &lines)).unwrap();
    path
}

#[tokio::test]
async fn definitions_are_created_then_updated_and_listed() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    assert!(
        client
            .save_document_definition(&definition("contract"))
            .await
            .unwrap(),
        "first save creates"
    );
    let renamed = DocumentDefinition {
        name: "Antrag".into(),
        ..definition("contract")
    };
    assert!(
        !client.save_document_definition(&renamed).await.unwrap(),
        "second save updates"
    );
    let listed = client.document_definitions().await.unwrap();
    assert_eq!(listed, vec![renamed.clone()]);
    assert_eq!(
        client.document_definition("contract").await.unwrap(),
        renamed
    );
    let missing = client.document_definition("nope").await;
    assert!(
        matches!(&missing, Err(e) if e.cause() == Some("OBJECT_NOT_FOUND")),
        "{missing:?}"
    );

    let bad = DocumentDefinition {
        mime_type: "pdf".into(),
        ..definition("scan")
    };
    assert!(
        matches!(client.save_document_definition(&bad).await, Err(Error::Invalid(e)) if e.field == "mimeType")
    );

    let dir = tempfile::tempdir().unwrap();
    let pdf = pdf_file(&dir, "default.pdf");
    client
        .upload_default_document("contract", &pdf)
        .await
        .unwrap();
    let back = client.download_default_document("contract").await.unwrap();
    assert_eq!(back.as_ref(), std::fs::read(&pdf).unwrap().as_slice());
}

#[tokio::test]
async fn upload_with_progress_then_sign_after_success() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    client
        .save_document_definition(&definition("contract"))
        .await
        .unwrap();
    let txn = TransactionNumber::generate();
    let request = IdentificationRequest {
        custom1: Some("X-AUTOTEST-HAPPYPATH".into()),
        ..person()
    };
    client.create_identification(&txn, &request).await.unwrap();

    let documents = client.documents(&txn).await.unwrap();
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].status, Some(DocumentStatus::NeedUpload));
    let refused = client.robot_start(&txn).await;
    assert!(
        matches!(&refused, Err(e) if e.status() == Some(412) && e.cause() == Some("PRECONDITION_FAILED")),
        "{refused:?}"
    );

    client
        .override_document(
            &txn,
            "contract",
            &DocumentOverride {
                name: Some("Antrag Anna".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let pdf = pdf_file(&dir, "contract.pdf");
    let size = std::fs::metadata(&pdf).unwrap().len();
    let (calls, last) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let progress = {
        let (calls, last) = (calls.clone(), last.clone());
        Arc::new(move |sent: u64, total: u64| {
            assert_eq!(total, size);
            assert!(
                sent >= last.load(Ordering::SeqCst),
                "progress never goes back"
            );
            last.store(sent, Ordering::SeqCst);
            calls.fetch_add(1, Ordering::SeqCst);
        })
    };
    client
        .upload_document(&txn, "contract", &pdf, Some(progress))
        .await
        .unwrap();
    assert_eq!(last.load(Ordering::SeqCst), size);
    assert!(calls.load(Ordering::SeqCst) >= 1);

    let uploaded = client.document(&txn, "contract").await.unwrap();
    let ours = hex::encode(Sha256::digest(std::fs::read(&pdf).unwrap()));
    assert_eq!(uploaded.hash.as_deref(), Some(ours.as_str()));
    assert_eq!(uploaded.display_hash, Some(idnow::display_hash(&ours)));
    assert_eq!(uploaded.status, Some(DocumentStatus::Uploaded));
    assert_eq!(uploaded.name.as_deref(), Some("Antrag Anna"));

    let early = client.download_signed_document(&txn, "contract").await;
    assert!(
        matches!(&early, Err(e) if e.status() == Some(412)),
        "{early:?}"
    );

    client.robot_start(&txn).await.unwrap();
    client.request_video_chat(&txn).await.unwrap();
    advance(&sandbox, 200);
    assert_eq!(
        client.document(&txn, "contract").await.unwrap().status,
        Some(DocumentStatus::Signed)
    );
    let signed = client
        .download_signed_document(&txn, "contract")
        .await
        .unwrap();
    let signed = lopdf::Document::load_mem(&signed).unwrap();
    assert_eq!(
        signed.get_pages().len(),
        2,
        "the original page plus the signature stamp"
    );
    let result = client.get_identification(&txn).await.unwrap();
    assert_eq!(
        result.esigning.and_then(|e| e.get("result").cloned()),
        Some("SUCCESS".into())
    );
}

#[tokio::test]
async fn a_non_pdf_is_refused_before_anything_is_sent() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    client
        .save_document_definition(&definition("contract"))
        .await
        .unwrap();
    let txn = TransactionNumber::generate();
    client.create_identification(&txn, &person()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("scan.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\nnot a pdf").unwrap();
    let refused = client.upload_document(&txn, "contract", &png, None).await;
    assert!(
        matches!(&refused, Err(Error::Invalid(e)) if e.field == "document" && e.message.contains("not a PDF")),
        "{refused:?}"
    );
    assert_eq!(
        client.document(&txn, "contract").await.unwrap().status,
        Some(DocumentStatus::NeedUpload)
    );
}
