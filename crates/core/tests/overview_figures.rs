//! The overview's figures on one fixed data set with known answers, from the local cache
//! and from the team database (a real PostgreSQL server): per-day outcomes, rates beside
//! the period before, time to a final result, what is waiting, top reasons, eSign — and
//! the list filters a chart's part opens.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test crate: a failed unwrap is the test failing"
)]

mod support;
mod team;

use chrono::NaiveDate;
use identdesk_core::{
    Core, FigureSource, ListQuery, Outcome, Overview, OverviewQuery, Period, WaitingAge,
};
use identdesk_team::OfficerRole::Officer;
use support::bench;
use team::Team;

/// (transaction number, created, result, reason, identification time).
type Fixed = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

/// "Now" is 2026-11-26T09:00Z (a Thursday); the period asked about is 16–22 November.
const DATA_SET: &[Fixed] = &[
    (
        "T1",
        "2026-11-16T10:00:00.000Z",
        Some("SUCCESS"),
        None,
        Some("2026-11-16T11:00:00Z"),
    ),
    (
        "T2",
        "2026-11-16T12:00:00.000Z",
        Some("SUCCESS_DATA_CHANGED"),
        None,
        Some("2026-11-16T15:00:00Z"),
    ),
    (
        "T3",
        "2026-11-17T10:00:00.000Z",
        Some("FRAUD_SUSPICION_CONFIRMED"),
        None,
        Some("2026-11-18T10:00:00Z"),
    ),
    (
        "T4",
        "2026-11-17T11:00:00.000Z",
        Some("CANCELED"),
        Some("USER_CANCELLATION"),
        Some("2026-11-17T11:30:00Z"),
    ),
    (
        "T5",
        "2026-11-18T10:00:00.000Z",
        Some("ABORTED"),
        Some("TECH_TIMEOUT"),
        Some("2026-11-18T10:10:00Z"),
    ),
    (
        "T6",
        "2026-11-18T10:00:00.000Z",
        Some("FAILED"),
        Some("STALLED_TIMEOUT"),
        Some("2026-11-19T10:00:00Z"),
    ),
    (
        "T7",
        "2026-11-19T10:00:00.000Z",
        Some("REVIEW_PENDING"),
        None,
        Some("2026-11-19T10:20:00Z"),
    ),
    ("T8", "2026-11-20T10:00:00.000Z", None, None, None),
    // Created in the period, its result after it: canceled on the day chart, not in the rates.
    (
        "T9",
        "2026-11-20T10:00:00.000Z",
        Some("CANCELED"),
        Some("USER_CANCELLATION"),
        Some("2026-11-24T10:00:00Z"),
    ),
    // Created before the period, its result in it: in the rates, not on the day chart.
    (
        "T10",
        "2026-11-12T10:00:00.000Z",
        Some("SUCCESS"),
        None,
        Some("2026-11-16T09:00:00Z"),
    ),
    (
        "T11",
        "2026-11-10T10:00:00.000Z",
        Some("SUCCESS"),
        None,
        Some("2026-11-10T12:00:00Z"),
    ),
    (
        "T12",
        "2026-11-11T10:00:00.000Z",
        Some("FRAUD_SUSPICION_CONFIRMED"),
        None,
        Some("2026-11-11T12:00:00Z"),
    ),
    ("T13", "2026-11-26T08:00:00.000Z", None, None, None),
    (
        "T14",
        "2026-11-25T08:00:00.000Z",
        Some("FRAUD_SUSPICION_PENDING"),
        None,
        Some("2026-11-25T08:30:00Z"),
    ),
    ("T15", "2026-11-01T10:00:00.000Z", None, None, None),
    // A code this version does not know: shown as "other", neither final nor waiting.
    (
        "T16",
        "2026-11-21T10:00:00.000Z",
        Some("SOMETHING_NEW"),
        None,
        Some("2026-11-21T11:00:00Z"),
    ),
];

