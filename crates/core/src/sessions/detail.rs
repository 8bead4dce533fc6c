//! One session as the detail view shows it: status, outcome, last step, each data block
//! (known types as forms, unknown ones as a key/value tree, both beside the content kept
//! verbatim; deleted blocks with when this cache first saw them) and the files its blocks
//! point to, fetched from the vault when the officer opens one and kept inside the
//! encrypted cache with the archive's files.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::SessionService;
use super::row::KeptBlock;
use crate::accounts::account::Account;
use crate::error::{Error, Result};
use crate::files::AttachmentInfo;
use crate::identifications::IdentificationRef;
use crate::identifications::detail::KeyValue;
use crate::journal;
use crate::retention::RetentionService;
use crate::store::packed_json;

/// The block types IdentDesk shows as forms (contract §5); any other is a key/value tree.
pub const KNOWN_BLOCK_TYPES: &[&str] = &[
    "basicIdentity",
    "documentImages",
    "documentData",
    "documentVerification",
    "outcomeStatus",
    "credentials",
    "authenticationResult",
];

/// A session in the detail view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionDetail {
    pub account_id: String,
    pub account_name: String,
    pub session_id: String,
    pub subject_id: Option<String>,
    pub flow_id: Option<String>,
    pub flow_name: Option<String>,
    /// `outbox` while IDnow's answer to its creation is missing, else `created`.
    pub state: String,
    /// The session's status as IDnow sent it (`RUNNING`, `COMPLETED`, …).
    pub status: Option<String>,
    /// The outcome word it is listed and counted by (`ACCEPTED`, `EXPIRED`, …).
    pub result: Option<String>,
    pub is_final: bool,
    pub created_at: String,
    pub completed_at: Option<String>,
    pub expires_at: Option<String>,
    pub last_step: Option<LastStepView>,
    pub player_url: Option<String>,
    pub purged: bool,
    pub purge_reason: Option<String>,
    pub blocks: Vec<BlockView>,
    pub files: Vec<SessionFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LastStepView {
    pub step: String,
    pub description: Option<String>,
    pub verdict: Option<String>,
}

/// One data block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BlockView {
    pub block_id: String,
    pub block_type: String,
    /// A type IdentDesk shows as a form; the others as their key/value tree.
    pub known: bool,
    /// `STORED`, `DELETED` or what IDnow sent.
    pub status: String,
    pub step: Option<String>,
    pub created_at: Option<String>,
    pub first_seen_at: String,
    /// When this cache first saw IDnow mark it deleted.
    pub deleted_seen_at: Option<String>,
    /// Every leaf of the content, by its path (`verdict.status`), in IDnow's order.
    pub fields: Vec<KeyValue>,
    /// The content verbatim (pretty-printed JSON), `None` once deleted or purged.
    pub content_json: Option<String>,
}

/// A file a block points to in the vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionFile {
    pub vault_id: String,
    pub block_type: String,
    /// The field that points to it (`report`, `frontSide`, …).
    pub field: String,
    /// Fetched already (then `attachments` lists it under `vault_id`).
    pub stored: bool,
}

