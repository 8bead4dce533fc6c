//! The result archive (`GET …/identifications/{txn}.zip`): report, XML, its signature,
//! images, audio and signed documents.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use super::{audio, images, pdf, signature::XmlSigner, xml};
use crate::identification::StoredIdentification;

pub fn result_archive(
    stored: &StoredIdentification,
    company_id: &str,
    signer: &XmlSigner,
) -> Vec<u8> {
    let txn = &stored.transaction_number;
    let result = stored.report(company_id);
    let json = serde_json::to_value(&result).unwrap_or_default();
    let xml = xml::result_xml(&json);
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            format!("{txn}.pdf"),
            pdf::text_document("Identification report", &report_lines(&json)).to_vec(),
        ),
        (
            format!("{txn}.json"),
            serde_json::to_vec_pretty(&json).unwrap_or_default(),
        ),
        (format!("{txn}.sig"), signer.sign(xml.as_bytes())),
        (format!("{txn}.xml"), xml.into_bytes()),
        (format!("{txn}_idfrontside.jpg"), images::id_card(true)),
        (format!("{txn}_idbackside.jpg"), images::id_card(false)),
        (format!("{txn}_idholograms.jpg"), images::holograms()),
        (format!("{txn}_userface.jpg"), images::face()),
        (format!("{txn}_audiolog.mp3"), audio::audio_log()),
        (format!("{txn}_videolog.mp4"), audio::video_log()),
    ];
    for (identifier, document) in &stored.documents {
        if let Some(signed) = &document.signed {
            files.push((format!("{txn}_{identifier}_signed.pdf"), signed.to_vec()));
        }
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        // Writing to memory does not fail; a missing file would show in the archive's tests.
        if zip.start_file(name, options).is_ok() {
            let _ = zip.write_all(&bytes);
        }
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// The report's lines: every leaf of the result, flattened as `path: value`.
fn report_lines(json: &serde_json::Value) -> Vec<String> {
    let mut lines = Vec::new();
    flatten(json, "", &mut lines);
    lines
}

fn flatten(value: &serde_json::Value, path: &str, lines: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(child, &child_path, lines);
            }
        }
        serde_json::Value::String(text) => lines.push(format!("{path}: {text}")),
        other => lines.push(format!("{path}: {other}")),
    }
}
