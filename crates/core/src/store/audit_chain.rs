//! The audit log's hash chain, kept by the store: each entry's hash covers the one before,
//! so an edited or removed entry breaks the chain. Appending, checking and (once, in a
//! migration) chaining entries written before the chain existed.

use serde::{Deserialize, Serialize};
use std::cell::Cell;

use rusqlite::{Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::error::Result;

thread_local! {
    /// Set by `append` in the transaction the current thread is writing, so the store can
    /// move the anchor once that transaction committed.
    static APPENDED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the transaction this thread just wrote appended an entry (and forget it).
pub(crate) fn take_appended() -> bool {
    APPENDED.with(|flag| flag.replace(false))
}

/// The newest entry: its number and hash (what the anchor holds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    pub id: i64,
    pub hash: String,
}

impl AuditHead {
    pub fn encode(&self) -> String {
        format!("{}:{}", self.id, self.hash)
    }

    pub fn decode(text: &str) -> Option<AuditHead> {
        let (id, hash) = text.trim().split_once(':')?;
        Some(AuditHead {
            id: id.parse().ok()?,
            hash: hash.to_owned(),
        })
    }
}

pub fn head(conn: &Connection) -> Result<Option<AuditHead>> {
    // Cached: every appended entry reads the head first (a first sync appends one per purge).
    Ok(conn
        .prepare_cached("SELECT id, coalesce(hash, '') FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| {
            Ok(AuditHead {
                id: r.get(0)?,
                hash: r.get(1)?,
            })
        })
        .optional()?)
}

/// One entry to append: who, when, what, on what, and a before → after detail (codes and
/// counts only, never personal data).
pub struct NewEntry<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    pub detail: Option<&'a str>,
}

pub fn append(tx: &Transaction<'_>, entry: &NewEntry<'_>) -> Result<()> {
    let prev = head(tx)?.map(|head| head.hash).unwrap_or_default();
    let hash = entry_hash(
        &prev,
        entry.at,
        entry.actor,
        entry.action,
        entry.subject,
        entry.detail,
    );
    tx.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute((entry.at, entry.actor, entry.action, entry.subject, entry.detail, &prev, &hash))?;
    APPENDED.with(|flag| flag.set(true));
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

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditVerification {
    #[specta(type = specta_typescript::Number)]
    pub entries: u64,
    pub intact: bool,
    /// The first entry that does not fit the chain (edited, or after a removed one).
    #[specta(type = Option<specta_typescript::Number>)]
    pub first_broken_id: Option<i64>,
    pub problem: Option<String>,
}

/// The outcome of checking the chain, and (with one) that it still reaches the anchor —
/// the newest entry's number and hash as last kept outside the database. Deleting the
/// newest entries, or rewriting the chain (even consistently), leaves the anchor behind.
pub fn verify(conn: &Connection, anchor: Option<&AuditHead>) -> Result<AuditVerification> {
    let entries = stored_entries(conn)?;
    let total = entries.len() as u64;
    let mut prev = String::new();
    let broken = |id: i64, problem: String| AuditVerification {
        entries: total,
        intact: false,
        first_broken_id: Some(id),
        problem: Some(problem),
    };
    if let Some(first) = entries.first().filter(|e| e.id != 1) {
        return Ok(broken(
            first.id,
            format!("the entries before #{} were removed", first.id),
        ));
    }
    if let Some(anchor) = anchor {
        match entries.iter().find(|e| e.id == anchor.id) {
            None => {
                return Ok(broken(
                    anchor.id,
                    format!(
                        "the newest entries were removed: the anchor in the OS keychain names entry #{}, the log ends at #{}",
                        anchor.id,
                        entries.last().map_or(0, |e| e.id)
                    ),
                ));
            }
            Some(entry) if entry.hash.as_deref() != Some(anchor.hash.as_str()) => {
                return Ok(broken(
                    anchor.id,
                    format!(
                        "the log was rewritten: entry #{} is not the one the anchor in the OS keychain names",
                        anchor.id
                    ),
                ));
            }
            Some(_) => {}
        }
    }
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
                first_broken_id: Some(id),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn chained(count: usize) -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        assert!(crate::store::migrate_for_tests(&mut conn).is_ok());
        let tx = conn.transaction().unwrap();
        for i in 0..count {
            let subject = format!("acc-{i}");
            let entry = NewEntry {
                at: "2026-11-26T09:00:00.000Z",
                actor: "officer",
                action: "account.added",
                subject: &subject,
                detail: None,
            };
            append(&tx, &entry).unwrap();
        }
        assert!(tx.commit().is_ok());
        conn
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let conn = chained(5);
        let verdict = verify(&conn, None).unwrap();
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
        let verdict = verify(&conn, None).unwrap();
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
        let verdict = verify(&conn, None).unwrap();
        assert_eq!(verdict.first_broken_id, Some(3));
        // Someone recomputes every hash after the removal: the gap in the ids remains.
        let tx = conn.transaction().unwrap();
        assert!(chain_unchained(&tx).is_ok());
        assert!(tx.commit().is_ok());
        let verdict = verify(&conn, None).unwrap();
        assert!(!verdict.intact);
        assert!(verdict.problem.is_some_and(|p| p.contains("missing")));
    }
}
