//! Creating a session for a flow, exactly once as far as the API allows: it has no
//! idempotency key and no delete, so the intent is saved first (keyed by its random subject
//! id), and an intent whose answer never came is matched against the flow's newest
//! sessions by that subject id before anything is sent again; with no match the officer
//! decides (send again, or discard).

use chrono::NaiveDate;
use idnow_trust::{NewSession, SessionMetadata, TrustClient};
use rand::RngCore;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::SessionService;
use super::row::write_session;
use crate::accounts::account::Account;
use crate::error::{Error, FieldError, Result};
use crate::journal;

/// How many of a flow's newest sessions are searched for an unanswered intent's subject id.
const ADOPT_LOOKUP_SESSIONS: u32 = 200;

/// An input data block beyond `basicIdentity`, as the officer typed it: its camelCase type
/// and its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InputBlock {
    pub block_type: String,
    pub fields: Vec<crate::KeyValue>,
}

/// What the officer types to create a session. Debug-free: it carries personal data.
#[derive(Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewSessionInput {
    pub account_id: String,
    pub flow_id: String,
    /// `basicIdentity`, sent when any of its three fields is filled.
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// Other input blocks the flow needs.
    #[serde(default)]
    pub other_blocks: Vec<InputBlock>,
    /// The company's reference for the person; a random, personal-data-free one when empty.
    pub subject_id: Option<String>,
    pub locale: Option<String>,
    pub redirect_url: Option<String>,
    pub state: Option<String>,
}

/// A session IDnow created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CreatedSession {
    pub account_id: String,
    pub session_id: String,
    pub subject_id: String,
    /// Where the person goes (the Player); a link and a QR code in the window.
    pub player_url: Option<String>,
    pub status: String,
    /// Found among the flow's sessions rather than created now (an earlier attempt's
    /// answer was lost).
    pub adopted: bool,
}

impl NewSessionInput {
    /// What IDnow would be sent, and every problem the officer can fix first.
    fn request(&self, subject_id: &str) -> (NewSession, Vec<FieldError>) {
        let mut problems = Vec::new();
        let mut input = Map::new();
        let trimmed = |text: &Option<String>| {
            text.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        let (given, family, birth) = (
            trimmed(&self.given_name),
            trimmed(&self.family_name),
            trimmed(&self.birth_date),
        );
        if given.is_some() || family.is_some() || birth.is_some() {
            let mut identity = Map::new();
            for (field, key, value) in [
                ("givenName", "givenName", &given),
                ("familyName", "familyName", &family),
                ("birthDate", "birthDate", &birth),
            ] {
                match value {
                    Some(value) => {
                        identity.insert(key.into(), value.clone().into());
                    }
                    None => problems.push(FieldError {
                        field: field.into(),
                        message: "basicIdentity needs given name, family name and birth date; fill all three or none.".into(),
                    }),
                }
            }
            if let Some(birth) = &birth
                && NaiveDate::parse_from_str(birth, "%Y-%m-%d").is_err()
            {
                problems.push(FieldError {
                    field: "birthDate".into(),
                    message: "Write the birth date as YYYY-MM-DD, e.g. 1990-04-23.".into(),
                });
            }
            input.insert("basicIdentity".into(), Value::Object(identity));
        }
        for block in &self.other_blocks {
            let name = block.block_type.trim();
            let camel = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric());
            if !camel || input.contains_key(name) {
                problems.push(FieldError {
                    field: "otherBlocks".into(),
                    message: format!("{name:?}: name each input block once, in camelCase as the flow's step names it (e.g. documentData)."),
                });
                continue;
            }
            let fields: Map<String, Value> = block
                .fields
                .iter()
                .filter(|f| !f.key.trim().is_empty())
                .map(|f| (f.key.trim().to_owned(), Value::String(f.value.clone())))
                .collect();
            input.insert(name.to_owned(), Value::Object(fields));
        }
        if self.flow_id.trim().is_empty() {
            problems.push(FieldError {
                field: "flowId".into(),
                message: "Choose the flow the person goes through.".into(),
            });
        }
        if let Some(url) = trimmed(&self.redirect_url)
            && url::Url::parse(&url).is_err()
        {
            problems.push(FieldError {
                field: "redirectUrl".into(),
                message: "Write the redirect URL whole, with its scheme (https://… or myapp://…), as allowed for the API client.".into(),
            });
        }
        if self
            .state
            .as_deref()
            .is_some_and(|s| s.chars().count() > 2048)
        {
            problems.push(FieldError {
                field: "state".into(),
                message: "The state is echoed in the redirect: at most 2048 characters.".into(),
            });
        }
        let request = NewSession {
            input,
            metadata: SessionMetadata {
                subject_id: subject_id.to_owned(),
                locale: trimmed(&self.locale),
            },
            redirect_url: trimmed(&self.redirect_url),
            state: trimmed(&self.state),
        };
        (request, problems)
    }
}

