//! The sandbox pinned to `docs/idnow-gateway-contract.md`: raw HTTP requests (not our
//! client) walk every row of the document's tables, and each answer's status and body are
//! compared with golden JSON written from the document (`tests/golden/`).
//!
//! Golden placeholders: `<string>`, `<number>`, `<any>`, `<optional>` (absent or anything),
//! `<ident-id>` (`ABC-DEFGH`), `<iso-datetime>`, `<date>`, `<sha256>`, `<display-hash>`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use chrono::{TimeDelta, TimeZone, Utc};
use idnow_sandbox::{Faults, Sandbox, SandboxClock, SandboxConfig};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const CID: &str = "ihrebank";
const KEY: &str = "contract-key";

struct Gateway {
    sandbox: Sandbox,
    http: reqwest::Client,
}

struct Answer {
    status: StatusCode,
    content_type: String,
    bytes: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }

    /// Asserts the status and that the body matches `golden/<name>.json`.
    fn is(&self, status: u16, golden: &str) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "{golden}: {}",
            String::from_utf8_lossy(&self.bytes)
        );
        let body = self.json();
        let path = format!("{}/tests/golden/{golden}.json", env!("CARGO_MANIFEST_DIR"));
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")),
        )
        .unwrap_or_else(|e| panic!("{path}: {e}"));
        if let Err(mismatch) = matches(&expected, &body, "$") {
            panic!("{golden}: {mismatch}\nbody: {body:#}");
        }
        body
    }
}

/// What a placeholder accepts; `None` when the golden value is not a placeholder.
fn placeholder(name: &str, actual: &Value) -> Option<bool> {
    let text = actual.as_str();
    let text_is = |check: &dyn Fn(&str) -> bool| text.is_some_and(check);
    Some(match name {
        "<any>" | "<optional>" => true,
        "<string>" => actual.is_string(),
        "<number>" => actual.is_number(),
        "<ident-id>" => text_is(&|s| {
            s.len() == 9
                && s.as_bytes()[3] == b'-'
                && s.chars()
                    .enumerate()
                    .all(|(i, c)| i == 3 || c.is_ascii_uppercase())
        }),
        "<iso-datetime>" => text_is(&|s| chrono::DateTime::parse_from_rfc3339(s).is_ok()),
        "<date>" => text_is(&|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()),
        "<sha256>" => text_is(&|s| s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit())),
        "<display-hash>" => text_is(&|s| s.len() == 14 && s.split('-').count() == 3),
        _ => return None,
    })
}

