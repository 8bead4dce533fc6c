//! How this run of the app started, for the window's banner.

use serde::{Deserialize, Serialize};

use super::ErrorPayload;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub version: String,
    pub data_dir: String,
    /// Who acts: the signed-in team officer, else the OS account running IdentDesk (empty
    /// when the core did not open).
    pub officer: String,
    /// This data folder works in a team workspace.
    pub team: bool,
    /// Why the core or the sandbox could not start, if it could not.
    pub startup_error: Option<ErrorPayload>,
}

impl super::IntoIpc for AppStatus {
    type Ipc = AppStatus;
    fn into_ipc(self) -> AppStatus {
        self
    }
}
