//! Results in the cache: sync against a sandbox on a manual clock, forward-only results,
//! the detail view, the CANCELED purge, retention, search, the outbox, delete at IDnow.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use chrono::TimeDelta;
use identdesk_core::{
    CancellationToken, ErrorCode, IdentificationRequest, IdentificationStage, IdentificationState,
    ListQuery, NewIdentification, ResultCode, SyncProgress, SyncStage,
};
use idnow_sandbox::Faults;
use support::bench;

#[tokio::test]
async fn results_move_forward_only_and_the_detail_shows_changes() {
    let b = bench().await;
    let txn = b.create("Müller", Some("CHANGEALL")).await;
    assert_eq!(b.core.sync().last().await.unwrap(), None, "never synced");
    b.advance_idnow(31);
    let first = b.sync().await;
    assert_eq!(
        b.core.sync().last().await.unwrap(),
        Some(first.finished_at.clone()),
        "the window's sync bar shows this"
    );
    assert_eq!(first.changes.len(), 1);
    assert_eq!(
        (first.changes[0].result.as_str(), first.changes[0].is_final),
        ("REVIEW_PENDING", false)
    );

    b.advance_idnow(121);
    let second = b.sync().await;
    assert_eq!(
        second.changes[0].previous.as_deref(),
        Some("REVIEW_PENDING")
    );
    assert_eq!(
        (
            second.changes[0].result.as_str(),
            second.changes[0].is_final
        ),
        ("SUCCESS_DATA_CHANGED", true)
    );
    assert!(
        b.sync().await.changes.is_empty(),
        "nothing new, nothing changed"
    );

    let detail = b
        .core
        .identifications()
        .detail(&b.ident(&txn))
        .await
        .unwrap();
    assert!(detail.row.is_final);
    let result = detail.result.expect("no result");
    let lastname = result
        .person
        .iter()
        .find(|f| f.name == "lastname")
        .cloned()
        .expect("no lastname");
    assert_eq!(
        lastname.status.as_ref().map(|s| s.raw.as_str()),
        Some("CHANGE")
    );
    assert_eq!(lastname.original.as_deref(), Some("Müller"));
    assert_eq!(lastname.value.as_deref(), Some("ßÇÑ ØÅÆ ŠŽĐ"));
    assert!(
        result
            .document
            .iter()
            .any(|f| f.name == "type" && f.value.as_deref() == Some("IDCARD"))
    );
    assert_eq!(
        detail
            .history
            .iter()
            .map(|h| h.result.raw.as_str())
            .collect::<Vec<_>>(),
        ["REVIEW_PENDING", "SUCCESS_DATA_CHANGED"]
    );

    // IDnow (here: the sandbox's control API) reports a preliminary result again: ignored.
    let http = reqwest::Client::new();
    let status = http
        .post(format!(
            "{}/sandbox/ihrebank/identifications/{txn}/complete",
            b.sandbox.base_url()
        ))
        .json(&serde_json::json!({"result": "REVIEW_PENDING"}))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(status.ok(), Some(200));
    let backwards = b.sync().await;
    assert_eq!(backwards.ignored_backwards, 1);
    let row = b
        .core
        .identifications()
        .detail(&b.ident(&txn))
        .await
        .unwrap()
        .row;
    assert_eq!(row.result.as_deref(), Some("SUCCESS_DATA_CHANGED"));
    assert!(b.core.audit().verify().await.unwrap().intact);
}

#[tokio::test]
async fn a_cancellation_purges_what_the_preliminary_result_brought() {
    let b = bench().await;
    let txn = b.create("Canarylastname", Some("CANCELLED")).await;
    b.advance_idnow(31);
    b.sync().await;
    let preliminary = b
        .core
        .identifications()
        .detail(&b.ident(&txn))
        .await
        .unwrap();
    assert!(preliminary.result.is_some_and(|r| {
        r.person
            .iter()
            .any(|f| f.value.as_deref() == Some("CANARYLASTNAME"))
    }));
    assert_eq!(b.search("canarylast").await, vec![txn.clone()]);

    b.advance_idnow(121);
    let report = b.sync().await;
    assert_eq!(report.changes[0].result, "CANCELED");
    let detail = b
        .core
        .identifications()
        .detail(&b.ident(&txn))
        .await
        .unwrap();
    assert!(detail.row.purged && detail.row.is_final);
    assert_eq!((detail.row.firstname, detail.row.lastname), (None, None));
    assert_eq!(detail.request, IdentificationRequest::default());
    assert!(
        detail.result.is_none(),
        "the stored result with personal data is gone"
    );
    assert!(detail.row.ident_id.is_some(), "the Ident-ID stays");
    assert_eq!(detail.history.len(), 2, "the timeline stays");
    assert!(
        b.search("canarylast").await.is_empty(),
        "the search index forgot the name"
    );
    assert!(
        b.search(&txn[..8]).await.contains(&txn),
        "the transaction number is still found"
    );
}

