//! The typed bridge to the UI: the commands (declared once, in `commands/declared.rs`), the events,
//! and the constants the window keys its words and its cache by — all exported to
//! `ui/src/platform/bindings.ts` and checked for drift.

use std::collections::BTreeMap;

use identdesk_core::ipc::{QuestionKind, ReasonCode, ResultCode, RobotScenario};
use tauri_specta::{Builder, ErrorHandlingMode, collect_events};

use crate::command_macro::CommandTags;
use crate::commands;
use crate::events::FilesDropped;

pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        // Errors reject the promise with `{code, message, field}`; the UI's platform module
        // turns them into `AppError`s that TanStack Query and forms understand.
        .error_handling(ErrorHandlingMode::Throw)
        // One TypeScript type per Rust type (our types serialize and deserialize alike).
        .disable_serde_phases()
        .commands(commands::collect())
        .events(collect_events![FilesDropped])
        .constant("COMMAND_TAGS", command_tags())
        .constant("RESULT_CODES", ResultCode::ALL)
        .constant("REASON_CODES", ReasonCode::ALL)
        .constant("ROBOT_SCENARIOS", RobotScenario::ALL)
        .constant(
            "QUESTION_KINDS",
            [
                QuestionKind::Text,
                QuestionKind::Integer,
                QuestionKind::YesNo,
                QuestionKind::Date,
                QuestionKind::Country,
            ],
        )
}

/// Each command's cache tags, by the name the bindings give it (camelCase).
fn command_tags() -> BTreeMap<String, CommandTags> {
    commands::tags()
        .into_iter()
        .map(|(name, tags)| (camel_case(name), tags))
        .collect()
}

fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// Where the generated bindings live, relative to the repository root.
    const BINDINGS_PATH: &str = "ui/src/platform/bindings.ts";

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

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
        let committed = root().join(BINDINGS_PATH);
        if std::env::var_os("IDENTDESK_WRITE_BINDINGS").is_some() {
            assert_eq!(export_bindings(&committed), Ok(()));
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("bindings.ts");
        assert_eq!(export_bindings(&fresh), Ok(()));
        let fresh = std::fs::read_to_string(fresh).unwrap_or_default();
        let committed = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh == committed,
            "{BINDINGS_PATH} is out of date with the Rust types: run `cargo xtask bindings` and commit it"
        );
    }

    fn kebab(name: &str) -> String {
        name.replace('_', "-")
    }

    #[test]
    fn the_build_script_reads_the_same_commands_the_macro_declares() {
        let read_by_build: Vec<&str> = env!("IDENTDESK_DECLARED_COMMANDS").split(',').collect();
        assert_eq!(read_by_build, commands::NAMES);
    }

    /// A command the window may not call fails here, not only in an end-to-end run; a
    /// permission for a command that is gone fails too.
    #[test]
    fn the_window_is_allowed_exactly_the_declared_commands() {
        let capability: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root().join("capabilities/main.json")).unwrap(),
        )
        .unwrap();
        let granted: BTreeSet<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter_map(|p| p.strip_prefix("allow-"))
            .map(str::to_owned)
            .collect();
        let declared: BTreeSet<String> = commands::NAMES.iter().map(|n| kebab(n)).collect();
        assert_eq!(
            granted, declared,
            "capabilities/main.json (made by build.rs) vs the declaration"
        );

        let generated: BTreeSet<String> =
            std::fs::read_dir(root().join("permissions/autogenerated"))
                .unwrap()
                .filter_map(|e| e.ok())
                .filter_map(|e| e.path().file_stem().map(|s| kebab(&s.to_string_lossy())))
                .collect();
        assert_eq!(
            generated, declared,
            "permissions/autogenerated vs the declaration"
        );
    }

    #[test]
    fn every_command_says_what_it_reads_or_changes_in_words_the_window_knows() {
        let tags = command_tags();
        assert_eq!(tags.len(), commands::NAMES.len());
        assert_eq!(
            tags.get("listAccounts").map(|t| t.reads),
            Some(&[crate::command_macro::Tag::Accounts][..])
        );
        assert!(
            tags["addAccount"]
                .writes
                .contains(&crate::command_macro::Tag::Accounts)
        );
    }
}
