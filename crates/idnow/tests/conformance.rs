//! The conformance walk: every `.json` file in `../shared/fixtures/idnow-real/` (what IDnow's
//! own API documentation prints; see its `SOURCES.md`) is
//! 1. answered by a replay gateway to the real client, which must decode it, and
//! 2. compared with the sandbox's answer to the same call: the same keys, the same types.
//!
//! The fixtures are read where they lie, never copied into the project. Where the folder is
//! absent (a hosted CI runner) the walk says so and passes; a fixture this walk does not know
//! fails it, so a new file is never skipped silently.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use idnow::{
    ApiKey, Client, CopyTarget, DocumentDefinition, Endpoints, IdentificationRequest, LeafStatus,
    ListFilter, ResultCode, TransactionNumber,
};
use idnow_sandbox::Sandbox;
use serde_json::{Value, json};
use support::{CID, KEY, advance, client, sandbox};

/// Where the shared fixtures lie: `IDNOW_REAL_FIXTURES`, else `../shared/` beside the clone.
fn fixtures_dir() -> PathBuf {
    std::env::var_os("IDNOW_REAL_FIXTURES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/idnow-real"),
        PathBuf::from,
    )
}

#[tokio::test]
async fn every_documented_answer_is_read_by_the_client_and_spoken_by_the_sandbox() {
    let dir = fixtures_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "SKIPPED: {} is absent; the conformance walk needs IDnow's documented answers there",
            dir.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{} holds no .json fixture",
        dir.display()
    );

    let replay = Replay::start().await;
    let sandbox = sandbox().await;
    let walk = Walk {
        replay: &replay,
        sandbox: &sandbox,
        http: reqwest::Client::new(),
    };
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(file).unwrap();
        let fixture: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let call = Call::for_fixture(&name)
            .unwrap_or_else(|| panic!("{name}: the walk does not know this fixture; add its call"));
        eprintln!("{name}: {call:?}");
        walk.check(call, &fixture).await;
    }
}

/// The call of IDnow's API a fixture is the answer (or the request) of.
#[derive(Debug, Clone, Copy)]
enum Call {
    CreateAnswer,
    CreateQuestions,
    CompanyInfo,
    Definitions,
    Definition,
    Documents,
    Document,
    Login,
    Copy,
    Error400,
    Error401,
    Error409,
    ResultList,
    CanceledResult,
}

impl Call {
    fn for_fixture(name: &str) -> Option<Call> {
        const CALLS: &[(&str, Call)] = &[
            ("_s3.2.11_create", Call::CreateAnswer),
            ("_s3.2.9_create-request_questions", Call::CreateQuestions),
            ("_s6.4_company-info", Call::CompanyInfo),
            ("_s7.1.4_list-documentdefinitions", Call::Definitions),
            ("_s7.1.5_get-documentdefinition", Call::Definition),
            ("_s7.2.1_list-identification-documents", Call::Documents),
            ("_s7.2.2_get-identification-document", Call::Document),
            ("_s8.3.1_login", Call::Login),
            ("_s8.3.5_copy", Call::Copy),
            ("_s12_error_400", Call::Error400),
            ("_s12_error_401", Call::Error401),
            ("_s12_error_409", Call::Error409),
            ("_s13.4_json-result", Call::ResultList),
            ("_s14.5.1_webhook-canceled", Call::CanceledResult),
        ];
        CALLS
            .iter()
            .find(|(tag, _)| name.contains(tag))
            .map(|(_, call)| *call)
    }
}

struct Walk<'a> {
    replay: &'a Replay,
    sandbox: &'a Sandbox,
    http: reqwest::Client,
}

