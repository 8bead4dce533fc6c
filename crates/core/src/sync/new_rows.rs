//! Identifications new to the cache, from IDnow's results: a batch's inserted with one
//! statement, and their first history entries with a second (a single result outside a
//! batch goes the same way, as a batch of one).
//!
//! Inserted one by one, each row was a statement of its own, and the identifications'
//! triggers (overview counts, search index) make every such statement open a statement
//! journal: a copy of each page the row touched, taken and thrown away again per row —
//! about a tenth of a first sync's time. One `INSERT … SELECT` per batch takes that copy
//! once. The triggers still run for every row, so the counts and the search index stay
//! what they are for every other insert.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use rusqlite::Transaction;

use super::{ToStore, folded};
use crate::error::{Error, Result};

/// Inserts, with one statement, each identification of `batch` the cache did not have when
/// the sync began (a transaction number's first result in the batch; its later ones find
/// the row), and with a second its first history entry. Returns, per entry of `batch`,
/// whether this inserted it. An identification created in the window meanwhile is left as
/// it is: its entry then looks it up.
pub(super) fn insert(
    tx: &Transaction<'_>,
    account_id: &str,
    batch: &[ToStore<'_>],
    now: &str,
) -> Result<Vec<bool>> {
    let mut inserted = vec![false; batch.len()];
    let mut index_by_txn = HashMap::new();
    let mut rows = Vec::new();
    for (index, item) in batch.iter().enumerate() {
        if item.cached {
            continue;
        }
        let Ok(result) = &item.received.decoded else {
            continue;
        };
        let process = &result.identificationprocess;
        let (Some(txn), Some(code)) = (
            process.transactionnumber.as_deref(),
            process.result.as_ref(),
        ) else {
            continue;
        };
        // A transaction number's first result in the batch inserts; its later ones update.
        let Entry::Vacant(slot) = index_by_txn.entry(folded(txn).into_owned()) else {
            continue;
        };
        slot.insert(index);
        let is_final = code.is_final();
        rows.push((
            txn,
            process.id.as_deref(),
            leaf_value(&result.userdata.firstname),
            leaf_value(&result.userdata.lastname),
            result.contactdata.email.as_deref(),
            code.as_str(),
            process.reason.as_deref(),
            i64::from(is_final),
            process.identificationtime.as_deref(),
            is_final.then_some(now),
        ));
    }
    if rows.is_empty() {
        return Ok(inserted);
    }
    let json = to_json(&rows)?;
    // `identified_at` is IDnow's time in the cache's own UTC text (migration 0007), so
    // the overview compares it as text. `WHERE true` tells the parser that `ON CONFLICT`
    // belongs to the insert, not to a join.
    let mut statement = tx.prepare_cached(
        "INSERT INTO identifications
            (account_id, transaction_number, ident_id, state, request_json, firstname, lastname, email,
             result, reason, result_final, result_at, identified_at, final_at, synced_at, created_at, updated_at)
         SELECT ?1, value ->> 0, value ->> 1, 'created', '{}', value ->> 2, value ->> 3, value ->> 4,
                value ->> 5, value ->> 6, value ->> 7, value ->> 8,
                strftime('%Y-%m-%dT%H:%M:%fZ', value ->> 8), value ->> 9, ?2, ?2, ?2
           FROM jsonb_each(?3)
          WHERE true
         ON CONFLICT (account_id, transaction_number) DO NOTHING
         RETURNING transaction_number",
    )?;
    let mut returned = statement.query((account_id, now, &json))?;
    let mut count = 0;
    while let Some(row) = returned.next()? {
        let txn: String = row.get(0)?;
        if let Some(&index) = index_by_txn.get(folded(&txn).as_ref()) {
            inserted[index] = true;
            count += 1;
        }
    }
    drop(returned);
    // Each inserted row's first history entry, from the same rows (only those inserted, in
    // the rare batch where the window created one meanwhile).
    let json = if count == rows.len() {
        json
    } else {
        to_json(
            &rows
                .iter()
                .filter(|row| {
                    index_by_txn
                        .get(folded(row.0).as_ref())
                        .is_some_and(|&index| inserted[index])
                })
                .collect::<Vec<_>>(),
        )?
    };
    tx.prepare_cached(
        "INSERT INTO status_history (account_id, transaction_number, result, reason, identified_at, observed_at)
         SELECT ?1, value ->> 0, value ->> 5, value ->> 6, value ->> 8, ?2 FROM jsonb_each(?3)",
    )?
    .execute((account_id, now, &json))?;
    Ok(inserted)
}

/// The rows as one JSON array, each row an array in the columns' order: SQLite reads it
/// with `jsonb_each`, so one statement takes a batch of any size (its rows as binary JSON:
/// read without parsing their text again).
fn to_json<T: serde::Serialize>(rows: &[T]) -> Result<String> {
    serde_json::to_string(rows).map_err(|err| Error::Storage {
        message: format!("The results could not be prepared for the cache ({err}); sync again."),
    })
}

fn leaf_value(leaf: &Option<idnow::Leaf>) -> Option<&str> {
    leaf.as_ref().and_then(|l| l.value.as_deref())
}
