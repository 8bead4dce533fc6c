//! The audit log: exactly one entry per officer action, written in the same transaction as
//! the action, naming who acted (see `identity`), the account or transaction number, and
//! never personal data. The store keeps the hash chain (`store/audit_chain.rs`); the
//! newest entry's number and hash are anchored in the OS keychain after each append, so a
//! shortened or rewritten log shows. The anchor's threat model: it catches rollback and
//! truncation by anyone who does not also rewrite the keychain entry; the same OS user
//! could do both, which the team workspace's server-side trail and witness answer.

use std::collections::HashMap;

use crate::context::service;
use crate::error::Result;
pub use crate::journal::AuditEntry;
use crate::keychain::Keychain;
use crate::store::Store;
use crate::store::audit_chain::{self, AuditHead};
use crate::team::TeamService;

pub use crate::store::audit_chain::AuditVerification;

service! {
    /// The audit log as officers read and verify it (this cache's chain, or the team's trail).
    AuditService
}

impl AuditService<'_> {
    /// The trail's check: in a team workspace the team's chain and this machine's witness
    /// in it; in solo mode this cache's chain.
    pub async fn verify(self) -> Result<AuditVerification> {
        if let Some(link) = TeamService::new(self.cx).team_link().await? {
            return TeamService::new(self.cx).verify_team_trail(&link).await;
        }
        self.verify_local().await
    }

    /// This cache's own trail (this machine's actions), in either mode: the chain, and that
    /// it still reaches the anchor in the OS keychain (then the anchor moves to the newest
    /// entry — after a crash between an append and its anchor, the log is ahead of it).
    pub async fn verify_local(self) -> Result<AuditVerification> {
        let entry = anchor_entry(self.cx.data_dir())?;
        let anchor = self
            .cx
            .keychain
            .read(&entry)
            .await?
            .and_then(|text| AuditHead::decode(&text));
        let verdict = self
            .cx
            .store
            .read(|conn| audit_chain::verify(conn, anchor.as_ref()))?;
        if verdict.intact
            && let Some(head) = self.cx.store.read(audit_chain::head)?
        {
            self.cx
                .keychain
                .store(&entry, zeroize::Zeroizing::new(head.encode()))
                .await?;
        }
        Ok(verdict)
    }

    /// The newest entries first: the team's trail in a team workspace (sending local
    /// actions that wait for it first), else this cache's.
    pub async fn log(self, limit: u32, offset: u32) -> Result<Vec<AuditEntry>> {
        if let Some(link) = TeamService::new(self.cx).team_link().await? {
            if let Err(err) = TeamService::new(self.cx).flush_team_trail(&link).await {
                tracing::info!(error = %err, "local actions wait for the team's trail");
            }
            let entries = TeamService::new(self.cx)
                .team_audit_log(&link, limit, offset)
                .await?;
            return self.named(entries);
        }
        self.local_log(limit, offset).await
    }

    /// Gives each entry about an account the account's name (officers never see its id).
    fn named(self, mut entries: Vec<AuditEntry>) -> Result<Vec<AuditEntry>> {
        let names: HashMap<String, String> = self.cx.store.read(|conn| {
            let mut stmt = conn.prepare("SELECT id, team_account_id, name FROM accounts")?;
            let mut names = HashMap::new();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let name: String = row.get(2)?;
                if let Some(team_id) = row.get::<_, Option<String>>(1)? {
                    names.insert(team_id, name.clone());
                }
                names.insert(row.get(0)?, name);
            }
            Ok(names)
        })?;
        for entry in &mut entries {
            entry.subject_name = names.get(&entry.subject).cloned();
        }
        Ok(entries)
    }

    /// This cache's own trail, newest first.
    pub async fn local_log(self, limit: u32, offset: u32) -> Result<Vec<AuditEntry>> {
        let entries = self.cx.store.read(|conn| {
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
                    subject_name: None,
                    detail: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        self.named(entries)
    }
}

fn anchor_entry(data_dir: &std::path::Path) -> Result<String> {
    Ok(format!(
        "audit-anchor:{}",
        crate::paths::folder_id(data_dir)?
    ))
}

/// At open: the first time, the log's head becomes the anchor; from then on every write
/// that appends moves it.
pub(crate) async fn anchor(
    store: &Store,
    keychain: &Keychain,
    data_dir: &std::path::Path,
) -> Result<()> {
    let entry = anchor_entry(data_dir)?;
    if keychain.read(&entry).await?.is_none()
        && let Some(head) = store.read(audit_chain::head)?
    {
        keychain
            .store(&entry, zeroize::Zeroizing::new(head.encode()))
            .await?;
    }
    let keychain = keychain.clone();
    store.set_anchor(Box::new(move |head| {
        if let Err(err) = keychain.store_now(&entry, &head.encode()) {
            // The entry is committed; `audit verify` moves the anchor on later.
            tracing::error!(error = %err, "the audit anchor could not be moved");
        }
    }));
    Ok(())
}

#[cfg(feature = "test-support")]
impl AuditService<'_> {
    /// Tests only: runs SQL on the cache's file as someone with the key would, around the
    /// audit log (no entry, no anchor move) — to tamper with it.
    pub fn tamper_for_tests(self, sql: &str) -> Result<()> {
        self.cx.store.write(|tx| {
            tx.execute_batch(sql)?;
            audit_chain::take_appended();
            Ok(())
        })
    }

    /// Tests only: rehashes the whole log from its first entry, as a forger would.
    pub fn rehash_audit_for_tests(self) -> Result<()> {
        self.cx.store.write(|tx| {
            audit_chain::chain_unchained(tx)?;
            audit_chain::take_appended();
            Ok(())
        })
    }

    /// Tests only: the anchor as the OS keychain holds it.
    pub async fn audit_anchor_for_tests(self) -> Result<Option<(i64, String)>> {
        Ok(self
            .cx
            .keychain
            .read(&anchor_entry(self.cx.data_dir())?)
            .await?
            .and_then(|text| AuditHead::decode(&text))
            .map(|head| (head.id, head.hash)))
    }

    /// Tests only: puts the anchor back to `head`, as a crash right after an append would
    /// have left it.
    pub async fn set_audit_anchor_for_tests(self, id: i64, hash: &str) -> Result<()> {
        let head = AuditHead {
            id,
            hash: hash.to_owned(),
        };
        self.cx
            .keychain
            .store(
                &anchor_entry(self.cx.data_dir())?,
                zeroize::Zeroizing::new(head.encode()),
            )
            .await
    }
}
