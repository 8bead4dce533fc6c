//! Reading a bulk import's CSV file as officers' spreadsheets write it: UTF-8 with or
//! without a byte-order mark, fields separated by `,`, `;` (a German Excel's "CSV UTF-8")
//! or tabs. Other encodings, oversized files and too many rows get a clear error; no error
//! repeats the file's contents.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The largest file a bulk import reads.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// The most rows one import takes.
pub const MAX_ROWS: usize = 10_000;

/// A file's header and rows, as text.
pub struct Table {
    pub headers: Vec<String>,
    /// Each row's fields, with its line in the file (the header is line 1).
    pub rows: Vec<(u64, Vec<String>)>,
}

fn file_error(path: &Path, what: &str) -> Error {
    Error::Gateway(idnow::Error::File(format!("{}: {what}", path.display())))
}

pub fn read_table(path: &Path) -> Result<Table> {
    let file = std::fs::File::open(path)
        .map_err(|e| file_error(path, &format!("cannot be opened ({e})")))?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| file_error(path, &format!("cannot be read ({e})")))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::invalid(
            "csv",
            format!(
                "The file is larger than {} MB, the most one import takes (about {MAX_ROWS} rows); split it into smaller files.",
                MAX_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text = decode(&bytes)?;
    let separator = separator(text.lines().next().unwrap_or_default());
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| {
            Error::invalid(
                "csv",
                format!("The header line cannot be read ({}).", position_only(&e)),
            )
        })?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2;
        if rows.len() == MAX_ROWS {
            return Err(Error::invalid(
                "csv",
                format!(
                    "The file has more than {MAX_ROWS} rows, the most one import takes; split it into smaller files."
                ),
            ));
        }
        let record = record.map_err(|e| {
            Error::invalid(
                "csv",
                format!("Line {line} cannot be read ({}).", position_only(&e)),
            )
        })?;
        rows.push((line, record.iter().map(str::to_owned).collect()));
    }
    Ok(Table { headers, rows })
}

/// UTF-8, without its byte-order mark; any other encoding named in the error.
fn decode(bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let encoding = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        "UTF-16 (Excel's \"Unicode text\")"
    } else {
        "Windows-1252 or ISO-8859-1 (Latin-1), as older Excel versions save \"CSV\""
    };
    Err(Error::invalid(
        "csv",
        format!(
            "The file is not UTF-8; it looks like {encoding}. Save it as \"CSV UTF-8\" and import it again."
        ),
    ))
}

/// The separator the header line uses most: `,`, `;` or a tab.
fn separator(header: &str) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|sep| (header.bytes().filter(|b| b == sep).count(), *sep == b','))
        .unwrap_or(b',')
}

/// A CSV error's position and kind, never the field it was reading.
fn position_only(err: &csv::Error) -> String {
    match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("it has {len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "it is not UTF-8".to_owned(),
        _ => "it is not well-formed CSV".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(bytes: &[u8]) -> Result<Table> {
        let file = tempfile::NamedTempFile::new().map_err(|e| Error::Storage {
            message: e.to_string(),
        })?;
        std::fs::write(file.path(), bytes).map_err(|e| Error::Storage {
            message: e.to_string(),
        })?;
        read_table(file.path())
    }

    #[test]
    fn a_german_excel_file_with_bom_and_semicolons_reads() {
        let t = table("\u{FEFF}firstname;lastname\nJürgen;Müller\n".as_bytes()).unwrap();
        assert_eq!(t.headers, ["firstname", "lastname"]);
        assert_eq!(
            t.rows[0],
            (2, vec!["Jürgen".to_owned(), "Müller".to_owned()])
        );
        let tabs = table(b"firstname\tlastname\nAnna\tB\n").unwrap();
        assert_eq!(tabs.rows[0].1, ["Anna", "B"]);
    }

    #[test]
    fn latin1_is_named_and_its_contents_never_echoed() {
        let err = table(b"firstname,lastname\nJ\xfcrgen,Secretname\n")
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("not UTF-8") && err.contains("Latin-1"),
            "{err}"
        );
        assert!(!err.contains("Secretname"));
        let ragged = table(b"firstname,lastname\nSecretname\n")
            .err()
            .unwrap()
            .to_string();
        assert!(
            ragged.contains("Line 2") && !ragged.contains("Secretname"),
            "{ragged}"
        );
    }

    #[test]
    fn a_200_mb_file_is_refused_without_reading_it_all() {
        let file = tempfile::NamedTempFile::new().unwrap();
        file.as_file().set_len(200 * 1024 * 1024).unwrap();
        let err = read_table(file.path()).err().unwrap().to_string();
        assert!(err.contains("larger than 20 MB"), "{err}");
    }

    #[test]
    fn too_many_rows_are_refused() {
        let mut csv = String::from("firstname\n");
        for n in 0..=MAX_ROWS {
            csv.push_str(&format!("A{n}\n"));
        }
        assert!(
            table(csv.as_bytes())
                .err()
                .unwrap()
                .to_string()
                .contains("more than 10000 rows")
        );
    }
}