impl SessionService<'_> {
    /// A session with its blocks and files, from the cache.
    pub async fn detail(self, session: &IdentificationRef) -> Result<SessionDetail> {
        let account = Account::by_id(&self.cx.store, &session.account_id)?;
        let flows = self.kept_flows(&account.id)?;
        let mut detail = self.cx.store.read(|conn| {
            let row = conn
                .query_row(
                    "SELECT transaction_number, subject_id, flow_id, state, session_status, result, result_final,
                            created_at, purged_at, purge_reason, links_json
                       FROM identifications WHERE account_id = ?1 AND transaction_number = ?2 AND flow_id IS NOT NULL",
                    (&session.account_id, &session.transaction_number),
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, Option<String>>(1)?,
                            r.get::<_, Option<String>>(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, Option<String>>(4)?,
                            r.get::<_, Option<String>>(5)?,
                            r.get::<_, i64>(6)? != 0,
                            r.get::<_, String>(7)?,
                            r.get::<_, Option<String>>(8)?,
                            r.get::<_, Option<String>>(9)?,
                            r.get::<_, Option<String>>(10)?,
                        ))
                    },
                )
                .optional()?
                .ok_or_else(|| Error::NotFound {
                    what: "Session",
                    id: session.transaction_number.clone(),
                })?;
            let (id, subject_id, flow_id, state, status, result, is_final, created_at, purged_at, purge_reason, links) = row;
            let fetched: Option<idnow_trust::Session> = conn
                .query_row(
                    "SELECT raw_json_deflated FROM results WHERE account_id = ?1 AND transaction_number = ?2",
                    (&session.account_id, &id),
                    |r| r.get::<_, Vec<u8>>(0),
                )
                .optional()?
                .and_then(|packed| packed_json::unpack(&packed).ok())
                .and_then(|json| idnow_trust::Session::decode(json.as_bytes()).ok());
            let player_url = links
                .and_then(|l| serde_json::from_str::<Value>(&l).ok())
                .and_then(|l| l.get("playerUrl").and_then(Value::as_str).map(str::to_owned));
            let blocks = blocks_of(conn, &session.account_id, &id)?;
            let files = files_in(conn, &session.account_id, &id, &blocks)?;
            Ok(SessionDetail {
                account_id: session.account_id.clone(),
                account_name: account.name.clone(),
                session_id: id,
                subject_id,
                flow_name: None,
                flow_id,
                state,
                status,
                result,
                is_final,
                created_at,
                completed_at: fetched.as_ref().and_then(|s| s.completed_at.clone()),
                expires_at: fetched.as_ref().and_then(|s| s.expires_at.clone()),
                last_step: fetched.and_then(|s| s.last_step).map(|l| LastStepView {
                    step: l.step,
                    description: l.description,
                    verdict: l.verdict,
                }),
                player_url,
                purged: purged_at.is_some(),
                purge_reason,
                blocks,
                files,
            })
        })?;
        detail.flow_name = flows
            .into_iter()
            .find(|f| Some(&f.id) == detail.flow_id.as_ref())
            .map(|f| f.name);
        Ok(detail)
    }

    /// A file of the session's vault: fetched on first opening (under the account's
    /// download cap) and kept in the encrypted cache; only a file the session's blocks
    /// point to, and none of a session whose personal data was purged.
    pub async fn file(self, session: &IdentificationRef, vault_id: &str) -> Result<AttachmentInfo> {
        // A purged session says so (its blocks, and so its file references, are gone).
        RetentionService::new(self.cx).refuse_if_purged(session)?;
        // Only the blocks' file references: the whole detail (its raw JSON, the flows) is
        // not needed to find one.
        let id = &session.transaction_number;
        let files = self.cx.store.read(|conn| {
            let blocks = blocks_of(conn, &session.account_id, id)?;
            files_in(conn, &session.account_id, id, &blocks)
        })?;
        let Some(file) = files.iter().find(|f| f.vault_id == vault_id) else {
            return Err(Error::NotFound {
                what: "File of this session",
                id: vault_id.to_owned(),
            });
        };
        if !file.stored {
            let account = Account::by_id(&self.cx.store, &session.account_id)?;
            let client = self.cx.platform(&account).await?;
            let fetched = client.file(vault_id).await?;
            let media_type = media_type(fetched.media_type.as_deref(), &fetched.bytes);
            let stamp = self.cx.stamp();
            self.cx.store.write(|tx| {
                tx.execute(
                    "INSERT INTO attachments (account_id, transaction_number, name, media_type, bytes)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (account_id, transaction_number, name) DO NOTHING",
                    (&session.account_id, id, vault_id, &media_type, fetched.bytes.as_ref()),
                )?;
                journal::record_detail(tx, &stamp, "session.file.fetched", id, Some(vault_id))
            })?;
        }
        self.cx.store.read(|conn| {
            Ok(conn.query_row(
                "SELECT media_type, length(bytes) FROM attachments WHERE account_id = ?1 AND transaction_number = ?2 AND name = ?3",
                (&session.account_id, id, vault_id),
                |r| {
                    Ok(AttachmentInfo {
                        name: vault_id.to_owned(),
                        media_type: r.get(0)?,
                        size_bytes: u64::try_from(r.get::<_, i64>(1)?).unwrap_or_default(),
                        covered_by_signature: false,
                    })
                },
            )?)
        })
    }
}

/// The file's type: what the file host said, unless the bytes say otherwise (a presigned
/// host often answers `application/octet-stream`).
fn media_type(sent: Option<&str>, bytes: &[u8]) -> String {
    let sniffed = if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    };
    let sent = sent
        .map(|t| t.split(';').next().unwrap_or(t).trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty() && t != "application/octet-stream");
    match (sniffed, sent) {
        (Some(sniffed), _) => sniffed.to_owned(),
        (None, Some(sent)) => sent,
        (None, None) => "application/octet-stream".to_owned(),
    }
}

