//! The audit log: exactly one entry per officer action, written in the same transaction as
//! the action. Entries name accounts and transaction numbers, never personal data. Each
//! entry's hash covers the previous one's, so an edited or removed entry breaks the chain.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::core::Core;
use crate::error::Result;

/// Who acts: the OS user running IdentDesk.
pub fn actor() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into())
}

pub fn record(tx: &Transaction<'_>, at: &str, action: &str, subject: &str) -> Result<()> {
    record_detail(tx, at, action, subject, None)
}

/// An entry with a before → after detail (codes and counts only, never personal data).
pub fn record_detail(
    tx: &Transaction<'_>,
    at: &str,
    action: &str,
    subject: &str,
    detail: Option<&str>,
) -> Result<()> {
    record_as(tx, &actor(), at, action, subject, detail)
}

pub fn record_as(
    tx: &Transaction<'_>,
    actor: &str,
    at: &str,
    action: &str,
    subject: &str,
    detail: Option<&str>,
) -> Result<()> {
    let prev: String = tx
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten()
        .unwrap_or_default();
    let hash = entry_hash(&prev, at, actor, action, subject, detail);
    tx.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute((at, actor, action, subject, detail, &prev, &hash))?;
    Ok(())
}

fn entry_hash(
    prev: &str,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    detail: Option<&str>,
) -> String {
    let mut hasher = Sha256::new();
    for part in [prev, at, actor, action, subject, detail.unwrap_or("")] {
        hasher.update(part.len().to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// An entry as stored, with its place in the chain.
struct StoredEntry {
    id: i64,
    at: String,
    actor: String,
    action: String,
    subject: String,
    detail: Option<String>,
    prev_hash: Option<String>,
    hash: Option<String>,
}

impl StoredEntry {
    /// The hash this entry should have after `prev`.
    fn expected_hash(&self, prev: &str) -> String {
        entry_hash(
            prev,
            &self.at,
            &self.actor,
            &self.action,
            &self.subject,
            self.detail.as_deref(),
        )
    }
}

fn stored_entries(conn: &Connection) -> Result<Vec<StoredEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, coalesce(subject, ''), detail, prev_hash, hash FROM audit_log ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(StoredEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            subject: r.get(4)?,
            detail: r.get(5)?,
            prev_hash: r.get(6)?,
            hash: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Migration step: chains entries written before the chain existed.
pub fn chain_unchained(tx: &Transaction<'_>) -> Result<()> {
    let mut prev = String::new();
    for entry in stored_entries(tx)? {
        let hash = entry.expected_hash(&prev);
        tx.execute(
            "UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE id = ?1",
            (entry.id, &prev, &hash),
        )?;
        prev = hash;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i32,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: Option<String>,
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditVerification {
    pub entries: i32,
    pub intact: bool,
    /// The first entry that does not fit the chain (edited, or after a removed one).
    pub first_broken_id: Option<i32>,
    pub problem: Option<String>,
}

pub fn verify(conn: &Connection) -> Result<AuditVerification> {
    let entries = stored_entries(conn)?;
    let total = i32::try_from(entries.len()).unwrap_or(i32::MAX);
    let mut prev = String::new();
    for (index, entry) in entries.iter().enumerate() {
        let id = entry.id;
        let follows_gap = index > 0 && entries[index - 1].id + 1 != id;
        let problem = if follows_gap {
            Some(format!("entries before #{id} are missing"))
        } else if entry.prev_hash.as_deref() != Some(prev.as_str()) {
            Some(format!("entry #{id} does not follow the entry before it"))
        } else if entry.hash.as_deref() != Some(entry.expected_hash(&prev).as_str()) {
            Some(format!("entry #{id} was changed after it was written"))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Ok(AuditVerification {
                entries: total,
                intact: false,
                first_broken_id: i32::try_from(id).ok(),
                problem: Some(problem),
            });
        }
        prev = entry.hash.clone().unwrap_or_default();
    }
    Ok(AuditVerification {
        entries: total,
        intact: true,
        first_broken_id: None,
        problem: None,
    })
}

impl Core {
    pub async fn verify_audit(&self) -> Result<AuditVerification> {
        self.store.read(verify)
    }

    /// The newest entries first.
    pub async fn audit_log(&self, limit: u32, offset: u32) -> Result<Vec<AuditEntry>> {
        self.store.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id, at, actor, action, coalesce(subject, ''), detail FROM audit_log ORDER BY id DESC LIMIT ?1 OFFSET ?2",
            )?;
            let rows = stmt.query_map((limit, offset), |r| {
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    subject: r.get(4)?,
                    detail: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chained(count: usize) -> Connection {
        let mut conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        assert!(crate::store::migrate_for_tests(&mut conn).is_ok());
        let tx = conn.transaction().unwrap_or_else(|e| panic!("{e}"));
        for i in 0..count {
            assert!(
                record(
                    &tx,
                    "2026-11-26T09:00:00.000Z",
                    "account.added",
                    &format!("acc-{i}")
                )
                .is_ok()
            );
        }
        assert!(tx.commit().is_ok());
        conn
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let conn = chained(5);
        let verdict = verify(&conn).unwrap_or_else(|e| panic!("{e}"));
        assert!(verdict.intact, "{verdict:?}");
        assert_eq!(verdict.entries, 5);
    }

    #[test]
    fn an_edited_entry_is_found() {
        let conn = chained(5);
        assert!(
            conn.execute("UPDATE audit_log SET subject = 'acc-x' WHERE id = 3", [])
                .is_ok()
        );
        let verdict = verify(&conn).unwrap_or_else(|e| panic!("{e}"));
        assert!(!verdict.intact);
        assert_eq!(verdict.first_broken_id, Some(3));
        assert!(verdict.problem.is_some_and(|p| p.contains("changed")));
    }

    #[test]
    fn a_removed_entry_is_found_even_when_the_chain_is_rewritten_after_it() {
        let mut conn = chained(5);
        assert!(
            conn.execute("DELETE FROM audit_log WHERE id = 2", [])
                .is_ok()
        );
        let verdict = verify(&conn).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(verdict.first_broken_id, Some(3));
        // Someone recomputes every hash after the removal: the gap in the ids remains.
        let tx = conn.transaction().unwrap_or_else(|e| panic!("{e}"));
        assert!(chain_unchained(&tx).is_ok());
        assert!(tx.commit().is_ok());
        let verdict = verify(&conn).unwrap_or_else(|e| panic!("{e}"));
        assert!(!verdict.intact);
        assert!(verdict.problem.is_some_and(|p| p.contains("missing")));
    }
}
