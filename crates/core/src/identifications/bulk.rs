//! Creating many identifications from a CSV file: every row checked with named errors, a
//! preview before anything is sent, creation with progress, and safe to run twice: each
//! row's transaction number comes from the file. Rows without one get a random number
//! written into a copy of the file before anything is sent (running the copy again is
//! idempotent); nothing is derived from personal data. In a team workspace each number is
//! claimed first, so two officers importing the same file create each row once.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use idnow::{IdentificationRequest, QuestionAnswer, QuestionValue, TransactionNumber};

use crate::accounts::AccountService;
use crate::error::{Error, ErrorCode, FieldError, Result};
use crate::identifications::IdentificationService;
use crate::identifications::NewIdentification;

/// The transaction number column; all other columns are contract fields or `question:KEY`.
const TXN_COLUMN: &str = "transactionnumber";
const QUESTION_PREFIX: &str = "question:";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BulkRow {
    /// The line in the file (the header is line 1).
    #[specta(type = specta_typescript::Number)]
    pub line: u64,
    pub transaction_number: String,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BulkPreview {
    /// One page of the rows.
    pub rows: Vec<BulkRow>,
    #[specta(type = specta_typescript::Number)]
    pub valid: usize,
    #[specta(type = specta_typescript::Number)]
    pub invalid: usize,
    /// Rows in the file.
    #[specta(type = specta_typescript::Number)]
    pub total: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BulkReport {
    #[specta(type = specta_typescript::Number)]
    pub created: usize,
    /// Sent before (same transaction number): updated at IDnow or already finished.
    #[specta(type = specta_typescript::Number)]
    pub already_sent: usize,
    /// Rows with errors, not sent.
    pub skipped: Vec<BulkRow>,
    /// Rows IDnow refused or could not take now.
    pub failed: Vec<FieldError>,
    /// Rows whose number a colleague in the team workspace holds: not sent.
    pub taken: Vec<FieldError>,
    /// Where the file with the numbers given to rows without one was written; the run
    /// went on from it (run that file again, not the original).
    #[serde(serialize_with = "as_shown")]
    #[specta(type = Option<String>)]
    pub numbered_copy: Option<PathBuf>,
}

/// A path as the officer's file manager shows it (never a serialization error, whatever
/// bytes the name holds).
fn as_shown<S: serde::Serializer>(path: &Option<PathBuf>, to: S) -> Result<S::Ok, S::Error> {
    to.serialize_some(&path.as_ref().map(|p| p.display().to_string()))
}

struct ParsedRow {
    row: BulkRow,
    request: IdentificationRequest,
}

impl IdentificationService<'_> {
    /// Reads and checks the file; sends nothing.
    /// Reads and checks the whole file; sends nothing. The rows come back a page at a
    /// time (`offset`, at most `limit`), the counts over all of them.
    pub async fn bulk_preview(
        self,
        account_id: &str,
        csv: &Path,
        offset: usize,
        limit: usize,
    ) -> Result<BulkPreview> {
        AccountService::new(self.cx).account(account_id).await?;
        let rows: Vec<BulkRow> = parse(csv)?.into_iter().map(|p| p.row).collect();
        let invalid = rows.iter().filter(|r| !r.errors.is_empty()).count();
        Ok(BulkPreview {
            valid: rows.len() - invalid,
            invalid,
            total: rows.len(),
            rows: rows.into_iter().skip(offset).take(limit).collect(),
        })
    }

    /// Creates every valid row; `progress` hears (rows done, rows in all).
    pub async fn bulk_create(
        self,
        account_id: &str,
        csv: &Path,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<BulkReport> {
        let account = AccountService::new(self.cx).account(account_id).await?;
        let mut report = BulkReport::default();
        let mut parsed = parse(csv)?;
        if parsed.iter().any(|p| p.row.transaction_number.is_empty()) {
            let copy = number_rows(csv)?;
            parsed = parse(&copy)?;
            report.numbered_copy = Some(copy);
        }
        let total = parsed.len();
        for (index, ParsedRow { row, request }) in parsed.into_iter().enumerate() {
            if !row.errors.is_empty() {
                report.skipped.push(row);
            } else {
                let created = self
                    .create_identification(NewIdentification {
                        account_id: account.id.clone(),
                        transaction_number: Some(row.transaction_number.clone()),
                        person: request,
                        answers: Vec::new(),
                    })
                    .await;
                match created {
                    Ok(c) if c.updated => report.already_sent += 1,
                    Ok(_) => report.created += 1,
                    Err(err) if err.code() == ErrorCode::IdentificationFinished => {
                        report.already_sent += 1
                    }
                    Err(Error::Team(identdesk_team::TeamError::Refused {
                        refusal: identdesk_team::Refusal::Taken,
                        message,
                    })) => report.taken.push(FieldError {
                        field: format!("line {}", row.line),
                        message,
                    }),
                    Err(err) => report.failed.push(FieldError {
                        field: format!("line {}", row.line),
                        message: err.to_string(),
                    }),
                }
            }
            progress(index + 1, total);
        }
        Ok(report)
    }
}

fn parse(path: &Path) -> Result<Vec<ParsedRow>> {
    let table = crate::identifications::bulk_file::read_table(path)?;
    for (index, header) in table.headers.iter().enumerate() {
        let known = header == TXN_COLUMN
            || header
                .strip_prefix(QUESTION_PREFIX)
                .is_some_and(|k| !k.is_empty())
            || IdentificationRequest::FIELD_NAMES.contains(&header.as_str())
                && header != "questions";
        if !known {
            return Err(Error::invalid(
                "csv",
                format!(
                    "Column {} of the header is not a field IDnow knows. Use the contract's names (firstname, lastname, birthday, …), {TXN_COLUMN}, or question:KEY.",
                    index + 1
                ),
            ));
        }
    }
    let mut rows = Vec::new();
    for (line, record) in table.rows {
        let mut fields = serde_json::Map::new();
        let mut questions = BTreeMap::new();
        let mut txn_text = None;
        for (header, value) in table.headers.iter().zip(record.iter()) {
            if value.is_empty() {
                continue;
            }
            if header == TXN_COLUMN {
                txn_text = Some(value.to_owned());
            } else if let Some(key) = header.strip_prefix(QUESTION_PREFIX) {
                questions.insert(
                    key.to_owned(),
                    QuestionAnswer {
                        value: QuestionValue::Text(value.to_owned()),
                    },
                );
            } else {
                fields.insert(header.clone(), serde_json::Value::String(value.to_owned()));
            }
        }
        let mut errors = Vec::new();
        let mut request: IdentificationRequest =
            serde_json::from_value(serde_json::Value::Object(fields)).unwrap_or_default();
        request.questions = questions;
        errors.extend(request.problems().into_iter().map(FieldError::from));
        let transaction_number = match txn_text {
            Some(text) => match TransactionNumber::parse(&text) {
                Ok(txn) => txn.to_string(),
                Err(err) => {
                    errors.push(err.into());
                    text
                }
            },
            // Given one in a copy of the file before anything is sent.
            None => String::new(),
        };
        rows.push(ParsedRow {
            row: BulkRow {
                line,
                transaction_number,
                firstname: request.firstname.clone(),
                lastname: request.lastname.clone(),
                errors,
            },
            request,
        });
    }
    Ok(rows)
}

/// Writes a copy of the file beside it, owner-only, with a random transaction number in
/// every row that had none (a `transactionnumber` column is added first if missing).
fn number_rows(path: &Path) -> Result<PathBuf> {
    let file_error = |e: &dyn std::fmt::Display| {
        Error::Gateway(idnow::Error::File(format!("{}: {e}", path.display())))
    };
    let table = crate::identifications::bulk_file::read_table(path)?;
    let mut headers = table.headers;
    let column = match headers.iter().position(|h| h == TXN_COLUMN) {
        Some(index) => index,
        None => {
            headers.insert(0, TXN_COLUMN.to_owned());
            usize::MAX
        }
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    let copy = path.with_file_name(format!(
        "{stem}.numbered-{}.csv",
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    ));
    let mut writer = csv::Writer::from_writer(crate::files::private::create_private(&copy)?);
    writer.write_record(&headers).map_err(|e| file_error(&e))?;
    for (_, mut fields) in table.rows {
        if column == usize::MAX {
            fields.insert(0, TransactionNumber::generate().to_string());
        } else if fields.get(column).is_some_and(String::is_empty) {
            fields[column] = TransactionNumber::generate().to_string();
        }
        writer.write_record(&fields).map_err(|e| file_error(&e))?;
    }
    writer.flush().map_err(|e| file_error(&e))?;
    Ok(copy)
}
