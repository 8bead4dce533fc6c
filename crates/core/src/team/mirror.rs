//! The local mirror of the team's state: what changed on the server since the last change
//! number this folder saw, read through the server's functions, so the list and the detail
//! show who created each identification and where its decision stands — offline too. The
//! window's watcher re-reads on each notification the server sends.

use std::collections::HashMap;

use identdesk_team::{DecisionSignatures, KeyBook, ListenEvent, Listener, TeamChange};
use rusqlite::OptionalExtension;
use tokio::sync::mpsc;

use crate::error::Result;
use crate::team::TeamService;

pub(crate) const SEQ_SETTING: &str = "team.change_seq";
/// Changes read per call.
const PAGE: i32 = 5_000;

/// What a refresh of the mirror found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamNews {
    /// The mirror changed: the window refetches identifications and decisions.
    pub changed: bool,
    /// Decisions that started waiting for this officer with this refresh.
    pub newly_waiting: usize,
    /// Decisions waiting for this officer in all.
    pub waiting_for_me: usize,
    /// Changes read from the server by this refresh (a refresh reads what changed since
    /// the last one, never the whole team's state again).
    pub read: usize,
}

/// The server's notifications, for the window's watcher.
pub struct TeamWatch {
    _listener: Listener,
    events: mpsc::UnboundedReceiver<ListenEvent>,
    /// When the last burst was handed out.
    last_burst: Option<std::time::Instant>,
}

/// Any role may NOTIFY the team's channel: however many notifications come, the watcher
/// re-reads at most four times a second.
const BURST_GAP: std::time::Duration = std::time::Duration::from_millis(250);

pub use identdesk_team::ListenEvent as TeamEvent;

impl TeamWatch {
    /// The next notification (or connection change); `None` once the listener stopped.
    pub async fn next(&mut self) -> Option<TeamEvent> {
        self.events.recv().await
    }

    /// The next burst of notifications, as one event (the first of the burst): it waits
    /// for one, and for a quarter second after the previous burst, then takes whatever else
    /// arrived meanwhile. `None` once the listener stopped.
    pub async fn next_burst(&mut self) -> Option<TeamEvent> {
        let first = self.events.recv().await?;
        if let Some(last) = self.last_burst {
            tokio::time::sleep(BURST_GAP.saturating_sub(last.elapsed())).await;
        }
        self.drain();
        self.last_burst = Some(std::time::Instant::now());
        Some(first)
    }

    /// Drops the notifications already waiting (one re-read covers a burst of them).
    pub fn drain(&mut self) -> usize {
        let mut drained = 0;
        while self.events.try_recv().is_ok() {
            drained += 1;
        }
        drained
    }
}

impl TeamService<'_> {
    /// Listens for the team's notifications; `None` in solo mode.
    pub async fn watch(self) -> Result<Option<TeamWatch>> {
        let Some(link) = self.team_link().await? else {
            return Ok(None);
        };
        let (tx, events) = mpsc::unbounded_channel();
        Ok(Some(TeamWatch {
            _listener: link.workspace.listen(tx),
            events,
            last_burst: None,
        }))
    }

    /// Brings the mirror up to date with the server (and the accounts' mapping and
    /// retention policies with the registry).
    pub async fn refresh(self) -> Result<TeamNews> {
        let Some(link) = self.team_link().await? else {
            return Ok(TeamNews::default());
        };
        self.map_team_accounts(&link).await?;
        // The key book first: a decision counts only with its officers' signatures.
        let (book, keys_changed) = match self.check_trail_and_keys(false).await {
            Ok((_, book, changed)) => (book, changed),
            Err(err) => {
                tracing::info!(code = ?err.code(), "the team's trail was not checked now");
                (self.key_book()?.unwrap_or_default(), false)
            }
        };
        if keys_changed {
            // A key was vouched or revoked: every decision is weighed again.
            self.cx.store.write(|tx| {
                tx.execute(
                    "UPDATE settings SET value = '0' WHERE key = ?1",
                    [SEQ_SETTING],
                )?;
                Ok(())
            })?;
        }
        let mut news = TeamNews::default();
        loop {
            let after = self.mirror_seq()?;
            let changes = link.workspace.changes_since(after, PAGE).await?;
            let Some(last) = changes.last().map(|c| c.change_seq) else {
                break;
            };
            let newly = self.cx.store.write(|tx| {
                let mut mirror = Mirror::new(tx)?;
                let mut newly = 0;
                for change in &changes {
                    if mirror.one(change, &link.officer, &book)? {
                        newly += 1;
                    }
                }
                crate::store::put_setting(tx, SEQ_SETTING, &last.to_string())?;
                Ok(newly)
            })?;
            news.changed = true;
            news.newly_waiting += newly;
            news.read += changes.len();
            if changes.len() < PAGE as usize {
                break;
            }
        }
        news.waiting_for_me = self.waiting_for_me()?;
        Ok(news)
    }

    /// Decisions a colleague proposed that this officer may confirm.
    pub fn waiting_for_me(self) -> Result<usize> {
        let Some(me) = self.cx.team.officer() else {
            return Ok(0);
        };
        self.cx.store.read(|conn| {
            let count: i64 = conn.query_row(
                "SELECT count(*) FROM team_identifications WHERE state = 'proposed' AND proposed_by <> ?1",
                [&me],
                |r| r.get(0),
            )?;
            Ok(usize::try_from(count).unwrap_or_default())
        })
    }

    fn mirror_seq(self) -> Result<i64> {
        Ok(self
            .setting(SEQ_SETTING)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }
}