/// A random reference for the person with nothing personal in it (`subj_` and 16 hex
/// digits, as IDnow's examples write them).
fn random_subject_id() -> String {
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    format!("subj_{}", hex::encode(bytes))
}

impl SessionService<'_> {
    /// Every problem with the input, as the window marks them while the officer types.
    pub fn check(self, input: &NewSessionInput) -> Vec<FieldError> {
        input.request("subj_check").1
    }

    /// Saves the intent, creates the session and keeps it; the Player URL to hand over.
    pub async fn create(self, input: NewSessionInput) -> Result<CreatedSession> {
        let account = Account::by_id(&self.cx.store, &input.account_id)?;
        account.platform()?;
        let subject_id = input
            .subject_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map_or_else(random_subject_id, str::to_owned);
        let (request, problems) = input.request(&subject_id);
        if let Some(problem) = problems.into_iter().next() {
            return Err(Error::invalid(problem.field, problem.message));
        }
        let flow_id = input.flow_id.trim().to_owned();
        self.save_intent(&account.id, &flow_id, &request, &input)?;
        let client = self.cx.platform(&account).await?;
        self.send(&account, &client, &flow_id, &request).await
    }

    /// Sends a saved intent and keeps what IDnow answered (refused: the intent goes).
    async fn send(
        self,
        account: &Account,
        client: &TrustClient,
        flow_id: &str,
        request: &NewSession,
    ) -> Result<CreatedSession> {
        let subject_id = &request.metadata.subject_id;
        match client.create_session(flow_id, request).await {
            Ok(created) => {
                let session = idnow_trust::Session {
                    session_id: created.session_id.clone(),
                    status: created.status.clone(),
                    flow_id: Some(
                        created
                            .flow_id
                            .clone()
                            .unwrap_or_else(|| flow_id.to_owned()),
                    ),
                    flow_version: created.flow_version.clone(),
                    environment: created.environment.clone(),
                    subject_id: Some(subject_id.clone()),
                    outcome: None,
                    created_at: created.created_at.clone(),
                    started_at: None,
                    updated_at: None,
                    completed_at: None,
                    expires_at: created.expires_at.clone(),
                    redirect_url: request.redirect_url.clone(),
                    state: request.state.clone(),
                    last_step: None,
                    other: Map::new(),
                };
                self.settle_intent(
                    &account.id,
                    subject_id,
                    &session,
                    created.player_url.as_deref(),
                )?;
                tracing::info!(account = %account.id, session = %created.session_id, "session created");
                Ok(CreatedSession {
                    account_id: account.id.clone(),
                    session_id: created.session_id,
                    subject_id: subject_id.clone(),
                    player_url: created.player_url,
                    status: created.status.as_str().to_owned(),
                    adopted: false,
                })
            }
            Err(err) => {
                if err.refused() {
                    // IDnow created nothing: the intent goes, the officer's form keeps it.
                    self.forget_intent(&account.id, subject_id)?;
                }
                tracing::warn!(error = %err, "session not created");
                Err(err.into())
            }
        }
    }

    /// The intent, durable before anything leaves the machine: a row keyed by its subject
    /// id in the outbox state, with what will be sent.
    fn save_intent(
        self,
        account_id: &str,
        flow_id: &str,
        request: &NewSession,
        input: &NewSessionInput,
    ) -> Result<()> {
        let stamp = self.cx.stamp();
        let json = serde_json::to_string(request).map_err(|e| Error::Storage {
            message: e.to_string(),
        })?;
        let subject = &request.metadata.subject_id;
        self.cx.store.write(|tx| {
            let taken: bool = tx
                .query_row(
                    "SELECT 1 FROM identifications WHERE account_id = ?1 AND (transaction_number = ?2 OR subject_id = ?2)",
                    (account_id, subject),
                    |_| Ok(true),
                )
                .optional()?
                .unwrap_or(false);
            if taken {
                return Err(Error::AlreadyExists {
                    message: format!("The subject id {subject:?} is in use for this account already; leave it empty for a new random one."),
                });
            }
            tx.execute(
                "INSERT INTO identifications
                    (account_id, transaction_number, state, request_json, firstname, lastname, created_at, updated_at, created_by, flow_id, subject_id)
                 VALUES (?1, ?2, 'outbox', ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?2)",
                (account_id, subject, &json, &input.given_name, &input.family_name, &stamp.at, &stamp.actor, flow_id),
            )?;
            journal::record(tx, &stamp, "session.create.requested", subject)
        })
    }

    /// The intent became the session: its row takes the session's id, status and link.
    fn settle_intent(
        self,
        account_id: &str,
        subject_id: &str,
        session: &idnow_trust::Session,
        player_url: Option<&str>,
    ) -> Result<()> {
        let stamp = self.cx.stamp();
        let links = player_url.map(|url| serde_json::json!({ "playerUrl": url }).to_string());
        self.cx.store.write(|tx| {
            // A sync may have stored the session already (listed before it was adopted):
            // then the intent's row goes and the session's stays.
            let stored = super::row::known_status(tx, account_id, &session.session_id)?.is_some();
            if stored {
                tx.execute(
                    "DELETE FROM identifications WHERE account_id = ?1 AND transaction_number = ?2 AND state = 'outbox'",
                    (account_id, subject_id),
                )?;
            } else {
                tx.execute(
                    "UPDATE identifications SET transaction_number = ?3, links_json = coalesce(?4, links_json)
                      WHERE account_id = ?1 AND transaction_number = ?2 AND state = 'outbox'",
                    (account_id, subject_id, &session.session_id, &links),
                )?;
            }
            write_session(tx, &stamp, account_id, session, None)?;
            journal::record_detail(tx, &stamp, "session.created", &session.session_id, Some(subject_id))?;
            Ok(())
        })
    }

    fn forget_intent(self, account_id: &str, subject_id: &str) -> Result<()> {
        let stamp = self.cx.stamp();
        self.cx.store.write(|tx| {
            let gone = tx.execute(
                "DELETE FROM identifications WHERE account_id = ?1 AND transaction_number = ?2 AND state = 'outbox'",
                (account_id, subject_id),
            )?;
            if gone > 0 {
                journal::record(tx, &stamp, "session.create.refused", subject_id)?;
            }
            Ok(())
        })
    }
}

