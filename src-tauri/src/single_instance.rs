//! One window per data folder: starting IdentDesk again brings the running window to the
//! front instead of opening a second one that would find the cache locked.

use tauri::{Manager, Runtime, plugin::TauriPlugin};

pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    let builder = tauri_plugin_single_instance::Builder::new().callback(|app, _args, _cwd| {
        if let Some(window) = app.get_webview_window("main") {
            // Each step may fail on some window managers; the next still helps.
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    });
    #[cfg(target_os = "linux")]
    let builder = builder.dbus_id(dbus_id());
    builder.build()
}

/// On Linux the instance is named after the data folder, so two folders (for example a
/// training cache next to the real one, via `IDENTDESK_DATA_DIR`) can each have a window.
/// Windows and macOS key it on the app alone; there the data-folder lock reports the rest.
#[cfg(target_os = "linux")]
fn dbus_id() -> String {
    let folder = identdesk_core::default_data_dir().unwrap_or_default();
    format!(
        "de.identdesk.IdentDesk.folder_{}",
        identdesk_core::folder_id(&folder)
    )
}
