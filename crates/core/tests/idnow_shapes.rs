//! Syncs against a gateway scripted with the shapes IDnow really sends: a `?failed=true`
//! list it refuses, an identification that leaves the pending list for no other list, an
//! entry that cannot be read, `customdata.trackingid`, unknown leaf statuses and leaves, and
//! results for an identification whose personal data was purged already.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{TimeDelta, TimeZone, Utc};
use identdesk_core::{
    CancellationToken, Core, CoreOptions, Environment, IdentificationRef, IdentificationRequest,
    ManualClock, NewAccount, NewIdentification, SyncReport,
};
use serde_json::{Value, json};

const COMPANY: &str = "ihrebank";

/// What the scripted gateway answers; changed between syncs.
#[derive(Default)]
struct Script {
    /// By list: "" (default), "pending", "cancelled", "aborted", "failed".
    lists: HashMap<&'static str, Vec<Value>>,
    /// `GET /identifications/{txn}`.
    single: HashMap<String, Value>,
    /// The `?failed=true` list answers this error status (older gateways).
    failed_refused: Option<u16>,
    single_gets: Vec<String>,
}

type Shared = Arc<Mutex<Script>>;

async fn gateway(State(script): State<Shared>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let mut script = script.lock().unwrap();
    if path.ends_with("/login") {
        return axum::Json(json!({"authToken": "scripted"})).into_response();
    }
    if request.method() == Method::POST && path.ends_with("/start") {
        return (StatusCode::CREATED, axum::Json(json!({"id": "TST-ABCDE"}))).into_response();
    }
    if path.ends_with("/identifications") {
        let list = ["pending", "cancelled", "aborted", "failed"]
            .into_iter()
            .find(|flag| query.contains(&format!("{flag}=true")))
            .unwrap_or("");
        if let ("failed", Some(status)) = (list, script.failed_refused) {
            let body = json!({"errors": [{"cause": "BAD_REQUEST", "key": "failed", "message": "unknown parameter"}]});
            return (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response();
        }
        let entries = script.lists.get(list).cloned().unwrap_or_default();
        return axum::Json(json!({"identifications": entries})).into_response();
    }
    let txn = path.rsplit('/').next().unwrap_or_default().to_owned();
    script.single_gets.push(txn.clone());
    match script.single.get(&txn) {
        Some(result) => axum::Json(result.clone()).into_response(),
        None => {
            let body = json!({"errors": [{"cause": "OBJECT_NOT_FOUND"}]});
            (StatusCode::NOT_FOUND, axum::Json(body)).into_response()
        }
    }
}

struct Desk {
    _dir: tempfile::TempDir,
    core: Core,
    clock: Arc<ManualClock>,
    account: String,
    script: Shared,
}

impl Desk {
    async fn start() -> Desk {
        let script: Shared = Arc::default();
        let app = Router::new()
            .fallback(gateway)
            .with_state(Arc::clone(&script));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let dir = tempfile::tempdir().unwrap();
        let start = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
        let clock = Arc::new(ManualClock::new(start));
        let core = Core::open(dir.path(), CoreOptions::for_tests(clock.clone()))
            .await
            .unwrap();
        let account = core
            .accounts()
            .add(NewAccount {
                name: "Bank".into(),
                company_id: COMPANY.into(),
                environment: Environment::WhiteLabel,
                gateway_url: Some(url),
                go_url: None,
                api_url: None,
                api_key: "scripted-key".into(),
            })
            .await
            .unwrap()
            .id;
        Desk {
            _dir: dir,
            core,
            clock,
            account,
            script,
        }
    }

    fn script(&self) -> std::sync::MutexGuard<'_, Script> {
        self.script.lock().unwrap()
    }

    fn ident(&self, txn: &str) -> IdentificationRef {
        IdentificationRef::new(&self.account, txn)
    }

    async fn create(&self, txn: &str) {
        self.core
            .identifications()
            .create_identification(NewIdentification {
                account_id: self.account.clone(),
                transaction_number: Some(txn.into()),
                person: IdentificationRequest {
                    firstname: Some("Anna".into()),
                    lastname: Some("Müller".into()),
                    ..Default::default()
                },
                answers: Vec::new(),
            })
            .await
            .unwrap();
    }

    /// One sync of everything; it must succeed for the account.
    async fn sync(&self) -> SyncReport {
        let summary = self
            .core
            .sync()
            .all(&|_| {}, &CancellationToken::new())
            .await
            .unwrap();
        assert!(summary.failures.is_empty(), "{:?}", summary.failures);
        summary.reports.into_iter().next().unwrap()
    }
}

