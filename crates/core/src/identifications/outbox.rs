//! Resuming creations that were saved but not acknowledged (a crash, a time-out, no
//! network). The same transaction number is sent again: IDnow updates rather than
//! duplicates, and a number it already finished is looked up instead.

use idnow::{IdentificationRequest, TransactionNumber};
use serde::{Deserialize, Serialize};

use crate::accounts::AccountService;
use crate::error::Result;
use crate::identifications::IdentificationService;
use crate::team::TeamService;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResumeReport {
    /// Acknowledged by IDnow now.
    #[specta(type = specta_typescript::Number)]
    pub sent: usize,
    /// IDnow refused them (4xx); removed, as nothing was created.
    #[specta(type = specta_typescript::Number)]
    pub refused: usize,
    /// IDnow still cannot be reached; kept for the next try.
    #[specta(type = specta_typescript::Number)]
    pub waiting: usize,
}

impl IdentificationService<'_> {
    /// Sends every unacknowledged creation again. Run at start and after the network
    /// comes back.
    pub async fn resume_outbox(self) -> Result<ResumeReport> {
        let pending: Vec<(String, String, String)> = self.cx.store.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT account_id, transaction_number, request_json FROM identifications WHERE state = 'outbox' AND flow_id IS NULL ORDER BY created_at",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        let mut report = ResumeReport::default();
        for (account_id, txn, request_json) in pending {
            let (Ok(txn), Ok(request)) = (
                TransactionNumber::parse(&txn),
                serde_json::from_str::<IdentificationRequest>(&request_json),
            ) else {
                continue;
            };
            let account = AccountService::new(self.cx).account(&account_id).await?;
            let source = self.cx.source(&account).await?;
            let span = tracing::info_span!("resume_outbox", account = %account.id, txn = %txn);
            // In a team workspace the number is claimed first (it usually is already).
            let claim = match TeamService::new(self.cx)
                .claim_for_team(&account.id, &txn)
                .await
            {
                Ok(claim) => claim,
                Err(crate::Error::Team(identdesk_team::TeamError::Refused {
                    refusal: identdesk_team::Refusal::Taken,
                    ..
                })) => {
                    self.forget_unsent_intent(&account.id, &txn)?;
                    report.refused += 1;
                    continue;
                }
                Err(err) => {
                    tracing::info!(error = %err, "still unsent: the team workspace did not answer");
                    report.waiting += 1;
                    continue;
                }
            };
            let _entered = span.enter();
            let ident_id = match source.create_identification(&txn, &request).await {
                Ok(outcome) => Some(outcome.ident_id().to_owned()),
                // Finished at IDnow already: the first attempt did arrive. Learn its Ident-ID.
                Err(err) if err.status() == Some(409) => source
                    .result(&txn)
                    .await
                    .ok()
                    .and_then(|r| r.decoded.ok())
                    .and_then(|r| r.identificationprocess.id),
                Err(err) if err.refused() => {
                    self.forget_unsent_intent(&account.id, &txn)?;
                    report.refused += 1;
                    continue;
                }
                Err(err) => {
                    tracing::warn!(error = %err, "still unsent");
                    report.waiting += 1;
                    continue;
                }
            };
            match ident_id {
                Some(ident_id) => {
                    let links = source.person_links(
                        &account.company_id,
                        &txn,
                        &ident_id,
                        request.trackingid.as_deref(),
                    );
                    self.mark_created(&account.id, &txn, &ident_id, &links)?;
                    drop(_entered);
                    TeamService::new(self.cx)
                        .tell_team_created(claim, &txn, &ident_id)
                        .await;
                    report.sent += 1;
                }
                None => report.waiting += 1,
            }
        }
        Ok(report)
    }
}
