//! The IdentDesk window: opens the core on the data folder, makes sure a fresh install has
//! its sandbox account and gateway, and serves the commands the UI calls.

mod bindings;
mod commands;
mod media;
mod single_instance;
mod startup;
mod sync;

use tauri::Manager;
use tauri_plugin_window_state::StateFlags;

pub use bindings::specta_builder;

pub fn run() {
    startup::init_tracing();
    let specta = specta_builder();
    let app = tauri::Builder::default()
        // First, so a second start hands over to the running window before anything opens.
        .plugin(single_instance::plugin())
        .plugin(
            tauri_plugin_window_state::Builder::default()
                // Size and place only: a window closed while hidden must not come back hidden.
                .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(specta.invoke_handler())
        .setup(|app| {
            let state = tauri::async_runtime::block_on(startup::open_core());
            app.manage(state);
            sync::start_background(app.handle());
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(err) = app {
        tracing::error!(%err, "IdentDesk could not start");
        std::process::exit(1);
    }
}
