//! Schema migrations, embedded in the binary and applied in order inside one transaction;
//! `PRAGMA user_version` records how many have run. A step is SQL, or Rust where SQL
//! cannot do the work (hashing the audit chain).

use rusqlite::{Connection, Transaction};

use crate::error::{Error, Result};

enum Step {
    Sql(&'static str),
    Rust(fn(&Transaction<'_>) -> Result<()>),
}

const MIGRATIONS: &[&[Step]] = &[
    &[Step::Sql(include_str!("../../migrations/0001_init.sql"))],
    &[
        Step::Sql(include_str!("../../migrations/0002_back_office.sql")),
        Step::Rust(super::audit_chain::chain_unchained),
    ],
    &[Step::Sql(include_str!(
        "../../migrations/0003_search_by_whole_words_and_status.sql"
    ))],
    &[Step::Sql(include_str!(
        "../../migrations/0004_untrusting_gateways.sql"
    ))],
    &[Step::Sql(include_str!(
        "../../migrations/0005_team_workspace.sql"
    ))],
    &[Step::Sql(include_str!(
        "../../migrations/0006_unfinished_retention.sql"
    ))],
    &[Step::Sql(include_str!(
        "../../migrations/0007_overview.sql"
    ))],
    &[Step::Sql(include_str!(
        "../../migrations/0008_overview_counts.sql"
    ))],
    &[
        Step::Sql(include_str!("../../migrations/0009_packed_results.sql")),
        Step::Rust(super::packed_json::pack_cached_results),
        Step::Sql("DROP TABLE results; ALTER TABLE results_packed RENAME TO results;"),
    ],
    &[Step::Sql(include_str!(
        "../../migrations/0010_team_conflicts.sql"
    ))],
    &[Step::Sql(include_str!(
        "../../migrations/0011_trust_platform.sql"
    ))],
];

/// How many migrations this version knows.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// Whether this cache has exactly this version's schema (nothing for `migrate` to do or
/// refuse).
pub fn up_to_date(conn: &Connection) -> Result<bool> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    Ok(usize::try_from(applied).is_ok_and(|applied| applied == SCHEMA_VERSION))
}

pub fn migrate(conn: &mut Connection) -> Result<()> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let applied = usize::try_from(applied).unwrap_or(usize::MAX);
    if applied > SCHEMA_VERSION {
        return Err(Error::Storage {
            message: format!(
                "The database was written by a newer IdentDesk (schema {applied}, this version knows {SCHEMA_VERSION}). Install the newer version to open it."
            ),
        });
    }
    let tx = conn.transaction()?;
    for (index, steps) in MIGRATIONS.iter().enumerate().skip(applied) {
        for step in *steps {
            match step {
                Step::Sql(sql) => tx.execute_batch(sql)?,
                Step::Rust(run) => run(&tx)?,
            }
        }
        tx.pragma_update(
            None,
            "user_version",
            i64::try_from(index + 1).unwrap_or(i64::MAX),
        )?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_is_a_no_op_and_newer_schemas_are_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert!(migrate(&mut conn).is_ok());
        assert!(migrate(&mut conn).is_ok());
        let version: Option<i64> = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .ok();
        assert_eq!(version, i64::try_from(SCHEMA_VERSION).ok());

        assert!(conn.pragma_update(None, "user_version", 99).is_ok());
        let refused = migrate(&mut conn);
        assert!(refused.is_err_and(|e| e.to_string().contains("newer IdentDesk")));
    }

    /// A cache written before migration 0009 keeps its results, now deflated, and its
    /// overview counts (0008) from the identifications already there.
    #[test]
    fn results_cached_before_0009_are_packed_and_counted() {
        let mut conn = Connection::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        for steps in &MIGRATIONS[..7] {
            for step in *steps {
                match step {
                    Step::Sql(sql) => tx.execute_batch(sql).unwrap(),
                    Step::Rust(run) => run(&tx).unwrap(),
                }
            }
        }
        tx.pragma_update(None, "user_version", 7).unwrap();
        let raw = r#"{"identificationprocess":{"result":"SUCCESS","transactionnumber":"T-1"},"userdata":{"lastname":{"value":"Müller"}}}"#;
        tx.execute_batch(&format!(
            "INSERT INTO accounts (id, name, company_id, environment, created_at) VALUES ('a', 'A', 'c', 'sandbox', '2026-11-16T10:00:00.000Z');
             INSERT INTO identifications (account_id, transaction_number, state, request_json, result, result_final,
                                          identified_at, created_at, updated_at)
             VALUES ('a', 'T-1', 'created', '{{}}', 'SUCCESS', 1, '2026-11-16T11:20:00.000Z',
                     '2026-11-16T11:00:00.000Z', '2026-11-16T11:00:00.000Z');
             INSERT INTO results (account_id, transaction_number, raw_json, fetched_at)
             VALUES ('a', 'T-1', '{raw}', '2026-11-16T11:30:00.000Z');"
        ))
        .unwrap();
        tx.commit().unwrap();

        migrate(&mut conn).unwrap();
        let packed: Vec<u8> = conn
            .query_row("SELECT raw_json_deflated FROM results", [], |r| r.get(0))
            .unwrap();
        assert_eq!(super::super::packed_json::unpack(&packed).unwrap(), raw);
        let counted: (String, i64) = conn
            .query_row("SELECT slot, minutes FROM overview_durations", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(counted, ("2026-11-16T11:15:00.000Z".to_owned(), 20));

        // Counts that reach zero leave no rows behind.
        conn.execute_batch("DELETE FROM identifications").unwrap();
        let left: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM overview_created) + (SELECT count(*) FROM overview_results)
                      + (SELECT count(*) FROM overview_durations)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
    }
}
