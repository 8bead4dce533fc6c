//! Accounts as the window shows and adds them.

use serde::{Deserialize, Serialize};

/// Where an account lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum Environment {
    DeLive,
    DeTest,
    ChLive,
    WhiteLabel,
    Sandbox,
}

impl From<idnow::Environment> for Environment {
    fn from(environment: idnow::Environment) -> Self {
        match environment {
            idnow::Environment::DeLive => Environment::DeLive,
            idnow::Environment::DeTest => Environment::DeTest,
            idnow::Environment::ChLive => Environment::ChLive,
            idnow::Environment::WhiteLabel => Environment::WhiteLabel,
            idnow::Environment::Sandbox => Environment::Sandbox,
        }
    }
}

impl From<Environment> for idnow::Environment {
    fn from(environment: Environment) -> Self {
        match environment {
            Environment::DeLive => idnow::Environment::DeLive,
            Environment::DeTest => idnow::Environment::DeTest,
            Environment::ChLive => idnow::Environment::ChLive,
            Environment::WhiteLabel => idnow::Environment::WhiteLabel,
            Environment::Sandbox => idnow::Environment::Sandbox,
        }
    }
}

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
            environment: a.environment.into(),
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

/// What the officer types to add an account. No `Debug`: it carries the API key.
#[derive(Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewAccount {
    pub name: String,
    pub company_id: String,
    pub environment: Environment,
    pub gateway_url: Option<String>,
    pub go_url: Option<String>,
    pub api_url: Option<String>,
    pub api_key: String,
}

impl From<NewAccount> for crate::NewAccount {
    fn from(a: NewAccount) -> Self {
        Self {
            name: a.name,
            company_id: a.company_id,
            environment: a.environment.into(),
            gateway_url: a.gateway_url,
            go_url: a.go_url,
            api_url: a.api_url,
            api_key: a.api_key,
        }
    }
}

/// "Test connection": who IDnow says the company is, and the current waiting time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCheck {
    pub company_name: Option<String>,
    pub shortcode: Option<String>,
    /// Seconds, rounded by IDnow (0, 15, 30, 45, 60, 120, …).
    pub estimated_waiting_seconds: Option<f64>,
    /// Who answered: the gateway's scheme, host and port.
    pub answered_by: String,
}

impl From<crate::ConnectionCheck> for ConnectionCheck {
    fn from(c: crate::ConnectionCheck) -> Self {
        Self {
            company_name: c.company_name,
            shortcode: c.shortcode,
            estimated_waiting_seconds: c.estimated_waiting_seconds,
            answered_by: c.answered_by,
        }
    }
}

super::into_ipc_via_from!(crate::Account => Account, crate::ConnectionCheck => ConnectionCheck);
