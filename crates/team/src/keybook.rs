//! What the trail says about officers' keys, checked entry by entry on the officer's own
//! machine: each signature verified against the key its entry names, that key registered
//! (self-signed) to the entry's actor and not revoked before the entry; keys vouched for by
//! another officer whose own key counts (the first two officers who vouch for each other
//! start the web of trust); pinned, so a second key for an officer is a warning that names
//! the entries that registered and vouched it. Decisions count only when a proposal is
//! signed by its proposer's vouched key and its confirmation by another officer's.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::chain::ChainEntry;
use crate::signing::{self, Payload};

/// Trail actions an officer's app signs once the officer has a key: from the trail's first
/// registered key on, such an entry by an officer with a key and no valid signature was
/// written past the functions. (Entries from before any key are the workspace's history
/// from before signatures.)
pub const SIGNED_ACTIONS: &[&str] = &[
    "identification.claimed",
    "identification.created",
    "results.reported",
    "decision.proposed",
    "decision.confirmed",
    "template.saved",
    "template.deleted",
    "account.registered",
    "account.retention.changed",
    "key.registered",
    "key.vouched",
    "key.revoked",
];

/// One key as the trail made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownKey {
    pub key_id: String,
    pub officer: String,
    pub public_key: String,
    pub registered_seq: i64,
    /// From this entry on it counts toward four-eyes.
    pub vouched_seq: Option<i64>,
    pub vouched_by: Option<String>,
    pub revoked_seq: Option<i64>,
}

impl KnownKey {
    /// Whether what the key signed at trail entry `seq` counts: the key is vouched for (a
    /// vouch says whose key it is, so it covers what the key signed before it too) and was
    /// not revoked before that entry.
    pub fn counts_at(&self, seq: i64) -> bool {
        self.vouched_seq.is_some() && self.revoked_seq.is_none_or(|r| r > seq)
    }

    /// Whether the key was vouched for by entry `seq` (a vouch it signs counts then).
    fn vouched_by_then(&self, seq: i64) -> bool {
        self.vouched_seq.is_some_and(|v| v <= seq) && self.revoked_seq.is_none_or(|r| r > seq)
    }

    fn usable_at(&self, seq: i64) -> bool {
        self.registered_seq <= seq && self.revoked_seq.is_none_or(|r| r > seq)
    }

    pub fn fingerprint(&self) -> String {
        signing::fingerprint(&self.public_key)
    }
}

/// What the check of one entry found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Finding {
    /// An entry not signed by its officer: written past the functions.
    NotSigned {
        seq: i64,
        actor: String,
        action: String,
        why: String,
    },
    /// An officer has a key beside (or instead of) the one pinned here.
    KeyChanged {
        officer: String,
        key_id: String,
        registered_seq: i64,
    },
    /// A request id signed twice: a replayed action.
    Replayed { seq: i64, request: String },
}

impl Finding {
    pub fn describe(&self) -> String {
        match self {
            Finding::NotSigned {
                seq,
                actor,
                action,
                why,
            } => format!(
                "entry {seq} ({action} by {actor}) is not signed by its officer — possible tampering ({why})"
            ),
            Finding::KeyChanged {
                officer,
                key_id,
                registered_seq,
            } => format!(
                "{officer} has a new key {key_id} (registered in entry {registered_seq}); compare its fingerprint with {officer} before you rely on it"
            ),
            Finding::Replayed { seq, request } => {
                format!("entry {seq} repeats request {request}: a replayed action")
            }
        }
    }

    pub fn is_tampering(&self) -> bool {
        !matches!(self, Finding::KeyChanged { .. })
    }
}

/// How far a decision's signatures carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DecisionSignatures {
    /// Proposed (and confirmed, if so) with valid signatures by vouched keys of two officers.
    Signed,
    /// Validly signed, but a key has no colleague's vouch yet: it does not count.
    Unvouched,
    /// Not signed by its officer(s): written past the functions.
    NotSigned,
}

/// The signed side of a proposal or confirmation, as `changes_since` hands it over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignedPart {
    pub seq: Option<i64>,
    pub key_id: Option<String>,
    pub payload: Option<String>,
    pub signature: Option<String>,
}

/// Entries that mean nothing unsigned: after the first key, always required.
const ALWAYS_SIGNED: &[&str] = &[
    "decision.proposed",
    "decision.confirmed",
    "key.registered",
    "key.vouched",
    "key.revoked",
];

