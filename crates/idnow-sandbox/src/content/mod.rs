//! The files IDnow delivers with a result: the archive (PDF report, XML and its signature,
//! images, audio) and signed eSign PDFs, generated so a trainee sees real files.

pub mod archive;
mod audio;
mod images;
pub mod pdf;
pub mod signature;
mod xml;

/// The result's `attachments`: file names inside the archive.
pub fn attachment_names(txn: &str) -> serde_json::Map<String, serde_json::Value> {
    [
        ("idfrontside", format!("{txn}_idfrontside.png")),
        ("idbackside", format!("{txn}_idbackside.png")),
        ("userface", format!("{txn}_userface.png")),
        ("audiolog", format!("{txn}_audiolog.wav")),
        ("pdf", format!("{txn}.pdf")),
        ("xml", format!("{txn}.xml")),
    ]
    .into_iter()
    .map(|(key, name)| (key.to_owned(), serde_json::Value::String(name)))
    .collect()
}
