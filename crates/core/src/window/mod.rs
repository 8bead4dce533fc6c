//! What the window's page is served with before its script runs: the officer's look
//! (language, colour scheme, remembered here because the page's own storage is out of the
//! Rust side's reach) and the list's first rows as HTML, so they paint with the page.

mod appearance;
mod first_rows;
mod words;

pub use appearance::{Appearance, ColorScheme, Language};
pub use words::Words;

use crate::context::service;
use crate::error::Result;
use crate::identifications::IdentificationService;
use crate::identifications::list::{ListQuery, SortKey};

/// How many rows the page is served with: more than the tallest window shows at once
/// (each row is 44 pixels high).
const FIRST_ROWS: u32 = 30;

service! {
    /// The window's page: its remembered look and its first rows.
    WindowService
}

impl WindowService<'_> {
    /// The look the window last reported, if it ever did.
    pub fn appearance(self) -> Result<Option<Appearance>> {
        self.cx.store.read(appearance::read)
    }

    /// Remembers the window's look for the next start (written only when it changed).
    pub fn remember_appearance(self, look: &Appearance) -> Result<()> {
        if self.appearance()?.as_ref() == Some(look) {
            return Ok(());
        }
        self.cx.store.write(|tx| appearance::write(tx, look))
    }

    /// The list's first rows as the window shows them on opening (everything, newest
    /// first), as HTML for the page's root element, in the officer's language and look.
    pub async fn first_rows(self, words: &Words, look: &Appearance) -> Result<String> {
        let query = ListQuery {
            sort: SortKey::Created,
            descending: true,
            limit: FIRST_ROWS,
            ..ListQuery::default()
        };
        let page = IdentificationService::new(self.cx).list(&query).await?;
        let rows: Vec<crate::ipc::IdentificationRow> =
            page.rows.into_iter().map(Into::into).collect();
        Ok(first_rows::render(
            &rows,
            page.total,
            words,
            look,
            &chrono::Local,
        ))
    }
}
