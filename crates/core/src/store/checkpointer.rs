//! Copies the write-ahead log into the database on a thread and connection of their own
//! while a sync stores its batches ([`super::Store::bulk_cache`]).
//!
//! SQLite checkpoints on the committing connection: after each batch of 25 000 results the
//! writer copied the batch's 90 MB of log into the database before it could store the next
//! one — about a tenth of a first sync of 100 000, with the other core idle. Here the copy
//! runs beside the next batch. A passive checkpoint copies only what no reader still needs
//! and never waits for the writer, so neither side blocks the other; a log a checkpoint
//! did not finish simply grows until the next one does.
//!
//! Only a sync asks for checkpoints, so the thread opens its connection at the first
//! request: opening the cache costs no third connection (a fifth of `Store::open`'s time),
//! and a connection that cannot be opened costs the sync its early checkpoints, never the
//! cache its start.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;

use rusqlite::{Connection, OpenFlags};

use crate::cache_key::CacheKey;
use crate::error::{Error, Result};

pub(super) struct Checkpointer {
    /// One waiting request at most: a request made while one waits is the same request.
    requests: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread, which opens a read-write connection of its own to the cache at
    /// `path` when the first checkpoint is asked for.
    pub fn start(path: PathBuf, key: CacheKey) -> Result<Self> {
        let (requests, received) = sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("cache-checkpoint".into())
            .spawn(move || {
                let mut conn: Option<Connection> = None;
                while received.recv().is_ok() {
                    // Nothing is lost on a failure: the log stays and a later checkpoint (at
                    // close at the latest) copies it.
                    if let Err(err) = checkpoint(&mut conn, &path, &key) {
                        tracing::warn!(%err, "the cache's log could not be checkpointed");
                    }
                }
            })
            .map_err(|err| Error::Storage {
                message: format!("The cache's log copier could not start ({err})."),
            })?;
        Ok(Self {
            requests: Some(requests),
            thread: Some(thread),
        })
    }

    /// Asks for a checkpoint of what is committed now; returns at once.
    pub fn request(&self) {
        if let Some(requests) = &self.requests {
            match requests.try_send(()) {
                Ok(()) | Err(TrySendError::Full(())) => {}
                Err(TrySendError::Disconnected(())) => {
                    tracing::warn!("the cache's log copier has stopped");
                }
            }
        }
    }
}

impl Drop for Checkpointer {
    /// Finishes a checkpoint under way or asked for, then ends the thread.
    fn drop(&mut self) {
        drop(self.requests.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A passive checkpoint on the thread's connection, opened first if it is not yet.
fn checkpoint(conn: &mut Option<Connection>, path: &Path, key: &CacheKey) -> Result<()> {
    let conn = match conn {
        Some(conn) => conn,
        None => conn.insert(super::open_keyed(path, key, OpenFlags::default())?),
    };
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
    Ok(())
}
