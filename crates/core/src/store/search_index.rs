//! Keeps the full-text index in step with the identifications, once per write transaction:
//! the triggers of migration 0003 note each changed row, and `refresh` re-indexes them
//! with one statement each for removing and adding, so FTS5 writes one segment per
//! transaction instead of one per row.

use rusqlite::Transaction;

use crate::error::Result;

/// Re-indexes the rows this transaction changed (removing those it deleted).
pub fn refresh(tx: &Transaction<'_>) -> Result<()> {
    let pending: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM identifications_search_pending)")?
        .query_row([], |row| row.get(0))?;
    if !pending {
        return Ok(());
    }
    tx.prepare_cached(
        "DELETE FROM identifications_fts
          WHERE rowid IN (SELECT id FROM identifications_search_pending)",
    )?
    .execute([])?;
    tx.prepare_cached(
        "INSERT INTO identifications_fts
                (rowid, transaction_number, ident_id, firstname, lastname, email, custom, tags)
         SELECT id, transaction_number, ident_id, firstname, lastname, email, custom, tags
           FROM identifications_search_rows
          WHERE id IN (SELECT id FROM identifications_search_pending)",
    )?
    .execute([])?;
    tx.prepare_cached("DELETE FROM identifications_search_pending")?
        .execute([])?;
    Ok(())
}
