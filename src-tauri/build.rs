//! Tauri's build step, with an app manifest so each command needs its own permission
//! (nothing is allowed by default), and the main window's capability granting exactly the
//! declared commands. Both come from the one declaration, `src/commands/declared.rs`, read
//! here by a macro of the same form as the app's `ipc_commands!` that keeps only the names
//! (types and bodies are parsed, never resolved).

use std::path::Path;

const DECLARATION: &str = "src-tauri/src/commands/declared.rs";
const CAPABILITY: &str = "capabilities/main.json";

macro_rules! ipc_commands {
    ($(
        $(#[doc = $doc:literal])*
        $(#[reads($($read:ident),* $(,)?)])?
        $(#[writes($($write:ident),* $(,)?)])?
        fn $name:ident($ctx:ident $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty = $body:expr;
    )*) => {
        const COMMANDS: &[&str] = &[$(stringify!($name)),*];
    };
}

include!("src/commands/declared.rs");

fn main() {
    println!("cargo:rerun-if-changed={DECLARATION}");
    println!(
        "cargo:rustc-env=IDENTDESK_DECLARED_COMMANDS={}",
        COMMANDS.join(",")
    );
    write_if_changed(Path::new(CAPABILITY), &capability(COMMANDS));
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}

/// The main window's capability: each declared command, then the few plugin permissions
/// the window needs (the clipboard, opening identification links). No events: what the
/// window hears of without asking comes through its own commands (`events.rs`).
fn capability(commands: &[&str]) -> String {
    let mut permissions: Vec<serde_json::Value> = commands
        .iter()
        .map(|name| format!("allow-{}", name.replace('_', "-")).into())
        .collect();
    permissions.extend([
        "clipboard-manager:allow-write-text".into(),
        serde_json::json!({
            "identifier": "opener:allow-open-url",
            "allow": [
                { "url": "https://*" },
                { "url": "http://127.0.0.1:*" },
                { "url": "http://localhost:*" }
            ]
        }),
    ]);
    let capability = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "main-window",
        "description": "Made by src-tauri/build.rs from src-tauri/src/commands/declared.rs; do not edit. The main window may call IdentDesk's own commands one by one, write text to the clipboard and open identification links (https, or the sandbox on loopback) in the browser; nothing else. Files come only through IdentDesk's own commands (dialogs run in Rust and hand the window opaque handles).",
        "windows": ["main"],
        "permissions": permissions,
    });
    match serde_json::to_string_pretty(&capability) {
        Ok(text) => text + "\n",
        Err(err) => panic!("the capability could not be written as JSON: {err}"),
    }
}

/// Writes only a changed file, so the build does not see its own output as a change.
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return;
    }
    if let Err(err) = std::fs::write(path, contents) {
        panic!("{} could not be written: {err}", path.display());
    }
}
