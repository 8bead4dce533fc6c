//! eSign documents and the result archive's files as the detail screen shows them.

use serde::{Deserialize, Serialize};

use crate::IntoIpc;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DefinitionView {
    pub identifier: String,
    pub name: String,
    pub optional: bool,
    pub version: Option<String>,
    pub sort_order: Option<f64>,
}

impl From<crate::DefinitionView> for DefinitionView {
    fn from(d: crate::DefinitionView) -> Self {
        Self {
            identifier: d.identifier,
            name: d.name,
            optional: d.optional,
            version: d.version,
            sort_order: d.sort_order.map(|n| n as f64),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
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
    pub size_bytes: f64,
    pub uploaded_at: String,
    pub signed_available: bool,
    /// The upload went through but IDnow's confirmation could not be read (its hash is
    /// unconfirmed): what to do about it.
    pub unconfirmed: Option<String>,
}

impl From<crate::EsignDocumentView> for EsignDocumentView {
    fn from(d: crate::EsignDocumentView) -> Self {
        Self {
            identifier: d.identifier,
            file_name: d.file_name,
            sha256: d.sha256,
            display_hash: d.display_hash,
            idnow_hash: d.idnow_hash,
            status: d.status,
            size_bytes: d.size_bytes.into_ipc(),
            uploaded_at: d.uploaded_at,
            signed_available: d.signed_available,
            unconfirmed: d.unconfirmed,
        }
    }
}

/// Bytes (or rows) done of all, for a progress bar.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct Progress {
    pub done: f64,
    pub total: f64,
}

impl Progress {
    pub fn of(done: u64, total: u64) -> Self {
        Self {
            done: done.into_ipc(),
            total: total.into_ipc(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentInfo {
    pub name: String,
    pub media_type: String,
    pub size_bytes: f64,
    /// The verified signature covers this file (only the result XML it signs); images,
    /// audio and documents it does not cover are marked so.
    pub covered_by_signature: bool,
}

impl From<crate::AttachmentInfo> for AttachmentInfo {
    fn from(a: crate::AttachmentInfo) -> Self {
        Self {
            name: a.name,
            media_type: a.media_type,
            size_bytes: a.size_bytes.into_ipc(),
            covered_by_signature: a.covered_by_signature,
        }
    }
}

/// What the archive's signature says: verified with the account's key (it covers the
/// result XML), or not checked (the account has no key). A missing or wrong signature
/// with a key never gets here: the archive is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum ArchiveSignature {
    Verified,
    Unchecked,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveReport {
    pub files: Vec<AttachmentInfo>,
    pub signature: ArchiveSignature,
}

impl From<crate::ArchiveReport> for ArchiveReport {
    fn from(r: crate::ArchiveReport) -> Self {
        Self {
            files: r.files.into_iter().map(Into::into).collect(),
            signature: match r.signature {
                crate::ArchiveSignature::Verified => ArchiveSignature::Verified,
                crate::ArchiveSignature::Unchecked => ArchiveSignature::Unchecked,
            },
        }
    }
}

super::into_ipc_via_from!(
    crate::DefinitionView => DefinitionView,
    crate::EsignDocumentView => EsignDocumentView,
    crate::AttachmentInfo => AttachmentInfo,
    crate::ArchiveReport => ArchiveReport,
);
