//! Tauri's build step, with an app manifest so each command needs its own permission in
//! `capabilities/` (nothing is allowed by default). The commands are read from their one
//! declaration, `src/commands.rs` (`fn name(ctx, …)` entries of `ipc_commands!`); a test
//! checks this reading against the macro's own list.

const COMMANDS_SOURCE: &str = "src-tauri/src/commands.rs";

fn main() {
    println!("cargo:rerun-if-changed={COMMANDS_SOURCE}");
    let source = match std::fs::read_to_string(COMMANDS_SOURCE) {
        Ok(source) => source,
        Err(err) => panic!("{COMMANDS_SOURCE} could not be read: {err}"),
    };
    let commands: Vec<&'static str> = declared_commands(&source)
        .into_iter()
        .map(|name| &*Box::leak(name.into_boxed_str()))
        .collect();
    println!(
        "cargo:rustc-env=IDENTDESK_DECLARED_COMMANDS={}",
        commands.join(",")
    );
    let commands: &'static [&'static str] = Box::leak(commands.into_boxed_slice());
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(commands));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}

/// The names of the `fn name(ctx …` entries, in order (their arguments may start on the
/// next line).
fn declared_commands(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("fn "))
        .filter_map(|rest| rest.split_once('('))
        .filter(|(_, args)| args.is_empty() || args.starts_with("ctx"))
        .map(|(name, _)| name.trim().to_owned())
        .collect()
}