fn sql_text(value: Option<&str>) -> String {
    value.map_or("NULL".into(), |v| format!("'{v}'"))
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn period() -> OverviewQuery {
    OverviewQuery {
        account_id: None,
        period: Period::Days {
            from: day("2026-11-16"),
            to: day("2026-11-22"),
        },
    }
}

/// The data set's codes and times in a local cache, and three eSign documents.
fn seed_cache(core: &Core, account: &str) {
    seed_rows(core, account, DATA_SET);
    seed_cache_esign_only(core, account);
}

fn seed_rows(core: &Core, account: &str, rows: &[Fixed]) {
    let mut sql = String::new();
    for (txn, created, result, reason, identified) in rows {
        let final_flag = i32::from(matches!(
            *result,
            Some(
                "SUCCESS"
                    | "SUCCESS_DATA_CHANGED"
                    | "FRAUD_SUSPICION_CONFIRMED"
                    | "CANCELED"
                    | "FAILED"
            )
        ));
        sql.push_str(&format!(
            "INSERT INTO identifications (account_id, transaction_number, state, request_json, result, reason,
                                          result_final, result_at, identified_at, created_at, updated_at)
             VALUES ('{account}', '{txn}', 'created', '{{}}', {}, {}, {final_flag}, {}, strftime('%Y-%m-%dT%H:%M:%fZ', {}),
                     '{created}', '{created}');\n",
            sql_text(*result),
            sql_text(*reason),
            sql_text(*identified),
            sql_text(*identified),
        ));
    }
    core.audit().tamper_for_tests(&sql).unwrap();
}

/// Everything the data set says, for the period 16–22 November.
fn assert_known_answers(overview: &Overview) {
    assert_eq!(
        (overview.from, overview.to),
        (day("2026-11-16"), day("2026-11-22"))
    );
    assert_eq!(
        (overview.previous_from, overview.previous_to),
        (day("2026-11-09"), day("2026-11-15"))
    );
    let per_day: Vec<(String, Vec<(Outcome, u64)>)> = overview
        .days
        .iter()
        .map(|d| {
            let counts = Outcome::ALL
                .iter()
                .map(|o| (*o, d.counts.get(*o)))
                .filter(|(_, n)| *n > 0)
                .collect();
            (d.day.to_string(), counts)
        })
        .collect();
    use Outcome::*;
    assert_eq!(
        per_day,
        vec![
            (
                "2026-11-16".into(),
                vec![(Success, 1), (SuccessDataChanged, 1)]
            ),
            ("2026-11-17".into(), vec![(Fraud, 1), (Canceled, 1)]),
            ("2026-11-18".into(), vec![(Aborted, 1), (Failed, 1)]),
            ("2026-11-19".into(), vec![(ReviewPending, 1)]),
            ("2026-11-20".into(), vec![(Canceled, 1), (Open, 1)]),
            ("2026-11-21".into(), vec![(Other, 1)]),
            ("2026-11-22".into(), vec![]),
        ]
    );
    // T1, T2, T3, T4, T5, T6 and T10 ended in the period; T7 waits for review; T16 is unknown.
    let current = overview.current;
    assert_eq!(
        (
            current.final_results,
            current.passed,
            current.fraud,
            current.canceled
        ),
        (7, 3, 1, 1)
    );
    assert_eq!(current.rate(current.passed), Some(3.0 / 7.0));
    let previous = overview.previous;
    assert_eq!(
        (
            previous.final_results,
            previous.passed,
            previous.fraud,
            previous.canceled
        ),
        (2, 1, 1, 0)
    );
    // 600, 1800, 3600, 10800, 86400, 86400, 342000 seconds: nearest-rank median and p90.
    assert_eq!(overview.time_to_final.len(), 1);
    let week = &overview.time_to_final[0];
    assert_eq!(
        (week.week, week.count, week.median_seconds, week.p90_seconds),
        (day("2026-11-16"), 7, 10_800, 342_000)
    );
    // T13 (an hour old); T14, T7, T8 (under a week); T15 (older).
    let waiting = overview.waiting;
    assert_eq!(
        (waiting.under_a_day, waiting.under_a_week, waiting.older),
        (1, 3, 1)
    );
    let reasons: Vec<(Outcome, Option<&str>, u64)> = overview
        .reasons
        .iter()
        .map(|r| (r.outcome, r.reason.as_deref(), r.count))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (Canceled, Some("USER_CANCELLATION"), 1),
            (Aborted, Some("TECH_TIMEOUT"), 1),
            (Failed, Some("STALLED_TIMEOUT"), 1),
        ]
    );
    assert_eq!(
        (
            overview.esign.uploaded,
            overview.esign.signed,
            overview.esign.waiting
        ),
        (2, 1, 1)
    );
}

