//! The local cache: one SQLCipher-encrypted SQLite file in the data folder, WAL, embedded
//! migrations, an integrity check at every start (read-only when it fails), one connection
//! for writes and one for reads (so reads never wait for a write), and short synchronous
//! sections (a lock is never held across an await).

pub(crate) mod audit_chain;
mod checkpointer;
mod migrations;
pub(crate) mod packed_json;
mod rest;
mod search_index;

/// Runs the migrations on a bare connection (unit tests of modules that need the schema).
#[cfg(test)]
pub fn migrate_for_tests(conn: &mut Connection) -> Result<()> {
    migrations::migrate(conn)
}

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use self::checkpointer::Checkpointer;
use self::rest::{Activity, Rest};
use crate::cache_key::CacheKey;
use crate::error::{Error, Result};

/// How long the background integrity check waits before it starts reading.
const CHECK_DELAY: Duration = Duration::from_secs(3);

/// The most of a checkpointed write-ahead log kept on disk (`journal_size_limit`).
const WAL_KEPT_BYTES: i64 = 4 * 1024 * 1024;
/// The writer's page cache, in KiB (SQLite's negative `cache_size`).
const WRITER_CACHE_KIB: i64 = -32_768;
/// The writer's page cache while a sync stores its batches, in KiB.
const BULK_WRITER_CACHE_KIB: i64 = -262_144;
/// The page cache of a scan's own connection (the integrity check, the retention purge's
/// candidates), in KiB: it reads each page once, so a larger cache would only hold up to
/// the whole decrypted table or file in memory until the scan ends.
const SMALL_READER_CACHE_KIB: i64 = -2_048;
/// Log pages after which a commit checkpoints (SQLite's default), except during a sync.
const AUTOCHECKPOINT_PAGES: i64 = 1_000;

/// Writes one of the cache's settings (a key and its text), replacing what it held.
pub(crate) fn put_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )?;
    Ok(())
}

pub struct Store {
    /// Writes, one transaction at a time.
    writer: Arc<Mutex<Connection>>,
    /// Reads, on a read-only connection of their own: in WAL mode they go on while a
    /// write (a sync's batch of thousands) is under way, so the list never waits for one.
    reader: Arc<Mutex<Connection>>,
    path: PathBuf,
    /// For the connections a background scan opens for itself (`read_apart`).
    key: CacheKey,
    /// Why the cache is open for reading only, if it is: set at open, or later by the
    /// background integrity check.
    read_only: Arc<Mutex<Option<String>>>,
    /// The background integrity check, while it may still run.
    check: Mutex<Option<BackgroundCheck>>,
    /// Keeps the audit log's head outside the database after each write that appended to it.
    anchor: Mutex<Option<Anchor>>,
    /// Checkpoints the log beside the writer while a sync stores its batches (none while
    /// read-only); `bulk` says a sync is storing.
    checkpointer: Mutex<Option<Checkpointer>>,
    bulk: AtomicBool,
    /// When a read or a write last began, for the thread that frees the page caches once
    /// the cache is at rest (`store/rest.rs`).
    activity: Arc<Activity>,
    rest: Mutex<Option<Rest>>,
}

/// Where the audit log's newest entry is kept outside the database (the OS keychain).
pub(crate) type Anchor = Box<dyn Fn(&audit_chain::AuditHead) + Send + Sync>;

