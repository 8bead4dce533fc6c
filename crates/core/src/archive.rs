//! The result archive: downloaded, its files (report, XML, images, audio, signed PDFs)
//! unpacked into the encrypted cache, and its XML signature verified when the account's
//! public key is known (the sandbox publishes its own; IDnow's is set per account). Only
//! when the officer asks is the ZIP written outside the cache.

use std::io::Read;
use std::path::Path;

use idnow::{Environment, TransactionNumber};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use rusqlite::OptionalExtension;

use crate::audit;
use crate::core::Core;
use crate::error::{Error, Result};
use crate::identifications::IdentificationRef;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    pub name: String,
    pub media_type: String,
    pub size_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveReport {
    pub files: Vec<AttachmentInfo>,
    /// Whether the result XML's signature verified; `None` when no key is known or the
    /// archive holds no signature.
    pub signature_valid: Option<bool>,
}

impl Core {
    /// Downloads the result archive into the cache; with `output`, also writes the ZIP there.
    pub async fn fetch_archive(
        &self,
        ident: &IdentificationRef,
        output: Option<&Path>,
    ) -> Result<ArchiveReport> {
        let account = self.account(&ident.account_id).await?;
        let txn = TransactionNumber::parse(&ident.transaction_number)?;
        let client = self.client(&account).await?;
        let scratch = self
            .data_dir()
            .join(format!(".archive-{}.part", uuid::Uuid::new_v4().simple()));
        let downloaded = client.download_result_archive(&txn, &scratch).await;
        let bytes = match downloaded {
            Ok(_) => std::fs::read(&scratch).map_err(|e| Error::Storage {
                message: e.to_string(),
            }),
            Err(err) => Err(err.into()),
        };
        let _ = std::fs::remove_file(&scratch);
        let bytes = bytes?;
        if let Some(output) = output {
            std::fs::write(output, &bytes).map_err(|e| {
                Error::Gateway(idnow::Error::File(format!("{}: {e}", output.display())))
            })?;
        }
        let files = unzip(&bytes)?;
        let key = self.result_signing_key(&account.id, account.environment)?;
        let signature_valid = key.and_then(|pem| verify_xml(&files, txn.as_str(), &pem));
        let stamp = self.stamp();
        let infos: Vec<AttachmentInfo> = files
            .iter()
            .map(|(name, data)| AttachmentInfo {
                name: name.clone(),
                media_type: media_type(name).to_owned(),
                size_bytes: data.len() as u64,
            })
            .collect();
        self.store.write(|tx| {
            tx.execute("DELETE FROM attachments WHERE account_id = ?1 AND transaction_number = ?2", (&account.id, txn.as_str()))?;
            for (name, data) in &files {
                tx.execute(
                    "INSERT INTO attachments (account_id, transaction_number, name, media_type, bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
                    (&account.id, txn.as_str(), name, media_type(name), data),
                )?;
            }
            let detail = match signature_valid {
                Some(true) => "signature valid",
                Some(false) => "signature INVALID",
                None => "signature not checked",
            };
            audit::record_detail(tx, &stamp, "identification.archive.fetched", txn.as_str(), Some(detail))
        })?;
        if signature_valid == Some(false) {
            return Err(Error::Integrity {
                message: "The result XML's signature does not verify with the account's public key: the archive may have been altered. It was stored for inspection; do not rely on it.".into(),
            });
        }
        Ok(ArchiveReport {
            files: infos,
            signature_valid,
        })
    }

