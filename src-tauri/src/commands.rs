//! The commands the window may call: one-line adapters over `identdesk_core`, each
//! returning the one IPC error shape `{code, message}`. Long work reports progress over a
//! Tauri channel.

use std::path::PathBuf;
use std::sync::Arc;

use identdesk_core::{
    Acceptance, Account, AnswerTemplate, ArchiveReport, AttachmentInfo, AuditEntry,
    AuditVerification, BulkPreview, BulkReport, CancellationToken, ConnectionCheck,
    CreatedIdentification, Decision, DefinitionView, ErrorPayload, EsignDocumentView,
    IdentificationDetail, ListPage, ListQuery, NewAccount, NewIdentification, PurgeReport,
    SyncProgress, TemplateAnswer,
};
use serde::{Deserialize, Serialize};
use tauri::State;
use tauri::ipc::Channel;

use crate::startup::{AppState, AppStatus};
use crate::sync::SyncSummary;

type Reply<T> = Result<T, ErrorPayload>;

/// Bytes done of bytes in all; numbers, as TypeScript has no 64-bit integers.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct Progress {
    pub done: f64,
    pub total: f64,
}

#[tauri::command]
#[specta::specta]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    state.status()
}

/// Opens the data folder's log files in the system's file manager (for sending to support).
#[tauri::command]
#[specta::specta]
pub fn show_logs_folder(app: tauri::AppHandle, state: State<'_, AppState>) -> Reply<()> {
    crate::startup::show_logs_folder(&app, &state)
}

