//! The team's audit trail from this machine: local actions (an export, a purge, an archive
//! fetched) go to it as the signed-in officer — kept in a local outbox with a request id
//! until the server has them, so one is never lost while the server is away nor recorded
//! twice — and the witness: the last (count, hash) this machine saw, kept in the OS
//! keychain, which the server's trail must still extend.

use identdesk_team::{ChainEntry, Finding, KeyBook, Witness, verify_chain};
use rusqlite::OptionalExtension;

use crate::error::Result;
use crate::journal::AuditEntry;
use crate::store::audit_chain::AuditVerification;
use crate::team::TeamService;

use crate::context::team_slot::TeamLink;

/// How many entries are read per call when the chain is checked.
const PAGE: i32 = 5_000;

/// The officers' keys as this machine last checked the trail (JSON of `KeyBook`).
pub(crate) const KEY_BOOK_SETTING: &str = "team.keybook";
/// What the signature checks found, newest last (JSON; at most `FINDINGS_KEPT`).
pub(crate) const FINDINGS_SETTING: &str = "team.findings";
const FINDINGS_KEPT: usize = 200;

impl TeamService<'_> {
    pub(crate) fn trail_waiting(self) -> Result<u32> {
        self.cx.store.read(|conn| {
            Ok(conn.query_row("SELECT count(*) FROM team_trail_outbox", [], |r| r.get(0))?)
        })
    }

    /// Sends the waiting local actions to the team's trail, oldest first.
    pub(crate) async fn flush_team_trail(self, link: &TeamLink) -> Result<u32> {
        let waiting: Vec<(String, String, String, String)> = self.cx.store.read(|conn| {
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
            self.cx.store.write(|tx| {
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
    /// what was added since) and every signature in what was added, then moves the witness
    /// and the key book on. `first`: at joining, the trail is checked from its start.
    pub(crate) async fn check_team_trail(self, first: bool) -> Result<super::TrailCheck> {
        Ok(self.check_trail_and_keys(first).await?.0)
    }

    /// The check above, with the key book it left and whether its keys changed (a key
    /// registered, vouched or revoked since the last check).
    pub(crate) async fn check_trail_and_keys(
        self,
        first: bool,
    ) -> Result<(super::TrailCheck, KeyBook, bool)> {
        let link = self.require_team().await?;
        let entry = self.team_entry("team-witness")?;
        let stored = self
            .cx
            .keychain
            .read(&entry)
            .await?
            .and_then(|text| Witness::decode(&text));
        let witness = match (first, stored) {
            (false, Some(witness)) => witness,
            _ => Witness::genesis(),
        };
        let workspace = link.workspace.workspace_id().await?.to_string();
        let stored_book = self.key_book()?;
        let mut book = match &stored_book {
            Some(book) if !first && book.workspace == workspace && book.seq <= witness.count => {
                book.clone()
            }
            _ => KeyBook::new(&workspace),
        };
        let mut found = Vec::new();
        // A book behind the witness (first use of signatures here) catches up first.
        while book.seq < witness.count {
            let page = link.workspace.audit_entries(book.seq + 1, PAGE).await?;
            let Some(last) = page.last().map(|e| e.seq) else {
                break;
            };
            found.extend(book.apply(page.iter().filter(|e| e.seq <= witness.count)));
            if last >= witness.count || page.len() < PAGE as usize {
                break;
            }
        }
        let (mut check, verified) = self
            .extend_witness(&link, &witness, Some((&mut book, &mut found)))
            .await?;
        if check.intact {
            if verified != witness {
                self.cx
                    .keychain
                    .store(&entry, zeroize::Zeroizing::new(verified.encode()))
                    .await?;
            }
            // Written only when the trail moved on or showed something: a re-read that
            // found nothing new writes nothing.
            if stored_book.as_ref() != Some(&book) || !found.is_empty() {
                self.keep_key_book(&book, &found)?;
            }
        }
        check.signatures = self.team_findings()?;
        check.key_warnings = key_warnings(&book, &link);
        let keys_changed = stored_book.is_some_and(|b| b.keys != book.keys);
        Ok((check, book, keys_changed))
    }

    /// Whether the server's trail holds `witness` and continues it unbroken to its head;
    /// with a key book, every entry read is applied to it and what it shows is collected.
    async fn extend_witness(
        self,
        link: &TeamLink,
        witness: &Witness,
        mut book: Option<(&mut KeyBook, &mut Vec<Finding>)>,
    ) -> Result<(super::TrailCheck, Witness)> {
        let head = link.workspace.audit_head().await?;
        let broken = |problem: String| {
            (
                super::TrailCheck {
                    entries: u64::try_from(head.count).unwrap_or_default(),
                    intact: false,
                    problem: Some(problem),
                    signatures: Vec::new(),
                    key_warnings: Vec::new(),
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
            if let Some((book, found)) = book.as_mut() {
                found.extend(book.apply(&page));
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
                signatures: Vec::new(),
                key_warnings: Vec::new(),
            },
            from,
        ))
    }

    /// `audit verify` in a team workspace: the whole chain from its first entry, every
    /// signature in it against the keys it registered, no request signed twice, and this
    /// machine's witness in it.
    pub(crate) async fn verify_team_trail(self, link: &TeamLink) -> Result<AuditVerification> {
        let workspace = link.workspace.workspace_id().await?.to_string();
        let mut book = KeyBook::new(&workspace).with_replay_check();
        let mut found = Vec::new();
        let (whole, _) = self
            .extend_witness(link, &Witness::genesis(), Some((&mut book, &mut found)))
            .await?;
        let check = if whole.intact {
            self.check_team_trail(false).await?
        } else {
            whole
        };
        let tampering: Vec<String> = found
            .iter()
            .filter(|f| f.is_tampering())
            .map(Finding::describe)
            .collect();
        Ok(AuditVerification {
            entries: check.entries,
            intact: check.intact && tampering.is_empty(),
            first_broken_id: None,
            problem: check.problem.or_else(|| {
                tampering.first().map(|first| {
                    format!(
                        "The team's trail holds {} entr{} not signed by its officer; the first: {first}. Tell your administrator and your auditor.",
                        tampering.len(),
                        if tampering.len() == 1 { "y" } else { "ies" }
                    )
                })
            }),
        })
    }

    /// The key book and the findings, kept after a check that held.
    fn keep_key_book(self, book: &KeyBook, found: &[Finding]) -> Result<()> {
        let mut findings = self.stored_findings()?;
        for finding in found {
            if !findings.contains(finding) {
                findings.push(finding.clone());
            }
        }
        let excess = findings.len().saturating_sub(FINDINGS_KEPT);
        findings.drain(..excess);
        let book = serde_json::to_string(book).map_err(|e| crate::Error::Storage {
            message: e.to_string(),
        })?;
        let findings = serde_json::to_string(&findings).map_err(|e| crate::Error::Storage {
            message: e.to_string(),
        })?;
        self.cx.store.write(|tx| {
            crate::store::put_setting(tx, KEY_BOOK_SETTING, &book)?;
            crate::store::put_setting(tx, FINDINGS_SETTING, &findings)
        })
    }

    fn stored_findings(self) -> Result<Vec<Finding>> {
        Ok(self
            .setting(FINDINGS_SETTING)?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default())
    }

    /// What the signature checks found so far, as sentences.
    pub(crate) fn team_findings(self) -> Result<Vec<String>> {
        Ok(self
            .stored_findings()?
            .iter()
            .map(Finding::describe)
            .collect())
    }

    /// A setting of this folder.
    pub(crate) fn setting(self, key: &str) -> Result<Option<String>> {
        self.cx.store.read(|conn| {
            Ok(conn
                .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?)
        })
    }

    /// The team's trail, newest first, for the audit screen.
    pub(crate) async fn team_audit_log(
        self,
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
                subject_name: None,
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

/// Keys that change who an officer is: a key registered in this officer's name that this
/// computer does not hold, and an officer with more than one standing key.
fn key_warnings(book: &KeyBook, link: &TeamLink) -> Vec<String> {
    let mine = link.workspace.signer().map(identdesk_team::OfficerKey::id);
    let mut warnings: Vec<String> = book
        .keys_of(&link.officer)
        .filter(|k| Some(&k.key_id) != mine.as_ref())
        .map(|k| {
            format!(
                "A key you do not hold is registered in your name (key {}, trail entry {}): tell your administrator and your auditor.",
                k.key_id, k.registered_seq
            )
        })
        .collect();
    let mut officers: Vec<&str> = book.keys.values().map(|k| k.officer.as_str()).collect();
    officers.sort_unstable();
    officers.dedup();
    for officer in officers.into_iter().filter(|o| *o != link.officer) {
        let standing: Vec<_> = book.keys_of(officer).collect();
        if standing.len() > 1 {
            warnings.push(format!(
                "{officer} has {} keys: {}; compare fingerprints with {officer}.",
                standing.len(),
                standing
                    .iter()
                    .map(|k| format!(
                        "{} (registered in entry {}, {})",
                        k.key_id,
                        k.registered_seq,
                        k.vouched_by
                            .as_deref()
                            .map_or("not vouched".to_owned(), |by| format!("vouched by {by}"))
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    warnings
}
