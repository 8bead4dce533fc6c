//! An account as the window shows it: the core's `Account` plus whether it has test robots
//! (a rule of the account's environment and URLs the window must not restate), so this one
//! is written out. Adding one takes the core's own `NewAccount`.

use idnow::Environment;
use serde::{Deserialize, Serialize};

/// An account. The API key is not here: it never leaves the keychain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    pub name: String,
    pub company_id: String,
    pub environment: Environment,
    /// White-label only: the company API's base URL.
    pub gateway_url: Option<String>,
    /// White-label only: the user front end's base URL (defaults to the gateway's).
    pub go_url: Option<String>,
    /// White-label only: the test robots' base URL (defaults to the gateway's).
    pub api_url: Option<String>,
    /// Personal data is purged this many days after the final result.
    pub retention_days: u32,
    /// …and this many days after creation for an identification that never finished.
    pub unfinished_retention_days: u32,
    pub created_at: String,
    /// Whether the test robots (scenario picker, "start robots") exist for this account.
    pub has_test_robots: bool,
    /// The largest answer the account accepts, in MiB (`None`: the defaults).
    pub answer_limit_mib: Option<u32>,
    /// A key verifies the result XML's signature (a missing or wrong one is refused).
    pub has_signing_key: bool,
}

impl From<crate::Account> for Account {
    fn from(a: crate::Account) -> Self {
        Self {
            has_test_robots: a.has_test_robots(),
            id: a.id,
            name: a.name,
            company_id: a.company_id,
            environment: a.environment,
            gateway_url: a.gateway_url,
            go_url: a.go_url,
            api_url: a.api_url,
            retention_days: a.retention_days,
            unfinished_retention_days: a.unfinished_retention_days,
            created_at: a.created_at,
            answer_limit_mib: a.answer_limit_mib,
            has_signing_key: a.has_signing_key,
        }
    }
}

super::into_ipc_via_from!(crate::Account => Account);
