//! Sync: fetch an account's pending, successful, canceled, aborted and failed
//! identifications from IDnow (and, on its own, any result that left the pending list for
//! none of the others) and bring the cache up to date, one transaction per batch. Results only move
//! forward: a final result is never replaced by a preliminary one (nor by another final
//! one, except CANCELED, which IDnow may decide after all). Every change is appended to the
//! identification's history; CANCELED purges its personal data at once. The sync itself is
//! the officer's action: one audit entry with its counts (purges add their own).

use serde::{Deserialize, Serialize};
use std::sync::Arc;

use idnow::{Identification, ListFilter, ReceivedIdentification, ResultCode};
use rusqlite::{OptionalExtension, Transaction};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::accounts::AccountService;
use crate::blocking::off_the_runtime;
use crate::context::{Context, Stamp};
use crate::error::{Error, Result};
use crate::journal;
use crate::retention::{PurgeReason, purge_identification};
use crate::sources::IdentificationSource;
use crate::store::packed_json;

pub(crate) mod all;
mod incoming;
mod new_rows;
pub(crate) mod team_reports;
mod writer;

use incoming::{Ready, Sorting};
use writer::Writer;

/// Results stored per transaction, at most (the writer stores what is ready, so the first
/// batches of a sync are smaller while the lists still arrive). Each transaction costs a
/// commit (an fsync), a pass over the search index, a WAL checkpoint (on a thread of its
/// own, `Store::bulk_cache`), and rewrites every index page its rows touched — the name and
/// transaction-number indexes take rows in random order, so a small batch rewrites most of
/// them again and again: 25 000 synced 100 000 results 15 % quicker than 5 000
/// (`identdesk-bench cache`, the sync part of `cargo xtask bench`). A kill loses at most
/// one batch's uncommitted work, and the window's own writes wait at most one batch (about
/// 1.5 s here).
pub const SYNC_BATCH: usize = 25_000;
/// Pieces of ready results (`incoming`) the lists may hold ready ahead of the writer: two
/// batches, so the writer finds its next batch ready when it finishes one, and the
/// decoding waits rather than keeping the whole sync's results in memory at once.
const PIECES_AHEAD: usize = 2 * SYNC_BATCH / incoming::PIECE;
/// How often, in results, the progress bar hears of the storing.
const PROGRESS_EVERY: usize = 500;

/// One identification whose result changed in this sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultChange {
    pub account_id: String,
    pub transaction_number: String,
    pub ident_id: Option<String>,
    pub previous: Option<String>,
    pub result: String,
    pub is_final: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub account_id: String,
    /// Results IDnow listed.
    pub fetched: usize,
    pub changes: Vec<ResultChange>,
    /// Results that would have moved a final result backwards, and were kept out.
    pub ignored_backwards: usize,
    /// Entries IDnow sent that could not be read (counted and logged, never silently
    /// skipped; their text is not kept: it cannot be shown).
    pub undecodable: usize,
    /// Results fetched one by one: they had left the pending list and stood in no other.
    pub fetched_alone: usize,
    pub finished_at: String,
}

/// What a running sync has done so far, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub account_id: String,
    pub stage: SyncStage,
    #[specta(type = specta_typescript::Number)]
    pub done: usize,
    #[specta(type = specta_typescript::Number)]
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum SyncStage {
    Fetching,
    Storing,
    Finished,
}

/// What the cache knew of an identification before this result.
struct Known {
    result: Option<String>,
    reason: Option<String>,
    is_final: bool,
    final_at: Option<String>,
    /// Its personal data was removed: a later result updates codes and history only.
    purged: bool,
}

enum Outcome {
    Unchanged,
    Changed(ResultChange),
    IgnoredBackwards,
    Undecodable,
}

/// A result to store, and whether the cache had its identification when the sync began.
struct ToStore<'a> {
    received: &'a ReceivedIdentification,
    /// False: the cache did not have it, so the batch's statement inserts it without a
    /// lookup first (`new_rows`; if it arrived meanwhile — created in the window during
    /// the sync — that inserts nothing and the lookup follows).
    cached: bool,
}

