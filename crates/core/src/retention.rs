//! Removing personal data from the cache: at once when IDnow cancels an identification or
//! it is deleted at IDnow, and after the account's retention period past the final
//! result. What stays: transaction number, Ident-ID, result, reason, timestamps, history.
//! `secure_delete` (store) and FTS5's secure-delete overwrite what was removed.

use chrono::TimeDelta;
use rusqlite::Transaction;

use crate::context::Stamp;
use crate::context::service;
use crate::error::Result;
use crate::journal;

/// Why personal data was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurgeReason {
    /// IDnow canceled it in review and deleted its data.
    Canceled,
    /// The account's retention period after the final result ended.
    Retention,
    /// It never finished, and the account's retention for unfinished ones ended.
    Unfinished,
    /// An officer deleted it at IDnow.
    Deleted,
}

impl PurgeReason {
    pub fn as_str(self) -> &'static str {
        match self {
            PurgeReason::Canceled => "canceled",
            PurgeReason::Retention => "retention",
            PurgeReason::Unfinished => "unfinished",
            PurgeReason::Deleted => "deleted",
        }
    }
}

/// What a retention run removed (or would remove, in a dry run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeReport {
    pub dry_run: bool,
    pub purged: Vec<PurgedIdentification>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgedIdentification {
    pub account_id: String,
    pub transaction_number: String,
    /// Why it is due: its final result is older than the retention, or it never finished.
    pub reason: PurgeReason,
    /// Since when the period runs: the final result, or the creation (first sight).
    pub since: String,
    /// The period that ended, in days.
    pub days: u32,
}

/// Removes one identification's personal data and media, inside the caller's transaction.
pub fn purge_identification(
    tx: &Transaction<'_>,
    account_id: &str,
    txn: &str,
    reason: PurgeReason,
    stamp: &Stamp,
) -> Result<()> {
    let key = (account_id, txn);
    // Cached statements: a first sync purges each canceled identification it brings as it
    // stores it (4 in 100 of the sandbox's), and each purge parsed its six statements anew.
    tx.prepare_cached(
        "UPDATE identifications
            SET request_json = '{}', firstname = NULL, lastname = NULL, email = NULL, links_json = NULL,
                purged_at = ?3, purge_reason = ?4
          WHERE account_id = ?1 AND transaction_number = ?2",
    )?
    .execute((account_id, txn, &stamp.at, reason.as_str()))?;
    tx.prepare_cached("DELETE FROM results WHERE account_id = ?1 AND transaction_number = ?2")?
        .execute(key)?;
    tx.prepare_cached("DELETE FROM attachments WHERE account_id = ?1 AND transaction_number = ?2")?
        .execute(key)?;
    // A session's data blocks are the person's data; which blocks there were stays.
    tx.prepare_cached(
        "UPDATE session_blocks SET raw_json = '{}' WHERE account_id = ?1 AND transaction_number = ?2",
    )?
    .execute(key)?;
    tx.prepare_cached(
        "UPDATE esign_documents SET signed_pdf = NULL, file_name = '' WHERE account_id = ?1 AND transaction_number = ?2",
    )?
    .execute(key)?;
    // The officer's note may quote the person; the decision itself stays.
    tx.prepare_cached(
        "UPDATE acceptances SET note = '' WHERE account_id = ?1 AND transaction_number = ?2",
    )?
    .execute(key)?;
    journal::record_detail(
        tx,
        stamp,
        "identification.purged",
        txn,
        Some(reason.as_str()),
    )
}

service! {
    /// The retention purge: personal data goes when IDnow cancels or the period ends.
    RetentionService
}

