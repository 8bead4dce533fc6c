//! eSign, the result archive, four-eyes acceptance, exports and bulk creation, against a
//! sandbox gateway, the real keychain and an encrypted cache.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use identdesk_core::{AcceptanceState, Decision, ErrorCode, ListQuery};
use support::bench;

async fn define_contract(b: &support::Bench) {
    let http = reqwest::Client::new();
    let base = b.sandbox.base_url();
    let login: serde_json::Value = http
        .post(format!("{base}/api/v1/ihrebank/login"))
        .json(&serde_json::json!({"apiKey": "results-key"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["authToken"].as_str().unwrap_or_default().to_owned();
    let saved = http
        .post(format!("{base}/api/v1/ihrebank/documentdefinitions"))
        .header("X-API-LOGIN-TOKEN", token)
        .json(&serde_json::json!({"identifier": "contract", "name": "Kontoeröffnung", "mimeType": "application/pdf", "sortOrder": 1}))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(saved.ok(), Some(201));
}

#[tokio::test]
async fn esign_upload_checks_the_hash_and_keeps_the_signed_pdf() {
    let b = bench().await;
    define_contract(&b).await;
    let definitions = b.core.files().esign_definitions(&b.account).await.unwrap();
    assert_eq!(
        definitions
            .iter()
            .map(|d| d.identifier.as_str())
            .collect::<Vec<_>>(),
        ["contract"]
    );

    let txn = b.create("Signer", None).await;
    let pdf = b.dir.path().join("contract.pdf");
    std::fs::write(
        &pdf,
        idnow_sandbox::sample_pdf("Vertrag", &["§1".to_owned()]),
    )
    .unwrap();
    let progress_seen = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let seen = progress_seen.clone();
    let doc = b
        .core
        .files()
        .upload_esign_document(
            &b.ident(&txn),
            "contract",
            &pdf,
            Some(std::sync::Arc::new(move |sent, _| {
                seen.store(sent, std::sync::atomic::Ordering::SeqCst)
            })),
        )
        .await
        .unwrap();
    assert_eq!(
        progress_seen.load(std::sync::atomic::Ordering::SeqCst),
        std::fs::metadata(&pdf).unwrap().len()
    );
    assert_eq!(
        doc.idnow_hash.as_deref(),
        Some(doc.sha256.as_str()),
        "IDnow's hash equals ours"
    );
    assert_eq!(doc.display_hash.len(), 14);
    assert_eq!(doc.status, "UPLOADED");

    let not_pdf = b.dir.path().join("scan.png");
    std::fs::write(&not_pdf, b"\x89PNG\r\n").unwrap();
    let refused = b
        .core
        .files()
        .upload_esign_document(&b.ident(&txn), "contract", &not_pdf, None)
        .await
        .err();
    assert_eq!(
        refused.as_ref().map(|e| e.code()),
        Some(ErrorCode::InvalidInput)
    );
    assert!(refused.is_some_and(|e| e.to_string().contains("not a PDF")));

    b.core
        .identifications()
        .start_test_robots(&b.ident(&txn))
        .await
        .unwrap();
    b.advance_idnow(200);
    let out = b.dir.path().join("signed.pdf");
    let size = b
        .core
        .files()
        .fetch_signed_document(&b.ident(&txn), "contract", Some(&out))
        .await
        .unwrap();
    assert_eq!(size, std::fs::metadata(&out).unwrap().len());
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    let docs = b
        .core
        .files()
        .esign_documents(&b.ident(&txn))
        .await
        .unwrap();
    assert!(docs[0].signed_available);

    // With IDnow unreachable (every answer lost), the definitions still show from the cache.
    b.sandbox.set_faults(idnow_sandbox::Faults {
        drop_next_after_commit: 100,
        ..Default::default()
    });
    let offline = b.core.files().esign_definitions(&b.account).await.unwrap();
    assert_eq!(offline, definitions);
}

#[tokio::test]
async fn the_archive_is_unpacked_into_the_cache_and_its_signature_checked() {
    let b = bench().await;
    let txn = b.create("Archived", Some("HAPPYPATH")).await;
    b.advance_idnow(200);
    b.sync().await;
    b.core
        .accounts()
        .set_result_signing_key(&b.account, idnow_sandbox::PUBLIC_KEY_PEM)
        .await
        .unwrap();
    let report = b
        .core
        .files()
        .fetch_archive(&b.ident(&txn), None)
        .await
        .unwrap();
    assert_eq!(report.signature, identdesk_core::ArchiveSignature::Verified);
    let stored = b.core.files().attachments(&b.ident(&txn)).await.unwrap();
    // The signature covers the result XML it signs, and nothing else.
    let covered: Vec<&str> = stored
        .iter()
        .filter(|a| a.covered_by_signature)
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(covered, [format!("{txn}.xml")]);
    let names: Vec<String> = stored.into_iter().map(|a| a.name).collect();
    assert!(names.contains(&format!("{txn}_userface.jpg")));
    assert!(names.contains(&format!("{txn}_audiolog.mp3")));
    assert!(names.contains(&format!("{txn}_videolog.mp4")));
    let (media_type, face) = b
        .core
        .files()
        .attachment(&b.ident(&txn), &format!("{txn}_userface.jpg"))
        .await
        .unwrap();
    assert_eq!(media_type, "image/jpeg");
    assert!(face.starts_with(&[0xFF, 0xD8, 0xFF]));
    assert!(
        std::fs::read_dir(b.dir.path())
            .into_iter()
            .flatten()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().contains("archive")),
        "no unencrypted copy left"
    );

    let bad_key = b
        .core
        .accounts()
        .set_result_signing_key(&b.account, "not a key")
        .await
        .err();
    assert_eq!(bad_key.map(|e| e.code()), Some(ErrorCode::InvalidInput));
}

#[tokio::test]
async fn a_solo_decision_is_one_officers_and_stands_only_on_the_result_it_saw() {
    let b = bench().await;
    let txn = b.create("Reviewed", Some("FRAUDOK")).await;
    b.advance_idnow(31);
    b.sync().await;
    let early = b
        .core
        .decisions()
        .record(
            &b.ident(&txn),
            Decision::Accept,
            "looks fine",
            "FRAUD_SUSPICION_PENDING",
        )
        .await
        .err();
    assert!(
        early.is_some_and(|e| e.to_string().contains("final")),
        "a preliminary result cannot be accepted"
    );

    b.advance_idnow(121);
    b.sync().await;
    let stale = b
        .core
        .decisions()
        .record(
            &b.ident(&txn),
            Decision::Accept,
            "seen earlier",
            "FRAUD_SUSPICION_PENDING",
        )
        .await
        .err();
    assert!(
        stale.is_some_and(|e| e.to_string().contains("changed to SUCCESS")),
        "a decision made on a result that has since changed is refused"
    );
    let decided = b
        .core
        .decisions()
        .record(
            &b.ident(&txn),
            Decision::Accept,
            "fraud suspicion cleared in review",
            "SUCCESS",
        )
        .await
        .unwrap();
    assert_eq!(decided.state, AcceptanceState::Decided);
    assert_eq!(decided.proposed_by, b.core.acting_user());
    assert_eq!(decided.confirmed_by, Some(b.core.acting_user()));
    let again = b
        .core
        .decisions()
        .record(
            &b.ident(&txn),
            Decision::Reject,
            "second thoughts",
            "SUCCESS",
        )
        .await
        .err();
    assert_eq!(again.map(|e| e.code()), Some(ErrorCode::AlreadyExists));
    let entries = b.core.audit().log(50, 0).await.unwrap();
    assert!(entries.iter().any(|e| e.action == "decision.recorded"
        && e.actor == b.core.acting_user()
        && e.detail.as_deref() == Some("accept SUCCESS, single officer")));
}

#[tokio::test]
async fn the_audit_log_names_accounts_as_officers_know_them_and_keeps_their_id() {
    let b = bench().await;
    b.core
        .accounts()
        .set_retention_days(&b.account, 45)
        .await
        .unwrap();
    let name = b.core.accounts().account(&b.account).await.unwrap().name;
    let entries = b.core.audit().log(50, 0).await.unwrap();
    let changed = entries
        .iter()
        .find(|e| e.action == "account.retention.changed")
        .expect("a retention entry");
    assert_eq!(changed.subject, b.account, "the id stays");
    assert_eq!(changed.subject_name.as_deref(), Some(name.as_str()));
    // A transaction number is what officers know already: it has no second name.
    let txn = b.create("Benannt", None).await;
    let entries = b.core.audit().log(50, 0).await.unwrap();
    let created = entries.iter().find(|e| e.subject == txn).unwrap();
    assert_eq!(created.subject_name, None);
}

#[tokio::test]
async fn exports_keep_personal_data_out_unless_asked_and_defuse_formulas() {
    let b = bench().await;
    let txn = b.create("=HYPERLINK(\"evil\")", Some("HAPPYPATH")).await;
    b.create("Zweite", None).await;
    b.advance_idnow(200);
    b.sync().await;
    let plain = b.dir.path().join("plain.csv");
    assert_eq!(
        b.core
            .files()
            .export_csv(&ListQuery::default(), false, &plain)
            .await
            .unwrap(),
        2
    );
    let text = std::fs::read_to_string(&plain).unwrap();
    assert!(text.starts_with(
        "account,transaction_number,ident_id,state,result,reason,final,created_at,updated_at\n"
    ));
    assert!(
        !text.contains("Zweite") && !text.contains("HYPERLINK"),
        "no names without asking"
    );
    assert!(text.contains(&txn));

    let personal = b.dir.path().join("personal.csv");
    b.core
        .files()
        .export_csv(&ListQuery::default(), true, &personal)
        .await
        .unwrap();
    let text = std::fs::read_to_string(&personal).unwrap();
    assert!(text.contains("Zweite"));
    assert!(
        text.contains("\"'=HYPERLINK(\"\"evil\"\")\""),
        "formulas are defused: {text}"
    );

    let pdf = b.dir.path().join("summary.pdf");
    b.core
        .files()
        .export_summary_pdf(&b.ident(&txn), &pdf)
        .await
        .unwrap();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let actions: Vec<String> = b
        .core
        .audit()
        .log(50, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"export.csv".to_owned())
            && actions.contains(&"export.summary_pdf".to_owned())
    );
}

#[tokio::test]
async fn bulk_creation_previews_errors_by_row_and_field_and_is_safe_to_repeat() {
    let b = bench().await;
    let csv = b.dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "firstname,lastname,birthday,email,question:occupation\n\
         Anna,Muster,1975-12-20,anna@example.de,Ärztin\n\
         Ben,Bad,20.12.1975,ben@example.de,\n\
         Clara,Klar,1980-01-01,,Lehrerin\n",
    )
    .unwrap();
    let preview = b
        .core
        .identifications()
        .bulk_preview(&b.account, &csv, 0, 100)
        .await
        .unwrap();
    assert_eq!((preview.valid, preview.invalid), (2, 1));
    let bad = preview
        .rows
        .iter()
        .find(|r| !r.errors.is_empty())
        .cloned()
        .expect("no bad row");
    assert_eq!((bad.line, bad.errors[0].field.as_str()), (3, "birthday"));
    assert_eq!(
        b.core
            .identifications()
            .list(&ListQuery::default())
            .await
            .unwrap()
            .total,
        0,
        "a preview sends nothing"
    );

    let report = b
        .core
        .identifications()
        .bulk_create(&b.account, &csv, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(
        (report.created, report.skipped.len(), report.failed.len()),
        (2, 1, 0)
    );
    // The rows had no numbers: random ones were written into a copy before anything was
    // sent (nothing derived from the person), and running the copy again sends nothing new.
    let copy = report.numbered_copy.expect("no numbered copy");
    let numbered = std::fs::read_to_string(&copy).unwrap();
    assert!(
        numbered.starts_with("transactionnumber,firstname"),
        "{numbered}"
    );
    assert!(
        !std::fs::read_to_string(&csv)
            .unwrap()
            .contains("transactionnumber")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let again = b
        .core
        .identifications()
        .bulk_create(&b.account, &copy, &|_, _| {})
        .await
        .unwrap();
    assert_eq!((again.created, again.already_sent), (0, 2));
    assert!(again.numbered_copy.is_none());
    assert_eq!(
        b.core
            .identifications()
            .list(&ListQuery::default())
            .await
            .unwrap()
            .total,
        2
    );

    let unknown = b.dir.path().join("unknown.csv");
    std::fs::write(&unknown, "firstname,nickname\nAnna,A\n").unwrap();
    let refused = b
        .core
        .identifications()
        .bulk_preview(&b.account, &unknown, 0, 100)
        .await
        .err();
    assert!(refused.is_some_and(|e| e.to_string().contains("Column 2 of the header")));
}

/// The window's page is served with the newest rows in the look the window last reported.
#[tokio::test]
async fn the_windows_page_comes_with_the_newest_rows_in_the_remembered_look() {
    use identdesk_core::{Appearance, ColorScheme, Language, Words};
    let bench = bench().await;
    let older = bench.create("Older-Row", None).await;
    bench.clock.advance(chrono::TimeDelta::seconds(5));
    let newer = bench.create("Newer-Row", None).await;
    let window = bench.core.window();
    assert_eq!(window.appearance().unwrap(), None, "nothing reported yet");
    let look = Appearance {
        language: Language::De,
        color_scheme: ColorScheme::Dark,
    };
    window.remember_appearance(&look).unwrap();
    window.remember_appearance(&look).unwrap();
    assert_eq!(window.appearance().unwrap(), Some(look));

    let words = Words::parse(
        r#"{"en": {"list.title": "Identifications"}, "de": {"list.title": "Identifizierungen"}}"#
            .as_bytes(),
    )
    .unwrap();
    let html = window.first_rows(&words, &look).await.unwrap();
    assert!(html.contains("Identifizierungen</h2>"), "{html}");
    assert!(html.contains(r#"data-scheme="dark""#));
    let (at_newer, at_older) = (html.find(&newer).unwrap(), html.find(&older).unwrap());
    assert!(at_newer < at_older, "newest first: {html}");
    assert!(html.contains("Anna Newer-Row"));
    assert_eq!(html.matches(r#"data-testid="first-row""#).count(), 2);
}
