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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentInfo {
    pub name: String,
    pub media_type: String,
    pub size_bytes: u32,
}

impl From<crate::AttachmentInfo> for AttachmentInfo {
    fn from(a: crate::AttachmentInfo) -> Self {
        Self {
            name: a.name,
            media_type: a.media_type,
            size_bytes: u32::try_from(a.size_bytes).unwrap_or(u32::MAX),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveReport {
    pub files: Vec<AttachmentInfo>,
    /// Whether the result XML's signature verified; `None` when no key is known or the
    /// archive holds no signature.
    pub signature_valid: Option<bool>,
}

impl From<crate::ArchiveReport> for ArchiveReport {
    fn from(r: crate::ArchiveReport) -> Self {
        Self {
            files: r.files.into_iter().map(Into::into).collect(),
            signature_valid: r.signature_valid,
        }
    }
}

super::into_ipc_via_from!(
    crate::DefinitionView => DefinitionView,
    crate::EsignDocumentView => EsignDocumentView,
    crate::AttachmentInfo => AttachmentInfo,
    crate::ArchiveReport => ArchiveReport,
);
