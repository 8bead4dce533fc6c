//! What Settings → Team and `identdesk-cli team status` show: where the folder is signed in,
//! whether the server answers, the roles it grants, whether the team's trail still extends
//! what this machine saw, anything the server's grants allow beyond the plan, and how the
//! local accounts map to the team's registry.

use crate::error::Result;
use crate::team::TeamService;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamStatus {
    pub joined: bool,
    pub url: Option<String>,
    pub officer: Option<String>,
    /// officer, auditor, admin.
    pub roles: Vec<String>,
    pub reachable: bool,
    /// Why the server could not be asked, or what it refused.
    pub problem: Option<String>,
    pub schema_version: Option<i32>,
    /// How the connection is protected.
    pub protection: Option<String>,
    pub trail: Option<TrailCheck>,
    /// What the server allows beyond the plan (grants to PUBLIC, extra EXECUTE, …).
    pub beyond_plan: Vec<String>,
    pub accounts: Vec<AccountLink>,
    /// Local actions (exports, purges) not yet in the team's trail.
    pub trail_waiting: u32,
    /// Who holds the team trail right now (a session that stays in a transaction blocks
    /// every write; an administrator ends it with `team release`).
    pub trail_holder: Option<String>,
}

/// Whether the team's trail still extends this machine's witness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TrailCheck {
    #[specta(type = specta_typescript::Number)]
    pub entries: u64,
    pub intact: bool,
    pub problem: Option<String>,
    /// Entries not signed by their officer (possible tampering), replays.
    pub signatures: Vec<String>,
    /// Keys that change who an officer is.
    pub key_warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountLink {
    pub account_id: String,
    pub account_name: String,
    /// The registry entry it maps to; `None`: local only (cannot create in the team).
    pub team_name: Option<String>,
    /// The team's retention policy for it.
    pub retention_days: Option<u32>,
}

impl TeamService<'_> {
    pub async fn status(self) -> Result<TeamStatus> {
        let waiting = self.trail_waiting()?;
        let Some(link) = self.team_link().await? else {
            return Ok(TeamStatus {
                joined: false,
                url: None,
                officer: None,
                roles: Vec::new(),
                reachable: false,
                problem: None,
                schema_version: None,
                protection: None,
                trail: None,
                beyond_plan: Vec::new(),
                accounts: Vec::new(),
                trail_waiting: waiting,
                trail_holder: None,
            });
        };
        let mut status = TeamStatus {
            joined: true,
            url: Some(link.workspace.target().url()),
            officer: Some(link.officer.clone()),
            roles: Vec::new(),
            reachable: false,
            problem: None,
            schema_version: None,
            protection: Some(link.workspace.tls().describe().to_owned()),
            trail: None,
            beyond_plan: Vec::new(),
            accounts: Vec::new(),
            trail_waiting: waiting,
            trail_holder: None,
        };
        let me = match link.workspace.whoami().await {
            Ok(me) => me,
            Err(err) => {
                status.problem = Some(err.to_string());
                return Ok(status);
            }
        };
        status.reachable = true;
        status.roles = me.roles().into_iter().map(str::to_owned).collect();
        status.schema_version = Some(me.schema_version);
        status.trail_holder = link.workspace.trail_holder().await.ok().flatten().map(|h| {
            format!(
                "{}{}{}",
                h.role.unwrap_or_else(|| "a session".into()),
                h.state.map(|s| format!(" ({s})")).unwrap_or_default(),
                h.since.map(|s| format!(" since {s}")).unwrap_or_default()
            )
        });
        let _ = self.flush_team_trail(&link).await;
        status.trail_waiting = self.trail_waiting()?;
        status.trail = Some(self.check_team_trail(false).await?);
        match link.workspace.grant_findings().await {
            Ok(findings) => status.beyond_plan = findings.into_iter().map(|f| f.0).collect(),
            Err(err) => status.problem = Some(err.to_string()),
        }
        match self.map_team_accounts(&link).await {
            Ok(accounts) => status.accounts = accounts,
            Err(err) => status.problem = Some(err.to_string()),
        }
        Ok(status)
    }
}