impl Walk<'_> {
    async fn check(&self, call: Call, fixture: &Value) {
        let replayed = self.replay.client();
        let live = client(self.sandbox);
        let txn = TransactionNumber::generate();
        match call {
            Call::CreateAnswer => {
                self.replay.answer(200, fixture);
                let outcome = replayed
                    .create_identification(&txn, &person())
                    .await
                    .unwrap();
                assert_eq!(outcome.ident_id(), fixture["id"].as_str().unwrap());
                let (status, answer) = self
                    .post_key(&format!("identifications/{txn}/start"), &json!(person()))
                    .await;
                assert_eq!(status, 201);
                same_shape(fixture, &answer, "$");
            }
            Call::CreateQuestions => {
                // The fragment is a request: our request type reads it and writes it back
                // unchanged, and the sandbox accepts it.
                let request: IdentificationRequest =
                    serde_json::from_value(merge(json!(person()), fixture)).unwrap();
                self.replay.answer(201, &json!({"id": "ATK-EFXAL"}));
                replayed
                    .create_identification(&txn, &request)
                    .await
                    .unwrap();
                let sent: Value = serde_json::from_slice(&self.replay.last_body()).unwrap();
                assert_eq!(sent["questions"], fixture["questions"]);
                let (status, _) = self
                    .post_key(
                        &format!("identifications/{txn}/start"),
                        &serde_json::to_value(&request).unwrap(),
                    )
                    .await;
                assert_eq!(status, 201);
            }
            Call::CompanyInfo => {
                self.replay.answer(200, fixture);
                let info = replayed.company_info().await.unwrap();
                assert_eq!(info.name.as_deref(), fixture["name"].as_str());
                assert_eq!(
                    info.estimated_waiting_time,
                    fixture["estimatedWaitingTime"].as_f64()
                );
                same_shape(fixture, &self.get("").await, "$");
            }
            Call::Definitions => {
                self.replay.answer(200, fixture);
                let read = replayed.document_definitions().await.unwrap();
                assert_eq!(read.len(), fixture.as_array().unwrap().len());
                // IDnow's own definitions (`doc1`, text/plain, application/xword) are accepted.
                for definition in &read {
                    live.save_document_definition(definition).await.unwrap();
                }
                same_shape(fixture, &self.get("documentdefinitions").await, "$");
            }
            Call::Definition => {
                self.replay.answer(200, fixture);
                let identifier = fixture["identifier"].as_str().unwrap();
                let read = replayed.document_definition(identifier).await.unwrap();
                assert_eq!(read.mime_type, fixture["mimeType"].as_str().unwrap());
                self.define(&read).await;
                same_shape(
                    fixture,
                    &self.get(&format!("documentdefinitions/{identifier}")).await,
                    "$",
                );
            }
            Call::Documents | Call::Document => {
                self.replay.answer(200, fixture);
                let first = if fixture.is_array() {
                    &fixture[0]
                } else {
                    fixture
                };
                let identifier = first["documentDefinition"]["identifier"].as_str().unwrap();
                let read = match call {
                    Call::Documents => replayed.documents(&txn).await.unwrap().remove(0),
                    _ => replayed.document(&txn, identifier).await.unwrap(),
                };
                assert_eq!(read.document_definition.as_deref(), Some(identifier));
                assert_eq!(read.version, None);
                assert_eq!(read.hash.as_deref(), first["hash"].as_str());
                // The sandbox, with IDnow's definition and an uploaded PDF, answers the same.
                let definition: DocumentDefinition =
                    serde_json::from_value(first["documentDefinition"].clone()).unwrap();
                self.define(&definition).await;
                live.create_identification(&txn, &person()).await.unwrap();
                let pdf = tempfile::NamedTempFile::new().unwrap();
                std::fs::write(
                    pdf.path(),
                    idnow_sandbox::sample_pdf("Vertrag", &["Seite 1".to_owned()]),
                )
                .unwrap();
                live.upload_document(&txn, identifier, pdf.path(), None)
                    .await
                    .unwrap();
                let documents = self.get(&format!("identifications/{txn}/documents")).await;
                let ours = documents
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|d| d["documentDefinition"]["identifier"] == identifier)
                    .cloned()
                    .unwrap();
                same_shape(first, &ours, "$[doc]");
                if matches!(call, Call::Document) {
                    let one = self
                        .get(&format!("identifications/{txn}/documents/{identifier}"))
                        .await;
                    same_shape(first, &one, "$");
                }
            }
            Call::Login => {
                self.replay.answer(200, fixture);
                assert_eq!(
                    replayed.login().await.unwrap(),
                    fixture["authToken"].as_str().unwrap()
                );
                let (status, answer) = self.post_key("login", &json!({"apiKey": KEY})).await;
                assert_eq!(status, 200);
                same_shape(fixture, &answer, "$");
            }
            Call::Copy => {
                self.replay.answer(201, fixture);
                let target = CopyTarget {
                    target_companyid: CID.to_owned(),
                    target_transactionnumber: None,
                };
                assert_eq!(
                    replayed.copy_identification(&txn, &target).await.unwrap(),
                    fixture["id"].as_str().unwrap()
                );
                live.create_identification(&txn, &person()).await.unwrap();
                let (status, answer) = self
                    .post_token(&format!("identifications/{txn}/copy"), &json!(target))
                    .await;
                assert_eq!(status, 201);
                same_shape(fixture, &answer, "$");
            }
            Call::Error400 | Call::Error401 | Call::Error409 => {
                let status = match call {
                    Call::Error400 => 400,
                    Call::Error401 => 401,
                    _ => 409,
                };
                self.replay.answer(status, fixture);
                let err = replayed
                    .create_identification(&txn, &person())
                    .await
                    .unwrap_err();
                assert_eq!(err.status(), Some(status), "{err}");
                assert_eq!(err.cause(), fixture["errors"][0]["cause"].as_str());
                let (seen, answer) = match call {
                    Call::Error400 => {
                        let bad = json!({"firstname": "Anna", "birthday": "1982-13-45"});
                        self.post_key(&format!("identifications/{txn}/start"), &bad)
                            .await
                    }
                    Call::Error401 => {
                        let (status, body) = self
                            .request(
                                Method::GET,
                                "identifications",
                                None,
                                Some(("X-API-LOGIN-TOKEN", "not-a-token")),
                            )
                            .await;
                        (status, body)
                    }
                    _ => {
                        let finished = self.finished(&live).await;
                        self.post_key(
                            &format!("identifications/{finished}/start"),
                            &json!(person()),
                        )
                        .await
                    }
                };
                assert_eq!(seen, status);
                same_shape(fixture, &answer, "$");
            }
            Call::ResultList => {
                self.replay.answer(200, fixture);
                let list = replayed
                    .list_identifications(ListFilter::Successful)
                    .await
                    .unwrap();
                let decoded = list[0]
                    .decoded
                    .as_ref()
                    .expect("the documented result decodes");
                let birthday = decoded.userdata.birthday.as_ref().unwrap();
                assert_eq!(birthday.status, Some(LeafStatus::Change));
                assert_eq!(birthday.original.as_deref(), Some("1982-05-22"));
                assert_eq!(decoded.attachments.len(), 5);
                // The sandbox's finished result for a person sent like the documented one.
                let finished = self.finished(&live).await;
                let ours = self.get("identifications").await["identifications"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["identificationprocess"]["transactionnumber"] == finished.as_str())
                    .cloned()
                    .unwrap();
                same_shape(
                    &fixture["identifications"][0],
                    &ours,
                    "$.identifications[0]",
                );
            }
            Call::CanceledResult => {
                self.replay.answer(200, fixture);
                let received = replayed.get_identification_received(&txn).await.unwrap();
                let decoded = received
                    .decoded
                    .expect("the documented CANCELED result decodes");
                assert_eq!(
                    decoded.identificationprocess.result,
                    Some(ResultCode::Canceled)
                );
                let birthday = decoded.userdata.birthday.unwrap();
                assert_eq!(
                    (birthday.status, birthday.value),
                    (Some(LeafStatus::Original), None)
                );
                let request = IdentificationRequest {
                    custom1: Some("X-AUTOTEST-CANCELLED".into()),
                    ..person()
                };
                live.create_identification(&txn, &request).await.unwrap();
                self.play(&live, &txn).await;
                let ours = self.get(&format!("identifications/{txn}")).await;
                assert_eq!(ours["identificationprocess"]["result"], "CANCELED");
                same_shape(fixture, &ours, "$");
            }
        }
    }

    /// A finished SUCCESS of a person sent as the documented result shows.
    async fn finished(&self, live: &Client) -> TransactionNumber {
        let txn = TransactionNumber::generate();
        let answers =
            json!({"questions": {"income": {"value": 3000}, "employer": {"value": "IDnow"}}});
        let request = IdentificationRequest {
            custom2: Some("X-AUTOTEST-HAPPYPATH".into()),
            ..serde_json::from_value(merge(json!(person()), &answers)).unwrap()
        };
        live.create_identification(&txn, &request).await.unwrap();
        // The agent corrects the birthday, as in the documented result.
        let change = format!(
            "{}/sandbox/{CID}/identifications/{txn}/change",
            self.sandbox.base_url()
        );
        let changed = self
            .http
            .post(change)
            .json(&json!({"fields": {"birthday": "1983-05-22"}}))
            .send()
            .await
            .unwrap();
        assert!(changed.status().is_success(), "{}", changed.status());
        self.play(live, &txn).await;
        txn
    }

    async fn play(&self, live: &Client, txn: &TransactionNumber) {
        live.robot_start(txn).await.unwrap();
        live.request_video_chat(txn).await.unwrap();
        advance(self.sandbox, 31 + 121);
    }

    async fn define(&self, definition: &DocumentDefinition) {
        let definition = DocumentDefinition {
            sort_order: definition.sort_order.or(Some(1)),
            ..definition.clone()
        };
        client(self.sandbox)
            .save_document_definition(&definition)
            .await
            .unwrap();
    }

    async fn get(&self, path: &str) -> Value {
        let token = client(self.sandbox).login().await.unwrap();
        let (status, body) = self
            .request(Method::GET, path, None, Some(("X-API-LOGIN-TOKEN", &token)))
            .await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    async fn post_key(&self, path: &str, body: &Value) -> (u16, Value) {
        self.request(Method::POST, path, Some(body), Some(("X-API-KEY", KEY)))
            .await
    }

    async fn post_token(&self, path: &str, body: &Value) -> (u16, Value) {
        let token = client(self.sandbox).login().await.unwrap();
        self.request(
            Method::POST,
            path,
            Some(body),
            Some(("X-API-LOGIN-TOKEN", &token)),
        )
        .await
    }

    async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        header: Option<(&str, &str)>,
    ) -> (u16, Value) {
        let url = format!("{}/api/v1/{CID}/{path}", self.sandbox.base_url());
        let url = url.trim_end_matches('/').to_owned();
        let method = reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap();
        let mut request = self.http.request(method, url);
        if let Some(body) = body {
            request = request.json(body);
        }
        if let Some((name, value)) = header {
            request = request.header(name, value);
        }
        let answer = request.send().await.unwrap();
        let status = answer.status().as_u16();
        let bytes = answer.bytes().await.unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }
}