    /// Names and sizes of the files stored from the archive.
    pub async fn attachments(&self, ident: &IdentificationRef) -> Result<Vec<AttachmentInfo>> {
        self.store.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT name, media_type, length(bytes) FROM attachments WHERE account_id = ?1 AND transaction_number = ?2 ORDER BY name",
            )?;
            let rows = stmt.query_map((&ident.account_id, &ident.transaction_number), |r| {
                Ok(AttachmentInfo { name: r.get(0)?, media_type: r.get(1)?, size_bytes: u64::try_from(r.get::<_, i64>(2)?).unwrap_or_default() })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// One stored file's media type and bytes (for the image and audio viewer).
    pub async fn attachment(
        &self,
        ident: &IdentificationRef,
        name: &str,
    ) -> Result<(String, Vec<u8>)> {
        let (account_id, txn) = (ident.account_id.as_str(), ident.transaction_number.as_str());
        self.store
            .read(|conn| {
                Ok(conn
                    .query_row(
                        "SELECT media_type, bytes FROM attachments WHERE account_id = ?1 AND transaction_number = ?2 AND name = ?3",
                        (account_id, txn, name),
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?)
            })?
            .ok_or_else(|| Error::NotFound { what: "Attachment", id: name.to_owned() })
    }

    /// Sets the PEM public key that verifies this account's result XML (IDnow publishes it).
    pub async fn set_result_signing_key(&self, account_id: &str, pem: &str) -> Result<()> {
        let account = self.account(account_id).await?;
        rsa::PublicKey::from_public_key_pem(pem.trim())
            .map_err(|e| Error::invalid("publicKey", format!("This is not a PEM public key ({e}); paste the whole -----BEGIN PUBLIC KEY----- block.")))?;
        let stamp = self.stamp();
        self.store.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (format!("xml_key:{}", account.id), pem.trim()),
            )?;
            audit::record(tx, &stamp, "account.signing_key.set", &account.id)
        })
    }

    fn result_signing_key(
        &self,
        account_id: &str,
        environment: Environment,
    ) -> Result<Option<String>> {
        let configured: Option<String> = self.store.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    [format!("xml_key:{account_id}")],
                    |r| r.get(0),
                )
                .optional()?)
        })?;
        Ok(configured.or_else(|| builtin_sandbox_key(environment)))
    }
}

/// Every file of the archive, by name.
fn unzip(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    let invalid = |e: zip::result::ZipError| {
        Error::Gateway(idnow::Error::Decode(format!(
            "the result archive is not a readable ZIP: {e}"
        )))
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(invalid)?;
    let mut files = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).map_err(invalid)?;
        if file.is_dir() {
            continue;
        }
        // Only the base name: an entry may not place itself anywhere else.
        let entry = file.name().map_err(invalid)?.into_owned();
        let name = Path::new(&entry)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut data = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
        file.read_to_end(&mut data)
            .map_err(|e| Error::Gateway(idnow::Error::Decode(e.to_string())))?;
        files.push((name, data));
    }
    Ok(files)
}

/// `Some(valid)` when the archive has `<txn>.xml` and `<txn>.sig` and the key parses.
fn verify_xml(files: &[(String, Vec<u8>)], txn: &str, pem: &str) -> Option<bool> {
    let find = |name: String| {
        files
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
            .map(|(_, d)| d)
    };
    let xml = find(format!("{txn}.xml"))?;
    let sig = find(format!("{txn}.sig"))?;
    let key = rsa::PublicKey::from_public_key_pem(pem.trim()).ok()?;
    let verifier = VerifyingKey::<rsa::sha2::Sha512>::new(key);
    let valid = Signature::try_from(sig.as_slice())
        .is_ok_and(|signature| verifier.verify(xml, &signature).is_ok());
    Some(valid)
}

fn media_type(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    match lower.rsplit('.').next().unwrap_or_default() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "wav" => "audio/wav",
        "mp3" => "audio/mpeg",
        "xml" => "application/xml",
        "json" => "application/json",
        "sig" => "application/octet-stream",
        _ => "application/octet-stream",
    }
}

/// The built-in sandbox signs its result XML with a key of its own, known here.
fn builtin_sandbox_key(environment: Environment) -> Option<String> {
    #[cfg(feature = "builtin-sandbox")]
    if environment == Environment::Sandbox {
        return Some(idnow_sandbox::PUBLIC_KEY_PEM.to_owned());
    }
    let _ = environment;
    None
}