/// A result as IDnow lists it.
fn result(txn: &str, code: &str, reason: Option<&str>) -> Value {
    json!({
        "identificationprocess": {
            "result": code, "reason": reason, "companyid": COMPANY, "agentname": "HMUELLER",
            "identificationtime": "2026-11-26T10:03:54+01:00", "id": "TST-ABCDE", "type": "WEB",
            "transactionnumber": txn
        },
        "customdata": {"custom1": "4711", "trackingid": "TRK-77"},
        "contactdata": {"email": "anna@example.de"},
        "userdata": {
            "firstname": {"value": "ANNA", "status": "MATCH"},
            "lastname": {"value": "MÜLLER", "status": "MATCH"},
            "identlanguage": {"value": "de", "status": "SOMETHING_NEW"},
            "favouritecolour": {"value": "BLUE", "status": "NEW"}
        },
        "identificationdocument": null,
        "attachments": null,
        "questions": null
    })
}

#[tokio::test]
async fn a_result_that_left_the_lists_is_fetched_alone_and_shown_whole() {
    let desk = Desk::start().await;
    desk.create("left-1").await;
    {
        let mut script = desk.script();
        script.failed_refused = Some(400);
        script
            .lists
            .insert("pending", vec![result("left-1", "REVIEW_PENDING", None)]);
        // An entry no version of the shapes can read: counted, never silently skipped.
        script.lists.insert(
            "",
            vec![json!({"identificationprocess": {"transactionnumber": "odd-1", "result": "SUCCESS"}, "userdata": "not an object"})],
        );
    }
    let first = desk.sync().await;
    assert_eq!(first.undecodable, 1, "{first:?}");
    assert_eq!(first.changes.len(), 1);
    assert_eq!(first.changes[0].result, "REVIEW_PENDING");

    // The review ends in FAILED, which an older gateway lists nowhere.
    {
        let mut script = desk.script();
        script.lists.clear();
        script.single.insert(
            "left-1".into(),
            result("left-1", "FAILED", Some("STALLED_TIMEOUT")),
        );
    }
    let second = desk.sync().await;
    assert_eq!(second.fetched_alone, 1, "{second:?}");
    assert_eq!(desk.script().single_gets, ["left-1"]);
    let detail = desk
        .core
        .identifications()
        .detail(&desk.ident("left-1"))
        .await
        .unwrap();
    assert_eq!(detail.row.result.as_deref(), Some("FAILED"));
    assert_eq!(detail.row.reason.as_deref(), Some("STALLED_TIMEOUT"));
    assert!(detail.row.is_final, "FAILED is final");
    let shown = detail.result.unwrap();
    assert!(
        shown
            .custom
            .iter()
            .any(|p| p.key == "trackingid" && p.value == "TRK-77"),
        "{:?}",
        shown.custom
    );
    let field = |name: &str| shown.person.iter().find(|f| f.name == name).cloned();
    assert_eq!(
        field("identlanguage").unwrap().status.map(|s| s.raw),
        Some("SOMETHING_NEW".to_owned())
    );
    assert_eq!(
        field("favouritecolour").unwrap().value.as_deref(),
        Some("BLUE")
    );

    // Final now: the next sync fetches nothing alone.
    desk.script().single_gets.clear();
    assert_eq!(desk.sync().await.fetched_alone, 0);
    assert!(desk.script().single_gets.is_empty());
}

#[tokio::test]
async fn a_purged_identification_takes_back_no_personal_data() {
    let desk = Desk::start().await;
    desk.create("kept-1").await;
    desk.script()
        .lists
        .insert("", vec![result("kept-1", "SUCCESS", None)]);
    desk.sync().await;
    let kept = desk.ident("kept-1");
    assert!(
        desk.core
            .identifications()
            .detail(&kept)
            .await
            .unwrap()
            .result
            .is_some()
    );

    desk.core
        .accounts()
        .set_retention_days(&desk.account, 1)
        .await
        .unwrap();
    desk.clock.advance(TimeDelta::days(2));
    assert_eq!(
        desk.core
            .retention()
            .purge_expired(false)
            .await
            .unwrap()
            .purged
            .len(),
        1
    );

    // IDnow still lists the result with the person's data; nothing of it comes back.
    desk.sync().await;
    let after = desk.core.identifications().detail(&kept).await.unwrap();
    assert!(after.row.purged);
    assert_eq!((after.row.firstname, after.row.lastname), (None, None));
    assert!(after.result.is_none(), "no result JSON is stored again");

    // A later cancellation updates the codes and the history only.
    {
        let mut script = desk.script();
        script.lists.clear();
        script.lists.insert(
            "cancelled",
            vec![result(
                "kept-1",
                "CANCELED",
                Some("OTHER_MISCELLANEOUS_PERMANENT"),
            )],
        );
    }
    let report = desk.sync().await;
    assert_eq!(report.changes.len(), 1);
    let canceled = desk.core.identifications().detail(&kept).await.unwrap();
    assert_eq!(canceled.row.result.as_deref(), Some("CANCELED"));
    assert_eq!(canceled.history.last().unwrap().result.raw, "CANCELED");
    assert!(canceled.result.is_none());
    assert_eq!(canceled.row.firstname, None);
}
