//! Four-eyes in a team workspace: one officer proposes to accept or reject a final result,
//! another confirms it — enforced by the server. Both bind to the result each of them
//! fetched from IDnow just before (not a cached one), so a result that changed meanwhile,
//! or a forged report, can void a proposal but never make a confirmation pass.

use identdesk_team::SeenResult;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::accounts::account::{Account, AccountKind};
use crate::decisions::DecisionService;
use crate::decisions::{Acceptance, AcceptanceState, Decision};
use crate::error::{Error, Result};
use crate::identifications::IdentificationRef;
use crate::sessions::SessionService;
use crate::team::TeamService;

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

impl DecisionService<'_> {
    pub async fn panel(self, ident: &IdentificationRef) -> Result<DecisionPanel> {
        let acceptance = self.acceptance(ident).await?;
        let officer = self.cx.acting_user();
        let can_confirm = TeamService::new(self.cx).joined()
            && acceptance
                .as_ref()
                .is_some_and(|a| a.state == AcceptanceState::Proposed && a.proposed_by != officer);
        Ok(DecisionPanel {
            team: TeamService::new(self.cx).joined(),
            officer,
            acceptance,
            can_confirm,
        })
    }

    /// Team: proposes the decision on the result IDnow has now, which must be the one the
    /// officer looked at.
    pub(crate) async fn propose_decision(
        self,
        ident: &IdentificationRef,
        decision: Decision,
        note: &str,
        seen_result: &str,
    ) -> Result<Acceptance> {
        let link = TeamService::new(self.cx).require_team().await?;
        let account = TeamService::new(self.cx)
            .team_account_now(&link, &ident.account_id)
            .await?;
        let note = note.trim();
        if note.is_empty() {
            return Err(Error::invalid(
                "note",
                "Write a note saying why (no personal data needed).",
            ));
        }
        let seen = self.fetch_seen(ident).await?;
        if seen.result != seen_result {
            return Err(Error::invalid(
                "decision",
                format!(
                    "IDnow's result is {} now, not the {seen_result} you looked at; look at it again before deciding.",
                    seen.result
                ),
            ));
        }
        link.workspace
            .propose(
                account,
                &ident.transaction_number,
                decision.as_str(),
                note,
                &seen,
            )
            .await?;
        self.decided(ident).await
    }

    /// Team: confirms a colleague's proposal, with the result fetched from IDnow now.
    pub async fn confirm(self, ident: &IdentificationRef) -> Result<Acceptance> {
        let link = TeamService::new(self.cx).team_link().await?.ok_or_else(|| {
            Error::invalid(
                "decision",
                "Confirming needs a second signed-in officer, which only a team workspace has: join one in Settings → Team or with identdesk-cli team join. Alone, accept or reject directly.",
            )
        })?;
        let account = TeamService::new(self.cx)
            .team_account_now(&link, &ident.account_id)
            .await?;
        let seen = self.fetch_seen(ident).await?;
        link.workspace
            .confirm(account, &ident.transaction_number, &seen)
            .await?;
        self.decided(ident).await
    }

    /// The mirror refreshed, and the decision as it stands now.
    async fn decided(self, ident: &IdentificationRef) -> Result<Acceptance> {
        TeamService::new(self.cx).refresh().await?;
        self.acceptance(ident)
            .await?
            .ok_or_else(|| Error::NotFound {
                what: "Decision",
                id: ident.transaction_number.clone(),
            })
    }

    /// The identification's result as IDnow has it now (also stored here); a session's
    /// result word and completion time (else its last update).
    async fn fetch_seen(self, ident: &IdentificationRef) -> Result<SeenResult> {
        let account = Account::by_id(&self.cx.store, &ident.account_id)?;
        if account.kind == AccountKind::TrustPlatform {
            let session = SessionService::new(self.cx)
                .fetch_now(&account, &ident.transaction_number)
                .await?;
            let Some(result) = crate::sessions::result_word(&session) else {
                return Err(Error::invalid(
                    "decision",
                    "This session has not ended at IDnow yet: there is nothing to decide on.",
                ));
            };
            return Ok(SeenResult {
                result,
                reason: None,
                identified_at: session.settled_at().map(str::to_owned),
                is_final: session.status.is_terminal(),
            });
        }
        let crate::context::gateways::AtIdnow {
            account,
            txn,
            source,
        } = self
            .cx
            .at_idnow(&ident.account_id, &ident.transaction_number)
            .await?;
        let received = source.result(&txn).await?;
        let decoded = received
            .decoded
            .as_ref()
            .map_err(|e| Error::Gateway(idnow::Error::Decode(e.clone())))?;
        let process = &decoded.identificationprocess;
        let Some(result) = process.result.as_ref() else {
            return Err(Error::invalid(
                "decision",
                "IDnow has no result for this identification yet.",
            ));
        };
        crate::sync::store_fetched(self.cx, &account.id, &received)?;
        Ok(SeenResult {
            result: result.as_str().to_owned(),
            reason: process.reason.clone(),
            identified_at: process.identificationtime.clone(),
            is_final: result.is_final(),
        })
    }

    /// The team's decision on the identification, from the mirror.
    pub(crate) fn team_acceptance(self, ident: &IdentificationRef) -> Result<Option<Acceptance>> {
        self.cx.store.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT decision, note, on_result, proposed_by, proposed_at, confirmed_by, confirmed_at, state
                       FROM team_identifications
                      WHERE account_id = ?1 AND transaction_number = ?2 AND proposal_id IS NOT NULL",
                    (&ident.account_id, &ident.transaction_number),
                    |r| {
                        let decision: String = r.get(0)?;
                        let state: String = r.get(7)?;
                        Ok(Acceptance {
                            decision: if decision == "reject" { Decision::Reject } else { Decision::Accept },
                            note: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                            result_at_proposal: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                            proposed_by: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                            proposed_at: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                            confirmed_by: r.get(5)?,
                            confirmed_at: r.get(6)?,
                            state: match state.as_str() {
                                "confirmed" => AcceptanceState::Confirmed,
                                "voided" => AcceptanceState::Voided,
                                "unvouched" => AcceptanceState::Unvouched,
                                "unsigned" => AcceptanceState::Unsigned,
                                _ => AcceptanceState::Proposed,
                            },
                        })
                    },
                )
                .optional()?)
        })
    }
}
