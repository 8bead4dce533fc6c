//! The window's look as the officer chose it (or the system gave it): language and colour
//! scheme, kept in the cache's settings. Neither is personal data nor a secret.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::store::put_setting;

const LANGUAGE_KEY: &str = "window.language";
const COLOR_SCHEME_KEY: &str = "window.color_scheme";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    De,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
        }
    }

    fn of(text: &str) -> Option<Language> {
        match text {
            "en" => Some(Language::En),
            "de" => Some(Language::De),
            _ => None,
        }
    }
}

/// `Auto` follows the operating system's light or dark mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ColorScheme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl ColorScheme {
    pub fn as_str(self) -> &'static str {
        match self {
            ColorScheme::Auto => "auto",
            ColorScheme::Light => "light",
            ColorScheme::Dark => "dark",
        }
    }

    fn of(text: &str) -> Option<ColorScheme> {
        match text {
            "auto" => Some(ColorScheme::Auto),
            "light" => Some(ColorScheme::Light),
            "dark" => Some(ColorScheme::Dark),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Appearance {
    pub language: Language,
    pub color_scheme: ColorScheme,
}

pub(super) fn read(conn: &Connection) -> Result<Option<Appearance>> {
    let setting = |key: &str| -> Result<Option<String>> {
        Ok(conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    };
    let language = setting(LANGUAGE_KEY)?.as_deref().and_then(Language::of);
    let color_scheme = setting(COLOR_SCHEME_KEY)?
        .as_deref()
        .and_then(ColorScheme::of);
    Ok(language.map(|language| Appearance {
        language,
        color_scheme: color_scheme.unwrap_or_default(),
    }))
}

pub(super) fn write(tx: &rusqlite::Transaction<'_>, look: &Appearance) -> Result<()> {
    put_setting(tx, LANGUAGE_KEY, look.language.as_str())?;
    put_setting(tx, COLOR_SCHEME_KEY, look.color_scheme.as_str())
}
