//! The IDnow gateway API (v1) as this project speaks it: wire types, local validation,
//! user links and an async client. See `docs/idnow-gateway-contract.md`.
//!
//! No database, no UI, no Tauri: the sandbox gateway uses the wire types, the core uses
//! the client.

#[macro_use]
mod macros;

mod api_key;
mod client;
mod environment;
mod error;
mod esign;
mod limits;
mod links;
mod received_list;
mod request;
mod result;
mod retry;
mod transaction_number;
pub mod validation;

pub use api_key::ApiKey;
/// The rules every IDnow answer is read under, for the other IDnow APIs' clients: HTTPS
/// only (loopback aside), error bodies read only as far as needed, bodies capped and paced.
pub mod edge {
    pub use crate::client::{ok_or_api_error, read_capped, require_secure};
}

pub use client::{
    Client, CompanyInfo, CopyTarget, CreateOutcome, DocumentOverride, ListFilter, Progress,
};
pub use environment::{Endpoints, Environment};
pub use error::{ApiErrorBody, ApiErrorItem, Error, cause};
pub use esign::{
    DocumentDefinition, DocumentStatus, IdentificationDocumentInfo, display_hash, one_document,
};
pub use limits::{CallKind, Limits, Pace, human, human_bytes};
pub use links::{UserLinks, user_links};
pub use received_list::ReceivedList;
pub use request::{IdentificationRequest, QuestionAnswer, QuestionValue};
pub use result::{
    Address, ContactData, CustomData, Identification, IdentificationDocument,
    IdentificationProcess, Leaf, LeafStatus, ReasonCode, ReceivedIdentification, ResultCode,
    RobotScenario, UserData,
};
pub use retry::RetryPolicy;
pub use transaction_number::TransactionNumber;
pub use validation::ValidationError;