#[tokio::test]
async fn the_cache_answers_the_fixed_data_set() {
    let b = bench().await;
    seed_cache(&b.core, &b.account);
    let overview = b.core.overview().figures(&period()).await.unwrap();
    assert_eq!(overview.source, FigureSource::Local);
    assert_known_answers(&overview);

    // One account: the same here; an account with nothing: empty figures, no rates.
    let mine = b
        .core
        .overview()
        .figures(&OverviewQuery {
            account_id: Some(b.account.clone()),
            ..period()
        })
        .await
        .unwrap();
    assert_known_answers(&mine);
    let other = b
        .core
        .accounts()
        .add(identdesk_core::NewAccount {
            name: "Other".into(),
            company_id: "other".into(),
            environment: identdesk_core::Environment::WhiteLabel,
            gateway_url: Some(b.sandbox.base_url()),
            go_url: None,
            api_url: None,
            api_key: "other-key".into(),
        })
        .await
        .unwrap()
        .id;
    let empty = b
        .core
        .overview()
        .figures(&OverviewQuery {
            account_id: Some(other),
            ..period()
        })
        .await
        .unwrap();
    assert_eq!(empty.current.final_results, 0);
    assert_eq!(empty.current.rate(0), None);
    assert!(empty.days.iter().all(|d| d.counts.total() == 0));
}

#[tokio::test]
async fn a_chart_part_opens_the_list_with_its_filter() {
    let b = bench().await;
    seed_cache(&b.core, &b.account);
    let numbers = |query: ListQuery| {
        let core = &b.core;
        async move {
            let mut txns: Vec<String> = core
                .identifications()
                .list(&query)
                .await
                .unwrap()
                .rows
                .into_iter()
                .map(|r| r.transaction_number)
                .collect();
            txns.sort();
            txns
        }
    };
    // The canceled part of 20 November's bar.
    let canceled = numbers(ListQuery {
        outcome: Some(Outcome::Canceled),
        from: Some("2026-11-20".into()),
        to: Some("2026-11-20".into()),
        ..ListQuery::default()
    })
    .await;
    assert_eq!(canceled, ["T9"]);
    // Review pending holds both pending reviews.
    let review = numbers(ListQuery {
        outcome: Some(Outcome::ReviewPending),
        ..ListQuery::default()
    })
    .await;
    assert_eq!(review, ["T14", "T7"]);
    // The waiting bars.
    for (age, expected) in [
        (WaitingAge::UnderADay, vec!["T13"]),
        (WaitingAge::UnderAWeek, vec!["T14", "T7", "T8"]),
        (WaitingAge::Older, vec!["T15"]),
    ] {
        let found = numbers(ListQuery {
            waiting_age: Some(age),
            ..ListQuery::default()
        })
        .await;
        assert_eq!(found, expected, "{age:?}");
    }
    // A reason's bar.
    let reason = numbers(ListQuery {
        outcome: Some(Outcome::Canceled),
        reason: Some("USER_CANCELLATION".into()),
        ..ListQuery::default()
    })
    .await;
    assert_eq!(reason, ["T4", "T9"]);
    let unknown = numbers(ListQuery {
        outcome: Some(Outcome::Other),
        ..ListQuery::default()
    })
    .await;
    assert_eq!(unknown, ["T16"]);
}

