//! Team actions signed by the acting officer's own Ed25519 key: the evidence no database role
//! can forge. The app signs a canonical text (`identdesk-sig-v1`, then `name=value` lines in
//! a fixed order) naming the workspace, the action, the signer, the key, the request and
//! every field the decision rests on; the server stores text, key id and signature with the
//! trail entry (whose hash covers them) and cannot check them — every app does.

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{Result, TeamError};

/// The first line of every signed text.
pub const VERSION_TAG: &str = "identdesk-sig-v1";

/// The fields a signature covers, in their order (absent ones are empty).
const FIELDS: &[&str] = &[
    "workspace",
    "action",
    "signer",
    "key",
    "request",
    "account",
    "txn",
    "decision",
    "result",
    "reason",
    "identified_at",
    "final",
    "note_sha256",
    "proposal_sha256",
    "subject",
];

/// What one signature covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Payload {
    pub workspace: String,
    pub action: String,
    pub signer: String,
    pub key: String,
    pub request: String,
    pub account: String,
    pub txn: String,
    pub decision: String,
    pub result: String,
    pub reason: String,
    pub identified_at: String,
    /// `true`, `false`, or empty where no result is involved.
    pub is_final: String,
    pub note_sha256: String,
    /// A confirmation: the hash of its proposal's signed text.
    pub proposal_sha256: String,
    /// What the action is about when no field above says it (a key's fingerprint, a
    /// template's name, a hash of a batch of reports).
    pub subject: String,
}

impl Payload {
    /// The action's fields; `workspace`, `signer`, `key` and `request` are filled in by the
    /// signer.
    pub fn action(action: &str) -> Payload {
        Payload {
            action: action.to_owned(),
            ..Payload::default()
        }
    }

    fn values(&self) -> [&str; 15] {
        [
            &self.workspace,
            &self.action,
            &self.signer,
            &self.key,
            &self.request,
            &self.account,
            &self.txn,
            &self.decision,
            &self.result,
            &self.reason,
            &self.identified_at,
            &self.is_final,
            &self.note_sha256,
            &self.proposal_sha256,
            &self.subject,
        ]
    }

    /// The canonical text. Values never hold a line break (the server's bounds refuse
    /// them); one that does is cut there, so the text stays one field per line.
    pub fn text(&self) -> String {
        let mut text = String::from(VERSION_TAG);
        for (name, value) in FIELDS.iter().zip(self.values()) {
            text.push('\n');
            text.push_str(name);
            text.push('=');
            text.push_str(value.split(['\n', '\r']).next().unwrap_or_default());
        }
        text
    }

    /// Reads a canonical text back; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Payload> {
        let mut lines = text.split('\n');
        if lines.next()? != VERSION_TAG {
            return None;
        }
        let mut values: Vec<String> = Vec::with_capacity(FIELDS.len());
        for name in FIELDS {
            let line = lines.next()?;
            values.push(line.strip_prefix(name)?.strip_prefix('=')?.to_owned());
        }
        if lines.next().is_some() {
            return None;
        }
        let mut values = values.into_iter();
        let mut next = || values.next().unwrap_or_default();
        Some(Payload {
            workspace: next(),
            action: next(),
            signer: next(),
            key: next(),
            request: next(),
            account: next(),
            txn: next(),
            decision: next(),
            result: next(),
            reason: next(),
            identified_at: next(),
            is_final: next(),
            note_sha256: next(),
            proposal_sha256: next(),
            subject: next(),
        })
    }
}

/// SHA-256 of a text, in hex (notes, signed texts, report batches).
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// A key's id: the first 16 hex digits of SHA-256 over its public key.
pub fn key_id(public_key: &VerifyingKey) -> String {
    hex::encode(Sha256::digest(public_key.as_bytes()))[..16].to_owned()
}

/// The fingerprint two officers compare (in person or by phone): the SHA-256 of the public
/// key in groups of four hex digits.
pub fn fingerprint(public_key_hex: &str) -> String {
    let digest = match hex::decode(public_key_hex) {
        Ok(bytes) => hex::encode(Sha256::digest(bytes)),
        Err(_) => return String::new(),
    };
    digest
        .as_bytes()
        .chunks(4)
        .take(8)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One officer's signing key on this computer (its seed lives in the OS keychain).
#[derive(Clone)]
pub struct OfficerKey {
    key: SigningKey,
}

impl std::fmt::Debug for OfficerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OfficerKey({})", self.id())
    }
}

