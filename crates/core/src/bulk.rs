//! Creating many identifications from a CSV file: every row checked with named errors, a
//! preview before anything is sent, creation with progress, and safe to run twice: each
//! row's transaction number comes from the file or is derived from the row itself.

use std::collections::BTreeMap;
use std::path::Path;

use idnow::{IdentificationRequest, QuestionAnswer, QuestionValue, TransactionNumber};
use sha2::{Digest, Sha256};

use crate::core::Core;
use crate::error::{Error, ErrorCode, FieldError, Result};
use crate::identifications::NewIdentification;

/// The transaction number column; all other columns are contract fields or `question:KEY`.
const TXN_COLUMN: &str = "transactionnumber";
const QUESTION_PREFIX: &str = "question:";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkRow {
    /// The line in the file (the header is line 1).
    pub line: u64,
    pub transaction_number: String,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkPreview {
    pub rows: Vec<BulkRow>,
    pub valid: usize,
    pub invalid: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkReport {
    pub created: usize,
    /// Sent before (same transaction number): updated at IDnow or already finished.
    pub already_sent: usize,
    /// Rows with errors, not sent.
    pub skipped: Vec<BulkRow>,
    /// Rows IDnow refused or could not take now.
    pub failed: Vec<FieldError>,
}

struct ParsedRow {
    row: BulkRow,
    request: IdentificationRequest,
}

impl Core {
    /// Reads and checks the file; sends nothing.
    pub async fn bulk_preview(&self, account_id: &str, csv: &Path) -> Result<BulkPreview> {
        let account = self.account(account_id).await?;
        let rows: Vec<BulkRow> = parse(&account.id, csv)?
            .into_iter()
            .map(|p| p.row)
            .collect();
        let invalid = rows.iter().filter(|r| !r.errors.is_empty()).count();
        Ok(BulkPreview {
            valid: rows.len() - invalid,
            invalid,
            rows,
        })
    }

    /// Creates every valid row; `progress` hears (rows done, rows in all).
    pub async fn bulk_create(
        &self,
        account_id: &str,
        csv: &Path,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<BulkReport> {
        let account = self.account(account_id).await?;
        let parsed = parse(&account.id, csv)?;
        let total = parsed.len();
        let mut report = BulkReport::default();
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

fn parse(account_id: &str, path: &Path) -> Result<Vec<ParsedRow>> {
    let file_error = |e: &dyn std::fmt::Display| {
        Error::Gateway(idnow::Error::File(format!("{}: {e}", path.display())))
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_path(path)
        .map_err(|e| file_error(&e))?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| file_error(&e))?
        .iter()
        .map(str::to_owned)
        .collect();
    for header in &headers {
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
                    "The column {header:?} is not a field IDnow knows. Use the contract's names (firstname, lastname, birthday, …), {TXN_COLUMN}, or question:KEY."
                ),
            ));
        }
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2;
        let record = record
            .map_err(|e| Error::invalid("csv", format!("Line {line} cannot be read: {e}")))?;
        let mut fields = serde_json::Map::new();
        let mut questions = BTreeMap::new();
        let mut txn_text = None;
        for (header, value) in headers.iter().zip(record.iter()) {
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
            None => derived_transaction_number(account_id, &record),
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

/// The same row of the same account always gets the same number: running a file twice
/// updates (or finds finished) instead of creating again.
fn derived_transaction_number(account_id: &str, record: &csv::StringRecord) -> String {
    let mut hasher = Sha256::new();
    hasher.update(account_id.as_bytes());
    for field in record {
        hasher.update(field.len().to_le_bytes());
        hasher.update(field.as_bytes());
    }
    format!("bulk-{}", &hex::encode(hasher.finalize())[..40])
}