impl Store {
    /// Opens (or creates) the encrypted database and brings its schema up to date. A cache
    /// that fails `PRAGMA quick_check` turns read-only, with the reason kept for the window.
    ///
    /// The check reads every page — two seconds for 100 000 identifications — so when no
    /// migration is due it runs on its own connection beside the window's first reads
    /// instead of before them. Before a migration it runs first: a damaged file is never
    /// rewritten.
    pub fn open(path: &Path, key: &CacheKey) -> Result<Store> {
        let mut conn = open_keyed(path, key, OpenFlags::default())?;
        let check_first = !migrations::up_to_date(&conn)?;
        if check_first && let Err(problem) = quick_check(&conn) {
            tracing::error!(%problem, "cache integrity check failed; opening read-only");
            drop(conn);
            return Store::assemble(
                open_reader(path, key)?,
                open_reader(path, key)?,
                path,
                key,
                Arc::new(Mutex::new(Some(problem))),
                None,
                None,
            );
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // A sync's batch is one transaction, so the log grows to hold it (90 MB for a batch
        // of 25 000 results, `SYNC_BATCH`) and SQLite keeps a log file at its largest size for reuse. Once
        // checkpointed, it is cut back to this when the log starts over: the disk holds the
        // cache, not the high-water mark of its last big sync.
        conn.pragma_update(None, "journal_size_limit", WAL_KEPT_BYTES)?;
        // The writer keeps 32 MiB of pages (the reader the full 128 MiB), and more only
        // while a sync stores its batches (`bulk_cache`): the two together stay within
        // 160 MiB.
        conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
        migrations::migrate(&mut conn)?;
        let read_only = Arc::new(Mutex::new(None));
        let check = if check_first {
            None
        } else {
            Some(check_beside(path, key, Arc::clone(&read_only))?)
        };
        let checkpointer = Checkpointer::start(path.to_path_buf(), key.clone())?;
        Store::assemble(
            conn,
            open_reader(path, key)?,
            path,
            key,
            read_only,
            check,
            Some(checkpointer),
        )
    }

    /// The store over its two connections, with the thread that frees their page caches
    /// at rest.
    fn assemble(
        writer: Connection,
        reader: Connection,
        path: &Path,
        key: &CacheKey,
        read_only: Arc<Mutex<Option<String>>>,
        check: Option<BackgroundCheck>,
        checkpointer: Option<Checkpointer>,
    ) -> Result<Store> {
        let writer = Arc::new(Mutex::new(writer));
        let reader = Arc::new(Mutex::new(reader));
        let activity = Activity::new();
        let (weak_writer, weak_reader) = (Arc::downgrade(&writer), Arc::downgrade(&reader));
        let release = move || match (weak_reader.upgrade(), weak_writer.upgrade()) {
            (Some(reader), Some(writer)) => rest::release_pages(&[&reader, &writer]),
            // The store is closing.
            _ => true,
        };
        let rest =
            Rest::start(Arc::clone(&activity), release, rest::REST_AFTER).map_err(|err| {
                Error::Storage {
                    message: format!("The cache's memory keeper could not start ({err})."),
                }
            })?;
        Ok(Store {
            writer,
            reader,
            path: path.to_path_buf(),
            key: key.clone(),
            read_only,
            check: Mutex::new(check),
            anchor: Mutex::new(None),
            checkpointer: Mutex::new(checkpointer),
            bulk: AtomicBool::new(false),
            activity,
            rest: Mutex::new(Some(rest)),
        })
    }

    /// From now on, each committed write that appended to the audit log moves the anchor.
    pub(crate) fn set_anchor(&self, anchor: Anchor) {
        *self.anchor.lock().unwrap_or_else(PoisonError::into_inner) = Some(anchor);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why the cache is read-only, as far as the integrity check has got.
    fn read_only_reason(&self) -> Option<String> {
        self.read_only
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// What a write is refused with while the cache is read-only.
    pub fn read_only_error(&self) -> Option<Error> {
        self.read_only_reason().map(|problem| Error::ReadOnly {
            message: format!(
                "The local cache failed its integrity check ({problem}) and is open for reading only. Close IdentDesk, move the data folder away and start again: IDnow still has the results, a sync fetches them anew."
            ),
        })
    }

    /// Waits for the start's integrity check to finish; then why the cache is read-only.
    pub fn integrity_verdict(&self) -> Option<String> {
        let check = self
            .check
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(check) = check {
            let _ = check.thread.join();
        }
        self.read_only_reason()
    }

    /// Runs reads on the read connection, in one snapshot: all of `f` sees what was
    /// committed when it began; a write under way is neither waited for nor seen.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.activity.mark();
        in_snapshot(&locked(&self.reader), f)
    }

    /// Reads on a connection of its own with a small page cache, for a background scan of a
    /// whole table (the retention purge reads every identification not yet purged): its
    /// pages do not fill the reader's cache — up to 128 MiB kept for the window's list and
    /// search, given back only at rest — and the window's reads do not wait behind it. The
    /// connection closes when the scan ends.
    pub fn read_apart<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.activity.mark();
        in_snapshot(&open_small_reader(&self.path, &self.key)?, f)
    }

    /// While the guard lives — a sync storing its batches through [`Store::write`] — the
    /// writer keeps up to 256 MiB of pages; dropping it gives that memory back. A batch of
    /// 25 000 results dirties about 90 MB of pages: with 32 MiB SQLite wrote pages out to
    /// the log mid-transaction and wrote them again when the next row changed them (a first
    /// sync of 100 000 took 8 % longer, `identdesk-bench cache`).
    ///
    /// Meanwhile each commit leaves its checkpoint to a thread of its own
    /// (`store/checkpointer.rs`), so the writer stores the next batch while the last one is
    /// copied into the database.
    pub fn bulk_cache(&self) -> Result<BulkCache<'_>> {
        self.activity.mark();
        let writer = locked(&self.writer);
        writer.pragma_update(None, "cache_size", BULK_WRITER_CACHE_KIB)?;
        if self.has_checkpointer() {
            writer.pragma_update(None, "wal_autocheckpoint", 0)?;
            self.bulk.store(true, Ordering::SeqCst);
        }
        Ok(BulkCache { store: self })
    }