#[tokio::test]
async fn retention_purges_after_the_accounts_days_past_the_final_result() {
    let b = bench().await;
    let txn = b.create("Retained", Some("HAPPYPATH")).await;
    b.advance_idnow(200);
    b.sync().await;
    b.core
        .accounts()
        .set_retention_days(&b.account, 30)
        .await
        .unwrap();

    b.clock.advance(TimeDelta::days(29));
    assert!(
        b.core
            .retention()
            .purge_expired(false)
            .await
            .unwrap()
            .purged
            .is_empty()
    );
    b.clock.advance(TimeDelta::days(2));
    let dry = b.core.retention().purge_expired(true).await.unwrap();
    assert_eq!(dry.purged.len(), 1);
    assert!(
        !b.core
            .identifications()
            .detail(&b.ident(&txn))
            .await
            .unwrap()
            .row
            .purged,
        "a dry run purges nothing"
    );
    let real = b.core.retention().purge_expired(false).await.unwrap();
    assert_eq!(real.purged[0].transaction_number, txn);
    let detail = b
        .core
        .identifications()
        .detail(&b.ident(&txn))
        .await
        .unwrap();
    assert!(detail.row.purged && detail.result.is_none());
    assert!(
        b.core
            .retention()
            .purge_expired(false)
            .await
            .unwrap()
            .purged
            .is_empty(),
        "purged once"
    );
    assert!(b.core.audit().verify().await.unwrap().intact);
}

#[tokio::test]
async fn an_identification_that_never_finishes_is_purged_after_its_own_retention() {
    let b = bench().await;
    // Created and handed out, never started: no result will ever come.
    let abandoned = b.create("Abandoned", None).await;
    // Started and left in review for ever.
    let pending = b.create("Pending", Some("LONGREVIEW")).await;
    b.advance_idnow(40);
    b.sync().await;
    b.core
        .accounts()
        .set_unfinished_retention_days(&b.account, 10)
        .await
        .unwrap();

    b.clock.advance(TimeDelta::days(9));
    assert!(
        b.core
            .retention()
            .purge_expired(true)
            .await
            .unwrap()
            .purged
            .is_empty()
    );
    b.clock.advance(TimeDelta::days(2));
    let dry = b.core.retention().purge_expired(true).await.unwrap();
    let mut due: Vec<&str> = dry
        .purged
        .iter()
        .map(|p| p.transaction_number.as_str())
        .collect();
    due.sort_unstable();
    let mut expected = vec![abandoned.as_str(), pending.as_str()];
    expected.sort_unstable();
    assert_eq!(due, expected);
    assert!(
        dry.purged
            .iter()
            .all(|p| p.reason == identdesk_core::PurgeReason::Unfinished && p.days == 10)
    );
    b.core.retention().purge_expired(false).await.unwrap();
    let detail = b
        .core
        .identifications()
        .detail(&b.ident(&abandoned))
        .await
        .unwrap();
    assert!(detail.row.purged);
    assert_eq!((detail.row.firstname, detail.row.lastname), (None, None));
    // What was purged is not fetched again.
    let refused = b
        .core
        .files()
        .fetch_archive(&b.ident(&pending), None)
        .await
        .err()
        .map(|e| e.to_string());
    assert!(refused.is_some_and(|m| m.contains("purged")));
    assert!(b.core.audit().verify().await.unwrap().intact);
}

