//! The team workspace as the window sees it: joining, its status, and the decision panel.

use serde::{Deserialize, Serialize};

use super::decisions::Acceptance;

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamStatus {
    pub joined: bool,
    pub url: Option<String>,
    pub officer: Option<String>,
    /// officer, auditor, admin.
    pub roles: Vec<String>,
    pub reachable: bool,
    pub problem: Option<String>,
    pub schema_version: Option<i32>,
    pub protection: Option<String>,
    pub trail: Option<TrailCheck>,
    /// What the server allows beyond the plan.
    pub beyond_plan: Vec<String>,
    pub accounts: Vec<AccountLink>,
    /// Local actions not yet in the team's trail.
    pub trail_waiting: u32,
    /// Who holds the team trail now (role, state, since when).
    pub trail_holder: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TrailCheck {
    pub entries: u32,
    pub intact: bool,
    pub problem: Option<String>,
    /// Entries not signed by their officer (possible tampering), replays.
    pub signatures: Vec<String>,
    /// Keys that change who an officer is.
    pub key_warnings: Vec<String>,
}

/// One officer's key as the trail registered it (Settings → Team lists them to compare and
/// vouch for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamKey {
    pub officer: String,
    pub key_id: String,
    pub fingerprint: String,
    pub mine: bool,
    pub vouched_by: Option<String>,
    pub revoked: bool,
    pub registered_in: u32,
}

impl From<crate::TeamKey> for TeamKey {
    fn from(k: crate::TeamKey) -> Self {
        Self {
            officer: k.officer,
            key_id: k.key_id,
            fingerprint: k.fingerprint,
            mine: k.mine,
            vouched_by: k.vouched_by,
            revoked: k.revoked,
            registered_in: u32::try_from(k.registered_in).unwrap_or(u32::MAX),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountLink {
    pub account_id: String,
    pub account_name: String,
    /// The team registry's account it maps to; `None`: local only.
    pub team_name: Option<String>,
    pub retention_days: Option<u32>,
}

impl From<crate::TeamStatus> for TeamStatus {
    fn from(s: crate::TeamStatus) -> Self {
        Self {
            joined: s.joined,
            url: s.url,
            officer: s.officer,
            roles: s.roles,
            reachable: s.reachable,
            problem: s.problem,
            schema_version: s.schema_version,
            protection: s.protection,
            trail: s.trail.map(|t| TrailCheck {
                entries: u32::try_from(t.entries).unwrap_or(u32::MAX),
                intact: t.intact,
                problem: t.problem,
                signatures: t.signatures,
                key_warnings: t.key_warnings,
            }),
            beyond_plan: s.beyond_plan,
            accounts: s
                .accounts
                .into_iter()
                .map(|a| AccountLink {
                    account_id: a.account_id,
                    account_name: a.account_name,
                    team_name: a.team_name,
                    retention_days: a.retention_days,
                })
                .collect(),
            trail_waiting: s.trail_waiting,
            trail_holder: s.trail_holder,
        }
    }
}

/// What the decision panel shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DecisionPanel {
    /// A team workspace: one officer proposes, another confirms. Solo: one decides.
    pub team: bool,
    /// Who acts here.
    pub officer: String,
    pub acceptance: Option<Acceptance>,
    /// The standing proposal is a colleague's: this officer may confirm it.
    pub can_confirm: bool,
}

impl From<crate::DecisionPanel> for DecisionPanel {
    fn from(p: crate::DecisionPanel) -> Self {
        Self {
            team: p.team,
            officer: p.officer,
            acceptance: p.acceptance.map(Into::into),
            can_confirm: p.can_confirm,
        }
    }
}

super::into_ipc_via_from!(
    crate::TeamStatus => TeamStatus,
    crate::DecisionPanel => DecisionPanel,
    crate::TeamKey => TeamKey,
);
