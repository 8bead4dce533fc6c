//! IdentDesk's back office, with no window: every officer action as a method of one of
//! the services [`Core`] hands out (`core.accounts()`, `core.sync()`, …), over the SQLite
//! cache, the OS keychain and each account's IDnow source. The Tauri app and
//! `identdesk-cli` are thin faces on this crate; what crosses into the window is named in
//! [`ipc`].

mod accounts;
mod audit;
mod blocking;
mod cache_key;
mod change_feed;
mod clock;
mod codes;
mod context;
mod core;
mod decisions;
mod error;
mod files;
mod identifications;
pub mod ipc;
mod journal;
mod keychain;
mod lock;
pub mod logs;
mod options;
mod overview;
mod paths;
mod retention;
mod sessions;
mod sources;
mod store;
mod sync;
mod team;
mod window;

pub use accounts::AccountService;
pub use accounts::ConnectionCheck;
pub use accounts::account::{
    Account, AccountKind, NewAccount, PlatformEnvironment, PlatformSettings,
};
pub use accounts::{DEFAULT_PLATFORM_API_URL, DEFAULT_PLATFORM_TOKEN_URL, NewPlatformAccount};
pub use audit::{AuditEntry, AuditService, AuditVerification};
pub use change_feed::{ChangeFeed, Changes};
pub use clock::{Clock, ManualClock, SystemClock};
pub use codes::{ReasonCode, ResultCode};
pub use context::identity::os_account;
pub use core::Core;
pub use decisions::team::DecisionPanel;
pub use decisions::{Acceptance, AcceptanceState, Decision, DecisionService};
pub use error::{Error, ErrorCode, ErrorPayload, FieldError, Result};
pub use files::private::write_private;
pub use files::{
    ArchiveReport, ArchiveSignature, AttachmentInfo, DefinitionView, EsignDocumentView,
    FileService, UploadProgress,
};
pub use identifications::bulk::{BulkPreview, BulkReport, BulkRow};
pub use identifications::detail::{
    FieldView, HistoryEntry, IdentificationDetail, KeyValue, ResultDetail,
};
pub use identifications::list::{ListPage, ListQuery, SortKey};
pub use identifications::outbox::ResumeReport;
pub use identifications::questions::{QuestionKind, TypedAnswer};
pub use identifications::templates::AnswerTemplate;
pub use identifications::{
    CreatedIdentification, IdentificationRef, IdentificationRow, IdentificationService,
    IdentificationStage, IdentificationState, NewIdentification, UserLinks,
};
pub use idnow::{Environment, IdentificationRequest};
pub use ipc::IntoIpc;
pub use keychain::{KEYCHAIN_SERVICE_ENV, Keychain};
pub use options::{CoreOptions, DEFAULT_SANDBOX_TIME_SCALE, SANDBOX_TIME_SCALE_ENV};
pub use overview::{
    DayOutcomes, EsignFigures, FigureSource, Outcome, OutcomeCounts, Overview, OverviewQuery,
    OverviewService, Period, Rates, ReasonCount, Waiting, WaitingAge, WeekTimes,
};
pub use paths::{DATA_DIR_ENV, DATABASE_FILE, adopt_older_folder, default_data_dir, folder_id};
pub use retention::{PurgeReason, PurgeReport, PurgedIdentification, RetentionService};
pub use sessions::create::InputBlock;
pub use sessions::{
    BlockView, CreatedSession, FlowSummary, NewSessionInput, SandboxPlay, SessionDetail,
    SessionFile, SessionService,
};
pub use sync::all::{AccountFailure, SyncSummary};
pub use sync::team_reports::TeamSyncReport;
pub use sync::{ResultChange, SYNC_BATCH, SyncProgress, SyncReport, SyncService, SyncStage};
pub use team::{
    AccountLink, JoinTeam, TeamEvent, TeamKey, TeamNews, TeamService, TeamStatus, TeamWatch,
    TrailCheck, team_access_request,
};
pub use tokio_util::sync::CancellationToken;
pub use window::{Appearance, ColorScheme, Language, WindowService, Words};