#[tokio::test]
async fn a_period_that_ends_before_it_starts_is_refused_by_field() {
    let b = bench().await;
    let err = b
        .core
        .overview()
        .figures(&OverviewQuery {
            account_id: None,
            period: Period::Days {
                from: day("2026-11-22"),
                to: day("2026-11-16"),
            },
        })
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("to"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_team_database_answers_the_same_fixed_data_set() {
    let Some(team) = Team::start(&[("alice", Officer)]).await else {
        return;
    };
    let alice = team.officer("alice").await;
    let account = team
        .server
        .admin_value("SELECT id FROM identdesk.accounts WHERE name = 'Bank'")
        .unwrap();
    let mut sql = String::new();
    for (txn, created, result, reason, identified) in DATA_SET {
        sql.push_str(&format!(
            "INSERT INTO identdesk.identifications (account_id, txn_key, transaction_number, created_at,
                                                    result, reason, identified_at, result_final)
             VALUES ('{account}', lower('{txn}'), '{txn}', '{created}', {}, {}, {}, {});\n",
            sql_text(*result),
            sql_text(*reason),
            sql_text(*identified),
            result.is_some(),
        ));
    }
    team.server.admin_value(&sql).unwrap();
    // The team's eSign state does not exist: eSign figures come from this computer.
    seed_cache_esign_only(&alice.core, &alice.account);

    let overview = alice.core.overview().figures(&period()).await.unwrap();
    assert_eq!(overview.source, FigureSource::Team);
    assert_known_answers(&overview);
    let one = alice
        .core
        .overview()
        .figures(&OverviewQuery {
            account_id: Some(alice.account.clone()),
            ..period()
        })
        .await
        .unwrap();
    assert_known_answers(&one);

    // The server away: this computer's cache, said so.
    team.server.stop().unwrap();
    let offline = alice.core.overview().figures(&period()).await.unwrap();
    assert_eq!(offline.source, FigureSource::LocalTeamUnreachable);
}

fn seed_cache_esign_only(core: &Core, account: &str) {
    let mut sql = String::new();
    for (txn, status, uploaded) in [
        ("T1", "SIGNED", "2026-11-17T09:00:00.000Z"),
        ("T2", "UPLOADED", "2026-11-18T09:00:00.000Z"),
        ("T3", "SIGNED", "2026-11-05T09:00:00.000Z"),
    ] {
        sql.push_str(&format!(
            "INSERT INTO esign_documents (account_id, transaction_number, identifier, file_name, sha256, status,
                                          size_bytes, uploaded_at)
             VALUES ('{account}', '{txn}', 'contract', 'contract.pdf', 'x', '{status}', 1, '{uploaded}');\n"
        ));
    }
    core.audit().tamper_for_tests(&sql).unwrap();
}

#[tokio::test]
async fn figures_export_as_csv_and_charts_as_png_owner_only() {
    let b = bench().await;
    seed_cache(&b.core, &b.account);
    let csv_path = b.dir.path().join("overview.csv");
    let rows = b
        .core
        .overview()
        .export_csv(&period(), &csv_path)
        .await
        .unwrap();
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert_eq!(text.lines().count(), rows + 1);
    assert!(text.starts_with("figure,when,item,value\n"), "{text}");
    assert!(
        text.contains("rates,2026-11-16 – 2026-11-22,pass_rate,0.4286"),
        "{text}"
    );
    assert!(
        text.contains("created_per_day,2026-11-20,canceled,1"),
        "{text}"
    );
    assert!(
        text.contains("top_reasons,aborted,TECH_TIMEOUT,1"),
        "{text}"
    );
    assert!(text.contains("waiting_now,,under_a_week,3"), "{text}");

    let png_path = b.dir.path().join("chart.png");
    let not_png = b
        .core
        .overview()
        .export_chart(b"<svg onload=alert(1)>", &png_path)
        .await
        .unwrap_err();
    assert_eq!(not_png.field(), Some("png"));
    assert!(!png_path.exists(), "nothing is written for a refused image");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    b.core
        .overview()
        .export_chart(png, &png_path)
        .await
        .unwrap();
    assert_eq!(std::fs::read(&png_path).unwrap(), png);
    #[cfg(unix)]
    for path in [&csv_path, &png_path] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{path:?}");
    }
    let actions: Vec<String> = b
        .core
        .audit()
        .log(10, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"export.overview".to_owned()),
        "{actions:?}"
    );
    assert!(actions.contains(&"export.chart".to_owned()), "{actions:?}");
}

#[tokio::test]
async fn a_result_synced_from_the_gateway_counts_on_its_identification_time() {
    let b = bench().await;
    b.create("Müller", Some("CHANGEALL")).await;
    b.advance_idnow(31);
    b.sync().await;
    b.advance_idnow(121);
    b.sync().await;
    let overview = b
        .core
        .overview()
        .figures(&OverviewQuery {
            account_id: None,
            period: Period::ThisWeek,
        })
        .await
        .unwrap();
    assert_eq!(
        (overview.current.final_results, overview.current.passed),
        (1, 1)
    );
    assert_eq!(overview.time_to_final.len(), 1);
    let week = &overview.time_to_final[0];
    assert_eq!(week.week, day("2026-11-23"), "the Monday of 26 November");
    // Counted to the whole minute: the robots took 152 s here.
    assert_eq!(
        (week.count, week.median_seconds, week.p90_seconds),
        (1, 180, 180),
        "{week:?}"
    );
    let today = overview.days.last().unwrap();
    assert_eq!(today.counts.get(Outcome::SuccessDataChanged), 1);
}

