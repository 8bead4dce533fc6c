//! The audit log: exactly one entry per officer action, written in the same transaction as
//! the action, naming who acted (see `identity`), the account or transaction number, and
//! never personal data. The store keeps the hash chain (`store/audit_chain.rs`).

use rusqlite::Transaction;

use crate::core::{Core, Stamp};
use crate::error::Result;
use crate::store::audit_chain::{self, NewEntry};

pub use crate::store::audit_chain::AuditVerification;

/// An entry as the audit screen and `audit show` list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: Option<String>,
}

pub(crate) fn record(
    tx: &Transaction<'_>,
    stamp: &Stamp,
    action: &str,
    subject: &str,
) -> Result<()> {
    record_detail(tx, stamp, action, subject, None)
}

/// An entry with a before → after detail (codes and counts only, never personal data).
pub(crate) fn record_detail(
    tx: &Transaction<'_>,
    stamp: &Stamp,
    action: &str,
    subject: &str,
    detail: Option<&str>,
) -> Result<()> {
    audit_chain::append(
        tx,
        &NewEntry {
            at: &stamp.at,
            actor: &stamp.actor,
            action,
            subject,
            detail,
        },
    )?;
    if stamp.team {
        crate::team::trail::enqueue(tx, stamp, action, subject, detail)?;
    }
    Ok(())
}

impl Core {
    /// The trail's check: in a team workspace the team's chain and this machine's witness
    /// in it; in solo mode this cache's chain.
    pub async fn verify_audit(&self) -> Result<AuditVerification> {
        if let Some(link) = self.team_link().await? {
            return self.verify_team_trail(&link).await;
        }
        self.verify_local_audit().await
    }

    /// This cache's own trail (this machine's actions), in either mode.
    pub async fn verify_local_audit(&self) -> Result<AuditVerification> {
        self.store.read(audit_chain::verify)
    }

    /// The newest entries first: the team's trail in a team workspace (sending local
    /// actions that wait for it first), else this cache's.
    pub async fn audit_log(&self, limit: u32, offset: u32) -> Result<Vec<AuditEntry>> {
        if let Some(link) = self.team_link().await? {
            if let Err(err) = self.flush_team_trail(&link).await {
                tracing::info!(error = %err, "local actions wait for the team's trail");
            }
            return self.team_audit_log(&link, limit, offset).await;
        }
        self.local_audit_log(limit, offset).await
    }

    /// This cache's own trail, newest first.
    pub async fn local_audit_log(&self, limit: u32, offset: u32) -> Result<Vec<AuditEntry>> {
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
