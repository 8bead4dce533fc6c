//! The sync's writer: takes the results as the lists make them ready and stores them a
//! batch at a time, each batch one transaction, while the rest are still downloaded and
//! decoded on other threads.

use tokio_util::sync::CancellationToken;

use super::incoming::Ready;
use super::{Outcome, SYNC_BATCH, SyncStage, ToStore, cancelled, store_batch};
use crate::blocking::off_the_runtime;
use crate::context::Stamp;
use crate::error::Result;
use crate::store::Store;

pub(super) struct Writer<'a> {
    store: &'a Store,
    stamp: &'a (dyn Fn() -> Stamp + Sync),
    account_id: &'a str,
    /// Results per transaction, at most (whole pieces: a few hundred more).
    batch: usize,
    progress: &'a (dyn Fn(SyncStage, usize, usize) + Sync),
    /// Ready results not stored yet, in pieces as they came.
    pieces: Vec<Vec<Ready>>,
    pub waiting: usize,
    pub stored: usize,
    /// Each stored result's outcome, in the order they were stored.
    pub outcomes: Vec<Outcome>,
    /// Stored batches being freed on another thread: 100 000 decoded results are millions of
    /// small allocations, a third of a second the writer would otherwise spend.
    freeing: Vec<tokio::task::JoinHandle<()>>,
}

impl<'a> Writer<'a> {
    /// A writer storing [`SYNC_BATCH`] results per transaction.
    pub fn new(
        store: &'a Store,
        stamp: &'a (dyn Fn() -> Stamp + Sync),
        account_id: &'a str,
        progress: &'a (dyn Fn(SyncStage, usize, usize) + Sync),
    ) -> Self {
        Self {
            store,
            stamp,
            account_id,
            batch: SYNC_BATCH,
            progress,
            pieces: Vec::new(),
            waiting: 0,
            stored: 0,
            outcomes: Vec::new(),
            freeing: Vec::new(),
        }
    }

    /// Ready results, to be stored after those before them.
    pub fn take(&mut self, piece: Vec<Ready>) {
        self.waiting += piece.len();
        if !piece.is_empty() {
            self.pieces.push(piece);
        }
    }

    /// Stores the waiting pieces, first come first, until a batch holds its [`SYNC_BATCH`]
    /// results (whole pieces: a few hundred more at most), in one transaction; what it took
    /// is freed after, on another thread. Nothing when `cancel` has fired.
    pub fn store_batch(&mut self, cancel: &CancellationToken) -> Result<()> {
        if cancel.is_cancelled() {
            return Err(cancelled());
        }
        let (mut taken, mut count) = (0, 0);
        for piece in &self.pieces {
            if count >= self.batch {
                break;
            }
            (taken, count) = (taken + 1, count + piece.len());
        }
        let mut batch: Vec<Vec<Ready>> = self.pieces.drain(..taken).collect();
        self.waiting -= count;
        let packed: Vec<_> = batch
            .iter_mut()
            .flatten()
            .map(|ready| std::mem::replace(&mut ready.packed, Ok(Vec::new())))
            .collect();
        let items: Vec<ToStore<'_>> = batch
            .iter()
            .flatten()
            .map(|ready| ToStore {
                received: &ready.received,
                cached: ready.cached,
            })
            .collect();
        let (before, total) = (self.stored, self.stored + count + self.waiting);
        let progress = self.progress;
        let stamp = (self.stamp)();
        let outcomes = off_the_runtime(|| {
            self.store.write(|tx| {
                store_batch(tx, self.account_id, &items, packed, &stamp, &|done| {
                    progress(SyncStage::Storing, before + done, total)
                })
            })
        })?;
        drop(items);
        self.freeing
            .push(tokio::task::spawn_blocking(move || drop(batch)));
        self.outcomes.extend(outcomes);
        self.stored += count;
        progress(SyncStage::Storing, self.stored, total);
        Ok(())
    }