/// The overview's counts are kept as identifications change (migration 0008's triggers): a
/// cache whose rows were changed and deleted answers as one written with the end state.
#[tokio::test]
async fn counts_follow_changed_and_deleted_identifications() {
    let changed = bench().await;
    seed_cache(&changed.core, &changed.account);
    let before = changed.core.overview().figures(&period()).await.unwrap();
    changed.core.audit().tamper_for_tests(
        "UPDATE identifications SET result = 'FAILED', reason = 'TECH_TIMEOUT', result_final = 1,
                identified_at = '2026-11-20T10:07:00.000Z' WHERE transaction_number = 'T1';
         UPDATE identifications SET created_at = '2026-11-19T10:44:59.999Z' WHERE transaction_number = 'T3';
         UPDATE identifications SET result = 'SUCCESS', identified_at = '2026-11-21T12:00:00.000Z'
          WHERE transaction_number = 'T8';
         DELETE FROM identifications WHERE transaction_number IN ('T2', 'T6');",
    ).unwrap();
    let after = changed.core.overview().figures(&period()).await.unwrap();

    let mut end_state: Vec<Fixed> = DATA_SET
        .iter()
        .filter(|row| !matches!(row.0, "T2" | "T6"))
        .copied()
        .collect();
    for row in &mut end_state {
        match row.0 {
            "T1" => {
                (row.2, row.3, row.4) = (
                    Some("FAILED"),
                    Some("TECH_TIMEOUT"),
                    Some("2026-11-20T10:07:00Z"),
                );
            }
            "T3" => row.1 = "2026-11-19T10:44:59.999Z",
            "T8" => (row.2, row.4) = (Some("SUCCESS"), Some("2026-11-21T12:00:00Z")),
            _ => {}
        }
    }
    let written = bench().await;
    seed_rows(&written.core, &written.account, &end_state);
    seed_cache_esign_only(&written.core, &written.account);
    let expected = written.core.overview().figures(&period()).await.unwrap();

    assert_ne!(after, before, "the changes must show");
    // The list's totals are kept by the same triggers: two of the 16 are gone.
    for account_id in [None, Some(changed.account.clone())] {
        let page = changed
            .core
            .identifications()
            .list(&ListQuery {
                account_id,
                ..ListQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(page.total, 14);
    }
    let nobody = changed
        .core
        .identifications()
        .list(&ListQuery {
            account_id: Some("no-such-account".into()),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(nobody.total, 0);
    assert_eq!(after.days, expected.days);
    assert_eq!(
        (after.current, after.previous),
        (expected.current, expected.previous)
    );
    assert_eq!(after.time_to_final, expected.time_to_final);
    assert_eq!(after.waiting, expected.waiting);
    assert_eq!(after.reasons, expected.reasons);
}

/// What is waiting is counted per quarter hour, except where "a day ago" or "a week ago"
/// falls inside one: there each identification is placed by its own creation time.
#[tokio::test]
async fn an_age_limit_inside_a_quarter_hour_is_counted_exactly() {
    let b = bench().await;
    // Now 2026-11-26T09:07:30Z: a day ago and a week ago are inside the 09:00 quarter hours.
    b.clock.advance(chrono::TimeDelta::seconds(7 * 60 + 30));
    seed_rows(
        &b.core,
        &b.account,
        &[
            ("W1", "2026-11-25T09:05:00.000Z", None, None, None),
            ("W2", "2026-11-25T09:10:00.000Z", None, None, None),
            (
                "W3",
                "2026-11-19T09:01:00.000Z",
                Some("REVIEW_PENDING"),
                None,
                None,
            ),
            ("W4", "2026-11-19T09:14:59.999Z", None, None, None),
            (
                "W5",
                "2026-11-25T09:00:00.000Z",
                Some("SUCCESS"),
                None,
                None,
            ),
        ],
    );
    let overview = b.core.overview().figures(&period()).await.unwrap();
    assert_eq!(
        (
            overview.waiting.under_a_day,
            overview.waiting.under_a_week,
            overview.waiting.older
        ),
        (1, 2, 1),
        "W2 under a day; W1 and W4 under a week; W3 older; W5 is final"
    );
}
