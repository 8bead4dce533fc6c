//! The sandbox's memory: its company, identifications, login tokens, document definitions
//! and default documents, the faults it was told to inject, and its signing key.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use idnow::DocumentDefinition;
use rand::Rng;

use crate::config::SandboxConfig;
use crate::content::signature::XmlSigner;
use crate::faults::Faults;
use crate::identification::StoredIdentification;
use crate::trust::data::TrustData;

#[derive(Default)]
pub struct Data {
    /// Keyed by the lower-cased transaction number.
    pub identifications: HashMap<String, StoredIdentification>,
    /// Login token → last use.
    pub tokens: HashMap<String, DateTime<Utc>>,
    /// Logins granted since the start.
    pub logins: u64,
    /// Create calls answered since the start (new and repeated alike).
    pub create_calls: u64,
    pub definitions: BTreeMap<String, DocumentDefinition>,
    pub default_documents: HashMap<String, Bytes>,
}

pub struct SandboxState {
    pub config: SandboxConfig,
    pub signer: XmlSigner,
    data: Mutex<Data>,
    trust: Mutex<TrustData>,
    faults: Mutex<Faults>,
}

impl SandboxState {
    pub fn new(config: SandboxConfig) -> Self {
        Self {
            config,
            signer: XmlSigner::sandbox(),
            data: Mutex::new(Data::default()),
            trust: Mutex::new(TrustData::default()),
            faults: Mutex::new(Faults::default()),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.config.clock.now()
    }

    /// The data, for a short synchronous section (never held across an await).
    pub fn data(&self) -> MutexGuard<'_, Data> {
        // A panic while holding the lock leaves plain maps behind; keep serving them.
        self.data
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The Trust Platform's sessions and tokens, for a short synchronous section.
    pub fn trust(&self) -> MutexGuard<'_, TrustData> {
        self.trust
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        self.faults
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// An identification brought up to date with its robots, for reading or changing.
    pub fn with_identification<T>(
        &self,
        txn: &str,
        f: impl FnOnce(&mut StoredIdentification, &mut Data) -> T,
    ) -> Option<T> {
        let now = self.now();
        let mut data = self.data();
        let key = txn.to_ascii_lowercase();
        let mut stored = data.identifications.remove(&key)?;
        stored.advance(now, self.config.time_scale);
        let value = f(&mut stored, &mut data);
        data.identifications.insert(key, stored);
        Some(value)
    }

    pub fn is_our_company(&self, cid: &str) -> bool {
        cid.eq_ignore_ascii_case(&self.config.company_id)
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
        let now = self.now();
        let mut data = self.data();
        data.tokens.insert(token.clone(), now);
        data.logins += 1;
        token
    }
}
