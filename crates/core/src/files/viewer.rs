//! Files the officer opens in the operating system's viewer (a PDF from a session's vault,
//! an archive's document): a copy written owner-only into the context's viewer folder
//! (`context::viewer_folder`), which goes when IdentDesk closes.

use std::path::PathBuf;

use super::FileService;
use super::private::write_private;
use crate::error::Result;
use crate::identifications::IdentificationRef;
use crate::journal;

impl FileService<'_> {
    /// A stored file of an identification or session, copied owner-only for the OS viewer;
    /// the copy's path. It is deleted when IdentDesk closes.
    pub async fn copy_for_viewer(self, ident: &IdentificationRef, name: &str) -> Result<PathBuf> {
        let (media_type, bytes) = self.attachment(ident, name).await?;
        let extension = match media_type.as_str() {
            "application/pdf" => "pdf",
            "image/jpeg" => "jpg",
            "image/png" => "png",
            _ => "bin",
        };
        // Only the stored name's safe characters: it comes from IDnow.
        let stem: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .take(64)
            .collect();
        let path = self.cx.viewer.ensure()?.join(format!(
            "{}.{extension}",
            if stem.is_empty() { "file" } else { &stem }
        ));
        write_private(&path, &bytes)?;
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            journal::record_detail(
                tx,
                &stamp,
                "file.opened",
                &ident.transaction_number,
                Some(name),
            )
        })?;
        Ok(path)
    }
}
