//! The start-up benchmark's seeding tool: COUNT finished identifications written into a
//! fresh cache through the sync's own store code (indexes, full-text index, history), not
//! through a gateway — a million in about a minute.

use std::path::Path;

use anyhow::Result;
use identdesk_core::{Core, CoreOptions, Environment, NewAccount, SYNC_BATCH};

const FIRST: [&str; 8] = [
    "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hans",
];
const LAST: [&str; 8] = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
];
const RESULTS: [&str; 4] = [
    "SUCCESS",
    "SUCCESS_DATA_CHANGED",
    "FRAUD_SUSPICION_CONFIRMED",
    "REVIEW_PENDING",
];

pub async fn seed(dir: &Path, count: usize) -> Result<serde_json::Value> {
    let started = std::time::Instant::now();
    let core = Core::open(dir, CoreOptions::from_environment()).await?;
    let account = core
        .accounts()
        .add(NewAccount {
            name: "Seeded".into(),
            company_id: "seeded".into(),
            environment: Environment::WhiteLabel,
            gateway_url: Some("http://127.0.0.1:9".into()),
            go_url: None,
            api_url: None,
            api_key: "seeded".into(),
        })
        .await?
        .id;
    let mut stored = 0;
    // As many per transaction as a sync stores, so seeding costs what a sync's storing does.
    let mut batch = Vec::with_capacity(SYNC_BATCH);
    for i in 0..count {
        batch.push(result_json(i));
        if batch.len() == SYNC_BATCH || i + 1 == count {
            stored += core.sync().store_results_for_bench(&account, &batch)?;
            batch.clear();
        }
    }
    Ok(serde_json::json!({
        "identifications": stored,
        "seconds": started.elapsed().as_secs_f64(),
    }))
}

/// A result as IDnow lists it, with names, an address and a document, varied by `i`.
fn result_json(i: usize) -> String {
    let result = RESULTS[i % RESULTS.len()];
    let day = 1 + i % 28;
    serde_json::json!({
        "identificationprocess": {
            "result": result, "companyid": "seeded", "agentname": "AGENT", "type": "WEB",
            "identificationtime": format!("2026-{:02}-{day:02}T10:00:00+01:00", 1 + i % 11),
            "id": format!("SEE-{:05}", i % 100_000), "transactionnumber": format!("seed-{i:08}")
        },
        "customdata": {"custom1": format!("customer-{i}")},
        "contactdata": {"email": format!("person{i}@example.de"), "mobilephone": "+4915112345678"},
        "userdata": {
            "firstname": {"value": FIRST[i % 8].to_uppercase(), "status": "MATCH"},
            "lastname": {"value": LAST[(i / 8) % 8].to_uppercase(), "status": "MATCH"},
            "birthday": {"value": format!("19{:02}-{:02}-{day:02}", 50 + i % 50, 1 + i % 12), "status": "MATCH"},
            "nationality": {"value": "DE", "status": "MATCH"},
            "address": {
                "street": {"value": "HAUPTSTRASSE", "status": "MATCH"},
                "streetnumber": {"value": format!("{}", 1 + i % 200), "status": "MATCH"},
                "zipcode": {"value": format!("{:05}", 10_000 + i % 80_000), "status": "MATCH"},
                "city": {"value": "BERLIN", "status": "MATCH"},
                "country": {"value": "DE", "status": "MATCH"}
            }
        },
        "identificationdocument": {
            "type": {"value": "IDCARD", "status": "NEW"},
            "number": {"value": format!("T{i:08}"), "status": "NEW"},
            "validuntil": {"value": "2033-11-24", "status": "NEW"}
        }
    })
    .to_string()
}