impl<'a> ToStore<'a> {
    /// A result whose identification the cache did not have when the sync began.
    fn new_to_cache(received: &'a ReceivedIdentification) -> Self {
        Self {
            received,
            cached: false,
        }
    }
}

/// Records that an account synced (when, for the window's "last sync", and the audit entry
/// with what it did); the time it finished.
pub(crate) fn record_synced(cx: &Context, account_id: &str, detail: &str) -> Result<String> {
    let stamp = cx.stamp();
    cx.store.write(|tx| {
        crate::store::put_setting(tx, &format!("last_sync:{account_id}"), &stamp.at)?;
        journal::record_detail(tx, &stamp, "account.synced", account_id, Some(detail))
    })?;
    Ok(stamp.at)
}

/// The error for a list whose download or preparation ended before it was done.
fn stopped_fetching(err: tokio::task::JoinError) -> Error {
    Error::Cancelled {
        message: format!("Fetching a list from IDnow stopped ({err}); start the sync again."),
    }
}

/// Results fetched one by one at most this many at once.
const ALONE_AT_ONCE: usize = 4;

/// Bringing the cache up to date with IDnow: one account, or everything at once (one
/// sync at a time per data folder; `gate` is that one).
#[derive(Clone, Copy)]
pub struct SyncService<'c> {
    pub(crate) cx: &'c Context,
    gate: &'c all::SyncGate,
}

impl<'c> SyncService<'c> {
    pub(crate) fn new(cx: &'c Context, gate: &'c all::SyncGate) -> Self {
        Self { cx, gate }
    }
}