impl OfficerKey {
    pub fn generate() -> OfficerKey {
        OfficerKey {
            key: SigningKey::from_bytes(&rand::random::<[u8; 32]>()),
        }
    }

    /// From the keychain's text (the seed in hex).
    pub fn from_secret_hex(text: &str) -> Result<OfficerKey> {
        let bytes: [u8; 32] = hex::decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| {
                TeamError::invalid(
                    "signingKey",
                    "The team signing key in the keychain is damaged; join the team again for a new one.",
                )
            })?;
        Ok(OfficerKey {
            key: SigningKey::from_bytes(&bytes),
        })
    }

    /// The seed in hex, for the keychain only.
    pub fn secret_hex(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(hex::encode(self.key.to_bytes()))
    }

    pub fn id(&self) -> String {
        key_id(&self.key.verifying_key())
    }

    pub fn public_hex(&self) -> String {
        hex::encode(self.key.verifying_key().as_bytes())
    }

    pub fn fingerprint(&self) -> String {
        fingerprint(&self.public_hex())
    }

    /// Signs the payload as `signer` in `workspace`; the envelope the server stores.
    pub fn sign(&self, workspace: Uuid, signer: &str, mut payload: Payload) -> Envelope {
        payload.workspace = workspace.to_string();
        payload.signer = signer.to_owned();
        payload.key = self.id();
        if payload.request.is_empty() {
            payload.request = Uuid::new_v4().to_string();
        }
        let text = payload.text();
        let signature = self.key.sign(text.as_bytes());
        Envelope {
            key_id: payload.key.clone(),
            signature: hex::encode(signature.to_bytes()),
            payload: text,
        }
    }
}

/// A signed text with its key id and signature, as the trail keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub key_id: String,
    pub signature: String,
    pub payload: String,
}

impl Envelope {
    /// `key signature text`, as the server reads it from `identdesk.signature`.
    pub fn setting(&self) -> String {
        format!("{} {} {}", self.key_id, self.signature, self.payload)
    }
}

/// Whether `signature` (hex) is `public_key`'s (hex) over `text`.
pub fn verify(public_key_hex: &str, text: &str, signature_hex: &str) -> bool {
    let key = hex::decode(public_key_hex)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok());
    let signature = hex::decode(signature_hex)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .map(|b| Signature::from_bytes(&b));
    match (key, signature) {
        (Some(key), Some(signature)) => key.verify_strict(text.as_bytes(), &signature).is_ok(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_covers_every_field_and_nothing_else_verifies() {
        let key = OfficerKey::generate();
        let workspace = Uuid::new_v4();
        let mut payload = Payload::action("decision.confirmed");
        payload.txn = "t-1".into();
        payload.decision = "accept".into();
        payload.result = "SUCCESS".into();
        payload.proposal_sha256 = sha256_hex("the proposal");
        let envelope = key.sign(workspace, "bob", payload);
        assert!(verify(
            &key.public_hex(),
            &envelope.payload,
            &envelope.signature
        ));
        let parsed = Payload::parse(&envelope.payload).unwrap();
        assert_eq!(
            (
                parsed.signer.as_str(),
                parsed.key.as_str(),
                parsed.txn.as_str()
            ),
            ("bob", key.id().as_str(), "t-1")
        );
        assert_eq!(parsed.text(), envelope.payload);
        // Any change to the text, another key, or a damaged signature fails.
        let changed = envelope.payload.replace("accept", "reject");
        assert!(!verify(&key.public_hex(), &changed, &envelope.signature));
        let other = OfficerKey::generate();
        assert!(!verify(
            &other.public_hex(),
            &envelope.payload,
            &envelope.signature
        ));
        assert!(!verify(&key.public_hex(), &envelope.payload, "00"));
    }

    #[test]
    fn a_key_round_trips_through_the_keychain_text() {
        let key = OfficerKey::generate();
        let again = OfficerKey::from_secret_hex(&key.secret_hex()).unwrap();
        assert_eq!(again.id(), key.id());
        assert!(OfficerKey::from_secret_hex("nonsense").is_err());
        assert_eq!(key.fingerprint().split(' ').count(), 8);
    }

    #[test]
    fn a_line_break_in_a_value_cannot_forge_another_field() {
        let mut payload = Payload::action("template.saved");
        payload.subject = "name\nsigner=mallory".into();
        let text = payload.text();
        let parsed = Payload::parse(&text).unwrap();
        assert_eq!(parsed.subject, "name");
        assert_eq!(parsed.signer, "");
        assert!(Payload::parse("identdesk-sig-v1\nworkspace=x").is_none());
    }
}
