//! IdentDesk's back office, with no window: every officer action as a plain async method
//! on [`Core`], over the SQLite cache, the OS keychain and the IDnow client. The Tauri app
//! and `identdesk-cli` are thin faces on this crate; what crosses into the window is in
//! [`ipc`].

mod acceptance;
mod accounts;
mod archive;
mod audit;
mod blocking;
mod bulk;
mod bulk_file;
mod cache_key;
mod clock;
mod core;
mod detail;
mod error;
mod esign;
mod export;
mod files;
mod gateways;
mod identifications;
mod identity;
pub mod ipc;
mod keychain;
mod list;
mod lock;
pub mod logs;
mod options;
mod outbox;
mod overview;
mod paths;
mod purge;
mod questions;
mod remote;
mod store;
mod sync;
mod sync_all;
mod team;
mod templates;

pub use acceptance::{Acceptance, AcceptanceState, Decision};
pub use accounts::{Account, ConnectionCheck, NewAccount};
pub use archive::{ArchiveReport, ArchiveSignature, AttachmentInfo};
pub use audit::{AuditEntry, AuditVerification};
pub use bulk::{BulkPreview, BulkReport, BulkRow};
pub use clock::{Clock, ManualClock, SystemClock};
pub use core::Core;
pub use detail::{FieldView, HistoryEntry, IdentificationDetail, KeyValue, ResultDetail};
pub use error::{Error, ErrorCode, ErrorPayload, FieldError, Result};
pub use esign::{DefinitionView, EsignDocumentView, UploadProgress};
pub use identifications::{
    CreatedIdentification, IdentificationRef, IdentificationRow, IdentificationState,
    NewIdentification, UserLinks,
};
pub use identity::os_account;
pub use idnow::{Environment, IdentificationRequest};
pub use ipc::IntoIpc;
pub use keychain::{KEYCHAIN_SERVICE_ENV, Keychain};
pub use list::{ListPage, ListQuery, SortKey};
pub use options::{CoreOptions, DEFAULT_SANDBOX_TIME_SCALE, SANDBOX_TIME_SCALE_ENV};
pub use outbox::ResumeReport;
pub use overview::{
    DayOutcomes, EsignFigures, FigureSource, Outcome, OutcomeCounts, Overview, OverviewQuery,
    Period, Rates, ReasonCount, Waiting, WaitingAge, WeekTimes,
};
pub use paths::{DATA_DIR_ENV, DATABASE_FILE, adopt_older_folder, default_data_dir, folder_id};
pub use purge::{PurgeReason, PurgeReport, PurgedIdentification};
pub use questions::{QuestionKind, TypedAnswer};
pub use sync::{ResultChange, SYNC_BATCH, SyncProgress, SyncReport, SyncStage};
pub use sync_all::{AccountFailure, SyncSummary};
pub use team::{
    AccountLink, JoinTeam, TeamKey, TeamNews, TeamStatus, TeamSyncReport, TrailCheck,
    team_access_request,
};
pub use team::{DecisionPanel, TeamEvent, TeamWatch};
pub use templates::AnswerTemplate;
pub use tokio_util::sync::CancellationToken;
