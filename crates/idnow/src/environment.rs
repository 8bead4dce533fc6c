//! IDnow's environments and the three base URLs each one has (gateway, user front end,
//! test robots).

use serde::{Deserialize, Serialize};
use url::Url;

/// Where an account lives. White-label and sandbox accounts carry their own URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Environment {
    DeLive,
    DeTest,
    ChLive,
    WhiteLabel,
    Sandbox,
}

impl Environment {
    pub const ALL: [Environment; 5] = [
        Environment::DeLive,
        Environment::DeTest,
        Environment::ChLive,
        Environment::WhiteLabel,
        Environment::Sandbox,
    ];

    /// The stable text used in the database, the CLI and IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::DeLive => "de-live",
            Environment::DeTest => "de-test",
            Environment::ChLive => "ch-live",
            Environment::WhiteLabel => "white-label",
            Environment::Sandbox => "sandbox",
        }
    }

    pub fn parse(text: &str) -> Option<Environment> {
        Environment::ALL.into_iter().find(|e| e.as_str() == text)
    }

    /// IDnow's published hosts; `None` for white-label and sandbox, whose URLs are given.
    pub fn published_endpoints(self) -> Option<Endpoints> {
        let (gateway, go, api) = match self {
            Environment::DeLive => (
                "https://gateway.idnow.de",
                "https://go.idnow.de",
                "https://gateway.idnow.de",
            ),
            Environment::DeTest => (
                "https://gateway.test.idnow.de",
                "https://go.test.idnow.de",
                "https://api.test.idnow.de",
            ),
            Environment::ChLive => (
                "https://gateway.online-ident.ch",
                "https://go.online-ident.ch",
                "https://gateway.online-ident.ch",
            ),
            Environment::WhiteLabel | Environment::Sandbox => return None,
        };
        Some(Endpoints {
            gateway: Url::parse(gateway).ok()?,
            go: Url::parse(go).ok()?,
            api: Url::parse(api).ok()?,
        })
    }

    /// Whether the test robots (`X-AUTOTEST-…` markers) are available here.
    pub fn has_test_robots(self) -> bool {
        matches!(self, Environment::DeTest | Environment::Sandbox)
    }
}

/// The base URLs of one environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The company API: `…/api/v1/{companyid}/…`.
    pub gateway: Url,
    /// The user's front end, for links.
    pub go: Url,
    /// The test robots' host (`start`, `requestVideoChat`).
    pub api: Url,
}

impl Endpoints {
    /// One host serving all three roles, as the sandbox and many white-label setups do.
    pub fn single(base: Url) -> Endpoints {
        Endpoints {
            gateway: base.clone(),
            go: base.clone(),
            api: base,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_text_round_trips() {
        for env in Environment::ALL {
            assert_eq!(Environment::parse(env.as_str()), Some(env));
        }
        assert_eq!(Environment::parse("DE-LIVE"), None);
    }

    #[test]
    fn published_hosts_follow_the_contract() {
        let test = Environment::DeTest.published_endpoints();
        let test = test
            .as_ref()
            .map(|e| (e.gateway.as_str(), e.go.as_str(), e.api.as_str()));
        assert_eq!(
            test,
            Some((
                "https://gateway.test.idnow.de/",
                "https://go.test.idnow.de/",
                "https://api.test.idnow.de/"
            ))
        );
        assert!(Environment::Sandbox.published_endpoints().is_none());
    }
}
