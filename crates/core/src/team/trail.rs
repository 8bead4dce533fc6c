//! The team's audit trail from this machine: local actions (an export, a purge, an archive
//! fetched) go to it as the signed-in officer — kept in a local outbox with a request id
//! until the server has them, so one is never lost while the server is away nor recorded
//! twice — and the witness: the last (count, hash) this machine saw, kept in the OS
//! keychain, which the server's trail must still extend.

use identdesk_team::{ChainEntry, Witness, verify_chain};
use rusqlite::Transaction;

use crate::audit::{AuditEntry, AuditVerification};
use crate::core::{Core, Stamp};
use crate::error::Result;

use super::TeamLink;

/// How many entries are read per call when the chain is checked.
const PAGE: i32 = 5_000;

/// Local actions the team's trail records, by the name the server knows them under.
fn team_action(action: &str, detail: Option<&str>) -> Option<String> {
    Some(match action {
        "export.csv" => "export.csv".into(),
        "export.summary_pdf" => "export.pdf".into(),
        "export.overview" => "export.overview".into(),
        "export.chart" => "export.chart".into(),
        "identification.archive.fetched" => "archive.fetched".into(),
        "esign.uploaded" => "esign.uploaded".into(),
        "esign.signed.fetched" => "esign.signed.fetched".into(),
        "identification.deleted" => "identification.deleted".into(),
        // The team's trail knows purges by canceled, deleted and retention (unfinished ones
        // are a retention purge too).
        "identification.purged" => match detail {
            Some(reason @ ("canceled" | "deleted")) => format!("purge.{reason}"),
            _ => "purge.retention".to_owned(),
        },
        _ => return None,
    })
}

/// In the same transaction as the local entry: the action waits for the team's trail.
pub(crate) fn enqueue(
    tx: &Transaction<'_>,
    stamp: &Stamp,
    action: &str,
    subject: &str,
    detail: Option<&str>,
) -> Result<()> {
    if let Some(team_action) = team_action(action, detail) {
        tx.execute(
            "INSERT INTO team_trail_outbox (request_id, action, subject, detail, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            (
                uuid::Uuid::new_v4().to_string(),
                team_action,
                subject,
                detail.unwrap_or_default(),
                &stamp.at,
            ),
        )?;
    }
    Ok(())
}

impl Core {
    pub(crate) fn trail_waiting(&self) -> Result<u32> {
        self.store.read(|conn| {
            Ok(conn.query_row("SELECT count(*) FROM team_trail_outbox", [], |r| r.get(0))?)
        })
    }

    /// Sends the waiting local actions to the team's trail, oldest first.
    pub(crate) async fn flush_team_trail(&self, link: &TeamLink) -> Result<u32> {
        let waiting: Vec<(String, String, String, String)> = self.store.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT request_id, action, subject, detail FROM team_trail_outbox ORDER BY at, rowid",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        let mut sent = 0;
        for (request, action, subject, detail) in waiting {
            let id = uuid::Uuid::parse_str(&request).unwrap_or_else(|_| uuid::Uuid::new_v4());
            match link
                .workspace
                .record_action(id, &action, &subject, &detail)
                .await
            {
                Ok(()) => {}
                // The server will never take this one (an action it does not know): keeping
                // it would hold back every later one. The local trail has it.
                Err(identdesk_team::TeamError::Refused {
                    refusal: identdesk_team::Refusal::Invalid,
                    message,
                }) => tracing::warn!(%action, %message, "the team's trail refused a local action"),
                Err(err) => return Err(err.into()),
            }
            self.store.write(|tx| {
                tx.execute(
                    "DELETE FROM team_trail_outbox WHERE request_id = ?1",
                    [&request],
                )?;
                Ok(())
            })?;
            sent += 1;
        }
        Ok(sent)
    }