fn blocks_of(
    conn: &rusqlite::Connection,
    account_id: &str,
    session_id: &str,
) -> Result<Vec<BlockView>> {
    let mut stmt = conn.prepare(
        "SELECT block_id, block_type, status, raw_json, first_seen_at, deleted_seen_at
           FROM session_blocks WHERE account_id = ?1 AND transaction_number = ?2 ORDER BY rowid",
    )?;
    let rows = stmt.query_map((account_id, session_id), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut blocks = Vec::new();
    for row in rows {
        let (block_id, block_type, status, raw, first_seen_at, deleted_seen_at) = row?;
        let kept: Option<KeptBlock> = serde_json::from_str(&raw).ok();
        let deleted = status == "DELETED";
        let content = kept
            .as_ref()
            .and_then(|k| k.content.clone())
            .filter(|_| !deleted);
        let mut fields = Vec::new();
        if let Some(content) = &content {
            flatten("", content, &mut fields);
        }
        blocks.push(BlockView {
            known: KNOWN_BLOCK_TYPES.contains(&block_type.as_str()),
            block_id,
            block_type,
            status,
            step: kept.as_ref().and_then(|k| k.step.clone()),
            created_at: kept.as_ref().and_then(|k| k.created_at.clone()),
            first_seen_at,
            deleted_seen_at,
            fields,
            content_json: content.and_then(|c| serde_json::to_string_pretty(&c).ok()),
        });
    }
    Ok(blocks)
}

fn stored_file_names(
    conn: &rusqlite::Connection,
    account_id: &str,
    session_id: &str,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM attachments WHERE account_id = ?1 AND transaction_number = ?2",
    )?;
    let rows = stmt.query_map((account_id, session_id), |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
}

/// The vault files a block points to, with the field that points to each.
/// The vault files the session's blocks point to, each marked stored when the cache has it.
fn files_in(
    conn: &rusqlite::Connection,
    account_id: &str,
    session_id: &str,
    blocks: &[BlockView],
) -> Result<Vec<SessionFile>> {
    let stored = stored_file_names(conn, account_id, session_id)?;
    Ok(blocks.iter().flat_map(|b| files_of(b, &stored)).collect())
}

fn files_of(block: &BlockView, stored: &[String]) -> Vec<SessionFile> {
    let Some(content) = block
        .content_json
        .as_deref()
        .and_then(|c| serde_json::from_str::<Value>(c).ok())
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    vault_refs("", &content, &mut found);
    found
        .into_iter()
        .map(|(field, vault_id)| SessionFile {
            stored: stored.contains(&vault_id),
            vault_id,
            block_type: block.block_type.clone(),
            field,
        })
        .collect()
}

fn vault_refs(path: &str, value: &Value, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            if fields.get("$ref").and_then(Value::as_str) == Some("vault")
                && let Some(id) = fields.get("$id").and_then(Value::as_str)
            {
                found.push((path.to_owned(), id.to_owned()));
                return;
            }
            for (key, field) in fields {
                vault_refs(&join(path, key), field, found);
            }
        }
        Value::Array(items) => {
            for (place, item) in items.iter().enumerate() {
                vault_refs(&join(path, &place.to_string()), item, found);
            }
        }
        _ => {}
    }
}

/// Every leaf of a JSON value by its dotted path; a vault reference is one leaf.
fn flatten(path: &str, value: &Value, into: &mut Vec<KeyValue>) {
    match value {
        Value::Object(fields) if fields.get("$ref").and_then(Value::as_str) == Some("vault") => {
            into.push(KeyValue {
                key: path.to_owned(),
                value: format!(
                    "file {}",
                    fields.get("$id").and_then(Value::as_str).unwrap_or("?")
                ),
            });
        }
        Value::Object(fields) => {
            for (key, field) in fields {
                flatten(&join(path, key), field, into);
            }
        }
        Value::Array(items) => {
            for (place, item) in items.iter().enumerate() {
                flatten(&join(path, &place.to_string()), item, into);
            }
        }
        Value::String(text) => into.push(KeyValue {
            key: path.to_owned(),
            value: text.clone(),
        }),
        Value::Null => into.push(KeyValue {
            key: path.to_owned(),
            value: String::new(),
        }),
        other => into.push(KeyValue {
            key: path.to_owned(),
            value: other.to_string(),
        }),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blocks_leaves_are_listed_by_path_and_a_vault_reference_is_one_file() {
        let content = serde_json::json!({
            "verdict": {"status": "VERIFIED", "reason": null},
            "issues": ["a", 2],
            "report": {"$ref": "vault", "$id": "file_1"}
        });
        let mut fields = Vec::new();
        flatten("", &content, &mut fields);
        let pairs: Vec<(String, String)> = fields.into_iter().map(|f| (f.key, f.value)).collect();
        assert!(pairs.contains(&("verdict.status".into(), "VERIFIED".into())));
        assert!(pairs.contains(&("issues.1".into(), "2".into())));
        assert!(pairs.contains(&("report".into(), "file file_1".into())));
        let mut refs = Vec::new();
        vault_refs("", &content, &mut refs);
        assert_eq!(refs, vec![("report".to_owned(), "file_1".to_owned())]);
    }

    #[test]
    fn a_files_type_comes_from_its_bytes_before_a_generic_header() {
        assert_eq!(
            media_type(Some("application/octet-stream"), b"%PDF-1.7"),
            "application/pdf"
        );
        assert_eq!(media_type(None, &[0xFF, 0xD8, 0xFF, 0xE0]), "image/jpeg");
        assert_eq!(media_type(Some("image/webp; q=1"), b"RIFF"), "image/webp");
        assert_eq!(media_type(None, b"??"), "application/octet-stream");
    }
}
