//! Tauri's build step, with an app manifest so each command needs its own permission in
//! `capabilities/` (nothing is allowed by default).

/// Every command the app defines; `capabilities/main.json` grants them to the main window.
const COMMANDS: &[&str] = &[
    "app_status",
    "list_accounts",
    "add_account",
    "create_identification",
    "list_identifications",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}
