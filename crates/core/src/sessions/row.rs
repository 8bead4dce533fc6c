//! Writing what IDnow says of a session into the cache: its `identifications` row (the
//! columns every list, filter and count reads), its status history, the session as
//! fetched (in `results`, packed like a classic result) and its data blocks. Results only
//! move forward: a terminal session is never made running again.

use idnow_trust::{BlockStatus, DataBlock, Session};
use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::context::Stamp;
use crate::error::{Error, Result};
use crate::journal;
use crate::retention::{PurgeReason, purge_identification};
use crate::store::packed_json;

/// A data block as the cache keeps it: the envelope's fields the window shows, and the
/// content verbatim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct KeptBlock {
    pub kind: String,
    pub step: Option<String>,
    pub created_at: Option<String>,
    pub content: Option<serde_json::Value>,
}

/// What writing one session changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Written {
    Unchanged,
    /// New to the cache, or its status moved on.
    Changed,
    /// It ended in a way that purges its personal data (expired, aborted).
    Purged,
}

/// The cache's word for a session before this answer: its raw status and whether it ended.
pub(crate) fn known_status(
    tx: &Transaction<'_>,
    account_id: &str,
    session_id: &str,
) -> Result<Option<(Option<String>, bool)>> {
    Ok(tx
        .query_row(
            "SELECT session_status, result_final FROM identifications
              WHERE account_id = ?1 AND transaction_number = ?2",
            (account_id, session_id),
            |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)),
        )
        .optional()?)
}

/// Stores a session as IDnow listed or sent it, with its data blocks when they were
/// fetched (a terminal session's).
pub(crate) fn write_session(
    tx: &Transaction<'_>,
    stamp: &Stamp,
    account_id: &str,
    session: &Session,
    blocks: Option<&[DataBlock]>,
) -> Result<Written> {
    let id = session.session_id.as_str();
    let known = known_status(tx, account_id, id)?;
    let terminal = session.status.is_terminal();
    if let Some((_, true)) = &known {
        // Ended before: a terminal session does not change (and its blocks are stored).
        return Ok(Written::Unchanged);
    }
    let status = session.status.as_str();
    let result = super::result_word(session);
    let created_at = session
        .created_at
        .clone()
        .unwrap_or_else(|| stamp.at.clone());
    let settled_at = session.settled_at().map(str::to_owned);
    let (given, family) = blocks.map(person_names).unwrap_or_default();
    // No upsert here: the search index's triggers take their `OR IGNORE` from the outer
    // statement, and an upsert's conflict rule would make them fail.
    if known.is_none() {
        tx.execute(
            "INSERT INTO identifications
                (account_id, transaction_number, state, request_json, created_at, updated_at, synced_at, flow_id, session_status, subject_id)
             VALUES (?1, ?2, 'created', '{}', ?3, ?4, ?4, ?5, ?6, ?7)",
            (account_id, id, &created_at, &stamp.at, &session.flow_id, status, &session.subject_id),
        )?;
    } else {
        tx.execute(
            "UPDATE identifications
                SET state = 'created', session_status = ?3, flow_id = coalesce(flow_id, ?4),
                    subject_id = coalesce(subject_id, ?5), updated_at = ?6, synced_at = ?6
              WHERE account_id = ?1 AND transaction_number = ?2",
            (
                account_id,
                id,
                status,
                &session.flow_id,
                &session.subject_id,
                &stamp.at,
            ),
        )?;
    }
    let changed = known
        .as_ref()
        .is_none_or(|(before, _)| before.as_deref() != Some(status));
    if terminal {
        tx.execute(
            "UPDATE identifications
                SET result = ?3, result_final = 1, result_at = ?4, identified_at = ?4,
                    final_at = coalesce(final_at, ?5),
                    firstname = coalesce(?6, firstname), lastname = coalesce(?7, lastname)
              WHERE account_id = ?1 AND transaction_number = ?2",
            (
                account_id,
                id,
                &result,
                &settled_at,
                &stamp.at,
                &given,
                &family,
            ),
        )?;
    }
    if changed {
        tx.execute(
            "INSERT INTO status_history (account_id, transaction_number, result, reason, identified_at, observed_at)
             VALUES (?1, ?2, ?3, NULL, ?4, ?5)",
            (account_id, id, result.as_deref().unwrap_or(status), &settled_at, &stamp.at),
        )?;
    }
    let raw = serde_json::to_string(session).map_err(|e| Error::Storage {
        message: e.to_string(),
    })?;
    tx.execute(
        "INSERT INTO results (account_id, transaction_number, raw_json_deflated, fetched_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (account_id, transaction_number) DO UPDATE SET
            raw_json_deflated = excluded.raw_json_deflated, fetched_at = excluded.fetched_at",
        (account_id, id, packed_json::pack(&raw)?, &stamp.at),
    )?;
    if let Some(blocks) = blocks {
        write_blocks(tx, stamp, account_id, id, blocks)?;
    }
    if terminal && super::purged_at_once(session) {
        purge_identification(tx, account_id, id, PurgeReason::Canceled, stamp)?;
        return Ok(Written::Purged);
    }
    if terminal && changed {
        journal::record_detail(tx, stamp, "session.ended", id, result.as_deref())?;
    }
    Ok(if changed {
        Written::Changed
    } else {
        Written::Unchanged
    })
}

/// Stores each block by its id (a block without one by its type and place); a block IDnow
/// now marks deleted keeps the date it was first seen and loses its content.
fn write_blocks(
    tx: &Transaction<'_>,
    stamp: &Stamp,
    account_id: &str,
    session_id: &str,
    blocks: &[DataBlock],
) -> Result<()> {
    for (place, block) in blocks.iter().enumerate() {
        let block_id = block
            .id
            .clone()
            .unwrap_or_else(|| format!("{}#{place}", block.kind));
        let kept = KeptBlock {
            kind: block.kind.clone(),
            step: block.step.clone(),
            created_at: block.created_at.clone(),
            content: block.content.clone(),
        };
        let raw = serde_json::to_string(&kept).map_err(|e| Error::Storage {
            message: e.to_string(),
        })?;
        let status = match &block.status {
            BlockStatus::Stored => "STORED",
            BlockStatus::Deleted => "DELETED",
            BlockStatus::Other(raw) => raw.as_str(),
        };
        let deleted = (block.status == BlockStatus::Deleted).then_some(stamp.at.as_str());
        tx.execute(
            "INSERT INTO session_blocks
                (account_id, transaction_number, block_id, block_type, status, raw_json, first_seen_at, deleted_seen_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (account_id, transaction_number, block_id) DO UPDATE SET
                status = excluded.status,
                raw_json = CASE WHEN excluded.status = 'DELETED' THEN session_blocks.raw_json ELSE excluded.raw_json END,
                deleted_seen_at = coalesce(session_blocks.deleted_seen_at, excluded.deleted_seen_at)",
            (account_id, session_id, &block_id, &block.kind, status, &raw, &stamp.at, deleted),
        )?;
    }
    Ok(())
}

/// The person's given and family name from the `basicIdentity` block, for search.
fn person_names(blocks: &[DataBlock]) -> (Option<String>, Option<String>) {
    let identity = blocks
        .iter()
        .find(|b| b.kind == "basicIdentity")
        .and_then(|b| b.content.as_ref());
    let field = |name: &str| {
        identity
            .and_then(|c| c.get(name))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    (field("givenName"), field("familyName"))
}