impl SyncService<'_> {
    /// Syncs one account. Stops between batches when `cancel` fires, keeping what was
    /// stored so far. The fronts sync through `core.sync().all`; this is its step per
    /// account (and the benchmarks' unit).
    pub async fn account(
        self,
        account_id: &str,
        progress: &(dyn Fn(SyncProgress) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<SyncReport> {
        let started = std::time::Instant::now();
        let account = AccountService::new(self.cx).account(account_id).await?;
        if account.kind == crate::accounts::AccountKind::TrustPlatform {
            return crate::sessions::SessionService::new(self.cx)
                .sync_account(&account, progress, cancel)
                .await;
        }
        let source = self.cx.source(&account).await?;
        let report_progress = |stage, done: usize, total: usize| {
            progress(SyncProgress {
                account_id: account.id.clone(),
                stage,
                done,
                total,
            });
        };
        let filters = [
            ListFilter::Pending,
            ListFilter::Successful,
            ListFilter::Cancelled,
            ListFilter::Aborted,
            ListFilter::Failed,
        ];
        // The lists are asked for at once: from IDnow each costs a round trip plus the time
        // IDnow takes to build it. Each is made ready to store on a thread of its own as it
        // arrives (`incoming`), and stored as it is ready, while the others still download:
        // results only move forward, so the order they are stored in decides nothing (two
        // lists may hold one identification if IDnow finished it between the two answers).
        // Dropping the set (cancelled, or a list failed) stops the others.
        // The lists wait for the cache's codes (read below) before they sort their results.
        let sorting_slot = Arc::new(tokio::sync::SetOnce::new());
        let (to_writer, mut from_lists) = tokio::sync::mpsc::channel(PIECES_AHEAD);
        let mut downloads = JoinSet::new();
        for filter in filters {
            let (source, slot, to_writer) = (
                Arc::clone(&source),
                Arc::clone(&sorting_slot),
                to_writer.clone(),
            );
            downloads.spawn(async move {
                let list = match source.results(filter).await {
                    // `?failed=true` is not in IDnow's documentation: a gateway that does
                    // not know it refuses it, which is no failure of the sync.
                    Err(idnow::Error::Api {
                        status: 400..=499, ..
                    }) if filter == ListFilter::Failed => return Ok(()),
                    other => other?,
                };
                let sorting: Arc<Sorting> = Arc::clone(slot.wait().await);
                tokio::task::spawn_blocking(move || sorting.prepare(&list, &to_writer))
                    .await
                    .map_err(stopped_fetching)
            });
        }
        drop(to_writer);
        report_progress(SyncStage::Fetching, 0, filters.len());
        // The cache's codes are read while the lists download, so the read hides behind
        // them (on a runtime with one thread it runs first).
        let cached =
            off_the_runtime(|| self.cx.store.read(|conn| cached_codes(conn, &account.id)))?;
        let sorting = Arc::new(Sorting::new(cached));
        // Set here only, once.
        let _ = sorting_slot.set(Arc::clone(&sorting));
        let bulk = self.cx.store.bulk_cache()?;
        let stamp = || self.cx.stamp();
        let mut writer = Writer::new(&self.cx.store, &stamp, &account.id, &report_progress);
        let mut arrived = 0;
        loop {
            let piece = tokio::select! {
                biased;
                () = cancel.cancelled() => return Err(cancelled()),
                Some(joined) = downloads.join_next() => {
                    joined.map_err(stopped_fetching)??;
                    arrived += 1;
                    report_progress(SyncStage::Fetching, arrived, filters.len());
                    continue;
                }
                piece = from_lists.recv() => piece,
            };
            let Some(piece) = piece else { break };
            writer.take(piece);
            // Whatever is ready is stored now, up to a batch at a time: at the start the
            // small lists go in while the large one still arrives, and once the lists are
            // ahead of the writer every batch is full.
            while writer.waiting > 0 {
                while let Ok(piece) = from_lists.try_recv() {
                    writer.take(piece);
                }
                writer.store_batch(cancel)?;
            }
        }
        // Every list has been made ready (a list that failed may have ended the channel
        // before its task ended).
        while let Some(joined) = downloads.join_next().await {
            joined.map_err(stopped_fetching)??;
        }
        let lists_ready = started.elapsed();
        // Preliminary here, in no list now: fetched one by one.
        let left = sorting.left();
        let alone = self.fetch_left_lists(&source, &left, cancel).await?;
        let fetched_alone = alone.len();
        writer.take(alone.into_iter().map(Ready::fetched_alone).collect());
        while writer.waiting > 0 {
            writer.store_batch(cancel)?;
        }
        drop(bulk);
        writer.freed().await;
        // Where a sync's time goes, for the log: until every list was ready (log in,
        // download, decode, with the storing beside it), and in all.
        let lists_ms = lists_ready.as_millis();
        let mut report = SyncReport {
            account_id: account.id.clone(),
            fetched: sorting.fetched() + fetched_alone,
            fetched_alone,
            ..SyncReport::default()
        };
        let (writer_stored, outcomes) = (writer.stored, writer.outcomes);
        for outcome in outcomes {
            match outcome {
                Outcome::Changed(change) => report.changes.push(change),
                Outcome::IgnoredBackwards => report.ignored_backwards += 1,
                Outcome::Undecodable => report.undecodable += 1,
                Outcome::Unchanged => {}
            }
        }
        report.finished_at = record_synced(
            self.cx,
            &account.id,
            &format!(
                "{} fetched, {} changed",
                report.fetched,
                report.changes.len()
            ),
        )?;
        report_progress(SyncStage::Finished, writer_stored, writer_stored);
        tracing::info!(
            account = %account.id,
            fetched = report.fetched,
            changed = report.changes.len(),
            lists_ms,
            ms = started.elapsed().as_millis(),
            "synced"
        );
        Ok(report)
    }

    /// The results that had a preliminary result here but stand in none of the lists now
    /// (`left`), each fetched on its own (IDnow
    /// moved them somewhere no list shows).
    async fn fetch_left_lists(
        self,
        source: &Arc<dyn IdentificationSource>,
        left: &[String],
        cancel: &CancellationToken,
    ) -> Result<Vec<ReceivedIdentification>> {
        let missing: Vec<idnow::TransactionNumber> = left
            .iter()
            .filter_map(|txn| idnow::TransactionNumber::parse(txn).ok())
            .collect();
        let mut found = Vec::new();
        for chunk in missing.chunks(ALONE_AT_ONCE) {
            let mut fetches = JoinSet::new();
            for txn in chunk {
                let (source, txn) = (Arc::clone(source), txn.clone());
                fetches.spawn(async move { source.result(&txn).await });
            }
            while let Some(joined) = tokio::select! {
                biased;
                () = cancel.cancelled() => return Err(cancelled()),
                joined = fetches.join_next() => joined,
            } {
                match joined {
                    Ok(Ok(received)) => found.push(received),
                    // Gone at IDnow (deleted, or past its 90 days): nothing to learn.
                    Ok(Err(idnow::Error::Api { status: 404, .. })) => {}
                    Ok(Err(err)) => return Err(err.into()),
                    Err(join) => {
                        return Err(Error::Cancelled {
                            message: format!(
                                "Fetching a result stopped ({join}); start the sync again."
                            ),
                        });
                    }
                }
            }
        }
        Ok(found)
    }

    /// When an account was last synced completely (the latest of all accounts), if ever.
    pub async fn last(self) -> Result<Option<String>> {
        self.cx.store.read(|conn| {
            // All times come from the same clock in the same RFC 3339 form: text order is
            // time order.
            Ok(conn.query_row(
                "SELECT max(value) FROM settings
                  WHERE key IN (SELECT 'last_sync:' || id FROM accounts)",
                [],
                |r| r.get(0),
            )?)
        })
    }
}

fn cancelled() -> Error {
    Error::Cancelled {
        message: "The sync was stopped; what it had stored is kept. Start it again to finish."
            .into(),
    }
}

#[cfg(feature = "test-support")]
impl SyncService<'_> {
    /// The benchmarks' view of where the cache's bytes go: each table's and index's pages
    /// (SQLite's `dbstat`), largest first, and the free pages.
    pub fn space_by_table_for_bench(self) -> Result<Vec<(String, i64)>> {
        self.cx.store.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name
                 UNION ALL
                 SELECT '(free pages)', (SELECT freelist_count FROM pragma_freelist_count)
                                        * (SELECT page_size FROM pragma_page_size)
                 ORDER BY 2 DESC",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// The benchmarks' seeding tool: stores results (IDnow's JSON, one per entry) through
    /// the sync's own store code — indexes, full-text index and history included — in one
    /// transaction; how many changed.
    pub fn store_results_for_bench(self, account_id: &str, results: &[String]) -> Result<usize> {
        let stamp = self.cx.stamp();
        let received: Vec<ReceivedIdentification> = results
            .iter()
            .map(|json| ReceivedIdentification::from_json(json))
            .collect();
        let outcomes = self
            .cx
            .store
            .write(|tx| store_new_batch(tx, account_id, &received, &stamp))?;
        Ok(outcomes
            .iter()
            .filter(|outcome| matches!(outcome, Outcome::Changed(_)))
            .count())
    }
}

/// Stores one result fetched on its own (before a decision: the result the officer decides
/// on is the one IDnow has now); what changed, if anything.
pub(crate) fn store_fetched(
    cx: &Context,
    account_id: &str,
    received: &ReceivedIdentification,
) -> Result<Option<ResultChange>> {
    let stamp = cx.stamp();
    let outcome = cx
        .store
        .write(|tx| store_result_here(tx, account_id, received, &stamp))?;
    Ok(match outcome {
        Outcome::Changed(change) => Some(change),
        _ => None,
    })
}

/// What the sync needs to know of a cached identification before storing anything.
struct CachedCodes {
    /// As the cache keeps it (IDnow is asked with it as written).
    transaction_number: String,
    result: Option<String>,
    reason: Option<String>,
    /// A preliminary result, personal data still here: if no list has it any more, it is
    /// fetched on its own.
    open: bool,
}

/// A transaction number as the cache compares it (`COLLATE NOCASE`: ASCII case ignored),
/// copied only when it has capitals.
fn folded(txn: &str) -> std::borrow::Cow<'_, str> {
    if txn.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(txn.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(txn)
    }
}