impl RetentionService<'_> {
    /// Refuses to bring personal data back for an identification whose data was purged:
    /// an archive or a signed document fetched now would be stored again.
    pub(crate) fn refuse_if_purged(self, ident: &crate::IdentificationRef) -> Result<()> {
        let purged: Option<(String, String)> = self.cx.store.read(|conn| {
            Ok(rusqlite::OptionalExtension::optional(conn.query_row(
                "SELECT purged_at, coalesce(purge_reason, '') FROM identifications
                  WHERE account_id = ?1 AND transaction_number = ?2 AND purged_at IS NOT NULL",
                (&ident.account_id, &ident.transaction_number),
                |r| Ok((r.get(0)?, r.get(1)?)),
            ))?)
        })?;
        match purged {
            None => Ok(()),
            Some((at, reason)) => Err(crate::Error::invalid(
                "identification",
                format!(
                    "This identification's personal data was purged on {at} ({}); IdentDesk does not fetch it again. IDnow may still hold it for its own retention period.",
                    match reason.as_str() {
                        "canceled" => "IDnow canceled it",
                        "retention" => "its retention period ended",
                        "unfinished" => "it never finished within its retention period",
                        "deleted" => "it was deleted at IDnow",
                        other => other,
                    }
                ),
            )),
        }
    }

    /// Purges personal data whose retention period ended: a final result older than the
    /// account's retention, or an identification that never finished (never sent, never
    /// started, pending, aborted) older than the retention for unfinished ones, counted from
    /// its creation or first sight. `dry_run` only reports, each with why it is due.
    pub async fn purge_expired(self, dry_run: bool) -> Result<PurgeReport> {
        let now = self.cx.clock.now();
        // Every identification not yet purged is read, unsorted, on a connection of its own,
        // so that the scan (3 s after each start, then every 15 minutes) neither fills the
        // reader's page cache with the whole table nor holds the window's reads.
        let due: Vec<PurgedIdentification> = self.cx.store.read_apart(|conn| {
            let mut stmt = conn.prepare(
                "SELECT i.account_id, i.transaction_number, i.result_final, coalesce(i.final_at, i.created_at),
                        a.retention_days, a.unfinished_retention_days
                   FROM identifications i JOIN accounts a ON a.id = i.account_id
                  WHERE i.purged_at IS NULL",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)? != 0,
                    r.get::<_, String>(3)?,
                    r.get::<_, u32>(4)?,
                    r.get::<_, u32>(5)?,
                ))
            })?;
            let mut due = Vec::new();
            for row in rows {
                let (account_id, transaction_number, is_final, since, final_days, unfinished_days) = row?;
                let (reason, days) = if is_final {
                    (PurgeReason::Retention, final_days)
                } else {
                    (PurgeReason::Unfinished, unfinished_days)
                };
                let ended = parse_time(&since)
                    .is_some_and(|at| at + TimeDelta::days(i64::from(days)) <= now);
                if ended {
                    due.push(PurgedIdentification {
                        account_id,
                        transaction_number,
                        reason,
                        since,
                        days,
                    });
                }
            }
            // Oldest first, sorted here rather than by SQLite: only the due are sorted, where
            // an ORDER BY sorted every candidate (100 000 rows held in memory for the scan).
            // The same order: SQLite compared the same text byte by byte.
            due.sort_by(|a, b| a.since.cmp(&b.since));
            Ok(due)
        })?;
        if !dry_run && !due.is_empty() {
            let stamp = self.cx.stamp();
            // One transaction: a purge cut short (even by kill -9) leaves everything due.
            tracing::debug!(due = due.len(), "retention purge: writing");
            self.cx.store.write(|tx| {
                for item in &due {
                    purge_identification(
                        tx,
                        &item.account_id,
                        &item.transaction_number,
                        item.reason,
                        &stamp,
                    )?;
                }
                Ok(())
            })?;
            tracing::info!(purged = due.len(), "retention purge");
        }
        Ok(PurgeReport {
            dry_run,
            purged: due,
        })
    }
}

/// A time as the cache keeps it: RFC 3339, or (older rows) a bare date.
fn parse_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.to_utc())
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d")
                .ok()?
                .and_hms_opt(0, 0, 0)
                .map(|t| t.and_utc())
        })
}
