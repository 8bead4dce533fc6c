//! The sessions sync of one Trust Platform account, inside the same `sync().all()` as the
//! classic accounts (one progress, one notification). Per flow it walks the sessions,
//! newest first, a page of 100 at a time, and stops early only on a page it checked to be
//! sorted and wholly older than what the cache has settled; ids seen twice (a page that
//! shifted while new sessions arrived) count once. It fetches the session of every listed
//! one not yet terminal, and the data blocks of every one that turned terminal, a few at a
//! time (the client honours 429 and `Retry-After`); each slice is stored in one
//! transaction, so a sync killed half-way loses nothing stored and repeats nothing: the
//! settled mark moves only when a walk completed.

use std::collections::HashSet;

use futures_util::StreamExt;
use idnow_trust::{DataBlock, Session, TrustClient};
use tokio_util::sync::CancellationToken;

use super::SessionService;
use super::flows::all_flows;
use super::row::{Written, write_session};
use crate::accounts::account::Account;
use crate::error::{Error, Result};
use crate::sync::{ResultChange, SyncProgress, SyncReport, SyncStage};

/// Sessions per list call (the most the API's examples page by).
pub const SESSIONS_PER_PAGE: u32 = 100;
/// Session and data-block calls under way at once.
pub const SESSION_CALLS_AT_ONCE: usize = 8;
/// Sessions stored per transaction.
const STORE_SLICE: usize = 200;
/// A walk longer than this many pages is a server that pages forever.
const MAX_PAGES: u32 = 100_000;

/// What a flow's walk found.
struct Walk {
    sessions: Vec<Session>,
    /// Every page was read (or the rest was skipped by the settled rule).
    complete: bool,
}

