//! The main window, created here rather than from the config alone, so that its page is
//! served with the list's first rows in it (`identdesk_core::WindowService::first_rows`):
//! they paint with the page, before its script has loaded, and React replaces them.
//! Anything that stops the rows (the core still opening, a locked keychain) serves the page
//! as built, which then shows the list as soon as its script runs.

use std::borrow::Cow;
use std::sync::OnceLock;
use std::time::Duration;

use identdesk_core::{Appearance, ColorScheme, Language, Words};
use tauri::{AppHandle, Manager, WebviewWindowBuilder};

use crate::startup::AppState;

/// Where `ui/index.html` leaves room for the rows.
const MARKER: &[u8] = b"<!--identdesk:first-rows-->";
/// How long serving the page waits for the core, which opens beside the window (in about
/// 40 ms; the page is asked for after about 270).
const CORE_PATIENCE: Duration = Duration::from_millis(500);
/// The words the UI's build wrote for the rows (see `ui/vite.config.ts`).
const WORDS_ASSET: &str = "first-rows.json";

/// Creates the main window as `tauri.conf.json` describes it (`create: false` there).
pub fn create_main_window(app: &AppHandle) -> tauri::Result<()> {
    let Some(config) = app
        .config()
        .app
        .windows
        .iter()
        .find(|window| window.label == "main")
        .cloned()
    else {
        return Err(tauri::Error::WindowNotFound);
    };
    let handle = app.clone();
    WebviewWindowBuilder::from_config(app, &config)?
        .on_web_resource_request(move |request, response| {
            if matches!(request.uri().path(), "/" | "/index.html") {
                serve_with_first_rows(&handle, response);
            }
        })
        .build()?;
    Ok(())
}

fn serve_with_first_rows(
    app: &AppHandle,
    response: &mut tauri::http::Response<Cow<'static, [u8]>>,
) {
    let body = response.body();
    let Some(at) = body
        .windows(MARKER.len())
        .position(|window| window == MARKER)
    else {
        return;
    };
    let rows = match first_rows(app) {
        Ok(rows) => rows,
        Err(reason) => {
            tracing::info!(reason, "the page is served without its first rows");
            return;
        }
    };
    let mut page = Vec::with_capacity(body.len() + rows.len());
    page.extend_from_slice(&body[..at]);
    page.extend_from_slice(rows.as_bytes());
    page.extend_from_slice(&body[at + MARKER.len()..]);
    *response.body_mut() = Cow::Owned(page);
}

/// The rows' HTML, once the core is open (waiting for it a little).
fn first_rows(app: &AppHandle) -> Result<String, String> {
    let words = words(app).ok_or("the build has no words for the rows")?;
    let state = app.state::<AppState>();
    // Tauri serves the page from a task on its multi-threaded runtime: this worker may
    // wait for the core while the others carry on.
    let runtime = tokio::runtime::Handle::try_current().map_err(|err| err.to_string())?;
    if runtime.runtime_flavor() != tokio::runtime::RuntimeFlavor::MultiThread {
        return Err("the page is served outside a multi-threaded runtime".into());
    }
    tokio::task::block_in_place(|| {
        runtime.block_on(async {
            let opened = tokio::time::timeout(CORE_PATIENCE, state.opened())
                .await
                .map_err(|_| "the core is still opening")?;
            let core = opened.core().map_err(|err| err.message)?;
            let window = core.window();
            let look = window
                .appearance()
                .map_err(|err| err.to_string())?
                .unwrap_or_else(system_appearance);
            window
                .first_rows(words, &look)
                .await
                .map_err(|err| err.to_string())
        })
    })
}

fn words(app: &AppHandle) -> Option<&'static Words> {
    static WORDS: OnceLock<Option<Words>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            let asset = app.asset_resolver().get(WORDS_ASSET.into())?;
            Words::parse(&asset.bytes)
                .inspect_err(|err| tracing::warn!(%err, "the rows' words are unreadable"))
                .ok()
        })
        .as_ref()
}

/// Before the window has ever reported its look: the system's language (as the webview
/// reads it on Linux) and its light or dark mode.
fn system_appearance() -> Appearance {
    let german = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .is_some_and(|value| value.to_lowercase().starts_with("de"));
    Appearance {
        language: if german { Language::De } else { Language::En },
        color_scheme: ColorScheme::Auto,
    }
}
