//! The result archive: downloaded into memory (never a plain file: it holds the person's
//! images and voice) under the account's size limit, checked entry by entry without
//! trusting what the ZIP says of itself, its XML signature verified when the account has
//! IDnow's key, then each file streamed into the encrypted cache. Only when the officer
//! asks, and only after every check passed, is the ZIP written outside the cache
//! (owner-only).
//!
//! A hostile archive ends in a clear error with nothing stored: too many entries, an entry
//! or a total past the limits (a deflate bomb is counted into nowhere before anything is
//! kept, so memory stays at the archive's own size), the same name twice, a name that is
//! no file.

use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::Path;

use idnow::Environment;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use rusqlite::{MAIN_DB, OptionalExtension};

use crate::error::{Error, Result};
use crate::files::FileService;
use crate::files::private::write_private;
use crate::identifications::IdentificationRef;
use crate::journal;
use crate::retention::RetentionService;

/// What an archive may hold. IDnow's archives have about ten files; a video is the largest.
#[derive(Debug, Clone, Copy)]
pub struct ArchiveLimits {
    pub entries: usize,
    pub entry_bytes: u64,
    pub total_bytes: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        Self {
            entries: 64,
            entry_bytes: 512 * 1024 * 1024,
            total_bytes: 1024 * 1024 * 1024,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentInfo {
    pub name: String,
    pub media_type: String,
    #[specta(type = specta_typescript::Number)]
    pub size_bytes: u64,
    /// The verified signature covers this file (only the result XML it signs).
    pub covered_by_signature: bool,
}

/// What the archive's signature says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum ArchiveSignature {
    /// The result XML verifies with the account's key (it covers the XML, not the media).
    Verified,
    /// The account has no key to check with.
    Unchecked,
}

impl ArchiveSignature {
    fn as_str(self) -> &'static str {
        match self {
            ArchiveSignature::Verified => "verified",
            ArchiveSignature::Unchecked => "unchecked",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveReport {
    pub files: Vec<AttachmentInfo>,
    pub signature: ArchiveSignature,
}

/// One file of the archive, as counted (never as the ZIP claims).
struct Entry {
    index: usize,
    name: String,
    size: u64,
}

impl FileService<'_> {
    /// Downloads the result archive into the cache; with `output`, also writes the ZIP there.
    pub async fn fetch_archive(
        self,
        ident: &IdentificationRef,
        output: Option<&Path>,
    ) -> Result<ArchiveReport> {
        let crate::context::gateways::AtIdnow {
            account,
            txn,
            source,
        } = self
            .cx
            .at_idnow(&ident.account_id, &ident.transaction_number)
            .await?;
        RetentionService::new(self.cx).refuse_if_purged(ident)?;
        let bytes = source.result_archive(&txn).await?;
        let entries = inspect(&bytes, &ArchiveLimits::default())?;
        let signature = match self.result_signing_key(&account.id, account.environment)? {
            Some(pem) => {
                check_signature(&bytes, &entries, txn.as_str(), &pem)?;
                ArchiveSignature::Verified
            }
            None => ArchiveSignature::Unchecked,
        };
        let xml_name = format!("{txn}.xml");
        let covered = |name: &str| {
            signature == ArchiveSignature::Verified && name.eq_ignore_ascii_case(&xml_name)
        };
        let infos: Vec<AttachmentInfo> = entries
            .iter()
            .map(|entry| AttachmentInfo {
                name: entry.name.clone(),
                media_type: media_type(&entry.name).to_owned(),
                size_bytes: entry.size,
                covered_by_signature: covered(&entry.name),
            })
            .collect();
        let stamp = self.cx.stamp();
        crate::blocking::off_the_runtime(|| {
            self.cx.store.write(|tx| {
                let key = (&account.id, txn.as_str());
                tx.execute("DELETE FROM attachments WHERE account_id = ?1 AND transaction_number = ?2", key)?;
                let mut archive = open_zip(&bytes)?;
                for (entry, info) in entries.iter().zip(&infos) {
                    tx.execute(
                        "INSERT INTO attachments (account_id, transaction_number, name, media_type, bytes, covered_by_signature)
                         VALUES (?1, ?2, ?3, ?4, zeroblob(?5), ?6)",
                        (&account.id, txn.as_str(), &entry.name, &info.media_type, entry.size as i64, info.covered_by_signature),
                    )?;
                    // Straight from the ZIP into the encrypted page: no copy of the file in memory.
                    let mut blob = tx.blob_open(MAIN_DB, "attachments", "bytes", tx.last_insert_rowid(), false)?;
                    let mut file = archive.by_index(entry.index).map_err(unreadable)?;
                    let copied = std::io::copy(&mut (&mut file).take(entry.size), &mut blob).map_err(|e| unreadable_io(&e))?;
                    if copied != entry.size {
                        return Err(untrusted(format!("{} changed its size between two readings", entry.name)));
                    }
                    blob.flush().map_err(|e| unreadable_io(&e))?;
                }
                tx.execute(
                    "UPDATE identifications SET archive_signature = ?3 WHERE account_id = ?1 AND transaction_number = ?2",
                    (&account.id, txn.as_str(), signature.as_str()),
                )?;
                let detail = format!("{} files, signature {}", entries.len(), signature.as_str());
                journal::record_detail(tx, &stamp, "identification.archive.fetched", txn.as_str(), Some(&detail))
            })
        })?;
        if let Some(output) = output {
            write_private(output, &bytes)?;
        }
        Ok(ArchiveReport {
            files: infos,
            signature,
        })
    }

    /// Names and sizes of the files stored from the archive.
    pub async fn attachments(self, ident: &IdentificationRef) -> Result<Vec<AttachmentInfo>> {
        self.cx.store.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT name, media_type, length(bytes), covered_by_signature FROM attachments
                  WHERE account_id = ?1 AND transaction_number = ?2 ORDER BY name",
            )?;
            let rows = stmt.query_map((&ident.account_id, &ident.transaction_number), |r| {
                Ok(AttachmentInfo {
                    name: r.get(0)?,
                    media_type: r.get(1)?,
                    size_bytes: u64::try_from(r.get::<_, i64>(2)?).unwrap_or_default(),
                    covered_by_signature: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// One stored file's media type and bytes (for the image and audio viewer).
    pub async fn attachment(
        self,
        ident: &IdentificationRef,
        name: &str,
    ) -> Result<(String, Vec<u8>)> {
        self.cx.store
            .read(|conn| {
                Ok(conn
                    .query_row(
                        "SELECT media_type, bytes FROM attachments WHERE account_id = ?1 AND transaction_number = ?2 AND name = ?3",
                        (&ident.account_id, &ident.transaction_number, name),
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?)
            })?
            .ok_or_else(|| Error::NotFound { what: "Attachment", id: name.to_owned() })
    }

    /// The key that verifies this account's result XML: the one set for it, else (for the
    /// built-in sandbox) the sandbox's own.
    pub(crate) fn result_signing_key(
        self,
        account_id: &str,
        environment: Environment,
    ) -> Result<Option<String>> {
        let configured: Option<String> = self.cx.store.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT xml_signing_key FROM accounts WHERE id = ?1",
                    [account_id],
                    |r| r.get(0),
                )
                .optional()?
                .flatten())
        })?;
        Ok(configured.or_else(|| builtin_sandbox_key(environment)))
    }
}

/// Every file of the archive, counted by decompressing it into nowhere (no memory beyond
/// the archive itself), within `limits`; the names as plain file names, each once.
fn inspect(bytes: &[u8], limits: &ArchiveLimits) -> Result<Vec<Entry>> {
    let mut archive = open_zip(bytes)?;
    if archive.len() > limits.entries {
        return Err(untrusted(format!(
            "the result archive has {} entries; an IDnow archive has about ten (limit {})",
            archive.len(),
            limits.entries
        )));
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut total = 0u64;
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).map_err(unreadable)?;
        if file.is_dir() {
            continue;
        }
        let raw_name = file.name().map_err(unreadable)?.into_owned();
        // Only the base name: an entry may not place itself anywhere else.
        let name = Path::new(&raw_name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty() && n != "." && n != "..")
            .ok_or_else(|| {
                untrusted(format!(
                    "an entry of the result archive has no file name ({raw_name:?})"
                ))
            })?;
        if entries.iter().any(|e| e.name.eq_ignore_ascii_case(&name)) {
            return Err(untrusted(format!(
                "the result archive holds {name} twice; which one IDnow meant cannot be told"
            )));
        }
        // The header's sizes are not trusted: count what really comes out, and stop one
        // byte past the limit.
        let allowed = limits.entry_bytes.min(limits.total_bytes - total);
        let size = std::io::copy(&mut (&mut file).take(allowed + 1), &mut std::io::sink())
            .map_err(|e| unreadable_io(&e))?;
        if size > allowed {
            return Err(untrusted(format!(
                "{name} in the result archive unpacks to more than {} (a file this large is no IDnow result; it may be a decompression bomb)",
                idnow::human_bytes(allowed)
            )));
        }
        total += size;
        entries.push(Entry { index, name, size });
    }
    Ok(entries)
}

/// The result XML and its signature are read into memory to verify; they are small.
const SIGNED_PART_BYTES: u64 = 16 * 1024 * 1024;

/// With a key: the result XML and its `.sig` must both be there and verify.
fn check_signature(bytes: &[u8], entries: &[Entry], txn: &str, pem: &str) -> Result<()> {
    let mut archive = open_zip(bytes)?;
    let mut read = |wanted: String| -> Result<Option<Vec<u8>>> {
        let Some(entry) = entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(&wanted))
        else {
            return Ok(None);
        };
        if entry.size > SIGNED_PART_BYTES {
            return Err(untrusted(format!(
                "{wanted} is larger than {}; a result XML or signature is far smaller",
                idnow::human_bytes(SIGNED_PART_BYTES)
            )));
        }
        let mut data = Vec::with_capacity(usize::try_from(entry.size).unwrap_or(0));
        archive
            .by_index(entry.index)
            .map_err(unreadable)?
            .take(entry.size)
            .read_to_end(&mut data)
            .map_err(|e| unreadable_io(&e))?;
        Ok(Some(data))
    };
    let refused = |problem: &str| Error::Integrity {
        message: format!(
            "The result archive's signature {problem}: the result may have been altered on the way. Nothing was stored; fetch it again, and if this persists ask IDnow."
        ),
    };
    let xml = read(format!("{txn}.xml"))?
        .ok_or_else(|| refused("cannot be checked: the archive has no result XML"))?;
    let sig = read(format!("{txn}.sig"))?
        .ok_or_else(|| refused("is missing (no .sig beside the result XML)"))?;
    let key = rsa::PublicKey::from_public_key_pem(pem.trim()).map_err(|e| {
        Error::invalid(
            "signingKey",
            format!(
                "The account's signing key is not a PEM public key ({e}); set it again in Accounts."
            ),
        )
    })?;
    let verifier = VerifyingKey::<rsa::sha2::Sha512>::new(key);
    let valid = Signature::try_from(sig.as_slice())
        .is_ok_and(|signature| verifier.verify(&xml, &signature).is_ok());
    if valid {
        Ok(())
    } else {
        Err(refused("does not verify with the account's key"))
    }
}

fn open_zip(bytes: &[u8]) -> Result<zip::ZipArchive<std::io::Cursor<&[u8]>>> {
    zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(unreadable)
}

fn untrusted(reason: String) -> Error {
    Error::Gateway(idnow::Error::Untrusted(reason))
}

fn unreadable(e: zip::result::ZipError) -> Error {
    untrusted(format!("the result archive is not a readable ZIP ({e})"))
}

fn unreadable_io(e: &std::io::Error) -> Error {
    untrusted(format!("the result archive could not be unpacked ({e})"))
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

fn media_type(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    match lower.rsplit('.').next().unwrap_or_default() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "wav" => "audio/wav",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "xml" => "application/xml",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(files: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, bytes) in files {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn entries_are_counted_not_believed_and_kept_to_their_base_names() {
        let bytes = zip_of(
            &[("a/../t.xml", b"<x/>"), ("t_face.jpg", &[1, 2, 3])],
            zip::CompressionMethod::Deflated,
        );
        let entries = inspect(&bytes, &ArchiveLimits::default()).unwrap();
        let names: Vec<(&str, u64)> = entries.iter().map(|e| (e.name.as_str(), e.size)).collect();
        assert_eq!(names, [("t.xml", 4), ("t_face.jpg", 3)]);
    }

    #[test]
    fn a_deflate_bomb_is_refused_before_it_is_kept() {
        let zeros = vec![0u8; 64 * 1024 * 1024];
        let bytes = zip_of(&[("t.xml", &zeros)], zip::CompressionMethod::Deflated);
        assert!(
            bytes.len() < 1024 * 1024,
            "a bomb: small outside, large inside"
        );
        let limits = ArchiveLimits {
            entry_bytes: 8 * 1024 * 1024,
            ..ArchiveLimits::default()
        };
        let err = inspect(&bytes, &limits).err().unwrap();
        assert_eq!(err.code(), crate::ErrorCode::GatewayUntrusted);
        assert!(err.to_string().contains("more than 8 MiB"), "{err}");
    }

    #[test]
    fn the_same_name_twice_and_too_many_entries_are_refused() {
        let twice = zip_of(
            &[("t.xml", b"1"), ("x/t.xml", b"2")],
            zip::CompressionMethod::Stored,
        );
        assert!(
            inspect(&twice, &ArchiveLimits::default())
                .is_err_and(|e| e.to_string().contains("twice"))
        );
        let many: Vec<(String, Vec<u8>)> = (0..70).map(|i| (format!("f{i}"), vec![1])).collect();
        let refs: Vec<(&str, &[u8])> = many
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let bytes = zip_of(&refs, zip::CompressionMethod::Stored);
        assert!(
            inspect(&bytes, &ArchiveLimits::default())
                .is_err_and(|e| e.to_string().contains("70 entries"))
        );
    }
}
