//! An empty Tauri window: what `cargo xtask bench` compares IdentDesk's start-up with.
//! Same Tauri, same profile, same window size; it shows one line of static HTML.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(err) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("bare-window could not start: {err}");
        std::process::exit(1);
    }
}
