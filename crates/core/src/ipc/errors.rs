//! The one error shape that crosses IPC: `{code, message, field}`. The UI branches on the
//! code (a closed set it translates), shows the message (what to do), and marks the form
//! field an invalid input is about.

use serde::{Deserialize, Serialize};

/// What kind of failure it was. The UI maps each code to words in the officer's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// Something typed is not accepted; the message names the field.
    InvalidInput,
    NotFound,
    AlreadyExists,
    /// The OS keychain is locked, missing or refused.
    KeychainUnavailable,
    /// The local database could not be read or written.
    StorageFailed,
    /// Another IdentDesk uses the same data folder.
    DataFolderInUse,
    /// The cache failed its integrity check and is open for reading only.
    CacheReadOnly,
    /// IDnow did not answer (network, timeout, 5xx). Retrying is safe.
    GatewayUnreachable,
    /// IDnow refused the API key or token (401/403).
    GatewayUnauthorized,
    /// IDnow refused the request (4xx); the message says why.
    GatewayRejected,
    /// The gateway answered in a way IdentDesk does not trust: a redirect off the account's
    /// hosts, an answer that is not IDnow's shape, a hostile archive. Nothing was sent there.
    GatewayUntrusted,
    /// An answer was larger than the account's limit; nothing of it was kept.
    AnswerTooLarge,
    /// The transaction number belongs to a finished identification (409).
    IdentificationFinished,
    /// The team workspace cannot be reached; nothing was recorded there.
    TeamUnreachable,
    /// The team workspace stopped answering while recording: whether it was recorded is
    /// not known yet (doing it again never records it twice).
    TeamOutcomeUnknown,
    /// Signing in to the team workspace failed (name, password or certificate).
    TeamSignIn,
    /// The team workspace refused: one's own proposal, a result that changed, a decision
    /// taken already, a transaction number another officer has.
    TeamRefused,
    /// The officer's role may not do this in the team workspace.
    TeamForbidden,
    /// The team workspace's schema is newer than this IdentDesk: it reads, but writes nothing.
    TeamSchemaNewer,
    /// Another session holds the team trail: nothing was recorded; the message names it.
    TeamBusy,
    /// A file to read or write could not be used (missing, unreadable, disk full).
    FileUnusable,
    /// Bytes that should be equal are not: an upload's hash, a result's signature.
    IntegrityFailed,
    /// The officer stopped it; what was done so far is kept.
    Cancelled,
    /// A bug or an answer IDnow should not send.
    Internal,
}

/// The error as it crosses IPC. Never holds secrets; messages hold no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    /// The form field an invalid input is about (`birthday`, `questions.income`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
