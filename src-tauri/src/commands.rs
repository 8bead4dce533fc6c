//! The commands the window may call. Each is declared once, in `commands/declared.rs`:
//! arguments, IPC type, the window data it reads and changes, and a one-line body over the
//! core's services. That file is the one list: this module makes the Tauri commands from
//! it, and `build.rs` reads the same file (through a macro of its own, not as text) for the
//! permission manifest and `capabilities/main.json`. Long work reports progress over a
//! Tauri channel.

use std::sync::Arc;

use identdesk_core::ipc::{
    Acceptance, Account, AnswerTemplate, AppStatus, Appearance, ArchiveReport, AttachmentInfo,
    AuditEntry, AuditVerification, BulkPreview, BulkReport, ConnectionCheck, CreatedIdentification,
    Decision, DecisionPanel, DefinitionView, EsignDocumentView, FieldError, IdentificationDetail,
    IdentificationRef, JoinTeam, ListPage, ListQuery, NewAccount, NewIdentification, Overview,
    OverviewRequest, Progress, PurgeReport, SyncProgress, SyncSummary, TeamKey, TeamStatus,
    TypedAnswer,
};
use identdesk_core::{CancellationToken, IntoIpc};
use identdesk_core::{
    CreatedSession, FlowSummary, NewPlatformAccount, NewSessionInput, SandboxPlay, SessionDetail,
};

use crate::events::{DataChanges, DroppedFiles};
use crate::files::{FileHandle, FileKind};
use tauri::ipc::Channel;

use crate::command_macro::ipc_commands;

include!("commands/declared.rs");
