//! Seeding many finished identifications at once, for benchmarks and for training lists
//! that look like a busy month.

use chrono::TimeDelta;
use idnow::{IdentificationRequest, ResultCode};

use crate::identification::StoredIdentification;
use crate::state::SandboxState;

const FIRST: [&str; 12] = [
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Elif",
    "Felix",
    "Greta",
    "Hannes",
    "Ida",
    "Jonas",
    "Katarzyna",
    "Luca",
];
const LAST: [&str; 12] = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Nowak",
    "Rossi",
];

/// Adds `count` identifications with results spread like a real month; returns how many.
pub fn seed(state: &SandboxState, count: usize) -> usize {
    let now = state.now();
    let mut data = state.data();
    data.identifications.reserve(count);
    for i in 0..count {
        let txn = format!("seed-{}", uuid::Uuid::new_v4().simple());
        let request = IdentificationRequest {
            firstname: Some(FIRST[i % FIRST.len()].to_owned()),
            lastname: Some(LAST[(i / FIRST.len()) % LAST.len()].to_owned()),
            birthday: Some(format!(
                "19{:02}-{:02}-{:02}",
                50 + i % 50,
                1 + i % 12,
                1 + i % 28
            )),
            email: Some(format!("person{i}@example.de")),
            nationality: Some("DE".to_owned()),
            ..IdentificationRequest::default()
        };
        let created = now - TimeDelta::minutes((i as i64 * 7) % (60 * 24 * 60));
        let mut stored =
            StoredIdentification::new(txn.clone(), state.new_ident_id(), request, created);
        let (result, reason) = match i % 100 {
            0..70 => (ResultCode::Success, None),
            70..80 => (ResultCode::SuccessDataChanged, None),
            80..88 => (ResultCode::ReviewPending, None),
            88..93 => (ResultCode::Aborted, Some("USER_CANCELLATION")),
            93..97 => (ResultCode::Canceled, Some("OTHER_MISCELLANEOUS_PERMANENT")),
            _ => (ResultCode::FraudSuspicionConfirmed, None),
        };
        if result == ResultCode::SuccessDataChanged {
            stored
                .changes
                .insert("lastname", "MÜLLER-LÜDENSCHEIDT".to_owned());
        }
        stored.push_stage(
            result,
            reason.map(str::to_owned),
            created + TimeDelta::minutes(5),
        );
        data.identifications.insert(txn, stored);
    }
    count
}
