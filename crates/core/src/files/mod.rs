//! The files an officer takes out of or puts into IdentDesk: an identification's archive
//! (documents, images, the signed result XML), eSign documents to sign and the signed ones
//! back, and the exports (CSV, summary PDF). Each is written owner-only (`private`); a
//! file opened in the OS's viewer is a temporary owner-only copy (`viewer`).

mod archive;
mod esign;
mod export;
pub(crate) mod private;
pub(crate) mod viewer;

pub use archive::{ArchiveReport, ArchiveSignature, AttachmentInfo};
pub use esign::{DefinitionView, EsignDocumentView, UploadProgress};

use crate::context::service;

service! {
    /// Archives, eSign documents and exports.
    FileService
}