/// Each cached identification of the account by its folded transaction number, in one pass.
fn cached_codes(
    conn: &rusqlite::Connection,
    account_id: &str,
) -> Result<std::collections::HashMap<String, CachedCodes>> {
    let mut stmt = conn.prepare_cached(
        "SELECT transaction_number, result, reason,
                result IS NOT NULL AND result_final = 0 AND purged_at IS NULL
           FROM identifications WHERE account_id = ?1",
    )?;
    let rows = stmt.query_map([account_id], |r| {
        let transaction_number: String = r.get(0)?;
        Ok((
            folded(&transaction_number).into_owned(),
            CachedCodes {
                transaction_number,
                result: r.get(1)?,
                reason: r.get(2)?,
                open: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// [`store_result`] for a result outside a sync: looked up first, deflated on this thread.
fn store_result_here(
    tx: &Transaction<'_>,
    account_id: &str,
    received: &ReceivedIdentification,
    stamp: &Stamp,
) -> Result<Outcome> {
    let pack = || packed_json::pack(&received.raw);
    store_result(tx, account_id, received, false, stamp, pack)
}

/// Stores results whose identifications the cache does not have yet, as a first sync
/// does, in the open transaction, their JSON deflated here (the seeding tool and tests).
#[cfg(any(test, feature = "test-support"))]
fn store_new_batch<R: std::borrow::Borrow<ReceivedIdentification>>(
    tx: &Transaction<'_>,
    account_id: &str,
    received: &[R],
    stamp: &Stamp,
) -> Result<Vec<Outcome>> {
    let received: Vec<&ReceivedIdentification> = received.iter().map(R::borrow).collect();
    let batch: Vec<ToStore<'_>> = received.iter().map(|r| ToStore::new_to_cache(r)).collect();
    let packed = received.iter().map(|r| packed_json::pack(&r.raw)).collect();
    store_batch(tx, account_id, &batch, packed, stamp, &|_| {})
}

/// Stores one batch of a sync's results in the open transaction, in order: the
/// identifications new to the cache first, with one statement ([`new_rows`]), then each
/// result's history and JSON (`packed`: each entry's JSON deflated, in the batch's order).
/// `progress` hears how many entries are done, now and then.
fn store_batch(
    tx: &Transaction<'_>,
    account_id: &str,
    batch: &[ToStore<'_>],
    packed: Vec<Result<Vec<u8>>>,
    stamp: &Stamp,
    progress: &dyn Fn(usize),
) -> Result<Vec<Outcome>> {
    debug_assert_eq!(batch.len(), packed.len(), "one deflated JSON per entry");
    let inserted = new_rows::insert(tx, account_id, batch, &stamp.at)?;
    batch
        .iter()
        .zip(inserted)
        .zip(packed)
        .enumerate()
        .map(|(index, ((item, inserted), json))| {
            if index > 0 && index % PROGRESS_EVERY == 0 {
                progress(index);
            }
            store_result(tx, account_id, item.received, inserted, stamp, move || json)
        })
        .collect()
}

/// Brings one identification up to date with IDnow's result, inside the batch transaction
/// (`inserted`: the batch's statement has just inserted its row, with this result);
/// `packed` gives its JSON deflated, if it is kept.
fn store_result(
    tx: &Transaction<'_>,
    account_id: &str,
    received: &ReceivedIdentification,
    inserted: bool,
    stamp: &Stamp,
    packed: impl FnOnce() -> Result<Vec<u8>>,
) -> Result<Outcome> {
    let now = stamp.at.as_str();
    let result = match &received.decoded {
        Ok(result) => result,
        Err(problem) => {
            // The transaction number names it in the log; nothing personal does.
            let txn = serde_json::from_str::<serde_json::Value>(&received.raw)
                .ok()
                .and_then(|v| {
                    v.pointer("/identificationprocess/transactionnumber")
                        .and_then(|t| t.as_str().map(str::to_owned))
                });
            tracing::warn!(account = %account_id, txn = txn.as_deref().unwrap_or("?"), %problem, "a result from IDnow could not be read");
            return Ok(Outcome::Undecodable);
        }
    };
    let process = &result.identificationprocess;
    let (Some(txn), Some(code)) = (
        process.transactionnumber.as_deref(),
        process.result.as_ref(),
    ) else {
        return Ok(Outcome::Unchanged);
    };
    let new_final = code.is_final();
    let known = if inserted {
        None
    } else {
        tx.prepare_cached(
            "SELECT result, reason, result_final, final_at, purged_at IS NOT NULL FROM identifications
              WHERE account_id = ?1 AND transaction_number = ?2",
        )?
        .query_row((account_id, txn), |r| {
            Ok(Known {
                result: r.get(0)?,
                reason: r.get(1)?,
                is_final: r.get::<_, i64>(2)? != 0,
                final_at: r.get(3)?,
                purged: r.get(4)?,
            })
        })
        .optional()?
    };
    let Some(known) = known else {
        if !inserted {
            // Created elsewhere (another system, IDnow's portal) and not inserted by the
            // batch's statement (it was thought cached, or it came outside a sync): the
            // cache learns of it now, through the same statement, with its history.
            new_rows::insert(tx, account_id, &[ToStore::new_to_cache(received)], now)?;
        }
        keep_result(tx, account_id, txn, code, stamp, false, packed)?;
        return Ok(Outcome::Changed(change(
            account_id, txn, result, None, code,
        )));
    };
    if known.result.as_deref() == Some(code.as_str()) && known.reason == process.reason {
        return Ok(Outcome::Unchanged);
    }
    if known.is_final && (!new_final || *code != ResultCode::Canceled) {
        return Ok(Outcome::IgnoredBackwards);
    }
    let final_at = if new_final {
        known.final_at.or_else(|| Some(now.to_owned()))
    } else {
        known.final_at
    };
    tx.prepare_cached(
        "UPDATE identifications
            SET result = ?3, reason = ?4, result_final = ?5, result_at = ?6, identified_at = strftime('%Y-%m-%dT%H:%M:%fZ', ?6), final_at = ?7, synced_at = ?8,
                updated_at = ?8, ident_id = coalesce(ident_id, ?9), state = 'created'
          WHERE account_id = ?1 AND transaction_number = ?2",
    )?
    .execute(rusqlite::params![
        account_id,
        txn,
        code.as_str(),
        &process.reason,
        i64::from(new_final),
        &process.identificationtime,
        &final_at,
        now,
        &process.id,
    ])?;
    // A newer result voids a four-eyes proposal made on the old one.
    tx.prepare_cached(
        "UPDATE acceptances SET voided_at = ?3
          WHERE account_id = ?1 AND transaction_number = ?2 AND confirmed_at IS NULL AND voided_at IS NULL",
    )?
    .execute((account_id, txn, now))?;
    append_history(tx, account_id, txn, process, code, now)?;
    keep_result(tx, account_id, txn, code, stamp, known.purged, packed)?;
    Ok(Outcome::Changed(change(
        account_id,
        txn,
        result,
        known.result,
        code,
    )))
}

/// Appends the result to the identification's history.
fn append_history(
    tx: &Transaction<'_>,
    account_id: &str,
    txn: &str,
    process: &idnow::IdentificationProcess,
    code: &ResultCode,
    now: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO status_history (account_id, transaction_number, result, reason, identified_at, observed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((account_id, txn, code.as_str(), &process.reason, &process.identificationtime, now))?;
    Ok(())
}

/// Keeps the result's JSON verbatim (`packed`), or purges on CANCELED. An identification
/// purged already keeps only the codes: nothing personal comes back.
fn keep_result(
    tx: &Transaction<'_>,
    account_id: &str,
    txn: &str,
    code: &ResultCode,
    stamp: &Stamp,
    purged: bool,
    packed: impl FnOnce() -> Result<Vec<u8>>,
) -> Result<()> {
    if purged {
        return Ok(());
    }
    if *code == ResultCode::Canceled {
        return purge_identification(tx, account_id, txn, PurgeReason::Canceled, stamp);
    }
    tx.prepare_cached(
        "INSERT INTO results (account_id, transaction_number, raw_json_deflated, fetched_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (account_id, transaction_number)
         DO UPDATE SET raw_json_deflated = excluded.raw_json_deflated, fetched_at = excluded.fetched_at",
    )?
    .execute((account_id, txn, packed()?, stamp.at.as_str()))?;
    Ok(())
}

fn change(
    account_id: &str,
    txn: &str,
    result: &Identification,
    previous: Option<String>,
    code: &ResultCode,
) -> ResultChange {
    ResultChange {
        account_id: account_id.to_owned(),
        transaction_number: txn.to_owned(),
        ident_id: result.identificationprocess.id.clone(),
        previous,
        result: code.as_str().to_owned(),
        is_final: code.is_final(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache_key::CacheKey;
    use crate::store::Store;

    pub(super) fn received(txn: &str, code: &str) -> ReceivedIdentification {
        let json = format!(
            r#"{{"identificationprocess":{{"result":"{code}","transactionnumber":"{txn}","id":"ID-{txn}","identificationtime":"2026-11-30T10:00:00+01:00"}},"userdata":{{"lastname":{{"status":"MATCH","value":"Muster"}}}},"contactdata":{{}},"attachments":{{}}}}"#
        );
        ReceivedIdentification::from_json(&json)
    }

    pub(super) fn test_stamp() -> Stamp {
        Stamp {
            at: "2026-12-01T09:00:00.000Z".into(),
            actor: "officer".into(),
            team: false,
        }
    }

    /// Stores results the cache did not have when the sync began, as one batch.
    fn store_new_results(store: &Store, results: &[&ReceivedIdentification]) -> Vec<Outcome> {
        store
            .write(|tx| store_new_batch(tx, "a", results, &test_stamp()))
            .unwrap()
    }

    /// Stores a result the cache did not have when the sync began.
    fn store_new(store: &Store, received: &ReceivedIdentification) -> Outcome {
        store_new_results(store, &[received]).remove(0)
    }

    pub(super) fn open_with_account(dir: &std::path::Path) -> Store {
        let store =
            Store::open(&dir.join("cache.sqlite3"), &CacheKey::from_bytes([7; 32])).unwrap();
        store
            .write(|tx| {
                tx.execute_batch(
                    "INSERT INTO accounts (id, name, company_id, environment, created_at)
                     VALUES ('a', 'A', 'c', 'sandbox', '2026-11-16T10:00:00.000Z');",
                )?;
                Ok(())
            })
            .unwrap();
        store
    }

    pub(super) fn count(store: &Store, sql: &str) -> i64 {
        store
            .read(|conn| Ok(conn.query_row(sql, [], |r| r.get(0))?))
            .unwrap()
    }

    pub(super) fn row(store: &Store, txn: &str) -> (String, Option<String>, String, i64) {
        store
            .read(|conn| {
                Ok(conn.query_row(
                    "SELECT state, result, request_json,
                            (SELECT count(*) FROM results WHERE transaction_number = ?1)
                       FROM identifications WHERE transaction_number = ?1",
                    [txn],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?)
            })
            .unwrap()
    }

    /// A result the cache did not have when the sync began is inserted without a lookup;
    /// one created in the window meanwhile (same transaction number) is updated instead,
    /// keeping what the window stored.
    #[test]
    fn a_result_new_to_the_sync_is_inserted_or_meets_the_row_created_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let store = open_with_account(dir.path());
        store
            .write(|tx| {
                tx.execute_batch(
                    "INSERT INTO identifications (account_id, transaction_number, state, request_json, created_at, updated_at)
                     VALUES ('a', 'T-MEANWHILE', 'outbox', '{\"sent\":true}', '2026-12-01T08:59:00.000Z', '2026-12-01T08:59:00.000Z');",
                )?;
                Ok(())
            })
            .unwrap();

        let new = received("T-NEW", "SUCCESS");
        let outcome = store_new(&store, &new);
        assert!(matches!(
            outcome,
            Outcome::Changed(ResultChange { previous: None, .. })
        ));
        assert_eq!(
            row(&store, "T-NEW"),
            ("created".into(), Some("SUCCESS".into()), "{}".into(), 1)
        );

        let meanwhile = received("t-meanwhile", "SUCCESS");
        let outcome = store_new(&store, &meanwhile);
        assert!(matches!(
            outcome,
            Outcome::Changed(ResultChange { previous: None, .. })
        ));
        assert_eq!(
            row(&store, "T-MEANWHILE"),
            (
                "created".into(),
                Some("SUCCESS".into()),
                "{\"sent\":true}".into(),
                1
            ),
            "the window's row is updated, not replaced or doubled"
        );

        // The same result again changes nothing, though the batch thinks it new.
        let outcome = store_new(&store, &new);
        assert!(matches!(outcome, Outcome::Unchanged));
    }

    /// A batch's new identifications go in with one statement; a second result for one of
    /// them in the same batch (its transaction number in other capitals) then finds the
    /// row and moves it on, and each row is counted, indexed and has its history once per
    /// result.
    #[test]
    fn a_batch_inserts_its_new_rows_at_once_and_a_later_result_in_it_updates_its_row() {
        let dir = tempfile::tempdir().unwrap();
        let store = open_with_account(dir.path());
        let pending = received("T-TWICE", "REVIEW_PENDING");
        let other = received("T-OTHER", "SUCCESS");
        let decided = received("t-twice", "FRAUD_SUSPICION_CONFIRMED");

        let outcomes = store_new_results(&store, &[&pending, &other, &decided]);

        let previous: Vec<Option<String>> = outcomes
            .into_iter()
            .map(|outcome| match outcome {
                Outcome::Changed(change) => change.previous,
                _ => Some("not changed".into()),
            })
            .collect();
        assert_eq!(previous, [None, None, Some("REVIEW_PENDING".into())]);
        assert_eq!(
            row(&store, "T-TWICE"),
            (
                "created".into(),
                Some("FRAUD_SUSPICION_CONFIRMED".into()),
                "{}".into(),
                1
            )
        );
        assert_eq!(count(&store, "SELECT count(*) FROM identifications"), 2);
        assert_eq!(
            store
                .read(|conn| {
                    let mut stmt = conn.prepare(
                        "SELECT result FROM status_history WHERE transaction_number = 'T-TWICE' ORDER BY id",
                    )?;
                    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
                    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
                })
                .unwrap(),
            ["REVIEW_PENDING", "FRAUD_SUSPICION_CONFIRMED"]
        );
        assert_eq!(count(&store, "SELECT count(*) FROM status_history"), 3);
        assert_eq!(
            count(
                &store,
                "SELECT count FROM identification_totals WHERE account_id = 'a'"
            ),
            2,
            "the overview's counts follow the rows"
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM identifications_fts WHERE identifications_fts MATCH 'muster'"
            ),
            2,
            "the search index holds both"
        );
    }

    /// A result stored outside a sync for an identification the cache lacks (fetched on its
    /// own) goes in through the batch statement, as a batch of one, with its history.
    #[test]
    fn a_result_outside_a_sync_for_an_unknown_identification_is_inserted_with_its_history() {
        let dir = tempfile::tempdir().unwrap();
        let store = open_with_account(dir.path());
        let stamp = test_stamp();
        let alone = received("T-ALONE", "SUCCESS");

        let outcome = store
            .write(|tx| store_result_here(tx, "a", &alone, &stamp))
            .unwrap();

        assert!(matches!(
            outcome,
            Outcome::Changed(ResultChange { previous: None, .. })
        ));
        assert_eq!(
            row(&store, "T-ALONE"),
            ("created".into(), Some("SUCCESS".into()), "{}".into(), 1)
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM status_history WHERE transaction_number = 'T-ALONE'"
            ),
            1
        );
    }
}