    /// Waits until the stored batches are freed: the sync ends with its memory given back.
    pub async fn freed(&mut self) {
        for freeing in self.freeing.drain(..) {
            // A batch whose freeing panicked is gone all the same.
            let _ = freeing.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::tests::{count, open_with_account, received, row, test_stamp};

    fn no_progress(_: SyncStage, _: usize, _: usize) {}

    fn ready(txn: &str, code: &str, cached: bool) -> Ready {
        Ready::new(received(txn, code), cached)
    }

    /// A first sync's second batch can bring a later result for an identification its first
    /// batch inserted (two lists held it): the row is found and moved forward, not doubled.
    #[tokio::test]
    async fn a_later_batch_moves_forward_what_an_earlier_batch_of_the_sync_inserted() {
        let dir = tempfile::tempdir().unwrap();
        let store = open_with_account(dir.path());
        let mut writer = Writer::new(&store, &test_stamp, "a", &no_progress);
        let cancel = CancellationToken::new();
        writer.take(vec![ready("T-1", "REVIEW_PENDING", false)]);
        writer.store_batch(&cancel).unwrap();
        writer.take(vec![ready("T-1", "SUCCESS", false)]);
        writer.store_batch(&cancel).unwrap();
        writer.freed().await;

        assert_eq!(
            row(&store, "T-1"),
            ("created".into(), Some("SUCCESS".into()), "{}".into(), 1)
        );
        assert_eq!(count(&store, "SELECT count(*) FROM identifications"), 1);
        assert_eq!(count(&store, "SELECT count(*) FROM status_history"), 2);
        let previous: Vec<Option<&str>> = writer
            .outcomes
            .iter()
            .map(|outcome| match outcome {
                Outcome::Changed(change) => change.previous.as_deref(),
                _ => Some("not changed"),
            })
            .collect();
        assert_eq!(previous, [None, Some("REVIEW_PENDING")]);
        assert_eq!((writer.stored, writer.waiting), (2, 0));
    }

    /// What is waiting goes in whole pieces, up to the batch size, first come first; the
    /// rest waits for the next batch.
    #[tokio::test]
    async fn a_batch_takes_whole_pieces_up_to_its_size_in_the_order_they_came() {
        let dir = tempfile::tempdir().unwrap();
        let store = open_with_account(dir.path());
        let mut writer = Writer::new(&store, &test_stamp, "a", &no_progress);
        writer.batch = 3;
        let cancel = CancellationToken::new();
        writer.take(vec![
            ready("T-1", "SUCCESS", false),
            ready("T-2", "SUCCESS", false),
        ]);
        writer.take(vec![
            ready("T-3", "SUCCESS", false),
            ready("T-4", "SUCCESS", false),
        ]);
        writer.take(vec![ready("T-5", "SUCCESS", false)]);
        assert_eq!(writer.waiting, 5);

        writer.store_batch(&cancel).unwrap();
        assert_eq!((writer.stored, writer.waiting), (4, 1));
        assert_eq!(count(&store, "SELECT count(*) FROM identifications"), 4);
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM identifications WHERE transaction_number = 'T-5'"
            ),
            0
        );
        writer.store_batch(&cancel).unwrap();
        assert_eq!((writer.stored, writer.waiting), (5, 0));
        assert_eq!(count(&store, "SELECT count(*) FROM results"), 5);
    }

    /// Cancelled, the writer stores nothing more; what waits is not stored.
    #[tokio::test]
    async fn a_cancelled_writer_stores_nothing_more() {
        let dir = tempfile::tempdir().unwrap();
        let store = open_with_account(dir.path());
        let mut writer = Writer::new(&store, &test_stamp, "a", &no_progress);
        let cancel = CancellationToken::new();
        writer.take(vec![ready("T-1", "SUCCESS", false)]);
        cancel.cancel();
        assert!(matches!(
            writer.store_batch(&cancel),
            Err(crate::error::Error::Cancelled { .. })
        ));
        assert_eq!(count(&store, "SELECT count(*) FROM identifications"), 0);
        assert_eq!((writer.stored, writer.waiting), (0, 1));
    }
}
