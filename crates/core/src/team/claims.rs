//! Exactly-once creation across the team: the transaction number is claimed in the team
//! workspace before the request leaves for IDnow. A number another officer holds is not
//! sent; with the server unreachable nothing is sent and nothing is queued (the officer's
//! form keeps what they typed). IDnow's acknowledgement is told to the team afterwards.

use std::sync::Arc;

use identdesk_team::{ClaimOutcome, Refusal, TeamError};
use idnow::TransactionNumber;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::team::TeamService;

use crate::context::team_slot::TeamLink;

/// A claim held for one creation, to report IDnow's acknowledgement with.
pub(crate) struct Claim {
    link: Arc<TeamLink>,
    account: Uuid,
}

impl TeamService<'_> {
    /// In a team workspace, claims `txn` for this officer; `None` in solo mode.
    pub(crate) async fn claim_for_team(
        self,
        account_id: &str,
        txn: &TransactionNumber,
    ) -> Result<Option<Claim>> {
        let Some(link) = self.team_link().await? else {
            return Ok(None);
        };
        let account = self.team_account_now(&link, account_id).await?;
        match link.workspace.claim(account, txn.as_str()).await? {
            ClaimOutcome::Claimed | ClaimOutcome::Mine => Ok(Some(Claim { link, account })),
            ClaimOutcome::Taken { by } => Err(Error::Team(TeamError::Refused {
                refusal: Refusal::Taken,
                message: format!(
                    "The transaction number {txn} belongs to {by} in the team workspace; nothing was sent. Use another number."
                ),
            })),
        }
    }

    /// Tells the team IDnow acknowledged the creation. A failure here is caught up by the
    /// next sync (the claim already names this officer).
    pub(crate) async fn tell_team_created(
        self,
        claim: Option<Claim>,
        txn: &TransactionNumber,
        ident_id: &str,
    ) {
        let Some(claim) = claim else {
            return;
        };
        if let Err(err) = claim
            .link
            .workspace
            .created(claim.account, txn.as_str(), Some(ident_id))
            .await
        {
            tracing::warn!(error = %err, "the team was not told of a creation; the next sync tells it");
        }
    }

    /// Creations this officer claimed that the team does not know were acknowledged.
    pub(crate) async fn catch_up_created(self, link: &TeamLink) -> Result<u32> {
        let pending: Vec<(String, String, Option<String>)> = self.cx.store.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT i.account_id, i.transaction_number, i.ident_id
                   FROM identifications i
                   JOIN team_identifications t
                     ON t.account_id = i.account_id AND t.transaction_number = i.transaction_number
                  WHERE i.state = 'created' AND t.claimed_by = ?1 AND t.created_by IS NULL",
            )?;
            let rows =
                stmt.query_map([&link.officer], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        let mut told = 0;
        for (account_id, txn, ident_id) in pending {
            let account = self.team_account(&account_id)?;
            link.workspace
                .created(account, &txn, ident_id.as_deref())
                .await?;
            told += 1;
        }
        Ok(told)
    }
}
