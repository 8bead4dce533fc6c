//! IdentDesk's back office, with no window: every officer action as a plain async method
//! on [`Core`], over the SQLite cache, the OS keychain and the IDnow client. The Tauri app
//! and `identdesk-cli` are thin faces on this crate.

mod accounts;
mod audit;
mod clock;
mod core;
mod error;
mod gateways;
mod identifications;
mod keychain;
mod paths;
mod store;

pub use accounts::{Account, NewAccount};
pub use clock::{Clock, SystemClock};
pub use core::Core;
pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use identifications::{
    CreatedIdentification, IdentificationRow, IdentificationState, NewIdentification, UserLinks,
};
pub use idnow::{Environment, IdentificationRequest, QuestionAnswer, QuestionValue};
pub use keychain::Keychain;
pub use paths::{DATA_DIR_ENV, DATABASE_FILE, default_data_dir};
