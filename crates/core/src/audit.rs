//! The audit log: one row per officer action, written in the same transaction as the
//! action itself. Rows name accounts and transaction numbers, never personal data.

use rusqlite::Transaction;

use crate::error::Result;

/// Who acts: the OS user running IdentDesk.
pub fn actor() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into())
}

pub fn record(tx: &Transaction<'_>, at: &str, action: &str, subject: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (at, actor, action, subject) VALUES (?1, ?2, ?3, ?4)",
        (at, actor(), action, subject),
    )?;
    Ok(())
}
