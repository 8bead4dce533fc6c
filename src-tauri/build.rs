//! Tauri's build step, with an app manifest so each command needs its own permission in
//! `capabilities/` (nothing is allowed by default).

/// Every command the app defines; `capabilities/main.json` grants them to the main window.
const COMMANDS: &[&str] = &[
    "app_status",
    "show_logs_folder",
    "list_accounts",
    "add_account",
    "test_connection",
    "set_retention_days",
    "create_identification",
    "start_test_robots",
    "list_identifications",
    "identification_detail",
    "sync_now",
    "last_sync",
    "esign_definitions",
    "esign_documents",
    "upload_esign_document",
    "save_signed_document",
    "fetch_result_archive",
    "attachments",
    "attachment_data_url",
    "propose_decision",
    "confirm_decision",
    "acceptance",
    "delete_at_idnow",
    "export_csv",
    "export_summary_pdf",
    "bulk_preview",
    "bulk_create",
    "verify_audit",
    "audit_log",
    "answer_templates",
    "save_answer_template",
    "delete_answer_template",
    "purge_expired",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}
