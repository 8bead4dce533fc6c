//! IDnow's Trust Platform API (flows, sessions, data blocks, files) as IdentDesk reads it:
//! a client for one account (`client`), and wire types that decode every variant IDnow's documentation builds show
//! (`docs/idnow-trust-platform-contract.md`, §9), keep unknown values and fields, and never
//! assume more than the pages say (ids are opaque text, casing varies, keys move).

mod blocks;
mod client;
mod codes;
pub mod discovery;
mod flows;
mod sessions;

pub use blocks::{BlockStatus, DataBlock, DataBlocks, VaultRef};
pub use client::{TrustAccount, TrustClient, VaultFile};
pub use codes::{Outcome, SessionStatus};
pub use flows::{Flow, FlowPage, Page, Paged};
pub use sessions::{CreatedSession, LastStep, NewSession, Session, SessionMetadata, SessionPage};

/// A JSON body that is not what the contract describes: what could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the Trust Platform's answer could not be read: {}",
            self.0
        )
    }
}

impl std::error::Error for DecodeError {}

pub(crate) fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    serde_json::from_slice(body).map_err(|e| DecodeError(e.to_string()))
}
