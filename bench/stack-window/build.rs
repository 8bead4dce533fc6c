//! Tauri's build step for the React + Mantine window.

fn main() {
    tauri_build::build();
}
