//! The built-in sandbox's Player, from the window: a trainee (and the end-to-end test)
//! moves a sandbox session through its steps to an outcome, as the person in the Player
//! would, then syncs and reviews it. Only for sandbox accounts.

use idnow::Environment;
use serde::{Deserialize, Serialize};

use super::SessionService;
use crate::accounts::account::Account;
use crate::error::{Error, Result};
use crate::identifications::IdentificationRef;
use crate::journal;

/// How the sandbox's Player ends (or moves on) a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum SandboxPlay {
    /// The person started; the flow runs.
    Running,
    /// Completed, the End step accepting.
    Accepted,
    /// Completed, the End step rejecting.
    Rejected,
    Expired,
    Aborted,
    Error,
}

impl SessionService<'_> {
    /// Plays a session of a sandbox account to `play` in its built-in sandbox.
    pub async fn play_in_sandbox(
        self,
        session: &IdentificationRef,
        play: SandboxPlay,
    ) -> Result<()> {
        let account = Account::by_id(&self.cx.store, &session.account_id)?;
        account.platform()?;
        if account.environment != Environment::Sandbox {
            return Err(Error::invalid(
                "accountId",
                format!(
                    "{:?} is a real Trust Platform account: its sessions are played by the person, in IDnow's Player.",
                    account.name
                ),
            ));
        }
        let (status, outcome) = match play {
            SandboxPlay::Running => ("RUNNING", None),
            SandboxPlay::Accepted => ("COMPLETED", Some("accepted")),
            SandboxPlay::Rejected => ("COMPLETED", Some("rejected")),
            SandboxPlay::Expired => ("EXPIRED", None),
            SandboxPlay::Aborted => ("ABORTED", None),
            SandboxPlay::Error => ("ERROR", None),
        };
        self.cx
            .sandbox_move_session(&account, &session.transaction_number, status, outcome)
            .await?;
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            journal::record_detail(
                tx,
                &stamp,
                "session.sandbox.played",
                &session.transaction_number,
                Some(status),
            )
        })
    }
}
