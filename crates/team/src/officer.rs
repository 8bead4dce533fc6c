//! An officer's session with the team workspace: every read and write goes through the
//! server's functions as the signed-in login role. Writes carry a request id, so a reply
//! lost with its COMMIT is resolved by asking again; a write the server refuses keeps the
//! server's reason. One connection, made on first use and again after it drops.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::Mutex;
use tokio_postgres::Client;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use crate::SCHEMA_VERSION;
use crate::chain::ChainEntry;
use crate::connect::{TlsPolicy, connect};
use crate::error::{Result, TeamError};
use crate::keybook::SignedPart;
use crate::signing::{OfficerKey, Payload};
use crate::target::Target;

/// How long one call may take (the server's own statement timeout is 30 s).
const CALL_TIMEOUT: Duration = Duration::from_secs(35);

/// Who the server says the caller is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whoami {
    pub officer: String,
    pub is_officer: bool,
    pub is_auditor: bool,
    pub is_admin: bool,
    pub schema_version: i32,
    pub must_change_password: bool,
}

impl Whoami {
    pub fn roles(&self) -> Vec<&'static str> {
        [
            (self.is_officer, "officer"),
            (self.is_auditor, "auditor"),
            (self.is_admin, "admin"),
        ]
        .into_iter()
        .filter_map(|(has, name)| has.then_some(name))
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredAccount {
    pub id: Uuid,
    pub name: String,
    pub company_id: String,
    pub environment: String,
    /// Only for white-label hosts; empty otherwise.
    pub gateway_url: String,
    pub retention_days: i32,
    pub unfinished_retention_days: i32,
    /// Which IDnow API: `classic` or `trust-platform` (a workspace before schema 4 has
    /// classic accounts only).
    pub kind: String,
}

/// What a claim of a transaction number found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// Claimed now: send it.
    Claimed,
    /// Claimed by this officer before: send it again (IDnow updates on a repeated number).
    Mine,
    /// Claimed by someone else: do not send.
    Taken { by: String },
}

/// A result as an officer's app saw it at IDnow: codes and times, never data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultReport {
    pub txn: String,
    pub result: String,
    pub reason: Option<String>,
    pub identified_at: Option<String>,
    #[serde(rename = "final")]
    pub is_final: bool,
}

/// A result code as the team's database takes it: 1–64 upper-case letters and `_`.
fn is_result_code(text: &str) -> bool {
    (1..=64).contains(&text.len()) && text.chars().all(|c| c.is_ascii_uppercase() || c == '_')
}

/// A reason as the team's database takes it (a code, digits allowed), else none.
fn bounded_reason(reason: Option<&String>) -> Option<String> {
    reason
        .filter(|r| {
            (1..=64).contains(&r.len())
                && r.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .cloned()
}

/// An identification time as the team's database takes it (RFC 3339), else none.
fn bounded_time(time: Option<&String>) -> Option<String> {
    time.filter(|t| t.len() <= 40 && chrono::DateTime::parse_from_rfc3339(t).is_ok())
        .cloned()
}

impl SeenResult {
    /// As a report would carry it: a reason or time that is not one goes as none.
    fn bounded(&self) -> SeenResult {
        SeenResult {
            result: self.result.clone(),
            reason: bounded_reason(self.reason.as_ref()),
            identified_at: bounded_time(self.identified_at.as_ref()),
            is_final: self.is_final,
        }
    }
}

impl ResultReport {
    /// The report as the team's database takes it (codes and times only), or `None` when
    /// its result is not a code.
    fn bounded(&self) -> Option<ResultReport> {
        if !is_result_code(&self.result) || !(1..=255).contains(&self.txn.len()) {
            return None;
        }
        Some(ResultReport {
            txn: self.txn.clone(),
            result: self.result.clone(),
            reason: bounded_reason(self.reason.as_ref()),
            identified_at: bounded_time(self.identified_at.as_ref()),
            is_final: self.is_final,
        })
    }
}

/// The result an officer saw just now, which a proposal or confirmation binds to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenResult {
    pub result: String,
    pub reason: Option<String>,
    pub identified_at: Option<String>,
    pub is_final: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct ReportOutcome {
    pub changed: u32,
    pub ignored: u32,
    /// Reports that contradicted another final result (shown as a conflict, never frozen).
    #[serde(default)]
    pub conflicts: u32,
}

/// One officer's observation of a result, as the detail's conflict view lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    pub result: String,
    pub reason: Option<String>,
    pub identified_at: Option<String>,
    pub is_final: bool,
    /// `changed`, `unchanged` or `conflict`.
    pub outcome: String,
    pub reported_by: String,
    pub reported_at: String,
}

/// Who holds the team trail's head (`team status`, and a write that waited in vain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailHolder {
    pub role: Option<String>,
    pub pid: Option<i32>,
    /// `idle in transaction`, `active`, … where the server lets the workspace read it.
    pub state: Option<String>,
    pub since: Option<String>,
}

