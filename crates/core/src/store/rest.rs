//! Gives the connections' page caches back once the cache has gone unused for a while.
//!
//! The reader keeps up to 128 MiB of decrypted pages so that the list, its indexes and the
//! search index stay in memory while an officer works. An officer who stops working —
//! reading a detail, on a call, away — should not leave that much of the process's memory
//! (nor personal data decrypted in it) behind: after [`REST_AFTER`] without a read or a
//! write, a thread of its own asks SQLite to free each connection's unused pages
//! (`sqlite3_db_release_memory`) and the allocator to give them back to the system
//! (glibc keeps pages freed a few KB at a time). The next read decrypts what it needs
//! again from the OS's file cache: a page of the list reads tens of pages, a search a few
//! hundred.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex, TryLockError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;

/// How long the cache goes unused before its connections give their pages back.
pub(super) const REST_AFTER: Duration = Duration::from_secs(15);

/// When the cache was last used, shared by the store (which marks each use) and the thread.
pub(super) struct Activity {
    since: Instant,
    /// Milliseconds from `since` to the start of the latest read or write.
    last_used_ms: AtomicU64,
}

impl Activity {
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            since: Instant::now(),
            last_used_ms: AtomicU64::new(0),
        })
    }

    /// Records a read or a write starting now.
    pub fn mark(&self) {
        self.last_used_ms.store(self.now_ms(), Ordering::Relaxed);
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.since.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// The latest use, and how long ago it was.
    fn last_use(&self) -> (u64, Duration) {
        let used = self.last_used_ms.load(Ordering::Relaxed);
        (
            used,
            Duration::from_millis(self.now_ms().saturating_sub(used)),
        )
    }
}

/// The thread that frees the page caches at rest; stopped when dropped.
pub(super) struct Rest {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Rest {
    /// Watches `activity` and, each time the cache has been unused for `after` since its
    /// latest use, calls `release`, which says whether it could (a busy connection is not
    /// at rest: it is tried again a rest later).
    pub fn start(
        activity: Arc<Activity>,
        release: impl Fn() -> bool + Send + 'static,
        after: Duration,
    ) -> std::io::Result<Self> {
        let (stop, stopped) = channel::<()>();
        let thread = std::thread::Builder::new()
            .name("cache-rest".into())
            .spawn(move || watch(&activity, &release, after, &stopped))?;
        Ok(Self {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Rest {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn watch(activity: &Activity, release: &dyn Fn() -> bool, after: Duration, stopped: &Receiver<()>) {
    // The use the pages were last given back after: nothing to free until the next one.
    let mut rested_after: Option<u64> = None;
    let mut wait = after;
    loop {
        match stopped.recv_timeout(wait) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
        }
        let (used, idle) = activity.last_use();
        wait = after;
        if rested_after == Some(used) {
            continue;
        }
        if idle < after {
            wait = after - idle;
            continue;
        }
        if release() {
            rested_after = Some(used);
        }
    }
}

/// Frees the unused pages of each connection, then gives the memory back to the system;
/// false if a connection is busy (a long sync's write: the cache is not at rest).
pub(super) fn release_pages(connections: &[&Mutex<Connection>]) -> bool {
    for connection in connections {
        let conn = match connection.try_lock() {
            Ok(conn) => conn,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return false,
        };
        if let Err(err) = conn.release_memory() {
            // Nothing is lost: the pages stay cached until the next rest.
            tracing::warn!(%err, "the cache's pages could not be given back at rest");
        }
    }
    identdesk_heap::give_back_freed();
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// A rest whose release counts its calls and answers from `answers` (then true).
    fn counting(after: Duration, answers: Vec<bool>) -> (Arc<Activity>, Arc<AtomicUsize>, Rest) {
        let activity = Activity::new();
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        let answers = Mutex::new(answers.into_iter());
        let release = move || {
            counted.fetch_add(1, Ordering::SeqCst);
            answers.lock().unwrap().next().unwrap_or(true)
        };
        let rest = Rest::start(Arc::clone(&activity), release, after).unwrap();
        (activity, calls, rest)
    }

    fn wait_for(calls: &AtomicUsize, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while calls.load(Ordering::SeqCst) < count {
            assert!(Instant::now() < deadline, "no release after the rest");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the `count`th release, then checks that no more come for three rests.
    fn settles_at(calls: &AtomicUsize, count: usize, after: Duration) {
        wait_for(calls, count);
        std::thread::sleep(after * 3);
        assert_eq!(calls.load(Ordering::SeqCst), count);
    }

    #[test]
    fn pages_are_given_back_once_per_rest() {
        let after = Duration::from_millis(200);
        let (activity, calls, _rest) = counting(after, vec![]);
        activity.mark();
        // Unused since: nothing more to give back.
        settles_at(&calls, 1, after);
        // Used again, then at rest again.
        activity.mark();
        settles_at(&calls, 2, after);
    }

    #[test]
    fn a_cache_in_use_keeps_its_pages() {
        let after = Duration::from_secs(1);
        let (activity, calls, _rest) = counting(after, vec![]);
        let until = Instant::now() + after * 3;
        while Instant::now() < until {
            activity.mark();
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn a_busy_connection_is_tried_again_a_rest_later() {
        let after = Duration::from_millis(200);
        let (activity, calls, _rest) = counting(after, vec![false]);
        activity.mark();
        settles_at(&calls, 2, after);
    }

    #[test]
    fn stopping_ends_the_thread_at_once() {
        let (_activity, calls, rest) = counting(Duration::from_secs(3600), vec![]);
        let started = Instant::now();
        drop(rest);
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(calls.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn release_pages_answers_busy_for_a_connection_in_use() {
        let idle = Mutex::new(Connection::open_in_memory().unwrap());
        let busy = Mutex::new(Connection::open_in_memory().unwrap());
        assert!(release_pages(&[&idle, &busy]));
        let _reading = busy.lock().unwrap();
        assert!(!release_pages(&[&idle, &busy]));
    }
}