/// An intent whose answer never came, as the outbox keeps it.
struct Unanswered {
    flow_id: String,
    request: NewSession,
}

impl SessionService<'_> {
    fn unanswered(self, account_id: &str, subject_id: Option<&str>) -> Result<Vec<Unanswered>> {
        let rows: Vec<(String, String)> = self.cx.store.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT coalesce(flow_id, ''), request_json FROM identifications
                  WHERE account_id = ?1 AND state = 'outbox' AND flow_id IS NOT NULL
                    AND (?2 IS NULL OR transaction_number = ?2)
                  ORDER BY created_at",
            )?;
            let rows = stmt.query_map((account_id, subject_id), |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|(flow_id, json)| {
                Some(Unanswered {
                    flow_id,
                    request: serde_json::from_str::<NewSession>(&json).ok()?,
                })
            })
            .collect())
    }

    /// Looks for each unanswered intent among its flow's newest sessions and adopts a
    /// match; the others stay for the officer (`resend` or `discard`). Returns how many
    /// were adopted and how many wait for the officer.
    pub async fn adopt_unanswered(self, account: &Account) -> Result<(usize, usize)> {
        let pending = self.unanswered(&account.id, None)?;
        if pending.is_empty() {
            return Ok((0, 0));
        }
        let client = self.cx.platform(account).await?;
        let (mut adopted, mut waiting) = (0, 0);
        for intent in pending {
            match self.find_by_subject(&client, &intent).await? {
                Some(session) => {
                    self.settle_intent(
                        &account.id,
                        &intent.request.metadata.subject_id,
                        &session,
                        None,
                    )?;
                    adopted += 1;
                }
                None => waiting += 1,
            }
        }
        Ok((adopted, waiting))
    }

    async fn find_by_subject(
        self,
        client: &TrustClient,
        intent: &Unanswered,
    ) -> Result<Option<idnow_trust::Session>> {
        let per_page = 100;
        for page in 1..=ADOPT_LOOKUP_SESSIONS.div_ceil(per_page) {
            let listed = client.sessions(&intent.flow_id, page, per_page).await?;
            if let Some(found) = listed
                .content
                .iter()
                .find(|s| s.subject_id.as_deref() == Some(&intent.request.metadata.subject_id))
            {
                return Ok(Some(found.clone()));
            }
            if listed.content.is_empty() || !listed.page.is_some_and(|p| p.has_next()) {
                break;
            }
        }
        Ok(None)
    }

    /// The officer's "send again" for an intent whose answer never came: first looks for it
    /// once more among the flow's newest sessions, and only then sends.
    pub async fn resend(self, account_id: &str, subject_id: &str) -> Result<CreatedSession> {
        let account = Account::by_id(&self.cx.store, account_id)?;
        let intent = self
            .unanswered(&account.id, Some(subject_id))?
            .into_iter()
            .next()
            .ok_or_else(|| Error::NotFound {
                what: "Unsent session",
                id: subject_id.to_owned(),
            })?;
        let client = self.cx.platform(&account).await?;
        if let Some(session) = self.find_by_subject(&client, &intent).await? {
            self.settle_intent(&account.id, subject_id, &session, None)?;
            return Ok(CreatedSession {
                account_id: account.id,
                session_id: session.session_id,
                subject_id: subject_id.to_owned(),
                player_url: None,
                status: session.status.as_str().to_owned(),
                adopted: true,
            });
        }
        self.send(&account, &client, &intent.flow_id, &intent.request)
            .await
    }

    /// The officer's "discard" for an intent whose answer never came.
    pub async fn discard(self, account_id: &str, subject_id: &str) -> Result<()> {
        self.forget_intent(account_id, subject_id)
    }
}
