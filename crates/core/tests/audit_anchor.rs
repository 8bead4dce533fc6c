//! The audit log against four tamperings on the real SQLCipher file (opened with the key
//! from the real keychain) — an edited entry, the newest entries deleted, the oldest
//! deleted and the rest rehashed, the whole chain rewritten — each found by `audit().verify`
//! with the anchor the OS keychain holds; and a crash between an append and the anchor's
//! move, which is no tampering and recovers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use support::{Bench, bench};

/// A bench whose log has a dozen entries.
async fn logged() -> Bench {
    let b = bench().await;
    for n in 0..4 {
        b.create(&format!("Logged{n}"), None).await;
    }
    let verdict = b.core.audit().verify().await.unwrap();
    assert!(verdict.intact && verdict.entries >= 8, "{verdict:?}");
    b
}

async fn broken(b: &Bench) -> String {
    let verdict = b.core.audit().verify().await.unwrap();
    assert!(!verdict.intact, "the tampering went unnoticed");
    verdict.problem.unwrap_or_default()
}

#[tokio::test]
async fn an_edited_entry_is_found() {
    let b = logged().await;
    b.core
        .audit()
        .tamper_for_tests("UPDATE audit_log SET actor = 'mallory' WHERE id = 3")
        .unwrap();
    assert!(broken(&b).await.contains("changed"));
}

#[tokio::test]
async fn deleted_newest_entries_are_found_by_the_anchor() {
    let b = logged().await;
    b.core
        .audit()
        .tamper_for_tests("DELETE FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log)")
        .unwrap();
    assert!(broken(&b).await.contains("newest entries were removed"));
}

#[tokio::test]
async fn deleted_oldest_entries_with_the_rest_rehashed_are_found() {
    let b = logged().await;
    b.core
        .audit()
        .tamper_for_tests("DELETE FROM audit_log WHERE id <= 2")
        .unwrap();
    b.core.audit().rehash_audit_for_tests().unwrap();
    assert!(broken(&b).await.contains("removed"));
}

#[tokio::test]
async fn a_whole_rewritten_chain_is_found_by_the_anchor() {
    let b = logged().await;
    b.core
        .audit()
        .tamper_for_tests("UPDATE audit_log SET actor = 'mallory'")
        .unwrap();
    b.core.audit().rehash_audit_for_tests().unwrap();
    assert!(broken(&b).await.contains("rewritten"));
}

#[tokio::test]
async fn a_crash_between_an_append_and_its_anchor_recovers() {
    let b = logged().await;
    let before = b
        .core
        .audit()
        .audit_anchor_for_tests()
        .await
        .unwrap()
        .unwrap();
    b.create("AfterTheAnchor", None).await;
    let after = b
        .core
        .audit()
        .audit_anchor_for_tests()
        .await
        .unwrap()
        .unwrap();
    assert!(after.0 > before.0, "each append moves the anchor");
    // As a kill right after the commit would leave it: the log is ahead of its anchor.
    b.core
        .audit()
        .set_audit_anchor_for_tests(before.0, &before.1)
        .await
        .unwrap();
    assert!(b.core.audit().verify().await.unwrap().intact);
    assert_eq!(
        b.core.audit().audit_anchor_for_tests().await.unwrap(),
        Some(after),
        "the anchor caught up"
    );
}
