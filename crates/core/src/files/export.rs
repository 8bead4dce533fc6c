//! Getting data out: a CSV of the list (without personal data, or with it on request) and
//! a PDF summary of one identification. Both are audited.

use std::path::Path;

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, StringFormat, dictionary};

use crate::error::{Error, Result};
use crate::files::FileService;
use crate::identifications::IdentificationRef;
use crate::identifications::IdentificationService;
use crate::identifications::list::ListQuery;
use crate::journal;

impl FileService<'_> {
    /// Writes every identification matching `query` (all pages) to `output`; the number of rows.
    pub async fn export_csv(
        self,
        query: &ListQuery,
        with_personal_data: bool,
        output: &Path,
    ) -> Result<usize> {
        let mut header = vec![
            "account",
            "transaction_number",
            "ident_id",
            "state",
            "result",
            "reason",
            "final",
            "created_at",
            "updated_at",
        ];
        if with_personal_data {
            header.extend(["firstname", "lastname"]);
        }
        let mut writer = csv::Writer::from_writer(crate::files::private::create_private(output)?);
        writer
            .write_record(&header)
            .map_err(|e| file_error(output, &e))?;
        let mut page = ListQuery {
            offset: 0,
            limit: 1000,
            ..query.clone()
        };
        let mut written = 0usize;
        loop {
            let rows = IdentificationService::new(self.cx).list(&page).await?.rows;
            for row in &rows {
                let state = if row.state == crate::IdentificationState::Outbox {
                    "outbox"
                } else {
                    "created"
                };
                let mut record = vec![
                    row.account_name.clone(),
                    row.transaction_number.clone(),
                    row.ident_id.clone().unwrap_or_default(),
                    state.to_owned(),
                    row.result.clone().unwrap_or_default(),
                    row.reason.clone().unwrap_or_default(),
                    row.is_final.to_string(),
                    row.created_at.clone(),
                    row.updated_at.clone(),
                ];
                if with_personal_data {
                    record.push(row.firstname.clone().unwrap_or_default());
                    record.push(row.lastname.clone().unwrap_or_default());
                }
                let safe: Vec<String> = record.iter().map(|v| spreadsheet_safe(v)).collect();
                writer
                    .write_record(&safe)
                    .map_err(|e| file_error(output, &e))?;
            }
            written += rows.len();
            if rows.len() < 1000 {
                break;
            }
            page.offset += 1000;
        }
        writer.flush().map_err(|e| file_error(output, &e))?;
        let stamp = self.cx.stamp();
        let detail = format!(
            "{written} rows, personal data: {}",
            if with_personal_data { "yes" } else { "no" }
        );
        self.cx
            .store
            .write(|tx| journal::record_detail(tx, &stamp, "export.csv", "list", Some(&detail)))?;
        Ok(written)
    }

    /// A printable PDF of one identification: ids, result and reason, every field with its
    /// status, contact, custom and question data, and the timeline.
    pub async fn export_summary_pdf(self, ident: &IdentificationRef, output: &Path) -> Result<()> {
        let txn = ident.transaction_number.as_str();
        let detail = IdentificationService::new(self.cx).detail(ident).await?;
        let row = &detail.row;
        let mut lines = vec![
            format!("Transaction number: {}", row.transaction_number),
            format!("Ident-ID: {}", row.ident_id.as_deref().unwrap_or("-")),
            format!("Account: {}", row.account_name),
            format!(
                "Result: {} ({})",
                row.result.as_deref().unwrap_or("none yet"),
                if row.is_final { "final" } else { "preliminary" }
            ),
            format!("Reason: {}", row.reason.as_deref().unwrap_or("-")),
            format!("Created: {}", row.created_at),
        ];
        if row.purged {
            lines.push("Personal data was removed from this computer (cancellation, retention or deletion).".into());
        }
        if let Some(result) = &detail.result {
            lines.push(String::new());
            lines.push(format!(
                "Identified at {} by {}",
                result.identified_at.as_deref().unwrap_or("-"),
                result.agent.as_deref().unwrap_or("-")
            ));
            for field in result.person.iter().chain(result.document.iter()) {
                let status = field.status.as_ref().map_or("", |s| s.raw.as_str());
                let change = field
                    .original
                    .as_deref()
                    .map(|o| format!(" (sent: {o})"))
                    .unwrap_or_default();
                lines.push(format!(
                    "{}: {} [{status}]{change}",
                    field.name,
                    field.value.as_deref().unwrap_or("")
                ));
            }
            for pair in result
                .contact
                .iter()
                .chain(&result.custom)
                .chain(&result.questions)
            {
                lines.push(format!("{}: {}", pair.key, pair.value));
            }
        }
        lines.push(String::new());
        lines.push("Timeline:".into());
        for entry in &detail.history {
            lines.push(format!(
                "{}  {} {}",
                entry.observed_at,
                entry.result.raw,
                entry.reason.as_ref().map_or("", |r| r.raw.as_str())
            ));
        }
        let bytes = pdf_pages("IdentDesk – identification summary", &lines);
        crate::files::private::write_private(output, &bytes)?;
        let stamp = self.cx.stamp();
        self.cx
            .store
            .write(|tx| journal::record(tx, &stamp, "export.summary_pdf", txn))
    }
}

/// Spreadsheets run cells that start with = + - @ as formulas; such values get a leading '.
fn spreadsheet_safe(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

const LINES_PER_PAGE: usize = 48;

/// An A4 PDF of text lines in Helvetica, as many pages as needed.
fn pdf_pages(title: &str, lines: &[String]) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let chunks: Vec<&[String]> = if lines.is_empty() {
        vec![&[]]
    } else {
        lines.chunks(LINES_PER_PAGE).collect()
    };
    let mut kids = Vec::new();
    for (index, chunk) in chunks.iter().enumerate() {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 16.into()]),
            Operation::new("Td", vec![50.into(), 790.into()]),
            Operation::new(
                "Tj",
                vec![win_ansi(&format!(
                    "{title}  ({}/{})",
                    index + 1,
                    chunks.len()
                ))],
            ),
            Operation::new("Tf", vec!["F1".into(), 10.into()]),
        ];
        for line in chunk.iter() {
            ops.push(Operation::new("Td", vec![0.into(), (-15).into()]));
            ops.push(Operation::new("Tj", vec![win_ansi(line)]));
        }
        ops.push(Operation::new("ET", vec![]));
        let content = doc.add_object(Stream::new(
            dictionary! {},
            Content { operations: ops }.encode().unwrap_or_default(),
        ));
        kids.push(Object::from(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        })));
    }
    let count = i64::try_from(kids.len()).unwrap_or(1);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    let _ = doc.save_to(&mut out);
    out
}

/// Latin-1 letters as they are (WinAnsi), others as '?'.
fn win_ansi(text: &str) -> Object {
    Object::String(
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect(),
        StringFormat::Literal,
    )
}

fn file_error(path: &Path, err: &dyn std::fmt::Display) -> Error {
    Error::Gateway(idnow::Error::File(format!("{}: {err}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("-1"), "'-1");
        assert_eq!(spreadsheet_safe("Müller"), "Müller");
    }

    #[test]
    fn long_summaries_get_more_pages() {
        let lines: Vec<String> = (0..100).map(|i| format!("line {i}")).collect();
        let pdf = pdf_pages("t", &lines);
        let parsed = Document::load_mem(&pdf);
        assert!(parsed.is_ok_and(|d| d.get_pages().len() == 3));
    }
}
