//! What the server allows beyond the plan, read from PostgreSQL's catalogs (readable by
//! every role): PUBLIC may not connect, make temporary tables or create in any schema;
//! nobody but the owner holds a privilege on the workspace's tables; each function is
//! executable by exactly the roles the plan names, every SECURITY DEFINER function pins its
//! search_path and every writing one waits at most 3 s for a lock; no login role holds the
//! owner's rights; and every member of the four IdentDesk roles is in the team's registry
//! with that role (a membership granted by hand makes nobody an officer, but it shows).

use std::collections::{BTreeMap, BTreeSet};

use tokio_postgres::Client;

use crate::error::{Result, TeamError};

/// One thing beyond the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantFinding(pub String);

const EVERYONE: &[&str] = &["identdesk_officer", "identdesk_auditor", "identdesk_admin"];
const OFFICERS: &[&str] = &["identdesk_officer"];
const OFFICERS_AND_ADMINS: &[&str] = &["identdesk_officer", "identdesk_admin"];
const ADMINS: &[&str] = &["identdesk_admin"];

/// Who may execute each function; internal helpers (`_…`) nobody.
const PLAN: &[(&str, &[&str])] = &[
    ("trail_holder", EVERYONE),
    ("workspace_id", EVERYONE),
    ("keys", EVERYONE),
    ("register_key", EVERYONE),
    ("proposal_payload", EVERYONE),
    ("vouch_key", OFFICERS),
    ("revoke_key", ADMINS),
    ("result_reports", EVERYONE),
    ("role_members", EVERYONE),
    ("expire_notes", OFFICERS_AND_ADMINS),
    ("release_trail", ADMINS),
    ("whoami", EVERYONE),
    ("password_changed", EVERYONE),
    ("accounts", EVERYONE),
    ("changes_since", EVERYONE),
    ("audit_head", EVERYONE),
    ("audit_entries", EVERYONE),
    ("audit_newest", EVERYONE),
    ("templates", EVERYONE),
    ("overview_facts", EVERYONE),
    ("record_action", OFFICERS_AND_ADMINS),
    ("claim", OFFICERS),
    ("created", OFFICERS),
    ("report_results", OFFICERS),
    ("propose", OFFICERS),
    ("confirm", OFFICERS),
    ("save_template", OFFICERS_AND_ADMINS),
    ("delete_template", OFFICERS_AND_ADMINS),
    ("register_account", ADMINS),
    ("set_retention", ADMINS),
    ("officer_added", ADMINS),
];

const PINNED_PATH: &str = "search_path=pg_catalog, identdesk, pg_temp";
const BOUNDED_WAIT: &str = "lock_timeout=3s";

/// The functions that write: each waits at most 3 s for a lock.
const WRITERS: &[&str] = &[
    "password_changed",
    "claim",
    "created",
    "report_results",
    "propose",
    "confirm",
    "record_action",
    "save_template",
    "delete_template",
    "register_account",
    "set_retention",
    "officer_added",
    "expire_notes",
    "release_trail",
    "register_key",
    "vouch_key",
    "revoke_key",
];

pub(crate) async fn findings(client: &Client) -> Result<Vec<GrantFinding>> {
    let query = |sql: &'static str| async move {
        client
            .query(sql, &[])
            .await
            .map_err(|e| TeamError::from_call(&e))
    };
    let mut found = Vec::new();
    let database = query(
        "SELECT has_database_privilege('public', current_database(), 'CONNECT'),
                has_database_privilege('public', current_database(), 'TEMPORARY')",
    )
    .await?;
    if let Some(row) = database.first() {
        if row.get::<_, bool>(0) {
            found.push(GrantFinding("PUBLIC may connect to the database".into()));
        }
        if row.get::<_, bool>(1) {
            found.push(GrantFinding("PUBLIC may create temporary tables".into()));
        }
    }
    for row in query(
        "SELECT nspname FROM pg_namespace
          WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
            AND has_schema_privilege('public', oid, 'CREATE') ORDER BY 1",
    )
    .await?
    {
        found.push(GrantFinding(format!(
            "PUBLIC may create objects in schema {}",
            row.get::<_, String>(0)
        )));
    }
    for row in query(
        "SELECT c.relname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END, a.privilege_type
           FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
          WHERE c.relnamespace = 'identdesk'::regnamespace AND a.grantee <> c.relowner
          ORDER BY 1, 2, 3",
    )
    .await?
    {
        found.push(GrantFinding(format!(
            "{} holds {} on identdesk.{}",
            row.get::<_, String>(1),
            row.get::<_, String>(2),
            row.get::<_, String>(0)
        )));
    }
    let mut granted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in query(
        "SELECT p.proname, p.prosecdef, coalesce(array_to_string(p.proconfig, ','), ''),
                CASE WHEN p.proacl IS NULL THEN ARRAY['PUBLIC']
                     ELSE ARRAY(SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END
                                  FROM aclexplode(p.proacl) a
                                 WHERE a.grantee <> p.proowner AND a.privilege_type = 'EXECUTE') END
           FROM pg_proc p WHERE p.pronamespace = 'identdesk'::regnamespace ORDER BY 1",
    )
    .await?
    {
        let name: String = row.get(0);
        let config: String = row.get(2);
        let settings: Vec<&str> = config.split(',').map(str::trim).collect();
        if row.get::<_, bool>(1) && !config.contains(PINNED_PATH) {
            found.push(GrantFinding(format!(
                "identdesk.{name} runs as its owner without the pinned search_path"
            )));
        }
        if WRITERS.contains(&name.as_str()) && !settings.contains(&BOUNDED_WAIT) {
            found.push(GrantFinding(format!(
                "identdesk.{name} writes without a bounded wait for locks ({BOUNDED_WAIT})"
            )));
        }
        granted
            .entry(name)
            .or_default()
            .extend(row.get::<_, Vec<String>>(3));
    }
    for (name, roles) in &granted {
        let planned: BTreeSet<String> = PLAN
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.iter().map(|s| (*s).to_owned()).collect())
            .unwrap_or_default();
        for extra in roles.difference(&planned) {
            found.push(GrantFinding(format!(
                "{extra} may execute identdesk.{name}"
            )));
        }
        for missing in planned.difference(roles) {
            found.push(GrantFinding(format!(
                "{missing} may not execute identdesk.{name} (the plan says it may)"
            )));
        }
    }
    for row in query(
        "SELECT r.rolname, r.rolsuper FROM pg_roles r
          WHERE r.rolcanlogin AND pg_has_role(r.oid, 'identdesk_owner', 'USAGE') AND NOT r.rolsuper
          ORDER BY 1",
    )
    .await?
    {
        found.push(GrantFinding(format!(
            "{} holds the owner's rights (identdesk_owner): it can rewrite every table; only the signatures would show it",
            row.get::<_, String>(0)
        )));
    }
    // Who is a member of an IdentDesk role without being in the registry with it (granted
    // by hand, or inherited): EXECUTE only, no role in the team, but worth knowing.
    for row in query("SELECT * FROM identdesk.role_members()").await? {
        let (group, member, registered): (String, String, Option<String>) =
            (row.get(0), row.get(1), row.get(2));
        let planned = format!("identdesk_{}", registered.as_deref().unwrap_or_default());
        if planned != group && !row.get::<_, bool>(3) {
            found.push(GrantFinding(format!(
                "{member} is a member of {group} but {} (not made by add-officer): it may call the functions, and the server refuses it",
                registered.map_or("not in the team's registry".to_owned(), |r| format!("the registry has it as {r}"))
            )));
        }
    }
    Ok(found)
}