/// An identification as the team sees it, with its standing (or latest) proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamChange {
    pub change_seq: i64,
    pub account_id: Uuid,
    pub transaction_number: String,
    pub ident_id: Option<String>,
    pub claimed_by: Option<String>,
    pub created_by: Option<String>,
    pub result: Option<String>,
    pub result_final: bool,
    pub proposal_id: Option<i64>,
    pub decision: Option<String>,
    /// `proposed`, `confirmed` or `voided`.
    pub state: Option<String>,
    pub on_result: Option<String>,
    pub proposed_by: Option<String>,
    pub proposed_at: Option<String>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<String>,
    pub note: Option<String>,
    /// Officers reported contradicting final results: the detail lists each observation.
    pub conflict: bool,
    /// The identification time the proposal was made on.
    pub on_identified_at: Option<String>,
    /// The proposal's and the confirmation's signed trail entries.
    pub proposal_signed: SignedPart,
    pub confirmation_signed: SignedPart,
}

/// An entry of the team's trail, as the audit screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamTemplate {
    pub name: String,
    pub answers: Value,
}

/// An officer's session.
pub struct Workspace {
    target: Target,
    password: String,
    tls: TlsPolicy,
    client: Mutex<Option<Arc<Client>>>,
    /// This officer's key on this computer: every write is signed with it.
    signer: Option<OfficerKey>,
    workspace_id: tokio::sync::OnceCell<Uuid>,
}

impl Workspace {
    pub fn new(target: Target, password: String, tls: TlsPolicy) -> Workspace {
        Workspace {
            target,
            password,
            tls,
            client: Mutex::new(None),
            signer: None,
            workspace_id: tokio::sync::OnceCell::new(),
        }
    }

    /// The same session, signing every write with `key`.
    pub fn with_signer(mut self, key: OfficerKey) -> Workspace {
        self.signer = Some(key);
        self
    }

    pub fn signer(&self) -> Option<&OfficerKey> {
        self.signer.as_ref()
    }

    /// The workspace's own id (every signature names it).
    pub async fn workspace_id(&self) -> Result<Uuid> {
        self.workspace_id
            .get_or_try_init(|| async {
                let rows = self.read("SELECT identdesk.workspace_id()", &[]).await?;
                rows.first()
                    .map(|r| r.get(0))
                    .ok_or(TeamError::NotInitialised)
            })
            .await
            .copied()
    }

    /// The envelope for one write: `payload` signed with this request's id, or nothing
    /// without a key.
    async fn envelope(&self, request: Uuid, mut payload: Payload) -> Result<String> {
        let Some(key) = &self.signer else {
            return Ok(String::new());
        };
        payload.request = request.to_string();
        let workspace = self.workspace_id().await?;
        Ok(key.sign(workspace, &self.target.user, payload).setting())
    }

    pub fn target(&self) -> &Target {
        &self.target
    }

