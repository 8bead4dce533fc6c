//! The IdentDesk window: opens the core on the data folder, makes sure a fresh install has
//! its sandbox account and gateway, and serves the commands the UI calls.

mod bindings;
mod commands;
mod startup;

use tauri::Manager;

pub use bindings::specta_builder;

pub fn run() {
    startup::init_tracing();
    let specta = specta_builder();
    let app = tauri::Builder::default()
        .invoke_handler(specta.invoke_handler())
        .setup(|app| {
            let state = tauri::async_runtime::block_on(startup::open_core());
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(err) = app {
        tracing::error!(%err, "IdentDesk could not start");
        std::process::exit(1);
    }
}
