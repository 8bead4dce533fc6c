//! A Tauri window with IdentDesk's UI stack and nothing of IdentDesk: what `cargo xtask
//! bench` compares the app's start-up and memory with besides the bare window. Same Tauri,
//! profile, window size and content security policy as the app; its page
//! (`ui/yardstick`, built into `dist/` by the UI's build) is React and Mantine showing
//! made-up rows and, on a click, a detail of the app's shape.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(err) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("stack-window could not start: {err}");
        std::process::exit(1);
    }
}
