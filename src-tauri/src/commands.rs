//! The commands the window may call: one-line adapters over `identdesk_core`, each
//! returning the one IPC error shape `{code, message}`.

use identdesk_core::{
    Account, CreatedIdentification, ErrorPayload, ListPage, ListQuery, NewAccount,
    NewIdentification,
};
use tauri::State;

use crate::startup::{AppState, AppStatus};

type Reply<T> = Result<T, ErrorPayload>;

#[tauri::command]
#[specta::specta]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    state.status.clone()
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
pub async fn create_identification(
    state: State<'_, AppState>,
    identification: NewIdentification,
) -> Reply<CreatedIdentification> {
    Ok(state.core()?.create_identification(identification).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_identifications(state: State<'_, AppState>, query: ListQuery) -> Reply<ListPage> {
    Ok(state.core()?.list_identifications(&query).await?)
}
