//! The typed bridge to the UI: every command registered once, and its TypeScript bindings
//! (`ui/src/platform/bindings.ts`) generated from the Rust types and checked for drift.

use tauri_specta::{Builder, ErrorHandlingMode, collect_commands};

use crate::commands;

pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        // Errors reject the promise with `{code, message}`; the UI's platform module turns
        // them into `AppError`s that TanStack Query and forms understand.
        .error_handling(ErrorHandlingMode::Throw)
        // One TypeScript type per Rust type (our types serialize and deserialize alike).
        .disable_serde_phases()
        .commands(collect_commands![
            commands::app_status,
            commands::show_logs_folder,
            commands::list_accounts,
            commands::add_account,
            commands::test_connection,
            commands::set_retention_days,
            commands::create_identification,
            commands::start_test_robots,
            commands::list_identifications,
            commands::identification_detail,
            commands::sync_now,
            commands::last_sync,
            commands::esign_definitions,
            commands::esign_documents,
            commands::upload_esign_document,
            commands::save_signed_document,
            commands::fetch_result_archive,
            commands::attachments,
            commands::attachment_data_url,
            commands::propose_decision,
            commands::confirm_decision,
            commands::acceptance,
            commands::delete_at_idnow,
            commands::export_csv,
            commands::export_summary_pdf,
            commands::bulk_preview,
            commands::bulk_create,
            commands::verify_audit,
            commands::audit_log,
            commands::answer_templates,
            commands::save_answer_template,
            commands::delete_answer_template,
            commands::purge_expired,
        ])
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// Where the generated bindings live, relative to the repository root.
    const BINDINGS_PATH: &str = "ui/src/platform/bindings.ts";

    fn export_bindings(path: &Path) -> Result<(), String> {
        let typescript = specta_typescript::Typescript::default().header(
            "// Generated from the Rust commands by `cargo xtask bindings`. Do not edit.\n",
        );
        specta_builder()
            .export(typescript, path)
            .map_err(|e| e.to_string())
    }

    /// Fails when the committed bindings differ from what the Rust types generate.
    /// `IDENTDESK_WRITE_BINDINGS=1` (what `cargo xtask bindings` sets) rewrites them instead.
    #[test]
    fn typescript_bindings_match_the_rust_types() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        if std::env::var_os("IDENTDESK_WRITE_BINDINGS").is_some() {
            assert_eq!(export_bindings(&committed), Ok(()));
            return;
        }
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let fresh = dir.path().join("bindings.ts");
        assert_eq!(export_bindings(&fresh), Ok(()));
        let fresh = std::fs::read_to_string(fresh).unwrap_or_default();
        let committed = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh == committed,
            "{BINDINGS_PATH} is out of date with the Rust types: run `cargo xtask bindings` and commit it"
        );
    }
}
