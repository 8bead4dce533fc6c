//! The team workspace on PostgreSQL: each officer signs in with their own login role, the
//! server enforces four-eyes, claims transaction numbers once across the team and keeps one
//! hash-chained audit trail. It never holds personal data: the schema has no column for it.
//!
//! This crate speaks to the server only (schema, functions, connections, notifications);
//! `identdesk-core` decides when to call it and keeps the local mirror.

mod admin;
mod chain;
mod connect;
mod error;
mod grants;
mod keybook;
mod listen;
mod officer;
mod overview;
mod pgpass;
mod signing;
mod target;
#[cfg(feature = "test-support")]
pub mod testing;

pub use admin::{
    AdminSession, Credential, Initialised, NewOfficer, OfficerRole, init_workspace, scram_verifier,
};
pub use chain::{ChainCheck, ChainEntry, Witness, entry_hash, verify_chain};
pub use connect::TlsPolicy;
pub use error::{Refusal, Result, TeamError};
pub use grants::GrantFinding;
pub use keybook::{DecisionSignatures, Finding, KeyBook, KnownKey, SIGNED_ACTIONS, SignedPart};
pub use listen::{ListenEvent, Listener};
pub use officer::{
    ClaimOutcome, Observation, RegisteredAccount, ReportOutcome, ResultReport, SeenResult,
    TeamChange, TeamTemplate, TrailEntry, TrailHolder, Whoami, Workspace,
};
pub use overview::{FactKind, OverviewFact, OverviewWindow};
pub use pgpass::admin_password;
pub use signing::{
    Envelope, OfficerKey, Payload, fingerprint, sha256_hex, verify as verify_signature,
};
pub use target::Target;

/// The newest schema this version knows; a newer one is read, never written.
pub const SCHEMA_VERSION: i32 = 5;

/// The schema's migrations, in order.
/// Released files are never edited: a change is a new numbered file.
pub(crate) const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../schema/0001_workspace.sql")),
    (2, include_str!("../schema/0002_insiders.sql")),
    (3, include_str!("../schema/0003_signatures.sql")),
    (4, include_str!("../schema/0004_platform_accounts.sql")),
    (5, include_str!("../schema/0005_overview_counts.sql")),
];

/// The channel the server's functions NOTIFY on.
pub(crate) const CHANNEL: &str = "identdesk";
