//! The core's one error type, its closed set of codes (`ipc::ErrorCode`, which the UI
//! branches on), and the field an invalid input is about.

pub use crate::ipc::{ErrorCode, ErrorPayload};
use serde::{Deserialize, Serialize};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A field IDnow (or IdentDesk) would refuse, with what to type instead. `field` uses the
/// names of the create form and the contract (`birthday`, `questions.income`,
/// `transactionNumber`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl From<idnow::ValidationError> for FieldError {
    fn from(err: idnow::ValidationError) -> Self {
        Self {
            field: form_field(&err.field),
            message: err.message,
        }
    }
}

/// The contract's field names as the window's form and IPC types spell them.
fn form_field(contract: &str) -> String {
    match contract {
        "transactionnumber" => "transactionNumber".into(),
        "preferred_lang" | "preferredlang" => "preferredLang".into(),
        other => other.to_owned(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    InvalidInput { field: String, message: String },

    #[error("{what} {id:?} was not found.")]
    NotFound { what: &'static str, id: String },

    #[error("{message}")]
    AlreadyExists { message: String },

    #[error(
        "The OS keychain could not be used: {detail}. IdentDesk keeps API keys only in the keychain; unlock it (on Linux: start a Secret Service such as gnome-keyring) and try again."
    )]
    Keychain { detail: String },

    #[error("{message}")]
    Storage { message: String },

    #[error("{message}")]
    InUse { message: String },

    #[error("{message}")]
    Cancelled { message: String },

    /// Bytes that should be equal are not (an upload's hash, a signature).
    #[error("{message}")]
    Integrity { message: String },

    #[error("{message}")]
    ReadOnly { message: String },

    #[error(transparent)]
    Gateway(#[from] idnow::Error),

    #[error(transparent)]
    Team(#[from] identdesk_team::TeamError),

    /// How work another caller started ended (the sync a second "Sync now" followed).
    #[error("{}", .0.message)]
    Relayed(ErrorPayload),
}

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::AlreadyExists { .. } => ErrorCode::AlreadyExists,
            Error::Keychain { .. } => ErrorCode::KeychainUnavailable,
            Error::Storage { .. } => ErrorCode::StorageFailed,
            Error::InUse { .. } => ErrorCode::DataFolderInUse,
            Error::Cancelled { .. } => ErrorCode::Cancelled,
            Error::Integrity { .. } => ErrorCode::IntegrityFailed,
            Error::ReadOnly { .. } => ErrorCode::CacheReadOnly,
            Error::Gateway(err) => gateway_code(err),
            Error::Team(err) => team_code(err),
            Error::Relayed(payload) => payload.code,
        }
    }

    /// The field an invalid input is about, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { field, .. } => Some(field),
            Error::Gateway(idnow::Error::Invalid(err)) => Some(&err.field),
            Error::Team(identdesk_team::TeamError::Invalid { field, .. }) => Some(field),
            Error::Relayed(payload) => payload.field.as_deref(),
            _ => None,
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
            field: self.field().map(form_field),
        }
    }
}

fn gateway_code(err: &idnow::Error) -> ErrorCode {
    match err {
        idnow::Error::Invalid(_) => ErrorCode::InvalidInput,
        idnow::Error::Connect(_) | idnow::Error::Transport(_) => ErrorCode::GatewayUnreachable,
        idnow::Error::File(_) => ErrorCode::FileUnusable,
        idnow::Error::Url(_) => ErrorCode::InvalidInput,
        idnow::Error::Decode(_) => ErrorCode::Internal,
        idnow::Error::Deadline { .. } | idnow::Error::Stalled { .. } => {
            ErrorCode::GatewayUnreachable
        }
        idnow::Error::TooLarge { .. } => ErrorCode::AnswerTooLarge,
        idnow::Error::Untrusted(_) => ErrorCode::GatewayUntrusted,
        idnow::Error::Api { status, .. } => match status {
            401 | 403 => ErrorCode::GatewayUnauthorized,
            409 => ErrorCode::IdentificationFinished,
            429 | 500.. => ErrorCode::GatewayUnreachable,
            _ => ErrorCode::GatewayRejected,
        },
    }
}

fn team_code(err: &identdesk_team::TeamError) -> ErrorCode {
    use identdesk_team::TeamError as T;
    match err {
        T::Unreachable { .. } => ErrorCode::TeamUnreachable,
        T::OutcomeUnknown { .. } => ErrorCode::TeamOutcomeUnknown,
        T::SignIn { .. } | T::Tls { .. } => ErrorCode::TeamSignIn,
        T::Refused { .. } => ErrorCode::TeamRefused,
        T::Forbidden { .. } => ErrorCode::TeamForbidden,
        T::SchemaNewer { .. } => ErrorCode::TeamSchemaNewer,
        T::Busy { .. } => ErrorCode::TeamBusy,
        T::NotInitialised | T::Invalid { .. } => ErrorCode::InvalidInput,
        T::Database { .. } => ErrorCode::Internal,
    }
}

impl From<Error> for ErrorPayload {
    fn from(err: Error) -> Self {
        err.payload()
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode as Sqlite;
        let disk = matches!(
            err.sqlite_error_code(),
            Some(
                Sqlite::DiskFull
                    | Sqlite::ReadOnly
                    | Sqlite::CannotOpen
                    | Sqlite::SystemIoFailure
                    | Sqlite::PermissionDenied
            )
        );
        let busy = matches!(
            err.sqlite_error_code(),
            Some(Sqlite::DatabaseBusy | Sqlite::DatabaseLocked)
        );
        let message = if disk {
            format!(
                "The local database could not be written ({err}). Check that the disk has space and the data folder is writable, then try again."
            )
        } else if busy {
            format!("The local database is busy ({err}); try again in a moment.")
        } else {
            format!(
                "The local database refused an operation ({err}). This is a bug in IdentDesk: please report it with the time it happened."
            )
        };
        Error::Storage { message }
    }
}

impl From<idnow::ValidationError> for Error {
    fn from(err: idnow::ValidationError) -> Self {
        let field = FieldError::from(err);
        Error::invalid(field.field, field.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_failures_map_to_codes_the_ui_can_act_on() {
        let api = |status| {
            Error::Gateway(idnow::Error::Api {
                status,
                body: Default::default(),
                retry_after: None,
            })
        };
        assert_eq!(api(401).code(), ErrorCode::GatewayUnauthorized);
        assert_eq!(api(409).code(), ErrorCode::IdentificationFinished);
        assert_eq!(api(400).code(), ErrorCode::GatewayRejected);
        assert_eq!(api(503).code(), ErrorCode::GatewayUnreachable);
        assert_eq!(api(429).code(), ErrorCode::GatewayUnreachable);
        let unreachable = Error::Gateway(idnow::Error::Transport("connection refused".into()));
        assert_eq!(unreachable.code(), ErrorCode::GatewayUnreachable);
    }

    #[test]
    fn the_payload_serializes_as_code_message_and_field() {
        let payload = Error::invalid("birthday", "Use YYYY-MM-DD.").payload();
        let json = serde_json::to_value(payload).ok();
        assert_eq!(
            json,
            Some(
                serde_json::json!({"code": "INVALID_INPUT", "message": "Use YYYY-MM-DD.", "field": "birthday"})
            )
        );
        let other = Error::NotFound {
            what: "Account",
            id: "x".into(),
        }
        .payload();
        assert_eq!(other.field, None);
    }
}