/// A decision's state as its signatures carry it: `proposed` and `confirmed` only with valid
/// signatures by its officers' keys (a confirmation by keys no colleague vouched for is
/// `unvouched`); anything written past the functions is `unsigned`.
fn signed_state(change: &TeamChange, book: &KeyBook) -> Option<String> {
    let state = change.state.as_deref()?;
    if !matches!(state, "proposed" | "confirmed") {
        return Some(state.to_owned());
    }
    let verdict = book.decision(
        &change.transaction_number,
        change.decision.as_deref().unwrap_or_default(),
        change.on_result.as_deref().unwrap_or_default(),
        change.on_identified_at.as_deref(),
        change.proposed_by.as_deref().unwrap_or_default(),
        &change.proposal_signed,
        change.confirmed_by.as_deref(),
        &change.confirmation_signed,
    );
    Some(
        match (verdict, state) {
            (DecisionSignatures::Signed, state) => state,
            (DecisionSignatures::Unvouched, "confirmed") => "unvouched",
            (DecisionSignatures::Unvouched, state) => state,
            (DecisionSignatures::NotSigned, _) => "unsigned",
        }
        .to_owned(),
    )
}

/// One page of changes being written: the accounts' mapping read once, the statements
/// prepared once (a million changes when an app joins a large team).
struct Mirror<'t> {
    /// Team account id → this folder's account id.
    accounts: HashMap<String, String>,
    before: rusqlite::CachedStatement<'t>,
    upsert: rusqlite::CachedStatement<'t>,
}

impl<'t> Mirror<'t> {
    fn new(tx: &'t rusqlite::Transaction<'_>) -> Result<Mirror<'t>> {
        let accounts = tx
            .prepare("SELECT team_account_id, id FROM accounts WHERE team_account_id IS NOT NULL")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Mirror {
            accounts,
            before: tx.prepare_cached(
                "SELECT state, proposal_id FROM team_identifications WHERE account_id = ?1 AND transaction_number = ?2",
            )?,
            upsert: tx.prepare_cached(
                "INSERT INTO team_identifications
                    (account_id, transaction_number, ident_id, claimed_by, created_by, result, result_final,
                     proposal_id, decision, state, on_result, proposed_by, proposed_at, confirmed_by,
                     confirmed_at, note, change_seq, conflict)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
                 ON CONFLICT (account_id, transaction_number) DO UPDATE SET
                    ident_id = excluded.ident_id, claimed_by = excluded.claimed_by, created_by = excluded.created_by,
                    result = excluded.result, result_final = excluded.result_final, proposal_id = excluded.proposal_id,
                    decision = excluded.decision, state = excluded.state, on_result = excluded.on_result,
                    proposed_by = excluded.proposed_by, proposed_at = excluded.proposed_at,
                    confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at,
                    note = excluded.note, change_seq = excluded.change_seq, conflict = excluded.conflict",
            )?,
        })
    }

    /// Mirrors one change; whether its decision newly waits for `me`.
    fn one(&mut self, change: &TeamChange, me: &str, book: &KeyBook) -> Result<bool> {
        // An account this folder does not have: nothing to show it next to.
        let Some(account) = self.accounts.get(&change.account_id.to_string()) else {
            return Ok(false);
        };
        let state = signed_state(change, book);
        let before: Option<(Option<String>, Option<i64>)> = self
            .before
            .query_row((account, &change.transaction_number), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        self.upsert.execute(rusqlite::params![
            account,
            change.transaction_number,
            change.ident_id,
            change.claimed_by,
            change.created_by,
            change.result,
            i64::from(change.result_final),
            change.proposal_id,
            change.decision,
            state,
            change.on_result,
            change.proposed_by,
            change.proposed_at,
            change.confirmed_by,
            change.confirmed_at,
            change.note,
            change.change_seq,
            i64::from(change.conflict),
        ])?;
        let waits =
            state.as_deref() == Some("proposed") && change.proposed_by.as_deref() != Some(me);
        let waited = before.is_some_and(|(state, id)| {
            state.as_deref() == Some("proposed") && id == change.proposal_id
        });
        Ok(waits && !waited)
    }
}