fn matches(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    let fail = |what: &str| Err(format!("{path}: expected {what}, got {actual}"));
    if let Some(accepted) = expected.as_str().and_then(|name| placeholder(name, actual)) {
        return if accepted {
            Ok(())
        } else {
            fail(expected.as_str().unwrap_or_default())
        };
    }
    match expected {
        Value::Object(expected_map) => {
            let Some(actual_map) = actual.as_object() else {
                return fail("an object");
            };
            for key in actual_map.keys() {
                if !expected_map.contains_key(key) {
                    return Err(format!("{path}: unexpected field {key:?}"));
                }
            }
            for (key, value) in expected_map {
                match actual_map.get(key) {
                    Some(found) => matches(value, found, &format!("{path}.{key}"))?,
                    None if value == "<optional>" => {}
                    None => return Err(format!("{path}: missing field {key:?}")),
                }
            }
            Ok(())
        }
        Value::Array(expected_items) => {
            let Some(items) = actual.as_array() else {
                return fail("an array");
            };
            if items.len() != expected_items.len() {
                return fail(&format!("{} items", expected_items.len()));
            }
            for (i, (e, a)) in expected_items.iter().zip(items).enumerate() {
                matches(e, a, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        literal => {
            if literal == actual {
                Ok(())
            } else {
                fail(&literal.to_string())
            }
        }
    }
}

impl Gateway {
    async fn start() -> Gateway {
        let clock = SandboxClock::manual(
            Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0)
                .single()
                .unwrap_or_default(),
        );
        let config = SandboxConfig::new(CID, KEY).with_clock(clock);
        let sandbox = Sandbox::start(config).await.unwrap();
        Gateway {
            sandbox,
            http: reqwest::Client::new(),
        }
    }

    async fn send(
        &self,
        method: Method,
        base: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Answer {
        let mut request = self.http.request(method, format!("{base}{path}"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = response
            .bytes()
            .await
            .map(|b| b.to_vec())
            .unwrap_or_default();
        Answer {
            status,
            content_type,
            bytes,
        }
    }

    /// A company-API call with `X-API-KEY` and a JSON body.
    async fn with_key(&self, path: &str, body: &str) -> Answer {
        let base = self.sandbox.base_url();
        self.send(
            Method::POST,
            &base,
            path,
            &[("X-API-KEY", KEY), ("Content-Type", "application/json")],
            Some(body.into()),
        )
        .await
    }

    async fn robot(&self, path: &str) -> Answer {
        let base = self.sandbox.robot_url();
        self.send(
            Method::POST,
            &base,
            path,
            &[("X-API-KEY", KEY), ("Content-Type", "application/json")],
            Some(b"{}".to_vec()),
        )
        .await
    }

    async fn login(&self) -> String {
        let answer = self
            .send(
                Method::POST,
                &self.sandbox.base_url(),
                &format!("/api/v1/{CID}/login"),
                &[("Content-Type", "application/json")],
                Some(json!({ "apiKey": KEY }).to_string().into()),
            )
            .await;
        answer.is(200, "login")["authToken"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// A call with `X-API-LOGIN-TOKEN`.
    async fn with_token(
        &self,
        method: Method,
        token: &str,
        path: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> Answer {
        let mut headers = vec![("X-API-LOGIN-TOKEN", token)];
        if let Some((content_type, _)) = &body {
            headers.push(("Content-Type", content_type));
        }
        let base = self.sandbox.base_url();
        self.send(method, &base, path, &headers, body.map(|(_, bytes)| bytes))
            .await
    }

    fn advance(&self, seconds: i64) {
        self.sandbox.clock().advance(TimeDelta::seconds(seconds));
    }
}

fn pdf() -> Vec<u8> {
    idnow_sandbox::sample_pdf("Kontoeröffnung", &["Seite 1".to_owned()]).to_vec()
}

const JSON: &str = "application/json";
const OCTETS: &str = "application/octet-stream";

#[tokio::test]
async fn section_2_authentication() {
    let gw = Gateway::start().await;
    let login = format!("/api/v1/{CID}/login");
    let base = gw.sandbox.base_url();
    let wrong = gw
        .send(
            Method::POST,
            &base,
            &login,
            &[("Content-Type", JSON)],
            Some(json!({"apiKey": "wrong"}).to_string().into()),
        )
        .await;
    wrong.is(401, "error_invalid_login_token");

    let token = gw.login().await;
    let company = format!("/api/v1/{CID}");
    gw.with_token(Method::GET, &token, &company, None)
        .await
        .is(200, "company");
    gw.with_token(Method::GET, "not-a-token", &company, None)
        .await
        .is(401, "error_invalid_login_token");
    gw.send(Method::GET, &base, &company, &[], None)
        .await
        .is(401, "error_invalid_login_token");

    // Each use renews the token; an hour without use ends it.
    gw.advance(59 * 60);
    gw.with_token(Method::GET, &token, &company, None)
        .await
        .is(200, "company");
    gw.advance(59 * 60);
    gw.with_token(Method::GET, &token, &company, None)
        .await
        .is(200, "company");
    gw.advance(61 * 60);
    gw.with_token(Method::GET, &token, &company, None)
        .await
        .is(401, "error_invalid_login_token");
    // Each login makes a new token.
    assert_ne!(gw.login().await, gw.login().await);
}

#[tokio::test]
async fn section_3_create_or_update() {
    let gw = Gateway::start().await;
    let start = |txn: &str| format!("/api/v1/{CID}/identifications/{txn}/start");
    let body = json!({
        "firstname": "Erika", "lastname": "Mustermann", "birthday": "1964-08-12", "birthplace": "Berlin",
        "birthname": "Gabler", "title": "Dr.", "gender": "FEMALE", "nationality": "DE", "country": "DE",
        "street": "Heidestraße", "streetnumber": "17", "zipcode": "51147", "city": "Köln",
        "email": "erika@example.de", "mobilephone": "+4915112345678",
        "custom1": "a", "custom2": "b", "custom3": "c", "custom4": "d", "custom5": "e",
        "trackingid": "campaign-7", "preferredLang": "de",
        "questions": {
            "pep": {"value": 0}, "agreed": {"value": 1}, "occupation": {"value": "Ärztin"},
            "channel": {"value": "Filiale"}, "taxcountry": {"value": "AT"}, "income": {"value": 3000},
            "since": {"value": "2020-01-01"}
        }
    })
    .to_string();
    let created = gw.with_key(&start("contract-1"), &body).await.is(201, "id");
    let updated = gw.with_key(&start("CONTRACT-1"), &body).await.is(200, "id");
    assert_eq!(
        created, updated,
        "case-insensitive transaction number, same Ident-ID"
    );

    let unknown = json!({"firstname": "Erika", "nickname": "E"}).to_string();
    gw.with_key(&start("contract-2"), &unknown)
        .await
        .is(400, "error_unrecognized_field");
    let bad_date = json!({"birthday": "12.08.1964"}).to_string();
    gw.with_key(&start("contract-2"), &bad_date)
        .await
        .is(400, "error_bad_birthday");
    gw.with_key(&start("contract-2"), "{not json")
        .await
        .is(400, "error_unparseable_json");
    let base = gw.sandbox.base_url();
    gw.send(
        Method::POST,
        &base,
        &start("contract-2"),
        &[("Content-Type", JSON)],
        Some(body.clone().into()),
    )
    .await
    .is(401, "error_invalid_login_token");

    gw.send(
        Method::POST,
        &base,
        &format!("/sandbox/{CID}/identifications/contract-1/complete"),
        &[("Content-Type", JSON)],
        Some(json!({"result": "SUCCESS"}).to_string().into()),
    )
    .await;
    gw.with_key(&start("contract-1"), &body)
        .await
        .is(409, "error_existing_identification");
}

#[tokio::test]
async fn section_5_esign() {
    let gw = Gateway::start().await;
    let token = gw.login().await;
    let definitions = format!("/api/v1/{CID}/documentdefinitions");
    let definition = json!({
        "identifier": "contract", "name": "Kontoeröffnung", "mimeType": "application/pdf",
        "optional": false, "sortOrder": 1, "version": "2026-1",
        "signatures": [{"type": "ELECTRONIC", "position": {"page": 1, "left": 50, "width": 200, "bottom": 80, "height": 60}}]
    });
    let post = |body: &Value| Some((JSON, body.to_string().into_bytes()));
    gw.with_token(Method::POST, &token, &definitions, post(&definition))
        .await
        .is(201, "empty_object");
    gw.with_token(Method::POST, &token, &definitions, post(&definition))
        .await
        .is(200, "empty_object");
    let listed = gw.with_token(Method::GET, &token, &definitions, None).await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.json().as_array().map(Vec::len), Some(1));
    let one = format!("{definitions}/contract");
    gw.with_token(Method::GET, &token, &one, None)
        .await
        .is(200, "definition");
    gw.with_token(Method::GET, &token, &format!("{definitions}/nope"), None)
        .await
        .is(404, "error_object_not_found");

    let default_data = format!("{one}/data");
    let upload = gw
        .with_token(Method::POST, &token, &default_data, Some((OCTETS, pdf())))
        .await;
    assert_eq!(upload.status, 200);
    let download = gw
        .with_token(Method::GET, &token, &default_data, None)
        .await;
    assert_eq!(
        (download.status.as_u16(), download.bytes.clone()),
        (200, pdf())
    );

    let txn = "esign-1";
    let create =
        json!({"firstname": "Erika", "lastname": "Mustermann", "custom1": "X-AUTOTEST-HAPPYPATH"})
            .to_string();
    gw.with_key(
        &format!("/api/v1/{CID}/identifications/{txn}/start"),
        &create,
    )
    .await
    .is(201, "id");
    let documents = format!("/api/v1/{CID}/identifications/{txn}/documents");
    let document = format!("{documents}/contract");
    let listed = gw.with_token(Method::GET, &token, &documents, None).await;
    assert_eq!(listed.status, 200);
    gw.with_token(Method::GET, &token, &document, None)
        .await
        .is(200, "document_need_upload");

    gw.robot(&format!("/api/v1/{CID}/identifications/{txn}/start"))
        .await
        .is(412, "error_precondition_failed");

    let renamed = json!({"name": "Kontoeröffnung", "version": "2026-1"});
    gw.with_token(Method::POST, &token, &document, post(&renamed))
        .await
        .is(200, "empty_object");
    let uploaded = gw
        .with_token(
            Method::POST,
            &token,
            &format!("{document}/data"),
            Some((OCTETS, pdf())),
        )
        .await;
    assert_eq!(
        (uploaded.status.as_u16(), uploaded.bytes.len()),
        (200, 0),
        "200 with an empty body"
    );
    gw.with_token(Method::GET, &token, &document, None)
        .await
        .is(200, "document_uploaded");

    let signed = format!("{document}/signed");
    gw.with_token(Method::GET, &token, &signed, None)
        .await
        .is(412, "error_precondition_failed");
    gw.robot(&format!("/api/v1/{CID}/identifications/{txn}/start"))
        .await
        .is(200, "robot_started");
    gw.robot(&format!(
        "/api/v1/{CID}/identifications/{txn}/requestVideoChat"
    ))
    .await
    .is(200, "empty_object");
    gw.advance(300);
    for method in [Method::GET, Method::POST] {
        let answer = gw.with_token(method, &token, &signed, None).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.content_type, "application/pdf");
        assert!(answer.bytes.starts_with(b"%PDF-"));
    }
    // Too late to change the documents once it has started.
    gw.with_token(
        Method::POST,
        &token,
        &format!("{document}/data"),
        Some((OCTETS, pdf())),
    )
    .await
    .is(412, "error_precondition_failed");
}

#[tokio::test]
async fn section_6_results_and_section_8_robots() {
    let gw = Gateway::start().await;
    let txn = "walk-1";
    let body = json!({
        "firstname": "Erika", "lastname": "Mustermann", "birthday": "1964-08-12", "birthplace": "Berlin",
        "birthname": "Gabler", "title": "Dr.", "gender": "FEMALE", "nationality": "DE", "country": "DE",
        "street": "Heidestrasse", "streetnumber": "17", "zipcode": "51147", "city": "Köln",
        "email": "erika@example.de", "mobilephone": "+4915112345678",
        "custom1": "X-AUTOTEST-HAPPYPATH", "custom2": "Kunde 4711",
        "questions": {"pep": {"value": 0}, "income": {"value": 3000}, "occupation": {"value": "Ärztin"},
                      "taxcountry": {"value": "AT"}, "since": {"value": "2020-01-01"}}
    })
    .to_string();
    let token = gw.login().await;
    let definition =
        json!({"identifier": "contract", "name": "Kontoeröffnung", "mimeType": "application/pdf"});
    gw.with_token(
        Method::POST,
        &token,
        &format!("/api/v1/{CID}/documentdefinitions"),
        Some((JSON, definition.to_string().into_bytes())),
    )
    .await;
    gw.with_key(&format!("/api/v1/{CID}/identifications/{txn}/start"), &body)
        .await
        .is(201, "id");
    gw.with_token(
        Method::POST,
        &token,
        &format!("/api/v1/{CID}/identifications/{txn}/documents/contract/data"),
        Some((OCTETS, pdf())),
    )
    .await;
    gw.robot(&format!("/api/v1/{CID}/identifications/{txn}/start"))
        .await
        .is(200, "robot_started");
    gw.robot(&format!(
        "/api/v1/{CID}/identifications/{txn}/requestVideoChat"
    ))
    .await
    .is(200, "empty_object");

    let list = |query: &'static str| {
        let gw = &gw;
        let token = token.clone();
        async move {
            let answer = gw
                .with_token(
                    Method::GET,
                    &token,
                    &format!("/api/v1/{CID}/identifications{query}"),
                    None,
                )
                .await;
            assert_eq!(answer.status, 200);
            let body = answer.json();
            body["identifications"]
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|i| {
                            i["identificationprocess"]["transactionnumber"]
                                .as_str()
                                .map(str::to_owned)
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_else(|| panic!("no identifications array: {body}"))
        }
    };
    gw.advance(31);
    assert_eq!(list("?pending=true").await, vec![txn.to_owned()]);
    assert!(list("").await.is_empty());
    gw.advance(121);
    assert_eq!(list("").await, vec![txn.to_owned()]);
    assert!(list("?pending=true").await.is_empty());

    let one = format!("/api/v1/{CID}/identifications/{txn}");
    gw.with_token(Method::GET, &token, &one, None)
        .await
        .is(200, "result_success");
    let zip = gw
        .with_token(Method::GET, &token, &format!("{one}.zip"), None)
        .await;
    assert_eq!(
        (zip.status.as_u16(), zip.content_type.as_str()),
        (200, "application/zip")
    );
    assert!(zip.bytes.starts_with(b"PK\x03\x04"));

    let copy = format!("{one}/copy");
    let to = |company: &str| {
        Some((
            JSON,
            json!({"target_companyid": company})
                .to_string()
                .into_bytes(),
        ))
    };
    gw.with_token(Method::POST, &token, &copy, to(CID))
        .await
        .is(201, "id");
    gw.with_token(Method::POST, &token, &copy, to("otherbank"))
        .await
        .is(403, "error_forbidden");

    gw.with_token(Method::DELETE, &token, &one, None)
        .await
        .is(200, "empty_object");
    gw.with_token(Method::GET, &token, &one, None)
        .await
        .is(404, "error_object_not_found");
    gw.with_token(Method::GET, &token, &format!("{one}.zip"), None)
        .await
        .is(404, "error_object_not_found");
}

#[tokio::test]
async fn canceled_and_aborted_lists_and_payloads() {
    let gw = Gateway::start().await;
    let token = gw.login().await;
    for (txn, scenario) in [("c-1", "CANCELLED"), ("a-1", "ABORTIDENT")] {
        let body =
            json!({"firstname": "Erika", "lastname": format!("X-AUTOTEST-{scenario}")}).to_string();
        gw.with_key(&format!("/api/v1/{CID}/identifications/{txn}/start"), &body)
            .await
            .is(201, "id");
        gw.robot(&format!("/api/v1/{CID}/identifications/{txn}/start"))
            .await;
        gw.robot(&format!(
            "/api/v1/{CID}/identifications/{txn}/requestVideoChat"
        ))
        .await;
    }
    // A FAILED identification (the person never finished): in `?failed=true` and, as in
    // IDnow's recorded default lists, in the default list; in no other.
    let body = json!({"firstname": "Erika", "lastname": "Stalled"}).to_string();
    gw.with_key(&format!("/api/v1/{CID}/identifications/f-1/start"), &body)
        .await
        .is(201, "id");
    gw.send(
        Method::POST,
        &gw.sandbox.base_url(),
        &format!("/sandbox/{CID}/identifications/f-1/complete"),
        &[("Content-Type", "application/json")],
        Some(
            json!({"result": "FAILED", "reason": "STALLED_TIMEOUT"})
                .to_string()
                .into(),
        ),
    )
    .await;
    gw.advance(200);
    let list = format!("/api/v1/{CID}/identifications");
    let txns = |answer: Answer| -> Vec<String> {
        answer.json()["identifications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                i["identificationprocess"]["transactionnumber"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    for (query, expected) in [
        ("?failed=true", vec!["f-1"]),
        ("", vec!["f-1"]),
        ("?pending=true", vec![]),
    ] {
        let seen = txns(
            gw.with_token(Method::GET, &token, &format!("{list}{query}"), None)
                .await,
        );
        assert_eq!(seen, expected, "list {query:?}");
    }
    let cancelled = gw
        .with_token(Method::GET, &token, &format!("{list}?cancelled=true"), None)
        .await
        .json();
    assert_eq!(
        cancelled["identifications"][0]["identificationprocess"]["transactionnumber"],
        "c-1"
    );
    let aborted = gw
        .with_token(Method::GET, &token, &format!("{list}?aborted=true"), None)
        .await
        .json();
    assert_eq!(
        aborted["identifications"][0]["identificationprocess"]["result"],
        "ABORTED"
    );
    // An aborted payload holds only what the company sent, as ORIGINAL leaves.
    let leaf = &aborted["identifications"][0]["userdata"]["firstname"];
    assert_eq!(
        (
            leaf["status"].as_str(),
            leaf["original"].as_str(),
            leaf.get("value")
        ),
        (Some("ORIGINAL"), Some("Erika"), None)
    );
    gw.with_token(
        Method::GET,
        &token,
        &format!("/api/v1/{CID}/identifications/c-1"),
        None,
    )
    .await
    .is(200, "result_canceled");
}

#[tokio::test]
async fn section_9_error_bodies_for_server_faults() {
    let gw = Gateway::start().await;
    gw.sandbox.set_faults(Faults {
        fail_next: 1,
        fail_status: Some(500),
        ..Faults::default()
    });
    let base = gw.sandbox.base_url();
    gw.send(
        Method::POST,
        &base,
        &format!("/api/v1/{CID}/login"),
        &[("Content-Type", JSON)],
        Some(json!({"apiKey": KEY}).to_string().into()),
    )
    .await
    .is(500, "error_internal_server_error");
    gw.sandbox.set_faults(Faults {
        fail_next: 1,
        fail_status: Some(429),
        retry_after_seconds: Some(7),
        ..Faults::default()
    });
    let limited = gw
        .http
        .post(format!("{base}/api/v1/{CID}/login"))
        .json(&json!({"apiKey": KEY}))
        .send()
        .await;
    let retry_after = limited.ok().and_then(|r| {
        r.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    });
    assert_eq!(retry_after.as_deref(), Some("7"));
}

#[test]
fn the_golden_matcher_rejects_what_differs() {
    let golden = json!({"id": "<ident-id>", "n": "<number>", "opt": "<optional>", "leaf": {"status": "MATCH"}});
    let cases = [
        (
            json!({"id": "TST-ABCDE", "n": 1, "leaf": {"status": "MATCH"}}),
            true,
        ),
        (
            json!({"id": "TST-ABCDE", "n": 1, "opt": null, "leaf": {"status": "MATCH"}}),
            true,
        ),
        (
            json!({"id": "TST-ABCD", "n": 1, "leaf": {"status": "MATCH"}}),
            false,
        ),
        (
            json!({"id": "TST-ABCDE", "n": "1", "leaf": {"status": "MATCH"}}),
            false,
        ),
        (
            json!({"id": "TST-ABCDE", "n": 1, "leaf": {"status": "NEW"}}),
            false,
        ),
        (
            json!({"id": "TST-ABCDE", "n": 1, "leaf": {"status": "MATCH"}, "x": 1}),
            false,
        ),
        (json!({"n": 1, "leaf": {"status": "MATCH"}}), false),
    ];
    for (actual, accepted) in cases {
        assert_eq!(matches(&golden, &actual, "$").is_ok(), accepted, "{actual}");
    }
}