#[tauri::command]
#[specta::specta]
pub async fn list_accounts(state: State<'_, AppState>) -> Reply<Vec<Account>> {
    Ok(state.core()?.list_accounts().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_account(state: State<'_, AppState>, account: NewAccount) -> Reply<Account> {
    Ok(state.core()?.add_account(account).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn test_connection(
    state: State<'_, AppState>,
    account: String,
) -> Reply<ConnectionCheck> {
    Ok(state.core()?.test_connection(&account).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_retention_days(
    state: State<'_, AppState>,
    account: String,
    days: i32,
) -> Reply<Account> {
    Ok(state.core()?.set_retention_days(&account, days).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn create_identification(
    state: State<'_, AppState>,
    identification: NewIdentification,
) -> Reply<CreatedIdentification> {
    Ok(state.core()?.create_identification(identification).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn start_test_robots(
    state: State<'_, AppState>,
    account: String,
    transaction_number: String,
) -> Reply<()> {
    Ok(state
        .core()?
        .start_test_robots(&account, &transaction_number)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_identifications(state: State<'_, AppState>, query: ListQuery) -> Reply<ListPage> {
    Ok(state.core()?.list_identifications(&query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn identification_detail(
    state: State<'_, AppState>,
    account_id: String,
    transaction_number: String,
) -> Reply<IdentificationDetail> {
    Ok(state
        .core()?
        .identification_detail(&account_id, &transaction_number)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn sync_now(
    state: State<'_, AppState>,
    on_progress: Channel<SyncProgress>,
) -> Reply<SyncSummary> {
    crate::sync::sync_all(
        state.core()?,
        &|p| drop(on_progress.send(p)),
        &CancellationToken::new(),
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn last_sync(state: State<'_, AppState>) -> Reply<Option<String>> {
    Ok(state.core()?.last_sync().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn esign_definitions(
    state: State<'_, AppState>,
    account: String,
) -> Reply<Vec<DefinitionView>> {
    Ok(state.core()?.esign_definitions(&account).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn esign_documents(
    state: State<'_, AppState>,
    account_id: String,
    transaction_number: String,
) -> Reply<Vec<EsignDocumentView>> {
    Ok(state
        .core()?
        .esign_documents(&account_id, &transaction_number)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn upload_esign_document(
    state: State<'_, AppState>,
    account: String,
    transaction_number: String,
    identifier: String,
    path: String,
    on_progress: Channel<Progress>,
) -> Reply<EsignDocumentView> {
    let progress = Arc::new(move |done: u64, total: u64| {
        drop(on_progress.send(Progress {
            done: done as f64,
            total: total as f64,
        }))
    });
    Ok(state
        .core()?
        .upload_esign_document(
            &account,
            &transaction_number,
            &identifier,
            &PathBuf::from(path),
            Some(progress),
        )
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn save_signed_document(
    state: State<'_, AppState>,
    account: String,
    transaction_number: String,
    identifier: String,
    dest: String,
) -> Reply<f64> {
    let core = state.core()?;
    Ok(core
        .fetch_signed_document(
            &account,
            &transaction_number,
            &identifier,
            Some(&PathBuf::from(dest)),
        )
        .await? as f64)
}

#[tauri::command]
#[specta::specta]
pub async fn fetch_result_archive(
    state: State<'_, AppState>,
    account: String,
    transaction_number: String,
    export_to: Option<String>,
) -> Reply<ArchiveReport> {
    let dest = export_to.map(PathBuf::from);
    Ok(state
        .core()?
        .fetch_result_archive(&account, &transaction_number, dest.as_deref())
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn attachments(
    state: State<'_, AppState>,
    account_id: String,
    transaction_number: String,
) -> Reply<Vec<AttachmentInfo>> {
    Ok(state
        .core()?
        .attachments(&account_id, &transaction_number)
        .await?)
}

/// One stored file as a `data:` URL for the image and audio viewer (the CSP allows them).
#[tauri::command]
#[specta::specta]
pub async fn attachment_data_url(
    state: State<'_, AppState>,
    account_id: String,
    transaction_number: String,
    name: String,
) -> Reply<String> {
    crate::media::data_url(state.core()?, &account_id, &transaction_number, &name).await
}

#[tauri::command]
#[specta::specta]
pub async fn propose_decision(
    state: State<'_, AppState>,
    account_id: String,
    transaction_number: String,
    decision: Decision,
    note: String,
    officer: String,
) -> Reply<Acceptance> {
    Ok(state
        .core()?
        .propose_decision(&account_id, &transaction_number, decision, &note, &officer)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn confirm_decision(
    state: State<'_, AppState>,
    account_id: String,
    transaction_number: String,
    officer: String,
) -> Reply<Acceptance> {
    Ok(state
        .core()?
        .confirm_decision(&account_id, &transaction_number, &officer)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn acceptance(
    state: State<'_, AppState>,
    account_id: String,
    transaction_number: String,
) -> Reply<Option<Acceptance>> {
    Ok(state
        .core()?
        .acceptance(&account_id, &transaction_number)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_at_idnow(
    state: State<'_, AppState>,
    account_id: String,
    transaction_number: String,
) -> Reply<()> {
    Ok(state
        .core()?
        .delete_at_idnow(&account_id, &transaction_number)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn export_csv(
    state: State<'_, AppState>,
    query: ListQuery,
    with_personal_data: bool,
    dest: String,
) -> Reply<f64> {
    Ok(state
        .core()?
        .export_csv(&query, with_personal_data, &PathBuf::from(dest))
        .await? as f64)
}

#[tauri::command]
#[specta::specta]
pub async fn export_summary_pdf(
    state: State<'_, AppState>,
    account_id: String,
    transaction_number: String,
    dest: String,
) -> Reply<()> {
    Ok(state
        .core()?
        .export_summary_pdf(&account_id, &transaction_number, &PathBuf::from(dest))
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn bulk_preview(
    state: State<'_, AppState>,
    account: String,
    path: String,
) -> Reply<BulkPreview> {
    Ok(state
        .core()?
        .bulk_preview(&account, &PathBuf::from(path))
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn bulk_create(
    state: State<'_, AppState>,
    account: String,
    path: String,
    on_progress: Channel<Progress>,
) -> Reply<BulkReport> {
    let report = |done: u32, total: u32| {
        drop(on_progress.send(Progress {
            done: f64::from(done),
            total: f64::from(total),
        }))
    };
    Ok(state
        .core()?
        .bulk_create(&account, &PathBuf::from(path), &report)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn verify_audit(state: State<'_, AppState>) -> Reply<AuditVerification> {
    Ok(state.core()?.verify_audit().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn audit_log(
    state: State<'_, AppState>,
    limit: u32,
    offset: u32,
) -> Reply<Vec<AuditEntry>> {
    Ok(state.core()?.audit_log(limit, offset).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn answer_templates(
    state: State<'_, AppState>,
    account: String,
) -> Reply<Vec<AnswerTemplate>> {
    Ok(state.core()?.answer_templates(&account).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn save_answer_template(
    state: State<'_, AppState>,
    account: String,
    name: String,
    answers: Vec<TemplateAnswer>,
) -> Reply<AnswerTemplate> {
    Ok(state
        .core()?
        .save_answer_template(&account, &name, answers)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_answer_template(state: State<'_, AppState>, id: String) -> Reply<()> {
    Ok(state.core()?.delete_answer_template(&id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn purge_expired(state: State<'_, AppState>, dry_run: bool) -> Reply<PurgeReport> {
    Ok(state.core()?.purge_expired(dry_run).await?)
}