/// A person with every field the documented result shows.
fn person() -> IdentificationRequest {
    IdentificationRequest {
        firstname: Some("Armin".into()),
        lastname: Some("Bauer".into()),
        birthday: Some("1982-05-22".into()),
        birthplace: Some("München".into()),
        nationality: Some("DE".into()),
        gender: Some("MALE".into()),
        street: Some("Unertlstr.".into()),
        streetnumber: Some("40".into()),
        city: Some("München".into()),
        zipcode: Some("80469".into()),
        country: Some("DE".into()),
        email: Some("muster@idnow.de".into()),
        mobilephone: Some("+49176102030123".into()),
        custom1: Some("2740332".into()),
        custom2: Some("ABCD".into()),
        ..Default::default()
    }
}

fn merge(mut base: Value, extra: &Value) -> Value {
    for (key, value) in extra.as_object().unwrap() {
        base[key] = value.clone();
    }
    base
}

/// Maps whose keys depend on the data (question keys, attachment names): every value the
/// sandbox sends must have the shape of the documented ones.
const DATA_KEYED: &[&str] = &["questions", "attachments"];

/// Every key the documentation shows is in the sandbox's answer, with a value of the same
/// type (a documented `null` stands for "a value or none"). The sandbox may send more.
fn same_shape(documented: &Value, ours: &Value, path: &str) {
    match (documented, ours) {
        (Value::Null, _) => {}
        (Value::Object(doc), Value::Object(our)) => {
            let keyed_by_data = DATA_KEYED.iter().any(|k| path.ends_with(&format!(".{k}")));
            if keyed_by_data {
                let sample = doc.values().next();
                for (key, value) in our {
                    if let Some(sample) = sample {
                        same_type_family(sample, value, &format!("{path}.{key}"));
                    }
                }
                return;
            }
            for (key, value) in doc {
                let inner = format!("{path}.{key}");
                let found = our.get(key).unwrap_or_else(|| {
                    panic!("{inner}: the sandbox does not send it; ours: {ours}")
                });
                same_shape(value, found, &inner);
            }
        }
        (Value::Array(doc), Value::Array(our)) => {
            if let (Some(d), Some(o)) = (doc.first(), our.first()) {
                same_shape(d, o, &format!("{path}[0]"));
            }
        }
        (d, o) => assert_eq!(
            kind(d),
            kind(o),
            "{path}: documented {d}, the sandbox sends {o}"
        ),
    }
}

