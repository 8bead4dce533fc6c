//! The list's first rows as HTML, served inside the window's page: the frame (title,
//! navigation) and the newest rows paint before the page's script has even loaded, and
//! React replaces them with the live list when it renders. They carry no script and no
//! inline style (the CSP stays as strict), only classes of `ui/src/firstRows.css`. Each
//! row is a link to `#open=<account>/<transaction>`: a click before the live list is there
//! is kept in the address, and the window opens that identification as it starts.

use std::fmt::Write as _;

use chrono::{DateTime, TimeZone};
use html_escape::{encode_double_quoted_attribute as attribute, encode_text as text};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::{Appearance, Language, Words};
use crate::ipc::{IdentificationRow, IdentificationStage};

/// The navigation's entries, as the live window lists them.
const NAVIGATION: [&str; 7] = [
    "overview",
    "identifications",
    "create",
    "bulk",
    "accounts",
    "team",
    "audit",
];
const COLUMNS: [&str; 6] = [
    "identId",
    "person",
    "status",
    "transactionNumber",
    "account",
    "created",
];

/// The markup for the page's root element.
pub(super) fn render<Tz: TimeZone>(
    rows: &[IdentificationRow],
    total: u64,
    words: &Words,
    look: &Appearance,
    zone: &Tz,
) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let language = look.language;
    let word = |key: &str| words.word(language, key, "");
    let mut html = String::with_capacity(8_192 + rows.len() * 640);
    let _ = write!(
        html,
        r#"<div class="first-shell" lang="{lang}" data-scheme="{scheme}" data-testid="first-rows" aria-busy="true"><header class="first-header"><span class="first-title">{name}</span></header><nav class="first-nav">"#,
        lang = language.as_str(),
        scheme = look.color_scheme.as_str(),
        name = text(word("app.name")),
    );
    for entry in NAVIGATION {
        let active = if entry == "identifications" {
            " first-active"
        } else {
            ""
        };
        let _ = write!(
            html,
            r#"<span class="first-nav-entry{active}">{}</span>"#,
            text(word(&format!("nav.{entry}")))
        );
    }
    let _ = write!(
        html,
        r#"</nav><main class="first-main"><h2 class="first-heading">{title}</h2><div class="first-filters"></div><p class="first-total">{total}</p><div class="first-grid" role="grid" aria-rowcount="{total_rows}"><div class="first-row first-columns first-head" role="row">"#,
        title = text(word("list.title")),
        total = text(&word("list.total").replace("{{count}}", &total.to_string())),
        total_rows = total,
    );
    for column in COLUMNS {
        let _ = write!(
            html,
            r#"<span role="columnheader">{}</span>"#,
            text(word(&format!("list.{column}")))
        );
    }
    html.push_str("</div>");
    for (index, row) in rows.iter().enumerate() {
        row_html(&mut html, index, row, words, language, zone);
    }
    html.push_str("</div></main></div>");
    html
}

