//! Results (contract §6) through the client: the archive and its signed XML, delete, copy,
//! and the login token's one-hour idle expiry.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use std::io::Read;

use idnow::{CopyTarget, TransactionNumber};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use support::{CID, advance, client, person, sandbox};

async fn finished(client: &idnow::Client, sandbox: &idnow_sandbox::Sandbox) -> TransactionNumber {
    let txn = TransactionNumber::generate();
    client.create_identification(&txn, &person()).await.unwrap();
    client.robot_start(&txn).await.unwrap();
    client.request_video_chat(&txn).await.unwrap();
    advance(sandbox, 200);
    txn
}

#[tokio::test]
async fn the_archive_holds_report_xml_signature_images_and_audio() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let txn = finished(&client, &sandbox).await;
    let archive = client.download_result_archive(&txn).await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive)).unwrap();
    let mut read = |name: String| {
        let mut bytes = Vec::new();
        zip.by_name(&name).unwrap().read_to_end(&mut bytes).unwrap();
        bytes
    };
    assert!(read(format!("{txn}.pdf")).starts_with(b"%PDF-"));
    for image in ["idfrontside", "idbackside", "idholograms", "userface"] {
        assert!(
            read(format!("{txn}_{image}.jpg")).starts_with(&[0xFF, 0xD8, 0xFF]),
            "{image}"
        );
    }
    assert!(read(format!("{txn}_audiolog.mp3")).starts_with(b"ID3"));
    assert!(read(format!("{txn}_videolog.mp4"))[4..8] == *b"ftyp");
    let xml = read(format!("{txn}.xml"));
    assert!(String::from_utf8_lossy(&xml).contains("<result>SUCCESS</result>"));
    let signature = Signature::try_from(read(format!("{txn}.sig")).as_slice()).unwrap();
    let key = rsa::PublicKey::from_public_key_pem(idnow_sandbox::PUBLIC_KEY_PEM).unwrap();
    let verifier = VerifyingKey::<rsa::sha2::Sha512>::new(key);
    assert!(
        verifier.verify(&xml, &signature).is_ok(),
        "the XML signature verifies"
    );
    let mut tampered = xml.clone();
    tampered.extend_from_slice(b" ");
    assert!(verifier.verify(&tampered, &signature).is_err());
}

#[tokio::test]
async fn delete_is_final_and_copy_needs_permission() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let txn = finished(&client, &sandbox).await;

    let target_txn = TransactionNumber::generate();
    let own = CopyTarget {
        target_companyid: CID.into(),
        target_transactionnumber: Some(target_txn.to_string()),
    };
    let copy_id = client.copy_identification(&txn, &own).await.unwrap();
    assert!(copy_id.starts_with("TST-"));
    let copy = client.get_identification(&target_txn).await.unwrap();
    assert_eq!(
        copy.identificationprocess.id.as_deref(),
        Some(copy_id.as_str())
    );

    let foreign = CopyTarget {
        target_companyid: "otherbank".into(),
        target_transactionnumber: None,
    };
    let refused = client.copy_identification(&txn, &foreign).await;
    assert!(
        matches!(&refused, Err(e) if e.status() == Some(403) && e.cause() == Some("FORBIDDEN")),
        "{refused:?}"
    );

    client.delete_identification(&txn).await.unwrap();
    let gone = client.get_identification(&txn).await;
    assert!(
        matches!(&gone, Err(e) if e.status() == Some(404) && e.cause() == Some("OBJECT_NOT_FOUND")),
        "{gone:?}"
    );
}

#[tokio::test]
async fn an_expired_token_is_renewed_transparently() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let token = client.login().await.unwrap();
    client.company_info().await.unwrap();
    // An hour and a minute without use: IDnow drops the token.
    advance(&sandbox, 61 * 60);
    let raw = reqwest::Client::new()
        .get(format!("{}/api/v1/{CID}", sandbox.base_url()))
        .header("X-API-LOGIN-TOKEN", &token)
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(raw.ok(), Some(401));
    // The client logs in again once and retries.
    let info = client.company_info().await.unwrap();
    assert_eq!(info.shortcode.as_deref(), Some("TST"));
}