impl SessionService<'_> {
    /// Brings one Trust Platform account's sessions up to date.
    pub(crate) async fn sync_account(
        self,
        account: &Account,
        progress: &(dyn Fn(SyncProgress) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<SyncReport> {
        let tell = |stage, done: usize, total: usize| {
            progress(SyncProgress {
                account_id: account.id.clone(),
                stage,
                done,
                total,
            });
        };
        let client = self.cx.platform(account).await?;
        self.adopt_unanswered(account).await?;
        let flows = all_flows(&client).await?;
        self.keep_flows(&account.id, &flows)?;
        let mut report = SyncReport {
            account_id: account.id.clone(),
            ..SyncReport::default()
        };
        tell(SyncStage::Fetching, 0, flows.len());
        for (done, flow) in flows.iter().enumerate() {
            let settled = self.settled_to(&account.id, &flow.id)?;
            let walk = walk_flow(&client, &flow.id, settled.as_deref(), cancel).await?;
            report.fetched += walk.sessions.len();
            self.bring_up_to_date(
                &client,
                account,
                &flow.id,
                walk.sessions,
                &mut report,
                &tell,
                cancel,
            )
            .await?;
            if walk.complete {
                self.settle(&account.id, &flow.id)?;
            }
            tell(SyncStage::Fetching, done + 1, flows.len());
        }
        report.finished_at = crate::sync::record_synced(
            self.cx,
            &account.id,
            &format!(
                "{} sessions listed, {} changed",
                report.fetched,
                report.changes.len()
            ),
        )?;
        tell(SyncStage::Finished, report.fetched, report.fetched);
        Ok(report)
    }

    /// Fetches what the listed sessions need (a session not terminal: its fresh state; one
    /// that turned terminal: its data blocks) and stores them a slice at a time.
    #[allow(clippy::too_many_arguments)]
    async fn bring_up_to_date(
        self,
        client: &TrustClient,
        account: &Account,
        flow_id: &str,
        listed: Vec<Session>,
        report: &mut SyncReport,
        tell: &(dyn Fn(SyncStage, usize, usize) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<()> {
        let ended = self.ended_sessions(&account.id, flow_id)?;
        let todo: Vec<Session> = listed
            .into_iter()
            .filter(|s| !ended.contains(&s.session_id.to_ascii_lowercase()))
            .map(|mut s| {
                // Listed per flow: a build that leaves the flow out of each item still
                // says which flow it is.
                s.flow_id.get_or_insert_with(|| flow_id.to_owned());
                s
            })
            .collect();
        let total = todo.len();
        let mut fetched = futures_util::stream::iter(todo)
            .map(|listed| fetch_needed(client, listed))
            .buffered(SESSION_CALLS_AT_ONCE);
        let mut slice: Vec<(Session, Option<Vec<DataBlock>>, bool)> = Vec::new();
        let mut stored = 0;
        loop {
            let next = tokio::select! {
                biased;
                () = cancel.cancelled() => return Err(cancelled()),
                next = fetched.next() => next,
            };
            let done = next.is_none();
            if let Some(item) = next {
                slice.push(item?);
            }
            if slice.len() >= STORE_SLICE || (done && !slice.is_empty()) {
                stored += slice.len();
                self.store_slice(&account.id, &slice, report)?;
                slice.clear();
                tell(SyncStage::Storing, stored, total);
            }
            if done {
                return Ok(());
            }
        }
    }

    fn store_slice(
        self,
        account_id: &str,
        slice: &[(Session, Option<Vec<DataBlock>>, bool)],
        report: &mut SyncReport,
    ) -> Result<()> {
        let stamp = self.cx.stamp();
        let changes = self.cx.store.write(|tx| {
            let mut changes = Vec::new();
            for (session, blocks, alone) in slice {
                if *alone {
                    report.fetched_alone += 1;
                }
                let written = write_session(tx, &stamp, account_id, session, blocks.as_deref())?;
                if written != Written::Unchanged
                    && let Some(result) = super::result_word(session)
                {
                    changes.push(ResultChange {
                        account_id: account_id.to_owned(),
                        transaction_number: session.session_id.clone(),
                        ident_id: None,
                        previous: None,
                        result,
                        is_final: true,
                    });
                }
            }
            Ok(changes)
        })?;
        report.changes.extend(changes);
        Ok(())
    }

    /// The ids (lower case) of the flow's sessions the cache has as terminal.
    fn ended_sessions(self, account_id: &str, flow_id: &str) -> Result<HashSet<String>> {
        self.cx.store.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT lower(transaction_number) FROM identifications
                  WHERE account_id = ?1 AND flow_id = ?2 AND state = 'created' AND result_final = 1",
            )?;
            let rows = stmt.query_map((account_id, flow_id), |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<HashSet<String>>>()?)
        })
    }

    /// The creation time before which every session of the flow is in the cache, ended.
    fn settled_to(self, account_id: &str, flow_id: &str) -> Result<Option<String>> {
        self.cx.store.read(|conn| {
            Ok(rusqlite::OptionalExtension::optional(conn.query_row(
                "SELECT settled_to FROM platform_sync_marks WHERE account_id = ?1 AND flow_id = ?2",
                (account_id, flow_id),
                |r| r.get(0),
            ))?)
        })
    }

    /// After a complete walk: the oldest creation time of a session still running, or (all
    /// ended) the newest creation time the cache has.
    fn settle(self, account_id: &str, flow_id: &str) -> Result<()> {
        self.cx.store.write(|tx| {
            let settled: Option<String> = tx.query_row(
                "SELECT coalesce(
                    (SELECT min(created_at) FROM identifications
                      WHERE account_id = ?1 AND flow_id = ?2 AND state = 'created' AND result_final = 0),
                    (SELECT max(created_at) FROM identifications
                      WHERE account_id = ?1 AND flow_id = ?2 AND state = 'created'))",
                (account_id, flow_id),
                |r| r.get(0),
            )?;
            match settled {
                Some(settled) => tx.execute(
                    "INSERT INTO platform_sync_marks (account_id, flow_id, settled_to) VALUES (?1, ?2, ?3)
                     ON CONFLICT (account_id, flow_id) DO UPDATE SET settled_to = excluded.settled_to",
                    (account_id, flow_id, &settled),
                )?,
                None => 0,
            };
            Ok(())
        })
    }
}