    /// Checks that the server's trail still extends this machine's witness (reading only
    /// what was added since), then moves the witness on. `first`: at joining, the trail is
    /// checked from its start.
    pub(crate) async fn check_team_trail(&self, first: bool) -> Result<super::TrailCheck> {
        let link = self.require_team().await?;
        let entry = self.team_entry("team-witness")?;
        let stored = self
            .keychain
            .read(&entry)
            .await?
            .and_then(|text| Witness::decode(&text));
        let witness = match (first, stored) {
            (false, Some(witness)) => witness,
            _ => Witness::genesis(),
        };
        let (check, verified) = self.extend_witness(&link, &witness).await?;
        if check.intact {
            self.keychain
                .store(&entry, zeroize::Zeroizing::new(verified.encode()))
                .await?;
        }
        Ok(check)
    }

    /// Whether the server's trail holds `witness` and continues it unbroken to its head.
    async fn extend_witness(
        &self,
        link: &TeamLink,
        witness: &Witness,
    ) -> Result<(super::TrailCheck, Witness)> {
        let head = link.workspace.audit_head().await?;
        let broken = |problem: String| {
            (
                super::TrailCheck {
                    entries: u64::try_from(head.count).unwrap_or_default(),
                    intact: false,
                    problem: Some(problem),
                },
                witness.clone(),
            )
        };
        if head.count < witness.count {
            return Ok(broken(format!(
                "The team's trail has {} entries, but this machine saw {}: entries were removed (by someone with the database's owner rights). Tell your administrator and your auditor.",
                head.count, witness.count
            )));
        }
        let mut from = witness.clone();
        let mut next = witness.count.max(1);
        if witness.count > 0 {
            let seen = link.workspace.audit_entries(witness.count, 1).await?;
            if seen.first().map(|e| e.hash.as_str()) != Some(witness.hash.as_str()) {
                return Ok(broken(format!(
                    "Entry {} of the team's trail is not the one this machine saw: the trail was rewritten. Tell your administrator and your auditor.",
                    witness.count
                )));
            }
            next = witness.count + 1;
        }
        loop {
            let page: Vec<ChainEntry> = link.workspace.audit_entries(next, PAGE).await?;
            let check = verify_chain(&from, &page);
            if let Some(problem) = check.problem {
                return Ok(broken(format!("The team's trail is broken: {problem}.")));
            }
            from = check.head;
            if page.len() < PAGE as usize {
                break;
            }
            next = from.count + 1;
        }
        Ok((
            super::TrailCheck {
                entries: u64::try_from(from.count).unwrap_or_default(),
                intact: true,
                problem: None,
            },
            from,
        ))
    }

    /// `audit verify` in a team workspace: the whole chain from its first entry, and this
    /// machine's witness in it.
    pub(crate) async fn verify_team_trail(&self, link: &TeamLink) -> Result<AuditVerification> {
        let (whole, _) = self.extend_witness(link, &Witness::genesis()).await?;
        let check = if whole.intact {
            self.check_team_trail(false).await?
        } else {
            whole
        };
        Ok(AuditVerification {
            entries: check.entries,
            intact: check.intact,
            first_broken_id: None,
            problem: check.problem,
        })
    }

    /// The team's trail, newest first, for the audit screen.
    pub(crate) async fn team_audit_log(
        &self,
        link: &TeamLink,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<AuditEntry>> {
        let entries = link
            .workspace
            .audit_newest(
                i32::try_from(limit).unwrap_or(i32::MAX),
                i32::try_from(offset).unwrap_or(i32::MAX),
            )
            .await?;
        Ok(entries
            .into_iter()
            .map(|e| AuditEntry {
                id: e.seq,
                at: e.at,
                actor: e.actor,
                action: e.action,
                subject: e.subject,
                detail: match (e.detail.is_empty(), e.note) {
                    (_, Some(note)) if !note.is_empty() => {
                        Some(format!("{} — note: {note}", e.detail))
                    }
                    (true, _) => None,
                    (false, _) => Some(e.detail),
                },
            })
            .collect())
    }
}