fn row_html<Tz: TimeZone>(
    html: &mut String,
    index: usize,
    row: &IdentificationRow,
    words: &Words,
    language: Language,
    zone: &Tz,
) where
    Tz::Offset: std::fmt::Display,
{
    let word = |key: &str, fallback: &'static str| words.word(language, key, fallback);
    let target = format!(
        "#open={}/{}",
        utf8_percent_encode(&row.account_id, NON_ALPHANUMERIC),
        utf8_percent_encode(&row.transaction_number, NON_ALPHANUMERIC)
    );
    let _ = write!(
        html,
        r#"<a class="first-row first-columns" role="row" aria-rowindex="{position}" data-testid="first-row" href="{target}">"#,
        position = index + 1,
        target = attribute(&target),
    );
    match &row.session {
        Some(_) => {
            let _ = write!(
                html,
                r#"<span role="gridcell">{}</span>"#,
                text(word("accounts.kinds.trust-platform", "Trust Platform"))
            );
        }
        None => {
            let _ = write!(
                html,
                r#"<span role="gridcell" class="first-mono">{}</span>"#,
                text(row.ident_id.as_deref().unwrap_or("—"))
            );
        }
    }
    let name = if row.purged {
        "—".to_owned()
    } else {
        [row.firstname.as_deref(), row.lastname.as_deref()]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let _ = write!(html, r#"<span role="gridcell">{}</span>"#, text(&name));
    html.push_str(r#"<span role="gridcell" class="first-status">"#);
    status_html(html, row, words, language);
    if let Some(decision) = &row.decision {
        let _ = write!(
            html,
            r#"<span class="first-badge first-outline">{}</span>"#,
            text(words.word(
                language,
                &format!("acceptance.states.{}", wire(decision)),
                ""
            ))
        );
    }
    html.push_str("</span>");
    let _ = write!(
        html,
        r#"<span role="gridcell" class="first-mono first-small first-clip">{}</span><span role="gridcell" class="first-clip">{}"#,
        text(&row.transaction_number),
        text(&row.account_name),
    );
    if let Some(creator) = &row.created_by {
        let _ = write!(
            html,
            r#"<span class="first-dim"> · {}</span>"#,
            text(creator)
        );
    }
    let _ = write!(
        html,
        r#"</span><span role="gridcell">{}</span></a>"#,
        text(&created(&row.created_at, language, zone))
    );
}

/// The status as the live list's badge says it: a result in words (an unknown code as
/// IDnow sent it) with its preliminary or final mark, else where it stands.
fn status_html(html: &mut String, row: &IdentificationRow, words: &Words, language: Language) {
    let word = |key: &str, fallback: &str| words.word(language, key, fallback).to_owned();
    let stage_words = || word(&format!("list.stages.{}", row.stage.as_str()), "");
    let badge = |html: &mut String, color: &str, words: &str| {
        let _ = write!(
            html,
            r#"<span class="first-badge first-{color}">{}</span>"#,
            text(words)
        );
    };
    match (&row.session, &row.result) {
        (Some(session), _) => match &session.result {
            None if row.stage == IdentificationStage::Outbox => {
                badge(html, "dot", &stage_words());
            }
            None => {
                let status = session.status.as_deref().unwrap_or("CREATED");
                badge(
                    html,
                    "dot",
                    &word(&format!("session.statuses.{status}"), status),
                );
            }
            Some(result) => {
                let code = wire(&result.code);
                badge(
                    html,
                    session_color(&code),
                    &word(&format!("sessionResults.{code}"), &result.raw),
                );
                badge(html, "outline", &word("session.kindMark", ""));
            }
        },
        (None, None) => badge(html, "dot", &stage_words()),
        (None, Some(result)) => {
            let code = wire(&result.code);
            badge(
                html,
                result_color(&code),
                &word(&format!("results.{code}"), &result.raw),
            );
            let mark = if row.stage == IdentificationStage::Final {
                "list.final"
            } else {
                "list.preliminary"
            };
            badge(html, "dot", &word(mark, ""));
        }
    }
}

/// A code's name as the window's types and translation keys spell it.
fn wire(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// The colours of `ui/src/components/StatusBadge.tsx`.
fn result_color(code: &str) -> &'static str {
    match code {
        "SUCCESS" => "green",
        "SUCCESS_DATA_CHANGED" => "teal",
        "REVIEW_PENDING" | "CHECK_PENDING" => "blue",
        "FRAUD_SUSPICION_PENDING" => "orange",
        "FRAUD_SUSPICION_CONFIRMED" | "FAILED" => "red",
        "CANCELED" => "gray",
        "ABORTED" => "yellow",
        _ => "grape",
    }
}

fn session_color(code: &str) -> &'static str {
    match code {
        "ACCEPTED" => "green",
        "REJECTED" | "ERROR" => "red",
        "NO_OUTCOME" | "ABORTED" => "yellow",
        "EXPIRED" => "gray",
        "COMPLETED" => "teal",
        _ => "grape",
    }
}

/// The creation time in the window's short style (`Intl.DateTimeFormat` with
/// `dateStyle: "short", timeStyle: "short"`), in the computer's time zone; a time that
/// does not parse is shown as stored.
fn created<Tz: TimeZone>(at: &str, language: Language, zone: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let Ok(parsed) = DateTime::parse_from_rfc3339(at) else {
        return at.to_owned();
    };
    let local = parsed.with_timezone(zone);
    match language {
        // ICU writes a narrow no-break space before AM/PM.
        Language::En => local.format("%-m/%-d/%y, %-I:%M\u{202f}%p").to_string(),
        Language::De => local.format("%d.%m.%y, %H:%M").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;

    use super::*;
    use crate::codes::{ResultValue, SessionResultValue};
    use crate::ipc::SessionFacts;
    use crate::window::ColorScheme;

    fn words() -> Words {
        Words::parse(
            r#"{
              "en": {"app.name": "IdentDesk", "nav.identifications": "Identifications",
                     "list.title": "Identifications", "list.total": "{{count}} identifications",
                     "list.person": "Person", "list.stages.waiting": "Waiting for the person",
                     "results.SUCCESS": "Success", "list.final": "final",
                     "list.preliminary": "preliminary", "sessionResults.ACCEPTED": "Accepted",
                     "session.kindMark": "TP", "accounts.kinds.trust-platform": "Trust Platform"},
              "de": {"list.title": "Identifizierungen", "list.total": "{{count}} Identifizierungen",
                     "results.SUCCESS": "Erfolgreich", "list.final": "endgültig"}
            }"#
            .as_bytes(),
        )
        .unwrap()
    }

    fn row(transaction: &str) -> IdentificationRow {
        IdentificationRow {
            account_id: "acc 1".into(),
            account_name: "Sandbox & Co".into(),
            transaction_number: transaction.into(),
            ident_id: Some("TST-ABCDE".into()),
            stage: IdentificationStage::Waiting,
            result: None,
            reason: None,
            firstname: Some("Erika".into()),
            lastname: Some("<Mustermann>".into()),
            created_at: "2026-12-06T08:05:00Z".into(),
            updated_at: "2026-12-06T08:05:00Z".into(),
            purged: false,
            created_by: None,
            decision: None,
            proposed_by: None,
            session: None,
        }
    }

    fn look(language: Language) -> Appearance {
        Appearance {
            language,
            color_scheme: ColorScheme::Dark,
        }
    }

    #[test]
    fn rows_are_escaped_links_to_their_identification() {
        let html = render(
            &[row("TX/1\"x")],
            1,
            &words(),
            &look(Language::En),
            &FixedOffset::east_opt(3600).unwrap(),
        );
        assert!(html.contains("Erika &lt;Mustermann&gt;"), "{html}");
        assert!(html.contains("Sandbox &amp; Co"), "{html}");
        assert!(
            html.contains(r##"href="#open=acc%201/TX%2F1%22x""##),
            "{html}"
        );
        assert!(html.contains(r#"data-scheme="dark""#));
        assert!(html.contains("Waiting for the person"));
        assert!(html.contains("12/6/26, 9:05\u{202f}AM"), "{html}");
        assert!(html.contains("1 identifications"));
        assert_eq!(html.matches(r#"data-testid="first-row""#).count(), 1);
        assert!(!html.contains("style="), "no inline style passes the CSP");
        assert!(!html.contains("<script"));
    }

    #[test]
    fn german_words_with_english_where_german_has_none_and_unknown_codes_raw() {
        let mut known = row("T1");
        known.stage = IdentificationStage::Final;
        known.result = Some(ResultValue::of("SUCCESS"));
        let mut unknown = row("T2");
        unknown.stage = IdentificationStage::Preliminary;
        unknown.result = Some(ResultValue::of("BRAND_NEW_CODE"));
        unknown.purged = true;
        let html = render(
            &[known, unknown],
            2,
            &words(),
            &look(Language::De),
            &FixedOffset::east_opt(3600).unwrap(),
        );
        assert!(html.contains("Identifizierungen</h2>"), "{html}");
        assert!(html.contains("2 Identifizierungen"));
        assert!(html.contains(">Erfolgreich<") && html.contains(">endgültig<"));
        assert!(html.contains(">BRAND_NEW_CODE<"), "{html}");
        assert!(
            html.contains(">preliminary<"),
            "English where German has no word"
        );
        assert!(html.contains("06.12.26, 09:05"), "{html}");
        assert_eq!(
            html.matches("Mustermann").count(),
            1,
            "a purged row shows no name: {html}"
        );
    }

    #[test]
    fn sessions_show_their_kind_and_result() {
        let mut session = row("S1");
        session.ident_id = None;
        session.stage = IdentificationStage::Final;
        session.session = Some(SessionFacts {
            flow_id: "flow".into(),
            status: Some("COMPLETED".into()),
            result: Some(SessionResultValue::of("ACCEPTED")),
        });
        let html = render(
            &[session],
            1,
            &words(),
            &look(Language::En),
            &FixedOffset::east_opt(0).unwrap(),
        );
        assert!(html.contains(r#"<span role="gridcell">Trust Platform</span>"#));
        assert!(html.contains(r#"first-green">Accepted<"#), "{html}");
        assert!(html.contains(">TP<"));
    }
}
