//! The window's words for its first rows, in both languages: the UI's build writes them
//! from its own translation files (`first-rows.json`, see `ui/vite.config.ts`), so the
//! rows served with the page say what the live list will say.

use std::collections::HashMap;

use serde::Deserialize;

use super::Language;
use crate::error::{Error, Result};

/// Flat translation keys (`list.stages.waiting`) to words, per language.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Words {
    en: HashMap<String, String>,
    de: HashMap<String, String>,
}

impl Words {
    /// Reads the UI build's `first-rows.json`.
    pub fn parse(json: &[u8]) -> Result<Words> {
        serde_json::from_slice(json).map_err(|err| Error::Integrity {
            message: format!(
                "The window's words in this installation could not be read ({err}); reinstall IdentDesk"
            ),
        })
    }

    /// The words for `key` in `language`; else in English; else `fallback`, the value as
    /// it came (an unknown code is shown as IDnow sent it, as the live list does).
    pub fn word<'a>(&'a self, language: Language, key: &str, fallback: &'a str) -> &'a str {
        let own = match language {
            Language::En => &self.en,
            Language::De => &self.de,
        };
        own.get(key)
            .or_else(|| self.en.get(key))
            .map_or(fallback, String::as_str)
    }
}