impl SessionService<'_> {
    /// One session as IDnow has it now, stored here as a sync would (with its blocks once it
    /// ended): what a decision is taken on.
    pub(crate) async fn fetch_now(self, account: &Account, session_id: &str) -> Result<Session> {
        let client = self.cx.platform(account).await?;
        let mut session = client.session(session_id).await?;
        let known = self.cx.store.read(|conn| {
            Ok(rusqlite::OptionalExtension::optional(conn.query_row(
                "SELECT flow_id, subject_id FROM identifications WHERE account_id = ?1 AND transaction_number = ?2",
                (&account.id, session_id),
                |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?)),
            ))?)
        })?;
        if let Some((flow, subject)) = known {
            session.flow_id = session.flow_id.or(flow);
            session.subject_id = session.subject_id.or(subject);
        }
        let blocks = blocks_if_ended(&client, &session).await?;
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            write_session(tx, &stamp, &account.id, &session, blocks.as_deref()).map(drop)
        })?;
        Ok(session)
    }
}

/// Walks a flow's sessions newest first until the last page, or a page that is sorted and
/// wholly older than `settled`.
async fn walk_flow(
    client: &TrustClient,
    flow_id: &str,
    settled: Option<&str>,
    cancel: &CancellationToken,
) -> Result<Walk> {
    let mut seen = HashSet::new();
    let mut sessions = Vec::new();
    let mut previous_oldest: Option<chrono::DateTime<chrono::Utc>> = None;
    let settled = settled.and_then(parse_time);
    for number in 1..=MAX_PAGES {
        if cancel.is_cancelled() {
            return Err(cancelled());
        }
        let page = client.sessions(flow_id, number, SESSIONS_PER_PAGE).await?;
        let times: Option<Vec<_>> = page
            .content
            .iter()
            .map(|s| s.created_at.as_deref().and_then(parse_time))
            .collect();
        let empty = page.content.is_empty();
        let has_next = page.page.is_some_and(|p| p.has_next());
        for session in page.content {
            if seen.insert(session.session_id.to_ascii_lowercase()) {
                sessions.push(session);
            }
        }
        if empty || !has_next {
            return Ok(Walk {
                sessions,
                complete: true,
            });
        }
        if let (Some(times), Some(settled)) = (times, settled) {
            let sorted = times.windows(2).all(|w| w[0] >= w[1])
                && previous_oldest.is_none_or(|oldest| times.first().is_none_or(|t| *t <= oldest));
            if sorted && times.iter().all(|t| *t < settled) {
                return Ok(Walk {
                    sessions,
                    complete: true,
                });
            }
            previous_oldest = times.last().copied();
        } else {
            previous_oldest = None;
        }
    }
    Err(Error::Gateway(idnow::Error::Untrusted(format!(
        "the Trust Platform listed a flow's sessions over {MAX_PAGES} pages"
    ))))
}

/// What one listed session needs: a running one its fresh state (and, if it ended since,
/// its blocks), an ended one its blocks. An expired or aborted session gets none: its data
/// is purged on arrival. The flag says the session was fetched on its own.
async fn fetch_needed(
    client: &TrustClient,
    listed: Session,
) -> Result<(Session, Option<Vec<DataBlock>>, bool)> {
    let (session, alone) = if listed.status.is_terminal() {
        (listed, false)
    } else {
        let mut fresh = client.session(&listed.session_id).await?;
        // Some builds leave the flow out of a single session.
        fresh.flow_id = fresh.flow_id.or(listed.flow_id);
        fresh.subject_id = fresh.subject_id.or(listed.subject_id);
        fresh.created_at = fresh.created_at.or(listed.created_at);
        (fresh, true)
    };
    let blocks = blocks_if_ended(client, &session).await?;
    Ok((session, blocks, alone))
}

/// A session's data blocks once it ended — but for an expired or aborted one, whose data
/// is purged on arrival.
async fn blocks_if_ended(
    client: &TrustClient,
    session: &Session,
) -> Result<Option<Vec<DataBlock>>> {
    if session.status.is_terminal() && !super::purged_at_once(session) {
        Ok(Some(client.data_blocks(&session.session_id).await?.blocks))
    } else {
        Ok(None)
    }
}

fn parse_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.to_utc())
}

fn cancelled() -> Error {
    Error::Cancelled {
        message: "The sync was stopped; what it had stored is kept. Start it again to finish."
            .into(),
    }
}
