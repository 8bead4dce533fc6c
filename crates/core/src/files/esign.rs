//! eSign from the officer's side: the account's document definitions (cached, so they
//! show offline), one PDF per definition uploaded with progress and checked against the
//! hash IDnow reports, and signed PDFs fetched into the encrypted cache.

use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

use idnow::DocumentDefinition;
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use crate::accounts::AccountService;
use crate::error::{Error, Result};
use crate::files::FileService;
use crate::identifications::IdentificationRef;
use crate::journal;
use crate::retention::RetentionService;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DefinitionView {
    pub identifier: String,
    pub name: String,
    pub optional: bool,
    pub version: Option<String>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub sort_order: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EsignDocumentView {
    pub identifier: String,
    pub file_name: String,
    /// SHA-256 of the bytes IdentDesk uploaded.
    pub sha256: String,
    /// What the signer sees: the first 12 hex digits in groups of four.
    pub display_hash: String,
    /// The hash IDnow reported; equal to `sha256` when the upload arrived intact.
    pub idnow_hash: Option<String>,
    /// IDnow's document status as sent (NEED_UPLOAD, UPLOADED, SIGNED, or a new one).
    pub status: String,
    #[specta(type = specta_typescript::Number)]
    pub size_bytes: u64,
    pub uploaded_at: String,
    pub signed_available: bool,
    /// Set when the upload went through but IDnow's confirmation that followed could not
    /// be read: the document is there, its hash unconfirmed.
    pub unconfirmed: Option<String>,
}

/// Called with (bytes sent, bytes in all).
pub type UploadProgress = Arc<dyn Fn(u64, u64) + Send + Sync>;

impl FileService<'_> {
    /// The account's definitions from IDnow, cached; from the cache when IDnow cannot be
    /// reached.
    pub async fn esign_definitions(self, account_id: &str) -> Result<Vec<DefinitionView>> {
        let account = AccountService::new(self.cx).account(account_id).await?;
        let source = self.cx.source(&account).await?;
        match source.esign_definitions().await {
            Ok(definitions) => {
                let now = self.cx.clock.now_text();
                self.cx.store.write(|tx| {
                    tx.execute("DELETE FROM esign_definitions WHERE account_id = ?1", [&account.id])?;
                    for definition in &definitions {
                        let json = serde_json::to_string(definition).map_err(|e| Error::Storage { message: e.to_string() })?;
                        tx.execute(
                            "INSERT INTO esign_definitions (account_id, identifier, json, fetched_at) VALUES (?1, ?2, ?3, ?4)",
                            (&account.id, &definition.identifier, &json, &now),
                        )?;
                    }
                    Ok(())
                })?;
                Ok(definitions.iter().map(view).collect())
            }
            Err(idnow::Error::Connect(_) | idnow::Error::Transport(_)) => {
                self.cached_definitions(&account.id)
            }
            Err(err) => Err(err.into()),
        }
    }

    fn cached_definitions(self, account_id: &str) -> Result<Vec<DefinitionView>> {
        self.cx.store.read(|conn| {
            let mut stmt =
                conn.prepare("SELECT json FROM esign_definitions WHERE account_id = ?1")?;
            let rows = stmt.query_map([account_id], |r| r.get::<_, String>(0))?;
            let mut definitions = Vec::new();
            for json in rows {
                if let Ok(definition) = serde_json::from_str::<DocumentDefinition>(&json?) {
                    definitions.push(view(&definition));
                }
            }
            definitions.sort_by_key(|d| (d.sort_order.unwrap_or(i64::MAX), d.identifier.clone()));
            Ok(definitions)
        })
    }

    /// Uploads `pdf` as the document `identifier` of the identification, then compares the
    /// hash IDnow reports with our own SHA-256. Non-PDFs are refused before sending.
    pub async fn upload_esign_document(
        self,
        ident: &IdentificationRef,
        identifier: &str,
        pdf: &Path,
        progress: Option<UploadProgress>,
    ) -> Result<EsignDocumentView> {
        let crate::context::gateways::AtIdnow {
            account,
            txn,
            source,
        } = self
            .cx
            .at_idnow(&ident.account_id, &ident.transaction_number)
            .await?;
        let (sha256, size) = file_sha256(pdf).await?;
        source
            .upload_esign_document(&txn, identifier, pdf, progress)
            .await?;
        // The upload is done here; what follows only confirms it. An answer that cannot
        // be read leaves the document uploaded, its hash unconfirmed — said so, not failed.
        let (info, unconfirmed) = match source.esign_document(&txn, identifier).await {
            Ok(info) => (info, None),
            Err(err) => {
                tracing::warn!(error = %err, "upload done, its confirmation unreadable");
                (
                    idnow::IdentificationDocumentInfo::default(),
                    Some(format!(
                        "Uploaded; IDnow's confirmation could not be read ({err}), so its hash is not confirmed. Check the document at IDnow before the person signs."
                    )),
                )
            }
        };
        let status = info
            .status
            .as_ref()
            .map_or_else(|| "UPLOADED".to_owned(), |s| s.as_str().to_owned());
        if let Some(theirs) = info
            .hash
            .as_deref()
            .filter(|h| !h.eq_ignore_ascii_case(&sha256))
        {
            return Err(Error::Integrity {
                message: format!(
                    "IDnow reports the hash {theirs} for {}, but the file's SHA-256 is {sha256}: the upload was changed on the way. Upload it again.",
                    pdf.display()
                ),
            });
        }
        let file_name = pdf
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            tx.execute(
                "INSERT INTO esign_documents (account_id, transaction_number, identifier, file_name, sha256, idnow_hash, status, size_bytes, uploaded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (account_id, transaction_number, identifier) DO UPDATE SET
                    file_name = excluded.file_name, sha256 = excluded.sha256, idnow_hash = excluded.idnow_hash,
                    status = excluded.status, size_bytes = excluded.size_bytes, uploaded_at = excluded.uploaded_at,
                    signed_pdf = NULL",
                (&account.id, txn.as_str(), identifier, &file_name, &sha256, &info.hash, &status, i64::try_from(size).unwrap_or(i64::MAX), &stamp.at),
            )?;
            journal::record_detail(tx, &stamp, "esign.uploaded", txn.as_str(), Some(&format!("{identifier} sha256:{sha256}")))
        })?;
        let mut document = self.esign_document(&account.id, txn.as_str(), identifier)?;
        document.unconfirmed = unconfirmed;
        Ok(document)
    }

    /// Fetches the signed PDF into the cache and, when `output` is given, writes it there.
    pub async fn fetch_signed_document(
        self,
        ident: &IdentificationRef,
        identifier: &str,
        output: Option<&Path>,
    ) -> Result<u64> {
        let crate::context::gateways::AtIdnow {
            account,
            txn,
            source,
        } = self
            .cx
            .at_idnow(&ident.account_id, &ident.transaction_number)
            .await?;
        RetentionService::new(self.cx).refuse_if_purged(ident)?;
        // Into memory (under the download limit), then the encrypted cache: a signed
        // contract never sits in a plain file unless the officer saves it.
        let bytes = source.signed_document(&txn, identifier).await?;
        if !bytes.starts_with(b"%PDF-") {
            return Err(Error::Gateway(idnow::Error::Untrusted(
                "IDnow's signed document is not a PDF; nothing was stored".into(),
            )));
        }
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            tx.execute(
                "UPDATE esign_documents SET signed_pdf = ?4, status = 'SIGNED'
                  WHERE account_id = ?1 AND transaction_number = ?2 AND identifier = ?3",
                (&account.id, txn.as_str(), identifier, bytes.as_ref()),
            )?;
            journal::record_detail(
                tx,
                &stamp,
                "esign.signed.fetched",
                txn.as_str(),
                Some(identifier),
            )
        })?;
        if let Some(output) = output {
            crate::files::private::write_private(output, &bytes)?;
        }
        Ok(bytes.len() as u64)
    }

    /// The identification's uploaded documents, from the cache.
    pub async fn esign_documents(
        self,
        ident: &IdentificationRef,
    ) -> Result<Vec<EsignDocumentView>> {
        self.cx.store.read(|conn| {
            let mut stmt = conn.prepare(&format!("SELECT {DOC_COLUMNS} FROM esign_documents WHERE account_id = ?1 AND transaction_number = ?2 ORDER BY identifier"))?;
            let rows = stmt.query_map((&ident.account_id, &ident.transaction_number), document_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn esign_document(
        self,
        account_id: &str,
        txn: &str,
        identifier: &str,
    ) -> Result<EsignDocumentView> {
        self.cx.store.read(|conn| {
            Ok(conn.query_row(
                &format!("SELECT {DOC_COLUMNS} FROM esign_documents WHERE account_id = ?1 AND transaction_number = ?2 AND identifier = ?3"),
                (account_id, txn, identifier),
                document_from_row,
            )?)
        })
    }
}

const DOC_COLUMNS: &str = "identifier, file_name, sha256, idnow_hash, status, size_bytes, uploaded_at, signed_pdf IS NOT NULL";

fn document_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EsignDocumentView> {
    let sha256: String = r.get(2)?;
    Ok(EsignDocumentView {
        identifier: r.get(0)?,
        file_name: r.get(1)?,
        display_hash: idnow::display_hash(&sha256),
        sha256,
        idnow_hash: r.get(3)?,
        status: r.get(4)?,
        size_bytes: u64::try_from(r.get::<_, i64>(5)?).unwrap_or_default(),
        uploaded_at: r.get(6)?,
        signed_available: r.get(7)?,
        unconfirmed: None,
    })
}

fn view(definition: &DocumentDefinition) -> DefinitionView {
    DefinitionView {
        identifier: definition.identifier.clone(),
        name: definition.name.clone(),
        optional: definition.optional,
        version: definition.version.clone(),
        sort_order: definition.sort_order,
    }
}

/// The file's SHA-256 and size, read in 64 KiB pieces.
async fn file_sha256(path: &Path) -> Result<(String, u64)> {
    let file_error =
        |e: std::io::Error| Error::Gateway(idnow::Error::File(format!("{}: {e}", path.display())));
    let mut file = tokio::fs::File::open(path).await.map_err(file_error)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let read = file.read(&mut buffer).await.map_err(file_error)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        size += read as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}
