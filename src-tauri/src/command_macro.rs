//! `ipc_commands!`: each command the window may call is declared once — its arguments, its
//! IPC return type, what window data it reads and changes (cache tags), and its one-line
//! body over the core. From that one declaration come the Tauri command itself, its
//! registration with tauri-specta (and so its TypeScript binding), the table the window's
//! data layer invalidates by, and what background work that does a command's job tells
//! the window (`changes`). `build.rs` reads the same declarations for the permission
//! manifest and the window's capability.

use serde::{Deserialize, Serialize};

/// What window data a command reads or changes: the window refetches the queries that
/// read a tag when a command (or an event) changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum Tag {
    Status,
    Accounts,
    Identifications,
    Decisions,
    Esign,
    Archive,
    Audit,
    Templates,
    Sync,
    Team,
}

/// One command's cache tags.
#[derive(Debug, Clone, Serialize)]
pub struct CommandTags {
    pub reads: &'static [Tag],
    pub writes: &'static [Tag],
}

/// Declares the commands. Each entry:
///
/// ```text
/// /// what it does
/// #[reads(Tag, …)] #[writes(Tag, …)]          (either may be left out)
/// fn name(ctx, arg: Type, …) -> IpcType = body;
/// ```
///
/// `body` is an expression over `ctx` (a [`crate::context::Ctx`]) whose value the IPC type
/// is made from (`IntoIpc`); `?` turns core errors into the one IPC error shape.
macro_rules! ipc_commands {
    ($(
        $(#[doc = $doc:literal])*
        $(#[reads($($read:ident),* $(,)?)])?
        $(#[writes($($write:ident),* $(,)?)])?
        fn $name:ident($ctx:ident $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty = $body:expr;
    )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            #[specta::specta]
            pub async fn $name(
                app: tauri::AppHandle,
                state: tauri::State<'_, $crate::startup::AppState>,
                $($arg: $ty),*
            ) -> Result<$ret, identdesk_core::ErrorPayload> {
                // A command sent while the core still opens waits for it.
                let $ctx = $crate::context::Ctx::new(&app, state.opened().await);
                Ok(identdesk_core::IntoIpc::into_ipc($body))
            }
        )*

        /// Every command, for tauri-specta (the invoke handler and the bindings).
        pub fn collect() -> tauri_specta::Commands<tauri::Wry> {
            tauri_specta::collect_commands![$($name),*]
        }

        /// Every command's name, as the window invokes it and `build.rs` declares it (the
        /// tests hold the build's list and the capability to it).
        #[cfg_attr(not(test), allow(dead_code))]
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// What each command changes in the window, by its name: background work that does a
        /// command's job (a sync, a purge) tells the window the same.
        #[allow(non_upper_case_globals, dead_code)]
        pub mod changes {
            use $crate::command_macro::Tag::{self, *};
            $(pub const $name: &[Tag] = &[$($($write),*)?];)*
        }

        /// Every command's cache tags, by name.
        pub fn tags() -> Vec<(&'static str, $crate::command_macro::CommandTags)> {
            use $crate::command_macro::Tag::*;
            vec![$(
                (
                    stringify!($name),
                    $crate::command_macro::CommandTags {
                        reads: &[$($($read),*)?],
                        writes: &[$($($write),*)?],
                    },
                ),
            )*]
        }
    };
}

pub(crate) use ipc_commands;
