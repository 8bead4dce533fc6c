//! What can go wrong with the team workspace, in terms an officer can act on. The server's
//! own refusals arrive as custom SQLSTATEs (`IA001`…) and keep their message.

use tokio_postgres::error::SqlState;

pub type Result<T> = std::result::Result<T, TeamError>;

/// Why the server refused a team action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Confirming one's own proposal.
    OwnProposal,
    /// The result changed since it was seen, or a newer result voided the proposal.
    ResultChanged,
    /// A decision stands already.
    AlreadyDecided,
    /// The transaction number is claimed by someone else.
    Taken,
    /// No such account, identification or proposal.
    NotFound,
    /// The input was refused.
    Invalid,
    /// A one-time password is still in use: nothing but replacing it is allowed.
    OneTimePassword,
}

#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// The server could not be reached: the action was never sent.
    #[error(
        "The team workspace at {target} cannot be reached ({detail}). Nothing was recorded; try again when it is back."
    )]
    Unreachable { target: String, detail: String },
    /// Sent, but the reply was lost and asking again failed: the server may or may not
    /// have recorded it.
    #[error(
        "The team workspace stopped answering while recording this ({detail}). Whether it was recorded is not known yet; do it again when the workspace is back (it is not recorded twice)."
    )]
    OutcomeUnknown { detail: String },
    #[error("Signing in to the team workspace failed: {detail}")]
    SignIn { detail: String },
    #[error(
        "The team workspace's certificate was refused: {detail}. Give the CA file your administrator uses, or ask them to fix the certificate."
    )]
    Tls { detail: String },
    #[error("{message}")]
    Refused { refusal: Refusal, message: String },
    /// A write waited for the team trail's head in vain: another session holds it.
    #[error(
        "The team trail is busy: {} has held it{}{}. Nothing was recorded; try again in a moment, or ask an administrator to end that session (identdesk-cli team release).",
        holder.as_deref().unwrap_or("another session"),
        state.as_deref().map(|s| format!(" ({s})")).unwrap_or_default(),
        since.as_deref().map(|s| format!(" since {s}")).unwrap_or_default()
    )]
    Busy {
        holder: Option<String>,
        state: Option<String>,
        since: Option<String>,
    },
    /// The caller's role may not do this (the server's check, or PostgreSQL's own).
    #[error("{message}")]
    Forbidden { message: String },
    #[error(
        "The team workspace's schema is version {found}; this IdentDesk knows up to {supported}. It reads, but writes nothing: update IdentDesk."
    )]
    SchemaNewer { found: i32, supported: i32 },
    #[error(
        "The database holds no IdentDesk team workspace; an administrator sets it up with `identdesk-cli team init`."
    )]
    NotInitialised,
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("The team workspace answered with an error: {message}")]
    Database { message: String },
}

impl TeamError {
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        TeamError::Invalid {
            field,
            message: message.into(),
        }
    }

    /// An error from a call that reached the server (or tried to).
    pub(crate) fn from_call(err: &tokio_postgres::Error) -> Self {
        let Some(db) = err.as_db_error() else {
            return TeamError::OutcomeUnknown {
                detail: err.to_string(),
            };
        };
        let message = db.message().to_owned();
        let refusal = match db.code().code() {
            "IA001" => Some(Refusal::OwnProposal),
            "IA002" => Some(Refusal::ResultChanged),
            "IA003" => Some(Refusal::AlreadyDecided),
            "IA005" => Some(Refusal::Taken),
            "IA006" => Some(Refusal::NotFound),
            "IA007" | "IA009" => Some(Refusal::Invalid),
            "IA008" => Some(Refusal::OneTimePassword),
            _ => None,
        };
        if let Some(refusal) = refusal {
            return TeamError::Refused { refusal, message };
        }
        match db.code() {
            c if c.code() == "IA004" || *c == SqlState::INSUFFICIENT_PRIVILEGE => {
                TeamError::Forbidden { message }
            }
            c if *c == SqlState::LOCK_NOT_AVAILABLE => TeamError::Busy {
                holder: None,
                state: None,
                since: None,
            },
            c if *c == SqlState::UNDEFINED_FUNCTION || *c == SqlState::INVALID_SCHEMA_NAME => {
                TeamError::NotInitialised
            }
            c if *c == SqlState::INVALID_PASSWORD
                || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
            {
                TeamError::SignIn { detail: message }
            }
            _ => TeamError::Database { message },
        }
    }

    /// Whether a call failed because the connection went away (not a server's answer).
    pub(crate) fn is_connection_loss(err: &tokio_postgres::Error) -> bool {
        err.as_db_error().is_none()
    }
}
