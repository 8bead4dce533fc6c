//! The sandbox's memory: its one company, the identifications it was sent, and the login
//! tokens it handed out.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use idnow::{Identification, IdentificationRequest};
use rand::Rng;

/// Who the sandbox pretends to be.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub company_id: String,
    pub api_key: String,
    /// The three letters every Ident-ID starts with.
    pub shortcode: String,
    pub company_name: String,
}

impl SandboxConfig {
    pub fn new(company_id: impl Into<String>, api_key: impl Into<String>) -> Self {
        Self {
            company_id: company_id.into(),
            api_key: api_key.into(),
            shortcode: "TST".into(),
            company_name: "IdentDesk Sandbox".into(),
        }
    }
}

/// One identification the sandbox knows.
#[derive(Debug, Clone)]
pub struct StoredIdentification {
    /// As the company first sent it (lookups ignore case).
    pub transaction_number: String,
    pub ident_id: String,
    pub request: IdentificationRequest,
    /// `None` until the person has gone through the identification.
    pub result: Option<Identification>,
    pub created_at: DateTime<Utc>,
}

impl StoredIdentification {
    /// Finished: a result other than ABORTED (after an abort the person may try again).
    pub fn is_finished(&self) -> bool {
        self.result.as_ref().is_some_and(|r| {
            r.identificationprocess
                .result
                .as_ref()
                .is_some_and(|code| *code != idnow::ResultCode::Aborted)
        })
    }
}

#[derive(Default)]
pub struct Data {
    /// Keyed by the lower-cased transaction number.
    pub identifications: HashMap<String, StoredIdentification>,
    pub tokens: HashMap<String, DateTime<Utc>>,
}

pub struct SandboxState {
    pub config: SandboxConfig,
    data: Mutex<Data>,
}

impl SandboxState {
    pub fn new(config: SandboxConfig) -> Self {
        Self {
            config,
            data: Mutex::new(Data::default()),
        }
    }

    /// The data, for a short synchronous section (never held across an await).
    pub fn data(&self) -> MutexGuard<'_, Data> {
        // A panic while holding the lock leaves plain maps behind; keep serving them.
        self.data
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A new Ident-ID: the shortcode, a dash, five capital letters.
    pub fn new_ident_id(&self) -> String {
        let mut rng = rand::rng();
        let suffix: String = (0..5)
            .map(|_| char::from(rng.random_range(b'A'..=b'Z')))
            .collect();
        format!("{}-{suffix}", self.config.shortcode)
    }

    pub fn new_token(&self) -> String {
        let token = uuid::Uuid::new_v4().simple().to_string();
        self.data().tokens.insert(token.clone(), Utc::now());
        token
    }
}
