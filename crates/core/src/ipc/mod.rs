//! Everything that crosses into the window, named in one place: the types the Tauri
//! commands take and return (exported to TypeScript with specta, drift-checked), the codes
//! the UI branches on and translates. Most are the core's own types, re-exported here
//! (serde and specta on the type itself); the few written out in this module are shapes the
//! window needs different, each saying why, with their conversions. IDnow's wire types never
//! cross. `identdesk-cli --json` prints the same shapes, so window and CLI share one
//! vocabulary.

mod app;
mod audit;
mod errors;
mod esign;
mod identifications;
mod overview;
mod results;
mod sync;
mod team;

pub use crate::accounts::{Account, ConnectionCheck, NewAccount};
pub use crate::audit::{AuditEntry, AuditVerification};
pub use crate::codes::{
    LeafStatus, LeafStatusValue, ReasonCode, ReasonValue, ResultCode, ResultValue, RobotScenario,
};
pub use crate::decisions::team::DecisionPanel;
pub use crate::decisions::{Acceptance, AcceptanceState, Decision};
pub use crate::error::FieldError;
pub use crate::files::{
    ArchiveReport, ArchiveSignature, AttachmentInfo, DefinitionView, EsignDocumentView,
};
pub use crate::identifications::IdentificationStage;
pub use crate::identifications::bulk::{BulkPreview, BulkReport, BulkRow};
pub use crate::identifications::detail::{FieldView, HistoryEntry, KeyValue, ResultDetail};
pub use crate::identifications::list::{ListQuery, SortKey};
pub use crate::identifications::outbox::ResumeReport;
pub use crate::identifications::questions::{QuestionKind, TypedAnswer};
pub use crate::identifications::templates::AnswerTemplate;
pub use crate::identifications::{CreatedIdentification, IdentificationRef, UserLinks};
pub use crate::overview::{EsignFigures, Waiting, WeekTimes};
pub use crate::overview::{FigureSource, Outcome, WaitingAge};
pub use crate::sync::all::AccountFailure;
pub use crate::sync::team_reports::TeamSyncReport;
pub use crate::sync::{SyncProgress, SyncStage};
pub use crate::team::{AccountLink, TeamKey, TeamStatus, TrailCheck};
pub use crate::window::Appearance;
pub use app::AppStatus;
pub use audit::{PurgeDue, PurgeReport, PurgedIdentification};
pub use errors::{ErrorCode, ErrorPayload};
pub use esign::Progress;
pub use identifications::{
    IdentificationRow, ListPage, NewIdentification, PersonData, SessionFacts,
};
pub use idnow::Environment;
pub use overview::{DayOutcomes, Overview, OverviewRequest, PeriodPreset, Rates, ReasonCount};
pub use results::IdentificationDetail;
pub use sync::{ResultChange, SyncReport, SyncSummary};
pub use team::JoinTeam;

/// Turns what a core method returned into what crosses IPC (the Tauri commands' and the
/// CLI's `--json` last step).
pub trait IntoIpc {
    type Ipc;
    fn into_ipc(self) -> Self::Ipc;
}

impl<T: IntoIpc> IntoIpc for Vec<T> {
    type Ipc = Vec<T::Ipc>;
    fn into_ipc(self) -> Self::Ipc {
        self.into_iter().map(IntoIpc::into_ipc).collect()
    }
}

impl<T: IntoIpc> IntoIpc for Option<T> {
    type Ipc = Option<T::Ipc>;
    fn into_ipc(self) -> Self::Ipc {
        self.map(IntoIpc::into_ipc)
    }
}

/// Values that cross as they are: the domain's own types that derive their TypeScript
/// (serde and specta on the type itself), and plain values. Exported for the app's own
/// types of that kind (file handles, the feeds' answers).
#[macro_export]
macro_rules! ipc_as_is {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::IntoIpc for $t {
            type Ipc = $t;
            fn into_ipc(self) -> $t {
                self
            }
        }
    )*};
}
crate::ipc_as_is!(
    (),
    bool,
    String,
    crate::Acceptance,
    crate::DecisionPanel,
    crate::TeamKey,
    crate::Account,
    crate::AnswerTemplate,
    crate::CreatedIdentification,
    crate::IdentificationRef,
    crate::TypedAnswer,
    crate::AuditEntry,
    crate::AuditVerification,
    crate::ArchiveReport,
    crate::AttachmentInfo,
    crate::DefinitionView,
    crate::EsignDocumentView,
    crate::ResumeReport,
    crate::SyncProgress,
    crate::ConnectionCheck,
    crate::BulkPreview,
    crate::BulkReport,
    crate::FieldError,
    crate::TeamStatus,
    crate::CreatedSession,
    crate::FlowSummary,
    crate::SessionDetail,
);

/// A byte count: TypeScript's number is exact far beyond any file IdentDesk handles.
impl IntoIpc for u64 {
    type Ipc = f64;
    fn into_ipc(self) -> f64 {
        self as f64
    }
}

/// A count of rows or results.
impl IntoIpc for usize {
    type Ipc = u32;
    fn into_ipc(self) -> u32 {
        count(self)
    }
}

/// A count as IPC carries it (saturating: no list IdentDesk shows holds 4 billion rows).
pub(crate) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Implements `IntoIpc` through a `From` the module provides.
macro_rules! into_ipc_via_from {
    ($($domain:ty => $ipc:ty),* $(,)?) => {$(
        impl $crate::ipc::IntoIpc for $domain {
            type Ipc = $ipc;
            fn into_ipc(self) -> $ipc {
                <$ipc>::from(self)
            }
        }
    )*};
}
pub(crate) use into_ipc_via_from;
