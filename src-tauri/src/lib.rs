//! The IdentDesk window: opens the core on the data folder, makes sure a fresh install has
//! its sandbox account and gateway, and serves the commands the UI calls.

mod bindings;
mod command_macro;
mod commands;
mod context;
mod events;
mod files;
mod first_page;
mod media;
mod shutdown;
mod single_instance;
mod startup;
mod sync;
mod team_watch;

use tauri::Manager;
use tauri_plugin_window_state::StateFlags;

pub use bindings::specta_builder;

pub fn run() {
    let data_dir = identdesk_core::default_data_dir();
    let _logs = startup::init_logs(data_dir.as_deref().ok());
    // A second start on the same folder brings the running window forward and ends.
    if let Ok(dir) = &data_dir
        && single_instance::hand_over(dir)
    {
        tracing::info!(
            "IdentDesk runs already on this data folder; its window was brought forward"
        );
        return;
    }
    let specta = specta_builder();
    let app = tauri::Builder::default()
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
        .on_window_event(|window, event| {
            // Dropped files get handles like chosen ones; the window hears of them by name.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let files = window.state::<files::ChosenFiles>().dropped(paths.clone());
                window.state::<events::DropFeed>().publish(&files);
            }
        })
        .setup(move |app| {
            app.manage(startup::AppState::default());
            app.manage(files::ChosenFiles::default());
            app.manage(events::DataFeed::default());
            app.manage(events::DropFeed::default());
            // The core opens beside the window (the keychain, the cache, the sandbox): the
            // page loads meanwhile, and its first command waits for the core.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let opened = startup::open_core(data_dir).await;
                if opened.lost_race_for_folder() {
                    // Started at the same moment as another window on this folder, which won.
                    std::process::exit(0);
                }
                startup::listen_for_later_starts(&handle, &opened);
                handle.state::<startup::AppState>().set(opened);
            });
            first_page::create_main_window(app.handle())?;
            sync::start_background(app.handle());
            team_watch::start(app.handle());
            shutdown::exit_on_terminate(app.handle());
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(err) => {
            tracing::error!(%err, "IdentDesk could not start");
            std::process::exit(1);
        }
    };
    app.run(|app, event| {
        // Tauri ends the process without dropping its state, so the cache is closed here.
        if let tauri::RunEvent::Exit = event
            && let Some(state) = app.try_state::<startup::AppState>()
            && let Some(opened) = state.try_opened()
            && let Ok(core) = opened.core()
        {
            core.close();
        }
    });
}
