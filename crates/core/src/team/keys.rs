//! This officer's signing key on this computer (its seed in the OS keychain, beside the team
//! password; made at the first join, registered in the trail by a signature of its own),
//! the colleagues' keys as the trail registered and vouched them, and vouching: an officer
//! compares a colleague's fingerprint with them (in person or by phone) and vouches for it
//! in a signed entry. A key counts toward four-eyes only once vouched.

use identdesk_team::{KeyBook, OfficerKey};
use serde::{Deserialize, Serialize};

use crate::context::team_slot::TeamLink;
use crate::error::{Error, Result};
use crate::team::TeamService;

/// One key as Settings → Team and `team keys` list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamKey {
    pub officer: String,
    pub key_id: String,
    /// What two officers compare: eight groups of four hex digits.
    pub fingerprint: String,
    /// This computer's own key.
    pub mine: bool,
    /// Vouched by a colleague whose own key counts (it counts toward four-eyes).
    pub vouched_by: Option<String>,
    pub revoked: bool,
    /// The trail entry that registered it.
    #[specta(type = specta_typescript::Number)]
    pub registered_in: i64,
}

impl TeamService<'_> {
    /// This folder's signing key, made and kept in the keychain on first use.
    pub(crate) async fn team_signing_key(self) -> Result<OfficerKey> {
        let entry = self.team_entry("team-signing-key")?;
        if let Some(secret) = self.cx.keychain.read(&entry).await? {
            return Ok(OfficerKey::from_secret_hex(&secret)?);
        }
        let key = OfficerKey::generate();
        self.cx.keychain.store(&entry, key.secret_hex()).await?;
        Ok(key)
    }

    /// Forgets this folder's signing key (leaving the team).
    pub(crate) async fn forget_team_signing_key(self) -> Result<()> {
        self.cx
            .keychain
            .delete(&self.team_entry("team-signing-key")?)
            .await
    }

    /// Every key the team's trail registered, with where each stands.
    pub async fn keys(self) -> Result<Vec<TeamKey>> {
        let link = self.require_team().await?;
        let (_, book, _) = self.check_trail_and_keys(false).await?;
        let mine = link.workspace.signer().map(OfficerKey::id);
        Ok(book
            .keys
            .values()
            .map(|k| TeamKey {
                officer: k.officer.clone(),
                key_id: k.key_id.clone(),
                fingerprint: k.fingerprint(),
                mine: mine.as_deref() == Some(k.key_id.as_str()),
                vouched_by: k.vouched_by.clone(),
                revoked: k.revoked_seq.is_some(),
                registered_in: k.registered_seq,
            })
            .collect())
    }

    /// Vouches for `officer`'s key whose fingerprint they read out: refused unless exactly
    /// one standing key of theirs has it.
    pub async fn vouch_key(self, officer: &str, fingerprint: &str) -> Result<TeamKey> {
        let link = self.require_team().await?;
        let wanted: String = fingerprint
            .chars()
            .filter(char::is_ascii_hexdigit)
            .collect::<String>()
            .to_ascii_lowercase();
        let keys = self.keys().await?;
        let key = keys
            .into_iter()
            .find(|k| {
                k.officer == officer
                    && !k.revoked
                    && k.fingerprint.replace(' ', "") == wanted
            })
            .ok_or_else(|| {
                Error::invalid(
                    "fingerprint",
                    format!(
                        "{officer} has no key with this fingerprint: compare it with them again (identdesk-cli team keys lists each key's fingerprint)."
                    ),
                )
            })?;
        link.workspace.vouch_key(&key.key_id).await?;
        self.refresh().await?;
        Ok(key)
    }

    /// Administrators: `key_id` stops counting (a lost computer); its owner joins again for
    /// a new one.
    pub async fn revoke_key(self, key_id: &str) -> Result<()> {
        let link = self.require_team().await?;
        link.workspace.revoke_key(key_id).await?;
        self.refresh().await.map(drop)
    }

    /// Registers this computer's key in the trail (the server answers a repeat with the
    /// same id).
    pub(crate) async fn register_team_key(self, link: &TeamLink) -> Result<()> {
        link.workspace.register_key().await?;
        Ok(())
    }

    /// Whether the trail, as this machine last checked it, has `key` registered already.
    pub(crate) fn team_key_known(self, key: &OfficerKey) -> Result<bool> {
        Ok(self
            .key_book()?
            .is_some_and(|book| book.keys.contains_key(&key.id())))
    }

    /// Team administrators, from their joined data folder: adds an officer (or resets one)
    /// with the login's CREATEROLE right, the registry's entry signed with this folder's key;
    /// the one-time password when one was made.
    pub async fn add_officer(self, officer: &identdesk_team::NewOfficer) -> Result<Option<String>> {
        let link = self.require_team().await?;
        let password = self.team_password().await?;
        let mut admin = identdesk_team::AdminSession::connect(
            link.workspace.target(),
            &password,
            link.workspace.tls(),
        )
        .await?;
        let added = admin
            .add_officer_signed(officer, link.workspace.signer())
            .await?;
        self.check_team_trail(false).await?;
        Ok(added)
    }

    /// The key book as this machine last checked it.
    pub(crate) fn key_book(self) -> Result<Option<KeyBook>> {
        let text = self.setting(super::trail::KEY_BOOK_SETTING)?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }
}

/// What an officer hands their administrator to be added: the line to run, with the SCRAM
/// verifier of the password they chose (checked for strength first). The password itself
/// never leaves this computer.
pub fn team_access_request(server: &str, officer: &str, password: &str) -> Result<String> {
    let officer = officer.trim();
    if officer.is_empty() {
        return Err(Error::invalid(
            "officer",
            "Give the name your administrator will add you under.",
        ));
    }
    let verifier = identdesk_team::scram_verifier(password)?;
    let server = server.trim();
    let server = server
        .strip_prefix("postgresql://")
        .or_else(|| server.strip_prefix("postgres://"))
        .unwrap_or(server);
    Ok(format!(
        "identdesk-cli team add-officer {officer} --verifier '{verifier}'{}",
        if server.is_empty() {
            String::new()
        } else {
            format!("  # team workspace {server}")
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::team_access_request;

    #[test]
    fn an_access_request_carries_a_verifier_never_the_password() {
        let line =
            team_access_request("db:5432/identdesk", "erin", "a strong passphrase 7").unwrap();
        assert!(
            line.contains("add-officer erin --verifier 'SCRAM-SHA-256$4096:"),
            "{line}"
        );
        assert!(!line.contains("strong passphrase"));
        assert!(team_access_request("db", "erin", "123456789012").is_err());
        assert!(team_access_request("db", " ", "a strong passphrase 7").is_err());
    }
}