#[tokio::test]
async fn search_filters_sort_and_page_the_cache() {
    let b = bench().await;
    let mueller = b.create("Müller", None).await;
    let meyer = b.create("Meyer", None).await;
    b.create("Schmidt", None).await;
    assert_eq!(
        b.search("mull").await,
        vec![mueller.clone()],
        "diacritics are folded"
    );
    assert_eq!(b.search("meyer@example").await, vec![meyer.clone()]);
    assert_eq!(b.search("anna").await.len(), 3);
    assert!(
        b.search("\"; DROP TABLE identifications; --")
            .await
            .is_empty()
    );

    let page = b
        .core
        .identifications()
        .list(&ListQuery {
            sort: identdesk_core::SortKey::Name,
            limit: 2,
            ..ListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(
        page.rows
            .iter()
            .filter_map(|r| r.lastname.clone())
            .collect::<Vec<_>>(),
        ["Meyer", "Müller"]
    );
    let waiting = b
        .core
        .identifications()
        .list(&ListQuery {
            stage: Some(IdentificationStage::Waiting),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(waiting.total, 3);
    let finals = b
        .core
        .identifications()
        .list(&ListQuery {
            stage: Some(IdentificationStage::Final),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(finals.total, 0);
}

/// Rows (in creation order) and total of a search for `words` with the given filters.
async fn find(
    b: &support::Bench,
    words: &str,
    status: Option<&str>,
    account: Option<&str>,
) -> Vec<String> {
    let page = b
        .core
        .identifications()
        .list(&ListQuery {
            search: Some(words.into()),
            // A stage's name or a result code, as the filter bar and `list` take them.
            stage: status.and_then(IdentificationStage::parse),
            result: status.and_then(ResultCode::known),
            account_id: account.map(Into::into),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(
        page.total,
        page.rows.len() as u64,
        "the total counts the same rows the page shows ({words:?}, {status:?})"
    );
    page.rows
        .into_iter()
        .map(|r| r.transaction_number)
        .collect()
}

#[tokio::test]
async fn a_search_with_filters_follows_each_result_and_finds_hyphenated_words() {
    let b = bench().await;
    let changed = b.create("Müller-Lüdenscheidt", Some("CHANGEALL")).await;
    let open = b.create("Müller", None).await;
    let both = vec![changed.clone(), open.clone()];
    assert_eq!(find(&b, "müller", Some("waiting"), None).await, both);

    b.advance_idnow(31);
    b.sync().await;
    assert_eq!(
        find(&b, "müller", Some("preliminary"), None).await,
        std::slice::from_ref(&changed)
    );
    assert_eq!(
        find(&b, "anna", Some("REVIEW_PENDING"), None).await,
        std::slice::from_ref(&changed)
    );
    assert_eq!(
        find(&b, "müller", Some("waiting"), None).await,
        std::slice::from_ref(&open)
    );
    assert!(find(&b, "müller", Some("final"), None).await.is_empty());

    b.advance_idnow(121);
    b.sync().await;
    assert!(
        find(&b, "müller", Some("preliminary"), None)
            .await
            .is_empty()
    );
    assert_eq!(
        find(&b, "müller", Some("final"), None).await,
        std::slice::from_ref(&changed)
    );
    assert_eq!(find(&b, "anna", None, Some(&b.account)).await, both);
    assert!(
        find(&b, "anna", None, Some("another-account"))
            .await
            .is_empty()
    );

    // A double name is found whole, by its beginning, and by its second part.
    assert_eq!(
        find(&b, "müller-lü", None, None).await,
        std::slice::from_ref(&changed)
    );
    assert_eq!(
        find(&b, "ludenscheidt", None, None).await,
        std::slice::from_ref(&changed)
    );
    // So is a transaction number typed up to and past its first hyphen.
    let prefix: String = changed.chars().take(10).collect();
    assert_eq!(
        find(&b, &prefix, None, None).await,
        std::slice::from_ref(&changed)
    );
    // The officer's words never match the index's status tags.
    // (`st63726561746564` is the tag of the state `created`.)
    for tag_like in ["fin1", "fin0", "st63726561746564"] {
        assert!(
            find(&b, tag_like, None, None).await.is_empty(),
            "{tag_like}"
        );
    }
}

#[tokio::test]
async fn the_outbox_is_resumed_without_duplicates() {
    let b = bench().await;
    b.sandbox.set_faults(Faults {
        fail_next: 100,
        ..Faults::default()
    });
    let failed = b
        .core
        .identifications()
        .create_identification(NewIdentification {
            account_id: b.account.clone(),
            transaction_number: Some("outbox-1".into()),
            person: IdentificationRequest {
                lastname: Some("Later".into()),
                ..Default::default()
            },
            answers: Vec::new(),
        })
        .await
        .err();
    assert_eq!(
        failed.map(|e| e.code()),
        Some(ErrorCode::GatewayUnreachable)
    );
    assert_eq!(
        b.core
            .identifications()
            .resume_outbox()
            .await
            .unwrap()
            .waiting,
        1
    );

    b.sandbox.set_faults(Faults::default());
    let resumed = b.core.identifications().resume_outbox().await.unwrap();
    assert_eq!((resumed.sent, resumed.waiting), (1, 0));
    let row = b
        .core
        .identifications()
        .detail(&b.ident("outbox-1"))
        .await
        .unwrap()
        .row;
    assert_eq!(row.state, IdentificationState::Created);
    assert!(row.ident_id.is_some());
    assert!(
        b.core
            .identifications()
            .detail(&b.ident("outbox-1"))
            .await
            .unwrap()
            .links
            .is_some()
    );
    assert_eq!(
        b.core.identifications().resume_outbox().await.unwrap(),
        identdesk_core::ResumeReport::default()
    );
}

#[tokio::test]
async fn delete_at_idnow_purges_here_too_and_sync_can_be_stopped() {
    let b = bench().await;
    let txn = b.create("Deleted", Some("HAPPYPATH")).await;
    b.advance_idnow(200);
    b.sync().await;
    b.core
        .identifications()
        .delete_at_idnow(&b.ident(&txn))
        .await
        .unwrap();
    let detail = b
        .core
        .identifications()
        .detail(&b.ident(&txn))
        .await
        .unwrap();
    assert!(detail.row.purged);
    let entries = b.core.audit().log(20, 0).await.unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "identification.deleted" && e.subject == txn)
    );
    assert!(entries.iter().all(|e| !e.subject.contains("Deleted")
        && !e.detail.clone().unwrap_or_default().contains("Deleted")));

    let stop = CancellationToken::new();
    stop.cancel();
    let stopped = b
        .core
        .sync()
        .account(&b.account, &|_: SyncProgress| {}, &stop)
        .await
        .err();
    assert_eq!(stopped.map(|e| e.code()), Some(ErrorCode::Cancelled));
}

#[tokio::test]
async fn a_sync_waiting_on_idnow_stops_when_cancelled_and_stores_nothing() {
    let b = bench().await;
    let txn = b.create("Waiting", Some("HAPPYPATH")).await;
    b.advance_idnow(200);
    // IDnow answers each list only after two minutes.
    b.sandbox.set_faults(Faults {
        latency_ms: 120_000,
        ..Faults::default()
    });
    let stop = CancellationToken::new();
    let progress = std::sync::Mutex::new(Vec::new());
    let record = |p: SyncProgress| {
        if let Ok(mut seen) = progress.lock() {
            seen.push(p.stage);
        }
    };
    let sync = b.core.sync().account(&b.account, &record, &stop);
    let cancel_soon = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        stop.cancel();
    };
    // The guard only keeps a broken build from hanging for minutes; the lists would take 2.
    let (stopped, ()) = tokio::time::timeout(std::time::Duration::from_secs(60), async {
        tokio::join!(sync, cancel_soon)
    })
    .await
    .unwrap();
    assert_eq!(stopped.err().map(|e| e.code()), Some(ErrorCode::Cancelled));
    let stages = progress.into_inner().unwrap_or_default();
    assert_eq!(
        stages,
        [SyncStage::Fetching],
        "asked for the lists, stored nothing"
    );
    b.sandbox.set_faults(Faults::default());
    let row = b
        .core
        .identifications()
        .detail(&b.ident(&txn))
        .await
        .unwrap()
        .row;
    assert_eq!(row.result, None, "nothing of the stopped sync was stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn the_cache_answers_while_a_sync_writes_even_with_one_runtime_worker() {
    let b = std::sync::Arc::new(bench().await);
    b.sandbox.seed(6_000);
    let (stage_tx, mut stages) = tokio::sync::mpsc::unbounded_channel();
    let syncing = std::sync::Arc::clone(&b);
    let sync = tokio::spawn(async move {
        let report = |p: SyncProgress| {
            let _ = stage_tx.send(p.stage);
        };
        syncing
            .core
            .sync()
            .account(&syncing.account, &report, &CancellationToken::new())
            .await
    });
    while let Some(stage) = stages.recv().await {
        if stage == SyncStage::Storing {
            break;
        }
    }
    // The one worker is writing the batch (all 6 000: fewer than `SYNC_BATCH`); a command
    // from the window still runs.
    let reading = std::sync::Arc::clone(&b);
    let read = tokio::spawn(async move {
        reading
            .core
            .identifications()
            .list(&ListQuery::default())
            .await
    });
    let page = read.await.unwrap().unwrap();
    assert!(
        !sync.is_finished(),
        "answered while the sync was still writing"
    );
    assert!(
        page.total < 6_000,
        "the batch under way is not seen: {}",
        page.total
    );
    assert_eq!(sync.await.unwrap().unwrap().fetched, 6_000);
}