    pub fn tls(&self) -> &TlsPolicy {
        &self.tls
    }

    /// A listener on this workspace's notifications.
    pub fn listen(
        &self,
        events: tokio::sync::mpsc::UnboundedSender<crate::ListenEvent>,
    ) -> crate::Listener {
        crate::Listener::start(
            self.target.clone(),
            self.password.clone(),
            self.tls.clone(),
            events,
        )
    }

    async fn client(&self) -> Result<Arc<Client>> {
        let mut slot = self.client.lock().await;
        if let Some(client) = slot.as_ref().filter(|c| !c.is_closed()) {
            return Ok(Arc::clone(client));
        }
        let (client, connection) = connect(&self.target, &self.password, &self.tls).await?;
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "team workspace connection ended");
            }
        });
        let client = Arc::new(client);
        *slot = Some(Arc::clone(&client));
        Ok(client)
    }

    async fn forget_client(&self) {
        *self.client.lock().await = None;
    }

    /// A read: asked again once if the connection dropped (reads are safe to repeat).
    pub(crate) async fn read(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<tokio_postgres::Row>> {
        for attempt in 0..2 {
            let client = self.client().await?;
            match tokio::time::timeout(CALL_TIMEOUT, client.query(sql, params)).await {
                Ok(Ok(rows)) => return Ok(rows),
                Ok(Err(err)) if !TeamError::is_connection_loss(&err) => {
                    return Err(TeamError::from_call(&err));
                }
                lost => {
                    self.forget_client().await;
                    if attempt == 1 {
                        return Err(TeamError::Unreachable {
                            target: self.target.server(),
                            detail: match lost {
                                Ok(Err(err)) => crate::connect::error_chain(&err),
                                _ => "no answer in time".into(),
                            },
                        });
                    }
                }
            }
        }
        Err(TeamError::Unreachable {
            target: self.target.server(),
            detail: "no answer".into(),
        })
    }

    /// A write through a function whose first argument is the request id: a lost reply is
    /// asked again with the same id, and the server answers what it recorded the first time.
    /// A write through `call` (a function call whose first argument, `$1`, is `request`),
    /// with `payload` signed in the same statement.
    async fn write(
        &self,
        call: &str,
        request: Uuid,
        params: &[&(dyn ToSql + Sync)],
        payload: Payload,
    ) -> Result<Value> {
        let envelope = self.envelope(request, payload).await?;
        let sql = format!(
            "SELECT {call} FROM (SELECT pg_catalog.set_config('identdesk.signature', ${}::text, false)) AS signed",
            params.len() + 2
        );
        let mut all: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(params.len() + 2);
        all.push(&request);
        all.extend_from_slice(params);
        all.push(&envelope);
        match self.write_once(&sql, &all).await {
            Err(TeamError::Busy { .. }) => Err(self.busy().await),
            other => other,
        }
    }

    /// A write that waited in vain for the trail's head, with its holder named.
    async fn busy(&self) -> TeamError {
        match self.trail_holder().await {
            Ok(Some(holder)) => TeamError::Busy {
                holder: holder.role,
                state: holder.state,
                since: holder.since,
            },
            _ => TeamError::Busy {
                holder: None,
                state: None,
                since: None,
            },
        }
    }

    async fn write_once(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Value> {
        self.ensure_writable().await?;
        let client = self.client().await?;
        match tokio::time::timeout(CALL_TIMEOUT, client.query_one(sql, params)).await {
            Ok(Ok(row)) => return Ok(row.get(0)),
            Ok(Err(err)) if !TeamError::is_connection_loss(&err) => {
                return Err(TeamError::from_call(&err));
            }
            _ => {}
        }
        self.forget_client().await;
        let unknown = |detail: String| TeamError::OutcomeUnknown { detail };
        let client = self.client().await.map_err(|e| unknown(e.to_string()))?;
        match tokio::time::timeout(CALL_TIMEOUT, client.query_one(sql, params)).await {
            Ok(Ok(row)) => Ok(row.get(0)),
            Ok(Err(err)) if !TeamError::is_connection_loss(&err) => Err(TeamError::from_call(&err)),
            Ok(Err(err)) => Err(unknown(crate::connect::error_chain(&err))),
            Err(_) => Err(unknown("no answer in time".into())),
        }
    }

    async fn ensure_writable(&self) -> Result<()> {
        let me = self.whoami().await?;
        if me.schema_version > SCHEMA_VERSION {
            return Err(TeamError::SchemaNewer {
                found: me.schema_version,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(())
    }

    pub async fn whoami(&self) -> Result<Whoami> {
        let rows = self.read("SELECT * FROM identdesk.whoami()", &[]).await?;
        let row = rows.first().ok_or(TeamError::NotInitialised)?;
        Ok(Whoami {
            officer: row.get(0),
            is_officer: row.get(1),
            is_auditor: row.get(2),
            is_admin: row.get(3),
            schema_version: row.get::<_, Option<i32>>(4).unwrap_or(0),
            must_change_password: row.get(5),
        })
    }

    /// Replaces the password (a one-time one at the first join): the server gets only the
    /// SCRAM verifier, computed here.
    pub async fn change_password(&mut self, new_password: &str) -> Result<()> {
        crate::admin::check_password(new_password)?;
        let verifier = postgres_protocol::password::scram_sha_256(new_password.as_bytes());
        let client = self.client().await?;
        client
            .batch_execute(&format!(
                "ALTER ROLE CURRENT_USER PASSWORD {}",
                crate::admin::quote_literal(&verifier)
            ))
            .await
            .map_err(|e| TeamError::from_call(&e))?;
        client
            .execute("SELECT identdesk.password_changed()", &[])
            .await
            .map_err(|e| TeamError::from_call(&e))?;
        self.password = new_password.to_owned();
        Ok(())
    }

    pub async fn accounts(&self) -> Result<Vec<RegisteredAccount>> {
        let rows = self.read("SELECT * FROM identdesk.accounts()", &[]).await?;
        Ok(rows
            .iter()
            .map(|r| RegisteredAccount {
                id: r.get(0),
                name: r.get(1),
                company_id: r.get(2),
                environment: r.get(3),
                gateway_url: r.get(4),
                retention_days: r.get(5),
                unfinished_retention_days: r.get(6),
                kind: r
                    .try_get::<_, String>(7)
                    .unwrap_or_else(|_| "classic".to_owned()),
            })
            .collect())
    }

    /// Administrators: the team works with this classic IDnow account (no key leaves the
    /// machine).
    pub async fn register_account(
        &self,
        name: &str,
        company_id: &str,
        environment: &str,
        gateway_url: Option<&str>,
    ) -> Result<Uuid> {
        self.register(
            "register_account",
            name,
            company_id,
            environment,
            gateway_url,
        )
        .await
    }

    /// Administrators: the team works with this Trust Platform account: its OAuth client id,
    /// `sandbox` (built-in) or `white-label` with the API's base URL (no secret leaves the
    /// machine). Needs a workspace at schema 4.
    pub async fn register_platform_account(
        &self,
        name: &str,
        client_id: &str,
        environment: &str,
        api_url: Option<&str>,
    ) -> Result<Uuid> {
        self.register("register_platform_account", name, client_id, environment, api_url)
            .await
            .map_err(|err| match err {
                // The function is missing: a workspace made before schema 4.
                TeamError::NotInitialised => {
                    TeamError::invalid(
                        "schema",
                        "This team workspace predates Trust Platform accounts; an administrator upgrades it with identdesk-cli team init.",
                    )
                }
                other => other,
            })
    }

    async fn register(
        &self,
        function: &str,
        name: &str,
        company_id: &str,
        environment: &str,
        gateway_url: Option<&str>,
    ) -> Result<Uuid> {
        let payload = Payload {
            subject: format!(
                "{company_id} {environment} {}",
                gateway_url.unwrap_or_default()
            ),
            ..Payload::action("account.registered")
        };
        let answer = self
            .write(
                &format!("identdesk.{function}($1, $2, $3, $4, $5)"),
                Uuid::new_v4(),
                &[&name, &company_id, &environment, &gateway_url],
                payload,
            )
            .await?;
        answer["account"]
            .as_str()
            .and_then(|id| Uuid::parse_str(id).ok())
            .ok_or_else(|| TeamError::Database {
                message: format!("{function} answered {answer}"),
            })
    }

    /// Administrators: how long the team keeps personal data for this account, after a
    /// final result and (for one never finished) after creation.
    pub async fn set_retention(
        &self,
        account: Uuid,
        days: i32,
        unfinished_days: i32,
    ) -> Result<()> {
        let payload = Payload {
            account: account.to_string(),
            subject: format!("{days} {unfinished_days}"),
            ..Payload::action("account.retention.changed")
        };
        self.write(
            "identdesk.set_retention($1, $2, $3, $4)",
            Uuid::new_v4(),
            &[&account, &days, &unfinished_days],
            payload,
        )
        .await
        .map(drop)
    }

    pub async fn claim(&self, account: Uuid, txn: &str) -> Result<ClaimOutcome> {
        let payload = Payload {
            account: account.to_string(),
            txn: txn.to_owned(),
            ..Payload::action("identification.claimed")
        };
        let answer = self
            .write(
                "identdesk.claim($1, $2, $3)",
                Uuid::new_v4(),
                &[&account, &txn],
                payload,
            )
            .await?;
        Ok(match answer["status"].as_str() {
            Some("claimed") => ClaimOutcome::Claimed,
            Some("mine") => ClaimOutcome::Mine,
            _ => ClaimOutcome::Taken {
                by: answer["by"]
                    .as_str()
                    .unwrap_or("another officer")
                    .to_owned(),
            },
        })
    }

    pub async fn created(&self, account: Uuid, txn: &str, ident_id: Option<&str>) -> Result<()> {
        let payload = Payload {
            account: account.to_string(),
            txn: txn.to_owned(),
            subject: ident_id.unwrap_or_default().to_owned(),
            ..Payload::action("identification.created")
        };
        self.write(
            "identdesk.created($1, $2, $3, $4)",
            Uuid::new_v4(),
            &[&account, &txn, &ident_id],
            payload,
        )
        .await
        .map(drop)
    }

    /// Result changes seen at IDnow, in batches of at most 5 000. A result the team cannot
    /// hold (not a code) is left out; a reason that is not a code, or a time that is not
    /// one, goes as none: the team's database keeps codes and times only.
    pub async fn report_results(
        &self,
        account: Uuid,
        reports: &[ResultReport],
    ) -> Result<ReportOutcome> {
        let mut total = ReportOutcome {
            changed: 0,
            ignored: 0,
            conflicts: 0,
        };
        let reports: Vec<ResultReport> = reports.iter().filter_map(ResultReport::bounded).collect();
        for batch in reports.chunks(5_000) {
            let reports = serde_json::to_value(batch).map_err(|e| TeamError::Database {
                message: e.to_string(),
            })?;
            let payload = Payload {
                account: account.to_string(),
                subject: crate::signing::sha256_hex(&reports.to_string()),
                ..Payload::action("results.reported")
            };
            let answer = self
                .write(
                    "identdesk.report_results($1, $2, $3)",
                    Uuid::new_v4(),
                    &[&account, &reports],
                    payload,
                )
                .await?;
            let outcome: ReportOutcome =
                serde_json::from_value(answer).map_err(|e| TeamError::Database {
                    message: e.to_string(),
                })?;
            total.changed += outcome.changed;
            total.ignored += outcome.ignored;
            total.conflicts += outcome.conflicts;
        }
        Ok(total)
    }

    /// The seen result as a report of its own, committed before the decision: a newer
    /// result voids a standing proposal (and is kept) even when the decision is refused.
    async fn report_seen(&self, account: Uuid, txn: &str, seen: &SeenResult) -> Result<()> {
        let report = ResultReport {
            txn: txn.to_owned(),
            result: seen.result.clone(),
            reason: seen.reason.clone(),
            identified_at: seen.identified_at.clone(),
            is_final: seen.is_final,
        };
        self.report_results(account, &[report]).await.map(drop)
    }

    /// Proposes a decision on the result the proposer just saw; the proposal's number.
    pub async fn propose(
        &self,
        account: Uuid,
        txn: &str,
        decision: &str,
        note: &str,
        seen: &SeenResult,
    ) -> Result<i64> {
        let seen = &seen.bounded();
        self.report_seen(account, txn, seen).await?;
        let payload = Payload {
            account: account.to_string(),
            txn: txn.to_owned(),
            decision: decision.to_owned(),
            result: seen.result.clone(),
            reason: seen.reason.clone().unwrap_or_default(),
            identified_at: seen.identified_at.clone().unwrap_or_default(),
            is_final: seen.is_final.to_string(),
            note_sha256: crate::signing::sha256_hex(note),
            ..Payload::action("decision.proposed")
        };
        let answer = self
            .write(
                "identdesk.propose($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                Uuid::new_v4(),
                &[
                    &account,
                    &txn,
                    &decision,
                    &note,
                    &seen.result,
                    &seen.reason,
                    &seen.identified_at,
                    &seen.is_final,
                ],
                payload,
            )
            .await?;
        Ok(answer["proposal"].as_i64().unwrap_or_default())
    }

    /// Confirms the standing proposal with the result the confirmer just fetched.
    pub async fn confirm(&self, account: Uuid, txn: &str, seen: &SeenResult) -> Result<i64> {
        let seen = &seen.bounded();
        self.report_seen(account, txn, seen).await?;
        let proposal = self
            .read(
                "SELECT identdesk.proposal_payload($1, $2)",
                &[&account, &txn],
            )
            .await?
            .first()
            .and_then(|r| r.get::<_, Option<String>>(0))
            .unwrap_or_default();
        let payload = Payload {
            account: account.to_string(),
            txn: txn.to_owned(),
            result: seen.result.clone(),
            reason: seen.reason.clone().unwrap_or_default(),
            identified_at: seen.identified_at.clone().unwrap_or_default(),
            is_final: seen.is_final.to_string(),
            proposal_sha256: crate::signing::sha256_hex(&proposal),
            ..Payload::action("decision.confirmed")
        };
        let answer = self
            .write(
                "identdesk.confirm($1, $2, $3, $4, $5, $6, $7)",
                Uuid::new_v4(),
                &[
                    &account,
                    &txn,
                    &seen.result,
                    &seen.reason,
                    &seen.identified_at,
                    &seen.is_final,
                ],
                payload,
            )
            .await?;
        Ok(answer["proposal"].as_i64().unwrap_or_default())
    }

    /// A local action in the team's trail. The caller keeps `request` with the action until
    /// it is recorded, so sending it again never records it twice.
    pub async fn record_action(
        &self,
        request: Uuid,
        action: &str,
        subject: &str,
        detail: &str,
    ) -> Result<()> {
        let payload = Payload {
            subject: subject.to_owned(),
            note_sha256: crate::signing::sha256_hex(detail),
            ..Payload::action(action)
        };
        self.write(
            "identdesk.record_action($1, $2, $3, $4)",
            request,
            &[&action, &subject, &detail],
            payload,
        )
        .await
        .map(drop)
    }

    pub async fn templates(&self, account: Uuid) -> Result<Vec<TeamTemplate>> {
        let rows = self
            .read("SELECT * FROM identdesk.templates($1)", &[&account])
            .await?;
        Ok(rows
            .iter()
            .map(|r| TeamTemplate {
                name: r.get(0),
                answers: r.get(1),
            })
            .collect())
    }

    pub async fn save_template(&self, account: Uuid, name: &str, answers: &Value) -> Result<()> {
        let payload = Payload {
            account: account.to_string(),
            subject: name.to_owned(),
            note_sha256: crate::signing::sha256_hex(&answers.to_string()),
            ..Payload::action("template.saved")
        };
        self.write(
            "identdesk.save_template($1, $2, $3, $4)",
            Uuid::new_v4(),
            &[&account, &name, answers],
            payload,
        )
        .await
        .map(drop)
    }

    pub async fn delete_template(&self, account: Uuid, name: &str) -> Result<()> {
        let payload = Payload {
            account: account.to_string(),
            subject: name.to_owned(),
            ..Payload::action("template.deleted")
        };
        self.write(
            "identdesk.delete_template($1, $2, $3)",
            Uuid::new_v4(),
            &[&account, &name],
            payload,
        )
        .await
        .map(drop)
    }

    /// Identifications that changed after change number `after`, oldest change first.
    pub async fn changes_since(&self, after: i64, limit: i32) -> Result<Vec<TeamChange>> {
        let rows = self
            .read(
                "SELECT * FROM identdesk.changes_since($1, $2)",
                &[&after, &limit],
            )
            .await?;
        let time = |r: &tokio_postgres::Row, i: usize| {
            r.get::<_, Option<chrono::DateTime<chrono::Utc>>>(i)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        };
        Ok(rows
            .iter()
            .map(|r| TeamChange {
                change_seq: r.get(0),
                account_id: r.get(1),
                transaction_number: r.get(2),
                ident_id: r.get(3),
                claimed_by: r.get(4),
                created_by: r.get(5),
                result: r.get(6),
                result_final: r.get(7),
                proposal_id: r.get(8),
                decision: r.get(9),
                state: r.get(10),
                on_result: r.get(11),
                proposed_by: r.get(12),
                proposed_at: time(r, 13),
                confirmed_by: r.get(14),
                confirmed_at: time(r, 15),
                note: r.get(16),
                conflict: r.get(17),
                on_identified_at: r.get(18),
                proposal_signed: SignedPart {
                    key_id: r.get(19),
                    payload: r.get(20),
                    signature: r.get(21),
                    seq: r.get(25),
                },
                confirmation_signed: SignedPart {
                    key_id: r.get(22),
                    payload: r.get(23),
                    signature: r.get(24),
                    seq: r.get(26),
                },
            })
            .collect())
    }

    pub async fn audit_head(&self) -> Result<crate::Witness> {
        let rows = self
            .read("SELECT * FROM identdesk.audit_head()", &[])
            .await?;
        let row = rows.first().ok_or(TeamError::NotInitialised)?;
        Ok(crate::Witness {
            count: row.get(0),
            hash: row.get(1),
        })
    }

    /// Trail entries from `from` on, oldest first.
    pub async fn audit_entries(&self, from: i64, limit: i32) -> Result<Vec<ChainEntry>> {
        let rows = self
            .read(
                "SELECT * FROM identdesk.audit_entries($1, $2)",
                &[&from, &limit],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| ChainEntry {
                seq: r.get(0),
                at: r.get(1),
                actor: r.get(2),
                action: r.get(3),
                subject: r.get(4),
                detail: r.get(5),
                note_sha256: r.get(6),
                prev_hash: r.get(7),
                hash: r.get(8),
                note: r.get(9),
                key_id: r.get(10),
                payload: r.get(11),
                signature: r.get(12),
            })
            .collect())
    }

    /// The newest trail entries first.
    pub async fn audit_newest(&self, limit: i32, offset: i32) -> Result<Vec<TrailEntry>> {
        let rows = self
            .read(
                "SELECT * FROM identdesk.audit_newest($1, $2)",
                &[&limit, &offset],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| TrailEntry {
                seq: r.get(0),
                at: r.get(1),
                actor: r.get(2),
                action: r.get(3),
                subject: r.get(4),
                detail: r.get(5),
                note: r.get(6),
            })
            .collect())
    }

    /// Registers this computer's key for the signed-in officer (signed by that key
    /// itself); its id.
    pub async fn register_key(&self) -> Result<String> {
        let key = self.signer.as_ref().ok_or_else(|| {
            TeamError::invalid("signingKey", "This session has no signing key to register.")
        })?;
        let public = key.public_hex();
        let payload = Payload {
            subject: public.clone(),
            ..Payload::action("key.registered")
        };
        self.write(
            "identdesk.register_key($1, $2)",
            Uuid::new_v4(),
            &[&public],
            payload,
        )
        .await?;
        Ok(key.id())
    }

    /// Officers: vouches for a colleague's key after comparing its fingerprint with them.
    pub async fn vouch_key(&self, key_id: &str) -> Result<()> {
        let payload = Payload {
            subject: key_id.to_owned(),
            ..Payload::action("key.vouched")
        };
        self.write(
            "identdesk.vouch_key($1, $2)",
            Uuid::new_v4(),
            &[&key_id],
            payload,
        )
        .await
        .map(drop)
    }

    /// Administrators: a lost computer's key stops counting from now on.
    pub async fn revoke_key(&self, key_id: &str) -> Result<()> {
        let payload = Payload {
            subject: key_id.to_owned(),
            ..Payload::action("key.revoked")
        };
        self.write(
            "identdesk.revoke_key($1, $2)",
            Uuid::new_v4(),
            &[&key_id],
            payload,
        )
        .await
        .map(drop)
    }

    /// Every officer's observation of one identification's result, newest first.
    pub async fn observations(&self, account: Uuid, txn: &str) -> Result<Vec<Observation>> {
        let rows = self
            .read(
                "SELECT * FROM identdesk.result_reports($1, $2)",
                &[&account, &txn],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| Observation {
                result: r.get(0),
                reason: r.get(1),
                identified_at: r.get(2),
                is_final: r.get(3),
                outcome: r.get(4),
                reported_by: r.get(5),
                reported_at: r
                    .get::<_, chrono::DateTime<chrono::Utc>>(6)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            })
            .collect())
    }

    /// Who holds the team trail's head now, if anyone.
    pub async fn trail_holder(&self) -> Result<Option<TrailHolder>> {
        let rows = self
            .read("SELECT * FROM identdesk.trail_holder()", &[])
            .await?;
        Ok(rows.first().map(|r| TrailHolder {
            role: r.get(0),
            pid: r.get(1),
            state: r.get(2),
            since: r
                .get::<_, Option<chrono::DateTime<chrono::Utc>>>(3)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        }))
    }

    /// Administrators: ends the session holding the trail's head; who it was.
    pub async fn release_trail(&self) -> Result<Option<String>> {
        self.ensure_writable().await?;
        let rows = self.read("SELECT identdesk.release_trail()", &[]).await?;
        Ok(rows.first().and_then(|r| r.get(0)))
    }

    /// Removes the text of notes past their identification's retention (the trail keeps
    /// their hash); how many.
    ///
    /// Safe to ask again (it removes what is past retention, whenever asked), so it goes
    /// the way reads go.
    pub async fn expire_notes(&self) -> Result<i32> {
        self.ensure_writable().await?;
        match self.read("SELECT identdesk.expire_notes()", &[]).await {
            Ok(rows) => Ok(rows.first().map_or(0, |r| r.get(0))),
            Err(TeamError::Busy { .. }) => Err(self.busy().await),
            Err(err) => Err(err),
        }
    }

    /// What the server's grants allow beyond the plan (`team status`).
    pub async fn grant_findings(&self) -> Result<Vec<crate::GrantFinding>> {
        let client = self.client().await?;
        crate::grants::findings(&client).await
    }
}
