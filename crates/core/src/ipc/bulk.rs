//! A bulk import's preview and outcome.

use serde::{Deserialize, Serialize};

use super::count;
use super::errors::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BulkRow {
    /// The line in the file (the header is line 1).
    pub line: u32,
    pub transaction_number: String,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub errors: Vec<FieldError>,
}

impl From<crate::BulkRow> for BulkRow {
    fn from(r: crate::BulkRow) -> Self {
        Self {
            line: u32::try_from(r.line).unwrap_or(u32::MAX),
            transaction_number: r.transaction_number,
            firstname: r.firstname,
            lastname: r.lastname,
            errors: r.errors.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BulkPreview {
    /// One page of the rows.
    pub rows: Vec<BulkRow>,
    pub valid: u32,
    pub invalid: u32,
    /// Rows in the file.
    pub total: u32,
}

impl From<crate::BulkPreview> for BulkPreview {
    fn from(p: crate::BulkPreview) -> Self {
        Self {
            rows: p.rows.into_iter().map(Into::into).collect(),
            valid: count(p.valid),
            invalid: count(p.invalid),
            total: count(p.total),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BulkReport {
    pub created: u32,
    /// Sent before (same transaction number): updated at IDnow or already finished.
    pub already_sent: u32,
    /// Rows with errors, not sent.
    pub skipped: Vec<BulkRow>,
    /// Rows IDnow refused or could not take now.
    pub failed: Vec<FieldError>,
    /// Rows whose number a colleague in the team workspace holds: not sent.
    pub taken: Vec<FieldError>,
    /// The copy of the file with the numbers given to rows that had none (run it, not the
    /// original, again).
    pub numbered_copy: Option<String>,
}

impl From<crate::BulkReport> for BulkReport {
    fn from(r: crate::BulkReport) -> Self {
        Self {
            created: count(r.created),
            already_sent: count(r.already_sent),
            skipped: r.skipped.into_iter().map(Into::into).collect(),
            failed: r.failed.into_iter().map(Into::into).collect(),
            taken: r.taken.into_iter().map(Into::into).collect(),
            numbered_copy: r.numbered_copy.map(|p| p.display().to_string()),
        }
    }
}

super::into_ipc_via_from!(crate::BulkPreview => BulkPreview, crate::BulkReport => BulkReport);
