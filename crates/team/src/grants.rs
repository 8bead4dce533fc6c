//! What the server allows beyond the plan, read from PostgreSQL's catalogs (readable by
//! every role): PUBLIC may not connect, make temporary tables or create in any schema;
//! nobody but the owner holds a privilege on the workspace's tables; each function is
//! executable by exactly the roles the plan names, every SECURITY DEFINER function pins its
//! search_path and every writing one waits at most 3 s for a lock; no login role holds the
//! owner's rights; and every member of the four IdentDesk roles is in the team's registry
//! with that role (a membership granted by hand makes nobody an officer, but it shows).

use std::collections::{BTreeMap, BTreeSet};

use tokio_postgres::{Client, Transaction};

use crate::error::{Result, TeamError};

/// One thing beyond the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantFinding(pub String);

const EVERYONE: &[&str] = &["identdesk_officer", "identdesk_auditor", "identdesk_admin"];
const OFFICERS: &[&str] = &["identdesk_officer"];
const OFFICERS_AND_ADMINS: &[&str] = &["identdesk_officer", "identdesk_admin"];
const ADMINS: &[&str] = &["identdesk_admin"];

/// One function of the workspace as the plan has it: who may execute it, and whether it
/// writes (then it waits at most 3 s for a lock).
pub(crate) struct Function {
    pub name: &'static str,
    pub roles: &'static [&'static str],
    pub writes: bool,
}

impl Function {
    const fn new(name: &'static str, roles: &'static [&'static str]) -> Function {
        Function {
            name,
            roles,
            writes: false,
        }
    }

    const fn writing(self) -> Function {
        Function {
            writes: true,
            ..self
        }
    }
}

/// Every function officers, auditors and administrators may call, declared once: `team
/// init` grants EXECUTE from it ([`grant_plan`]; the migrations define functions, not who
/// calls them), and `team status` holds the server to it ([`findings`]). Internal helpers
/// (`_…`) are nobody's.
pub(crate) const PLAN: &[Function] = &[
    Function::new("trail_holder", EVERYONE),
    Function::new("workspace_id", EVERYONE),
    Function::new("keys", EVERYONE),
    Function::new("register_key", EVERYONE).writing(),
    Function::new("proposal_payload", EVERYONE),
    Function::new("vouch_key", OFFICERS).writing(),
    Function::new("revoke_key", ADMINS).writing(),
    Function::new("result_reports", EVERYONE),
    Function::new("role_members", EVERYONE),
    Function::new("expire_notes", OFFICERS_AND_ADMINS).writing(),
    Function::new("release_trail", ADMINS).writing(),
    Function::new("whoami", EVERYONE),
    Function::new("password_changed", EVERYONE).writing(),
    Function::new("accounts", EVERYONE),
    Function::new("changes_since", EVERYONE),
    Function::new("audit_head", EVERYONE),
    Function::new("audit_entries", EVERYONE),
    Function::new("audit_newest", EVERYONE),
    Function::new("templates", EVERYONE),
    // It folds the overview's deltas into its counts first.
    Function::new("overview_facts", EVERYONE).writing(),
    Function::new("record_action", OFFICERS_AND_ADMINS).writing(),
    Function::new("claim", OFFICERS).writing(),
    Function::new("created", OFFICERS).writing(),
    Function::new("report_results", OFFICERS).writing(),
    Function::new("propose", OFFICERS).writing(),
    Function::new("confirm", OFFICERS).writing(),
    Function::new("save_template", OFFICERS_AND_ADMINS).writing(),
    Function::new("delete_template", OFFICERS_AND_ADMINS).writing(),
    Function::new("register_account", ADMINS).writing(),
    Function::new("register_platform_account", ADMINS).writing(),
    Function::new("set_retention", ADMINS).writing(),
    Function::new("officer_added", ADMINS).writing(),
];

const PINNED_PATH: &str = "search_path=pg_catalog, identdesk, pg_temp";
const BOUNDED_WAIT: &str = "lock_timeout=3s";

/// Grants EXECUTE on every function of the schema exactly as the plan says (and revokes
/// what it does not say), in the migrating transaction, as the schema's owner. A function
/// the plan names that the schema lacks is a mistake in this version: refused.
pub(crate) async fn grant_plan(tx: &Transaction<'_>) -> Result<()> {
    let functions = tx
        .query(
            "SELECT p.oid::regprocedure::text, p.proname FROM pg_proc p
              WHERE p.pronamespace = 'identdesk'::regnamespace ORDER BY 1",
            &[],
        )
        .await
        .map_err(|e| TeamError::from_call(&e))?;
    let defined: BTreeSet<String> = functions.iter().map(|row| row.get(1)).collect();
    if let Some(missing) = PLAN.iter().find(|f| !defined.contains(f.name)) {
        return Err(TeamError::invalid(
            "schema",
            format!(
                "The grants plan names identdesk.{}, which the schema does not define.",
                missing.name
            ),
        ));
    }
    let mut statements = String::new();
    for row in &functions {
        let (signature, name): (String, String) = (row.get(0), row.get(1));
        statements.push_str(&format!(
            "REVOKE ALL ON FUNCTION {signature} FROM PUBLIC, identdesk_officer, identdesk_auditor, identdesk_admin;\n"
        ));
        if let Some(function) = PLAN.iter().find(|f| f.name == name) {
            statements.push_str(&format!(
                "GRANT EXECUTE ON FUNCTION {signature} TO {};\n",
                function.roles.join(", ")
            ));
        }
    }
    tx.batch_execute(&statements)
        .await
        .map_err(|e| TeamError::from_call(&e))
}

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
        let writes = PLAN.iter().any(|f| f.name == name && f.writes);
        if writes && !settings.contains(&BOUNDED_WAIT) {
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
            .find(|f| f.name == name)
            .map(|f| f.roles.iter().map(|s| (*s).to_owned()).collect())
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
