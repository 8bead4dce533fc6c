//! The files IDnow delivers with a result: the archive (PDF report, XML and its signature,
//! JPEG images with the security features, the MP3 audio log and MP4 video) and signed
//! eSign PDFs, generated so a trainee sees real files.

pub mod archive;
mod audio;
pub(crate) mod images;
pub mod pdf;
pub mod signature;
mod xml;

/// The result's `attachments`: file names inside the archive.
pub fn attachment_names(txn: &str) -> serde_json::Map<String, serde_json::Value> {
    [
        ("idfrontside", format!("{txn}_idfrontside.jpg")),
        ("idbackside", format!("{txn}_idbackside.jpg")),
        ("idholograms", format!("{txn}_idholograms.jpg")),
        ("userface", format!("{txn}_userface.jpg")),
        ("audiolog", format!("{txn}_audiolog.mp3")),
        ("videolog", format!("{txn}_videolog.mp4")),
        ("pdf", format!("{txn}.pdf")),
        ("xml", format!("{txn}.xml")),
    ]
    .into_iter()
    .map(|(key, name)| (key.to_owned(), serde_json::Value::String(name)))
    .collect()
}