/// The keys as the trail made them, and what this machine pinned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyBook {
    pub workspace: String,
    pub keys: BTreeMap<String, KnownKey>,
    /// Officer → the admin whose `officer.added` entry made them.
    pub added_by: BTreeMap<String, String>,
    /// Vouches made before any key counted: (voucher, key) — two that answer each other
    /// start the web of trust.
    pub pending: Vec<(String, String, i64)>,
    /// The last entry applied.
    pub seq: i64,
    /// Request ids seen, when replays are looked for.
    #[serde(skip)]
    requests: Option<BTreeSet<String>>,
}

impl KeyBook {
    pub fn new(workspace: &str) -> KeyBook {
        KeyBook {
            workspace: workspace.to_owned(),
            ..KeyBook::default()
        }
    }

    /// Applies the next entries (oldest first); what they show. The signatures are checked
    /// first, on every core at once (each check stands alone); what they mean is then
    /// applied in order.
    pub fn apply<'a>(&mut self, entries: impl IntoIterator<Item = &'a ChainEntry>) -> Vec<Finding> {
        let entries: Vec<&ChainEntry> = entries.into_iter().filter(|e| e.seq > self.seq).collect();
        let valid = self.check_signatures(&entries);
        let mut findings = Vec::new();
        for (entry, valid) in entries.into_iter().zip(valid) {
            if entry.seq <= self.seq {
                continue;
            }
            self.seq = entry.seq;
            if let Some(finding) = self.apply_one(entry, valid) {
                findings.push(finding);
            }
            if let Some(requests) = self.requests.as_mut()
                && let Some(request) = Payload::parse(&entry.payload).map(|p| p.request)
                && !request.is_empty()
                && !requests.insert(request.clone())
            {
                findings.push(Finding::Replayed {
                    seq: entry.seq,
                    request,
                });
            }
        }
        findings
    }

    /// Also looks for request ids signed twice (`audit verify`, which reads the whole trail).
    pub fn with_replay_check(mut self) -> KeyBook {
        self.requests = Some(BTreeSet::new());
        self
    }

    /// Whether each entry's signature is valid under the public key its key id names (as
    /// registered before it, or by a `key.registered` entry among these), checked in
    /// parallel; an unsigned entry counts as valid here (its meaning is judged in order).
    fn check_signatures(&self, entries: &[&ChainEntry]) -> Vec<bool> {
        let mut public: BTreeMap<&str, &str> = self
            .keys
            .values()
            .map(|k| (k.key_id.as_str(), k.public_key.as_str()))
            .collect();
        let mut registered: Vec<(&str, String)> = Vec::new();
        for entry in entries {
            if entry.action == "key.registered"
                && let Some(payload) = Payload::parse(&entry.payload)
            {
                registered.push((entry.key_id.as_str(), payload.subject));
            }
        }
        for (key_id, key) in &registered {
            public.entry(key_id).or_insert(key.as_str());
        }
        let check = |entry: &&ChainEntry| {
            entry.signature.is_empty()
                || public
                    .get(entry.key_id.as_str())
                    .is_some_and(|key| signing::verify(key, &entry.payload, &entry.signature))
        };
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let chunk = entries.len().div_ceil(threads.max(1)).max(256);
        if entries.len() <= chunk {
            return entries.iter().map(check).collect();
        }
        std::thread::scope(|scope| {
            let parts: Vec<_> = entries
                .chunks(chunk)
                .map(|part| {
                    (
                        part.len(),
                        scope.spawn(move || part.iter().map(check).collect::<Vec<bool>>()),
                    )
                })
                .collect();
            // A check that could not run counts as failed, never as skipped.
            parts
                .into_iter()
                .flat_map(|(len, part)| part.join().unwrap_or_else(|_| vec![false; len]))
                .collect()
        })
    }

    fn apply_one(&mut self, entry: &ChainEntry, signature_valid: bool) -> Option<Finding> {
        let not_signed = |why: &str| {
            Some(Finding::NotSigned {
                seq: entry.seq,
                actor: entry.actor.clone(),
                action: entry.action.clone(),
                why: why.to_owned(),
            })
        };
        if entry.action == "officer.added" {
            self.added_by
                .insert(entry.subject.clone(), entry.actor.clone());
        }
        if entry.signature.is_empty() {
            let signatures_began = !self.keys.is_empty();
            let actor_has_key = self
                .keys
                .values()
                .any(|k| k.officer == entry.actor && k.usable_at(entry.seq));
            let required = signatures_began
                && (ALWAYS_SIGNED.contains(&entry.action.as_str())
                    || (actor_has_key && SIGNED_ACTIONS.contains(&entry.action.as_str())));
            return if required {
                not_signed("no signature")
            } else {
                None
            };
        }
        let Some(payload) = Payload::parse(&entry.payload) else {
            return not_signed("the signed text is not IdentDesk's");
        };
        if payload.action != entry.action
            || payload.signer != entry.actor
            || payload.key != entry.key_id
            || payload.workspace != self.workspace
        {
            return not_signed("the signed text names another action, officer, key or workspace");
        }
        let public_key = if entry.action == "key.registered" {
            let public_key = payload.subject.clone();
            let matches = hex::decode(&public_key)
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .and_then(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).ok())
                .is_some_and(|k| signing::key_id(&k) == entry.key_id);
            if !matches {
                return not_signed("the registered key is not the one that signed");
            }
            public_key
        } else {
            match self.keys.get(&entry.key_id) {
                Some(key) if key.officer == entry.actor && key.usable_at(entry.seq) => {
                    key.public_key.clone()
                }
                Some(_) => return not_signed("the key is another officer's, or was revoked"),
                None => return not_signed("the key was never registered in the trail"),
            }
        };
        // Checked beforehand under the key the id named then; the key must also be the one
        // resolved here (registered to this actor, not revoked).
        let named = self
            .keys
            .get(&entry.key_id)
            .map_or(public_key.as_str(), |k| k.public_key.as_str());
        if !signature_valid || named != public_key {
            return not_signed("the signature does not verify");
        }
        match entry.action.as_str() {
            "key.registered" => self.register(entry, public_key),
            "key.vouched" => {
                self.vouch(entry, &payload.subject);
                None
            }
            "key.revoked" => {
                if let Some(key) = self.keys.get_mut(&payload.subject) {
                    key.revoked_seq.get_or_insert(entry.seq);
                }
                None
            }
            _ => None,
        }
    }

    fn register(&mut self, entry: &ChainEntry, public_key: String) -> Option<Finding> {
        let pinned = self
            .keys
            .values()
            .any(|k| k.officer == entry.actor && k.revoked_seq.is_none());
        self.keys.insert(
            entry.key_id.clone(),
            KnownKey {
                key_id: entry.key_id.clone(),
                officer: entry.actor.clone(),
                public_key,
                registered_seq: entry.seq,
                vouched_seq: None,
                vouched_by: None,
                revoked_seq: None,
            },
        );
        pinned.then(|| Finding::KeyChanged {
            officer: entry.actor.clone(),
            key_id: entry.key_id.clone(),
            registered_seq: entry.seq,
        })
    }

    fn vouch(&mut self, entry: &ChainEntry, key_id: &str) {
        let voucher = entry.actor.clone();
        let Some(key) = self.keys.get(key_id) else {
            return;
        };
        // Neither its owner nor the administrator who added that officer.
        if key.officer == voucher
            || self.added_by.get(&key.officer) == Some(&voucher)
            || key.revoked_seq.is_some()
        {
            return;
        }
        let voucher_counts = self
            .keys
            .get(&entry.key_id)
            .is_some_and(|k| k.vouched_by_then(entry.seq));
        if voucher_counts {
            self.mark_vouched(key_id, &voucher, entry.seq);
            return;
        }
        if self.keys.values().any(|k| k.vouched_seq.is_some()) {
            return;
        }
        // No key counts yet: two officers who vouch for each other start the web of trust.
        let owner = key.officer.clone();
        let answered = self.pending.iter().position(|(by, vouched, _)| {
            by == &owner
                && self.keys.get(vouched).is_some_and(|k| k.officer == voucher)
                && vouched == &entry.key_id
        });
        match answered {
            Some(index) => {
                let (by, vouched, _) = self.pending.remove(index);
                self.mark_vouched(&vouched, &by, entry.seq);
                self.mark_vouched(key_id, &voucher, entry.seq);
            }
            None => self.pending.push((voucher, key_id.to_owned(), entry.seq)),
        }
    }

    fn mark_vouched(&mut self, key_id: &str, by: &str, seq: i64) {
        if let Some(key) = self.keys.get_mut(key_id)
            && key.vouched_seq.is_none()
        {
            key.vouched_seq = Some(seq);
            key.vouched_by = Some(by.to_owned());
        }
    }

    /// Whether `part` is `officer`'s valid signature over `expected`'s fields; its key.
    fn signed_by<'k>(
        &'k self,
        part: &SignedPart,
        officer: &str,
        check: impl Fn(&Payload) -> bool,
    ) -> Option<&'k KnownKey> {
        let (key_id, text, signature) = (
            part.key_id.as_deref()?,
            part.payload.as_deref()?,
            part.signature.as_deref()?,
        );
        let key = self.keys.get(key_id)?;
        let payload = Payload::parse(text)?;
        let seq = part.seq.unwrap_or(i64::MAX);
        (key.officer == officer
            && key.usable_at(seq)
            && payload.signer == officer
            && payload.key == key_id
            && payload.workspace == self.workspace
            && check(&payload)
            && signing::verify(&key.public_key, text, signature))
        .then_some(key)
    }

    /// How far a decision's signatures carry it: the proposal by `proposed_by` on `txn` (its
    /// decision, result and identification time as the row says), and its confirmation by
    /// `confirmed_by` covering the proposal's signed text.
    #[allow(
        clippy::too_many_arguments,
        reason = "a decision's fields, as the row has them"
    )]
    pub fn decision(
        &self,
        txn: &str,
        decision: &str,
        on_result: &str,
        on_identified_at: Option<&str>,
        proposed_by: &str,
        proposal: &SignedPart,
        confirmed_by: Option<&str>,
        confirmation: &SignedPart,
    ) -> DecisionSignatures {
        let proposer_key = self.signed_by(proposal, proposed_by, |p| {
            p.action == "decision.proposed"
                && p.txn.eq_ignore_ascii_case(txn)
                && p.decision == decision
                && p.result == on_result
                && p.identified_at == on_identified_at.unwrap_or_default()
        });
        let Some(proposer_key) = proposer_key else {
            return DecisionSignatures::NotSigned;
        };
        let mut vouched = proposer_key.counts_at(proposal.seq.unwrap_or(i64::MAX));
        if let Some(confirmer) = confirmed_by {
            let proposal_hash = proposal
                .payload
                .as_deref()
                .map(signing::sha256_hex)
                .unwrap_or_default();
            let confirmer_key = self.signed_by(confirmation, confirmer, |p| {
                p.action == "decision.confirmed"
                    && p.txn.eq_ignore_ascii_case(txn)
                    && p.proposal_sha256 == proposal_hash
            });
            match confirmer_key {
                Some(key) if key.key_id != proposer_key.key_id && confirmer != proposed_by => {
                    vouched &= key.counts_at(confirmation.seq.unwrap_or(i64::MAX));
                }
                _ => return DecisionSignatures::NotSigned,
            }
        }
        if vouched {
            DecisionSignatures::Signed
        } else {
            DecisionSignatures::Unvouched
        }
    }

    /// The officer's keys that stand (not revoked).
    pub fn keys_of(&self, officer: &str) -> impl Iterator<Item = &KnownKey> {
        self.keys
            .values()
            .filter(move |k| k.officer == officer && k.revoked_seq.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::OfficerKey;

    /// A signed entry by `actor` (hash left empty: the key book does not look at it).
    fn signed(
        seq: i64,
        actor: &str,
        key: &OfficerKey,
        ws: uuid::Uuid,
        payload: Payload,
    ) -> ChainEntry {
        let action = payload.action.clone();
        let envelope = key.sign(ws, actor, payload);
        ChainEntry {
            seq,
            at: String::new(),
            actor: actor.into(),
            action,
            subject: String::new(),
            detail: String::new(),
            note_sha256: String::new(),
            prev_hash: String::new(),
            hash: String::new(),
            note: None,
            key_id: envelope.key_id,
            payload: envelope.payload,
            signature: envelope.signature,
        }
    }

    #[test]
    fn a_replayed_request_and_a_damaged_signature_show() {
        let ws = uuid::Uuid::new_v4();
        let key = OfficerKey::generate();
        let register = signed(
            1,
            "alice",
            &key,
            ws,
            Payload {
                subject: key.public_hex(),
                ..Payload::action("key.registered")
            },
        );
        let export = signed(
            2,
            "alice",
            &key,
            ws,
            Payload {
                subject: "a.csv".into(),
                request: "r-1".into(),
                ..Payload::action("export.csv")
            },
        );
        let mut replayed = export.clone();
        replayed.seq = 3;
        let mut damaged = signed(
            4,
            "alice",
            &key,
            ws,
            Payload::action("identification.claimed"),
        );
        damaged.payload = damaged.payload.replace("claimed", "created");
        damaged.action = "identification.created".into();
        let mut book = KeyBook::new(&ws.to_string()).with_replay_check();
        let findings = book.apply([&register, &export, &replayed, &damaged]);
        assert!(
            findings
                .iter()
                .any(|f| matches!(f, Finding::Replayed { seq: 3, .. })),
            "{findings:?}"
        );
        assert!(
            findings
                .iter()
                .any(|f| matches!(f, Finding::NotSigned { seq: 4, .. })),
            "{findings:?}"
        );
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert_eq!(book.keys[&key.id()].officer, "alice");
    }
}