    fn has_checkpointer(&self) -> bool {
        self.checkpointer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Asks the checkpointer to copy what is committed into the database.
    fn checkpoint_beside(&self) {
        if let Some(checkpointer) = self
            .checkpointer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            checkpointer.request();
        }
    }

    /// Runs `f` in one immediate transaction, committed only if `f` succeeds.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        if let Some(refusal) = self.read_only_error() {
            return Err(refusal);
        }
        self.activity.mark();
        let mut conn = locked(&self.writer);
        audit_chain::take_appended();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        search_index::refresh(&tx)?;
        tx.commit()?;
        if self.bulk.load(Ordering::SeqCst) {
            self.checkpoint_beside();
        }
        // After the commit: a crash in between leaves the log ahead of its anchor, which
        // `verify` accepts (and moves the anchor on); never the anchor ahead of the log.
        if audit_chain::take_appended()
            && let Some(anchor) = self
                .anchor
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_ref()
            && let Some(head) = audit_chain::head(&conn)?
        {
            anchor(&head);
        }
        Ok(value)
    }
}

/// The writer's larger page cache during a sync ([`Store::bulk_cache`]).
pub struct BulkCache<'a> {
    store: &'a Store,
}

impl Drop for BulkCache<'_> {
    /// Gives the pages back and the checkpoints to the commits again; the last batch is
    /// copied on the checkpointer's thread, so the sync does not wait for it.
    fn drop(&mut self) {
        let writer = locked(&self.store.writer);
        let given_back = writer
            .pragma_update(None, "cache_size", WRITER_CACHE_KIB)
            .and_then(|()| writer.release_memory());
        // Nothing is lost if this fails: the writer only keeps more pages than it needs.
        if let Err(err) = given_back {
            tracing::warn!(%err, "the sync's page cache could not be given back");
        }
        if self.store.bulk.swap(false, Ordering::SeqCst) {
            // Failing, the log grows until the next checkpoint: at close at the latest.
            if let Err(err) = writer.pragma_update(None, "wal_autocheckpoint", AUTOCHECKPOINT_PAGES)
            {
                tracing::warn!(%err, "the cache's checkpoints could not be handed back to commits");
            }
            self.store.checkpoint_beside();
        }
    }
}

