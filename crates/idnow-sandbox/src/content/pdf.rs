//! PDFs: the identification report, the stamp page of a signed document, and plain
//! documents for tests and demos. Text uses the standard Helvetica font (WinAnsi).

use bytes::Bytes;
use chrono::{DateTime, SecondsFormat, Utc};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, ObjectId, Stream, StringFormat, dictionary};

/// A one-page PDF with a title and lines of text.
pub fn text_document(title: &str, lines: &[String]) -> Bytes {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let page_id = add_text_page(&mut doc, pages_id, title, lines);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    save(&mut doc)
}

/// The signed version of an uploaded PDF: the original pages plus a signature stamp page.
/// A PDF that cannot be parsed is signed as a new document holding only the stamp.
pub fn signed(original: &[u8], signer: &str, document_name: &str, at: DateTime<Utc>) -> Bytes {
    let lines = vec![
        format!("Document: {document_name}"),
        format!("Signed by: {signer}"),
        format!(
            "Signed at: {}",
            at.to_rfc3339_opts(SecondsFormat::Secs, true)
        ),
        "Qualified electronic signature (IdentDesk sandbox: not legally valid)".to_owned(),
    ];
    let title = "Electronically signed";
    let Ok(mut doc) = Document::load_mem(original) else {
        return text_document(title, &lines);
    };
    let Some(pages_id) = doc
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get(b"Pages").ok())
        .and_then(|pages| pages.as_reference().ok())
    else {
        return text_document(title, &lines);
    };
    let page_id = add_text_page(&mut doc, pages_id, title, &lines);
    if let Ok(Object::Dictionary(pages)) = doc.get_object_mut(pages_id) {
        if let Ok(Object::Array(kids)) = pages.get_mut(b"Kids") {
            kids.push(page_id.into());
        }
        let count = pages.get(b"Count").and_then(Object::as_i64).unwrap_or(0);
        pages.set("Count", count + 1);
    }
    save(&mut doc)
}

fn add_text_page(
    doc: &mut Document,
    pages_id: ObjectId,
    title: &str,
    lines: &[String],
) -> ObjectId {
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut operations = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 18.into()]),
        Operation::new("Td", vec![56.into(), 780.into()]),
        Operation::new("Tj", vec![win_ansi(title)]),
        Operation::new("Tf", vec!["F1".into(), 11.into()]),
    ];
    for line in lines {
        operations.push(Operation::new("Td", vec![0.into(), (-18).into()]));
        operations.push(Operation::new("Tj", vec![win_ansi(line)]));
    }
    operations.push(Operation::new("ET", vec![]));
    let encoded = Content { operations }.encode().unwrap_or_default();
    let content_id = doc.add_object(Stream::new(dictionary! {}, encoded));
    doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
    })
}

/// Text in the PDF's WinAnsi encoding: Latin-1 letters as they are, others as '?'.
fn win_ansi(text: &str) -> Object {
    let bytes = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    Object::String(bytes, StringFormat::Literal)
}

fn save(doc: &mut Document) -> Bytes {
    let mut out = Vec::new();
    // Writing to memory cannot fail for I/O reasons; an empty answer shows a bug plainly.
    let _ = doc.save_to(&mut out);
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_appends_a_stamp_page_to_a_real_pdf() {
        let original = text_document("Kontoeröffnung", &["Seite 1".to_owned()]);
        assert!(original.starts_with(b"%PDF-1.7"));
        let signed = signed(&original, "ERIKA MUSTERMANN", "Kontoeröffnung", Utc::now());
        let parsed = Document::load_mem(&signed);
        assert!(parsed.is_ok_and(|doc| doc.get_pages().len() == 2));
        let fallback = signed_pages(b"%PDF-1.4 not really");
        assert_eq!(fallback, 1);
    }

    fn signed_pages(original: &[u8]) -> usize {
        let bytes = signed(original, "A", "B", Utc::now());
        Document::load_mem(&bytes)
            .map(|d| d.get_pages().len())
            .unwrap_or(0)
    }
}