/// Values of a data-keyed map: objects with the same keys, or scalars of the same kind;
/// a question's value may be a number, text or a date.
fn same_type_family(documented: &Value, ours: &Value, path: &str) {
    match (documented, ours) {
        (Value::Object(doc), Value::Object(our)) => {
            let mut doc_keys: Vec<_> = doc.keys().collect();
            let mut our_keys: Vec<_> = our.keys().collect();
            doc_keys.sort();
            our_keys.sort();
            assert_eq!(doc_keys, our_keys, "{path}");
        }
        (d, o) => assert_eq!(
            kind(d),
            kind(o),
            "{path}: documented {d}, the sandbox sends {o}"
        ),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A gateway that answers every call with one stored answer (a login with a token) and
/// keeps the last request's body.
struct Replay {
    base: String,
    state: Arc<Mutex<ReplayState>>,
}

#[derive(Default)]
struct ReplayState {
    status: u16,
    body: Vec<u8>,
    last_body: Vec<u8>,
}

impl Replay {
    async fn start() -> Replay {
        let state = Arc::new(Mutex::new(ReplayState::default()));
        let app = axum::Router::new()
            .fallback(answer)
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Replay { base, state }
    }

    fn answer(&self, status: u16, body: &Value) {
        let mut state = self.state.lock().unwrap();
        state.status = status;
        state.body = serde_json::to_vec(body).unwrap();
    }

    fn last_body(&self) -> Vec<u8> {
        self.state.lock().unwrap().last_body.clone()
    }

    fn client(&self) -> Client {
        let url = url::Url::parse(&self.base).unwrap();
        let endpoints = Endpoints {
            gateway: url.clone(),
            go: url.clone(),
            api: url,
        };
        Client::new(endpoints, CID, ApiKey::new("replay-key"))
            .unwrap()
            .with_retry(idnow::RetryPolicy {
                max_attempts: 1,
                base_delay: std::time::Duration::from_millis(1),
                max_delay: std::time::Duration::from_millis(1),
            })
    }
}

async fn answer(
    State(state): State<Arc<Mutex<ReplayState>>>,
    uri: Uri,
    body: Bytes,
) -> (StatusCode, [(&'static str, &'static str); 1], Vec<u8>) {
    let json = [("content-type", "application/json")];
    let mut state = state.lock().unwrap();
    // The login that precedes a token call, unless the login itself is replayed.
    let replaying_login = state.body.starts_with(b"{\"authToken\"");
    if uri.path().ends_with("/login") && !replaying_login && state.status < 400 {
        return (
            StatusCode::OK,
            json,
            br#"{"authToken":"replay-token"}"#.to_vec(),
        );
    }
    state.last_body = body.to_vec();
    (
        StatusCode::from_u16(state.status).unwrap(),
        json,
        state.body.clone(),
    )
}