fn locked(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic mid-transaction rolled that transaction back; the connection is sound.
    conn.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A read-only connection (reads, the background check, a cache that failed its check).
fn open_reader(path: &Path, key: &CacheKey) -> Result<Connection> {
    open_keyed(
        path,
        key,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

fn open_keyed(path: &Path, key: &CacheKey, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    // The key must be the first statement on a SQLCipher connection.
    conn.pragma_update(None, "key", key.pragma_value().as_str())?;
    let readable = conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
        row.get::<_, i64>(0)
    });
    if readable.is_err() {
        return Err(Error::Storage {
            message: format!(
                "The local cache {} cannot be decrypted with the key in the keychain. If the keychain was reset, move the data folder away to start with an empty cache (IDnow still has the results).",
                path.display()
            ),
        });
    }
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Temporary tables and sort spills stay in memory, never unencrypted on disk.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Freed pages are overwritten, so purged personal data leaves nothing behind.
    conn.pragma_update(None, "secure_delete", "ON")?;
    // SQLCipher decrypts each page it reads; up to 128 MiB of decrypted pages keep the
    // list, its indexes and the search index of 100 000 identifications in memory (the
    // cache grows only as pages are read and lives in this process only).
    conn.pragma_update(None, "cache_size", -131_072)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// The integrity check running beside the first reads, and how to stop it.
struct BackgroundCheck {
    thread: JoinHandle<()>,
    /// Dropped (or sent to) to end the wait before the check.
    stop: std::sync::mpsc::Sender<()>,
    stopping: Arc<AtomicBool>,
    interrupt: rusqlite::InterruptHandle,
}

impl Store {
    /// Closes the cache for this run, leaving the file complete for the next start: stops
    /// the background check, then copies the write-ahead log into the database and empties
    /// it. Without this the log outlived every exit (the read-only reader closes last, and
    /// a read-only connection may not checkpoint), and the next start read all of it — up
    /// to 90 MB after a big sync — before the window could open. Safe to call twice.
    pub fn close(&self) {
        drop(
            self.rest
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
        let check = self
            .check
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        // A process that ends while the check still decrypts pages races OpenSSL's
        // clean-up at exit, and the checkpoint would wait for the check's read to end.
        if let Some(check) = check {
            check.stopping.store(true, Ordering::SeqCst);
            let _ = check.stop.send(());
            check.interrupt.interrupt();
            let _ = check.thread.join();
        }
        // A checkpoint under way ends first: the one below waits for no one.
        drop(
            self.checkpointer
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
        if self.read_only_reason().is_some() {
            return;
        }
        // No other process has the file open (`InstanceLock`), so nothing keeps it busy.
        let truncated =
            locked(&self.writer).query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| {
                row.get::<_, i64>(0)
            });
        match truncated {
            Ok(0) => {}
            Ok(_) => tracing::warn!("the cache's log stays: the file was busy at close"),
            Err(err) => tracing::warn!(%err, "the cache's log could not be checkpointed"),
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.close();
    }
}

/// Runs `quick_check` on a connection of its own after `CHECK_DELAY`, recording a failure
/// in `verdict` (which makes the store read-only).
fn check_beside(
    path: &Path,
    key: &CacheKey,
    verdict: Arc<Mutex<Option<String>>>,
) -> Result<BackgroundCheck> {
    let checker = open_small_reader(path, key)?;
    let interrupt = checker.get_interrupt_handle();
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    let stopping = Arc::new(AtomicBool::new(false));
    let seen_stopping = Arc::clone(&stopping);
    let thread = std::thread::Builder::new()
        .name("cache-check".into())
        .spawn(move || {
            // Leave the CPU to the window's start first.
            if stopped.recv_timeout(CHECK_DELAY) != Err(RecvTimeoutError::Timeout) {
                return;
            }
            let checked = quick_check(&checker);
            // The check's pages were freed a few KB at a time, after the window's start
            // had settled and the cache's rest had perhaps passed: give them back now.
            drop(checker);
            identdesk_heap::give_back_freed();
            // An interrupted check says nothing about the file.
            if let Err(problem) = checked
                && !seen_stopping.load(Ordering::SeqCst)
            {
                tracing::error!(%problem, "cache integrity check failed; now read-only");
                *verdict.lock().unwrap_or_else(PoisonError::into_inner) = Some(problem);
            }
        })
        .map_err(|err| Error::Storage {
            message: format!("The cache's integrity check could not start ({err})."),
        })?;
    Ok(BackgroundCheck {
        thread,
        stop,
        stopping,
        interrupt,
    })
}

/// Runs `f` in one read snapshot of `conn`: all of it sees what was committed when it began.
fn in_snapshot<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    let snapshot = conn.unchecked_transaction()?;
    let value = f(&snapshot)?;
    snapshot.finish()?;
    Ok(value)
}

/// A read-only connection with a small page cache, for a scan that reads a whole table or
/// file once (the integrity check, the retention purge's candidates).
fn open_small_reader(path: &Path, key: &CacheKey) -> Result<Connection> {
    let conn = open_reader(path, key)?;
    conn.pragma_update(None, "cache_size", SMALL_READER_CACHE_KIB)?;
    Ok(conn)
}

fn quick_check(conn: &Connection) -> std::result::Result<(), String> {
    let mut stmt = conn
        .prepare("PRAGMA quick_check")
        .map_err(|e| e.to_string())?;
    let lines: Vec<String> = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| e.to_string())?;
    if lines == ["ok"] {
        Ok(())
    } else {
        Err(lines.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> CacheKey {
        CacheKey::from_bytes([7u8; 32])
    }

    /// The integrity check reads the whole file once: its connection keeps few pages.
    #[test]
    fn the_integrity_check_keeps_a_small_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite3");
        drop(Store::open(&path, &key()).unwrap());
        let cache_size = |conn: &Connection| -> i64 {
            conn.pragma_query_value(None, "cache_size", |row| row.get(0))
                .unwrap()
        };
        assert_eq!(
            cache_size(&open_small_reader(&path, &key()).unwrap()),
            SMALL_READER_CACHE_KIB
        );
        assert!(cache_size(&open_reader(&path, &key()).unwrap()) < SMALL_READER_CACHE_KIB * 8);
    }

    /// A background scan reads on a small-cache connection of its own, not on the window's
    /// reader: it goes on while the reader is held, and sees what was committed.
    #[test]
    fn a_scan_apart_has_its_own_small_cache_and_never_waits_for_the_reader() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("cache.sqlite3"), &key()).unwrap();
        store
            .write(|tx| {
                tx.execute_batch(
                    "CREATE TABLE scanned (n INTEGER); INSERT INTO scanned VALUES (7);",
                )?;
                Ok(())
            })
            .unwrap();
        let held = locked(&store.reader);
        // On another thread, waited for with a bound: a scan that took the reader would
        // block behind `held` — the test fails then rather than hangs.
        let (cache, n) = std::thread::scope(|scope| {
            let (done, scanned) = std::sync::mpsc::channel();
            let store = &store;
            scope.spawn(move || {
                let _ = done.send(store.read_apart(|conn| {
                    let cache: i64 =
                        conn.pragma_query_value(None, "cache_size", |row| row.get(0))?;
                    let n: i64 = conn.query_row("SELECT n FROM scanned", [], |row| row.get(0))?;
                    Ok((cache, n))
                }));
            });
            let scanned = scanned.recv_timeout(std::time::Duration::from_secs(10));
            drop(held);
            scanned
                .expect("the scan waited for the window's reader")
                .unwrap()
        });
        assert_eq!(cache, SMALL_READER_CACHE_KIB);
        assert_eq!(n, 7);
    }

    /// A sync's larger page cache lasts as long as its guard, however the sync ends.
    #[test]
    fn the_bulk_cache_is_given_back_after_the_batches() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("cache.sqlite3"), &key()).unwrap();
        let cache_size = || -> i64 {
            locked(&store.writer)
                .pragma_query_value(None, "cache_size", |row| row.get(0))
                .unwrap()
        };
        let bulk = store.bulk_cache().unwrap();
        assert_eq!(cache_size(), BULK_WRITER_CACHE_KIB);
        drop(bulk);
        assert_eq!(cache_size(), WRITER_CACHE_KIB);
        let stopped = || -> Result<()> {
            let _bulk = store.bulk_cache()?;
            Err(Error::Storage {
                message: "stopped".into(),
            })
        };
        assert!(stopped().is_err());
        assert_eq!(cache_size(), WRITER_CACHE_KIB);
    }

    /// One transaction of 3 000 settings of 4 000 bytes: 12 MB of log.
    fn write_12_mb(store: &Store) {
        let written = store.write(|tx| {
            for i in 0..3_000 {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                    (format!("big{i}"), "x".repeat(4_000)),
                )?;
            }
            Ok(())
        });
        assert!(written.is_ok());
    }

    /// While a sync stores, its commits do not copy the log into the database themselves
    /// (no automatic checkpoint on the writer), yet the log is copied — on the
    /// checkpointer's thread; afterwards the commits checkpoint again.
    #[test]
    fn during_a_sync_the_log_is_copied_beside_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite3");
        let store = Store::open(&path, &key()).unwrap();
        let autocheckpoint = || -> i64 {
            locked(&store.writer)
                .pragma_query_value(None, "wal_autocheckpoint", |row| row.get(0))
                .unwrap()
        };
        let database_bytes = || std::fs::metadata(&path).unwrap().len();
        let before = database_bytes();

        let bulk = store.bulk_cache().unwrap();
        assert_eq!(autocheckpoint(), 0);
        write_12_mb(&store);
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while database_bytes() < before + 12 * 1024 * 1024 {
            assert!(
                std::time::Instant::now() < deadline,
                "the log was not copied into the database: {} bytes",
                database_bytes()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(bulk);
        assert_eq!(autocheckpoint(), AUTOCHECKPOINT_PAGES);
    }

    /// A transaction larger than the kept log grows it; the next write after the checkpoint
    /// cuts it back, so a big sync leaves no large log file behind.
    #[test]
    fn a_big_transaction_leaves_no_big_log_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite3");
        let store = Store::open(&path, &key()).unwrap();
        let wal = || {
            std::fs::metadata(dir.path().join("cache.sqlite3-wal"))
                .map(|m| m.len())
                .unwrap_or(0)
        };
        write_12_mb(&store);
        let grown = wal();
        assert!(
            grown > 12 * 1024 * 1024,
            "the log held the transaction: {grown}"
        );
        let small = store.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('small', 'x')",
                [],
            )?;
            Ok(())
        });
        assert!(small.is_ok());
        let kept = wal();
        assert!(
            kept <= u64::try_from(WAL_KEPT_BYTES).unwrap(),
            "the log was cut back: {kept} bytes"
        );
    }

    #[test]
    fn closing_leaves_the_log_empty_and_the_rows_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite3");
        let len = |suffix: &str| {
            std::fs::metadata(dir.path().join(format!("cache.sqlite3{suffix}")))
                .map(|m| m.len())
                .unwrap_or(0)
        };
        let insert = |store: &Store, key: &str| {
            store.write(|tx| {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                    (key, "x".repeat(4_000)),
                )?;
                Ok(())
            })
        };
        let store = Store::open(&path, &key()).unwrap();
        assert!(insert(&store, "before-close").is_ok());
        assert!(len("-wal") > 0, "the row went to the log first");
        // What the window does as it exits (its state is never dropped).
        store.close();
        assert_eq!(
            len("-wal"),
            0,
            "the log was copied into the file and emptied"
        );
        // A write after closing still lands; dropping the store closes it again.
        assert!(insert(&store, "after-close").is_ok());
        assert!(len("-wal") > 0);
        drop(store);
        assert_eq!(len("-wal"), 0, "dropping the store emptied the log too");
        let reopened = Store::open(&path, &key()).unwrap();
        assert_eq!(
            count(
                &reopened,
                "SELECT count(*) FROM settings WHERE key IN ('before-close', 'after-close')"
            ),
            2
        );
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store
            .read(|conn| Ok(conn.query_row(sql, [], |r| r.get(0))?))
            .unwrap_or(-1)
    }

    #[test]
    fn reads_go_on_during_a_write_and_see_only_what_was_committed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite3"), &key()).unwrap();
        let settings = |store: &Store| count(store, "SELECT count(*) FROM settings");
        let before = settings(&store);
        let (inside_tx, inside) = std::sync::mpsc::channel();
        let (read_tx, read) = std::sync::mpsc::channel();
        std::thread::scope(|scope| {
            let store = &store;
            scope.spawn(move || {
                store.write(|tx| {
                    tx.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", [])?;
                    let _ = inside_tx.send(());
                    // Held open until the read is done (or, were reads to wait for writes,
                    // long enough for the read below to see the commit and fail).
                    let _ = read.recv_timeout(Duration::from_secs(10));
                    Ok(())
                })
            });
            assert!(inside.recv().is_ok());
            assert_eq!(settings(store), before, "the uncommitted row is not seen");
            let _ = read_tx.send(());
        });
        assert_eq!(settings(&store), before + 1, "the committed row is");
    }

    #[test]
    fn a_first_schema_database_migrates_with_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.sqlite3");
        {
            let conn = open_keyed(&path, &key(), OpenFlags::default()).unwrap();
            // The first schema exactly as 0.1 created it (migrations never change), then
            // the data 0.1 wrote.
            conn.execute_batch(include_str!("../../migrations/0001_init.sql"))
                .unwrap();
            let fixture = include_str!("../../tests/fixtures/schema-v1.sql");
            conn.execute_batch(fixture).unwrap();
        }
        let store = Store::open(&path, &key()).unwrap();
        assert_eq!(
            count(&store, "PRAGMA user_version"),
            i64::try_from(migrations::SCHEMA_VERSION).unwrap_or(0)
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM identifications WHERE ident_id = 'TST-OLDER'"
            ),
            1
        );
        assert_eq!(count(&store, "SELECT retention_days FROM accounts"), 90);
        // Old rows are searchable and the old audit entries are chained.
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM identifications_fts WHERE identifications_fts MATCH 'mustermann'"
            ),
            1
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM identifications_fts WHERE identifications_fts MATCH '\"kunde 4711\"'"
            ),
            1
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM identifications WHERE email = 'erika@example.de'"
            ),
            1
        );
        let verdict = store.read(|c| audit_chain::verify(c, None)).unwrap();
        assert!(verdict.intact && verdict.entries == 2, "{verdict:?}");
    }

    #[test]
    fn the_file_is_encrypted_and_needs_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite3");
        {
            let store = Store::open(&path, &key()).unwrap();
            let written = store.write(|tx| {
                tx.execute("INSERT INTO settings (key, value) VALUES ('canary', 'Canary-Personal-Data-91f2')", [])?;
                Ok(())
            });
            assert!(written.is_ok());
        }
        let bytes = std::fs::read(&path).unwrap_or_default();
        assert!(
            !bytes.starts_with(b"SQLite format 3"),
            "the header must not be plain SQLite"
        );
        assert!(!bytes.windows(25).any(|w| w == b"Canary-Personal-Data-91f2"));
        let wrong = Store::open(&path, &CacheKey::from_bytes([8u8; 32]));
        assert!(wrong.is_err_and(|e| e.to_string().contains("cannot be decrypted")));
    }

    #[test]
    fn a_damaged_cache_opens_read_only_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite3");
        {
            let store = Store::open(&path, &key()).unwrap();
            let filled = store.write(|tx| {
                for i in 0..400 {
                    tx.execute(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                        (format!("k{i}"), "x".repeat(400)),
                    )?;
                }
                Ok(())
            });
            assert!(filled.is_ok());
            let checkpoint = locked(&store.writer).execute_batch("PRAGMA wal_checkpoint(TRUNCATE)");
            assert!(checkpoint.is_ok());
        }
        let mut bytes = std::fs::read(&path).unwrap_or_default();
        // A page the settings rows went to (they were written last, after the schema, whose
        // pages must stay readable for the cache to open at all).
        let middle = bytes.len() - 2 * 4096 + 100;
        for byte in &mut bytes[middle..middle + 64] {
            *byte ^= 0xff;
        }
        assert!(std::fs::write(&path, &bytes).is_ok());
        let store = Store::open(&path, &key()).unwrap();
        assert!(store.integrity_verdict().is_some());
        let refused = store.write(|_| Ok(()));
        assert!(refused.is_err_and(|e| e.to_string().contains("reading only")));
    }
}
