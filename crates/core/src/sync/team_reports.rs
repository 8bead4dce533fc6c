//! The team's part of a sync: each result change this cache saw at IDnow goes to the team
//! workspace as codes and times (never data), once; creations the team missed are told
//! again; local actions waiting for the team's trail go out; and the mirror is refreshed.
//! A team that cannot be reached never fails the sync with IDnow.

use identdesk_team::ResultReport;
use serde::{Deserialize, Serialize};

use crate::accounts::account::Account;
use crate::error::Result;
use crate::sync::SyncService;
use crate::team::TeamService;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamSyncReport {
    /// Result changes the team took (results only move forward there too).
    pub reported: u32,
    /// Reports the team kept out (it knew a final result already).
    pub ignored: u32,
    /// Local actions sent to the team's trail.
    pub trail_sent: u32,
    /// Decisions waiting for this officer.
    pub waiting_for_me: u32,
}

/// `result|reason|identified_at`: what was last reported for an identification.
const REPORTED: &str = "result || '|' || coalesce(reason, '') || '|' || coalesce(result_at, '')";

impl SyncService<'_> {
    /// Reports, catches up and refreshes; `None` in solo mode.
    pub(crate) async fn sync_team(self) -> Result<Option<TeamSyncReport>> {
        let Some(link) = TeamService::new(self.cx).team_link().await? else {
            return Ok(None);
        };
        TeamService::new(self.cx).map_team_accounts(&link).await?;
        let mut report = TeamSyncReport::default();
        for account in Account::all(&self.cx.store)? {
            let Ok(team_account) = TeamService::new(self.cx).team_account(&account.id) else {
                continue;
            };
            let changes: Vec<(ResultReport, String)> = self.cx.store.read(|conn| {
                let mut stmt = conn.prepare(&format!(
                    "SELECT transaction_number, result, reason, result_at, result_final, {REPORTED}
                       FROM identifications
                      WHERE account_id = ?1 AND result IS NOT NULL
                        AND team_reported IS NOT {REPORTED}"
                ))?;
                let rows = stmt.query_map([&account.id], |r| {
                    Ok((
                        ResultReport {
                            txn: r.get(0)?,
                            result: r.get(1)?,
                            reason: r.get(2)?,
                            identified_at: r.get(3)?,
                            is_final: r.get::<_, i64>(4)? != 0,
                        },
                        r.get(5)?,
                    ))
                })?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })?;
            if changes.is_empty() {
                continue;
            }
            let reports: Vec<ResultReport> = changes.iter().map(|(r, _)| r.clone()).collect();
            let outcome = link
                .workspace
                .report_results(team_account, &reports)
                .await?;
            report.reported += outcome.changed;
            report.ignored += outcome.ignored;
            self.cx.store.write(|tx| {
                let mut stmt = tx.prepare(
                    "UPDATE identifications SET team_reported = ?3 WHERE account_id = ?1 AND transaction_number = ?2",
                )?;
                for (r, reported) in &changes {
                    stmt.execute((&account.id, &r.txn, reported))?;
                }
                Ok(())
            })?;
        }
        TeamService::new(self.cx).catch_up_created(&link).await?;
        report.trail_sent = TeamService::new(self.cx).flush_team_trail(&link).await?;
        // Notes past their identification's retention lose their text on the server too.
        match link.workspace.expire_notes().await {
            Ok(_) | Err(identdesk_team::TeamError::Forbidden { .. }) => {}
            Err(err) => return Err(err.into()),
        }
        let news = TeamService::new(self.cx).refresh().await?;
        report.waiting_for_me = u32::try_from(news.waiting_for_me).unwrap_or(u32::MAX);
        Ok(Some(report))
    }
}
