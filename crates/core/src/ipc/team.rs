//! The window's form to join a team workspace. It is not the core's `JoinTeam`: that one
//! is what the form becomes (the address built from server and officer, the CA file read,
//! the passwords zeroized when dropped). Status, keys and the decision panel are the
//! core's own types.

use serde::{Deserialize, Serialize};

/// What Settings → Team sends to join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JoinTeam {
    /// The server: `HOST:PORT/DATABASE` (or `postgres://HOST:PORT/DATABASE`).
    pub server: String,
    /// The officer's name (their database role).
    pub officer: String,
    pub password: String,
    /// Replaces a one-time password at the first join.
    pub new_password: Option<String>,
    /// A CA file (PEM) for a server whose certificate the system does not know.
    pub ca_file: Option<String>,
}
