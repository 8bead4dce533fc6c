//! A Trust Platform account's flows: every page of them (some builds page, some send all),
//! kept in the cache so the create form works offline with the last list.

use idnow_trust::{Flow, TrustClient};
use serde::{Deserialize, Serialize};

use super::SessionService;
use crate::accounts::account::Account;
use crate::error::{Error, Result};

/// At most this many pages of flows: a company has tens, a server that pages forever is
/// hostile.
const MAX_FLOW_PAGES: u32 = 100;

/// A flow as the create form and the list show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlowSummary {
    pub id: String,
    /// The flow's name (its id when IDnow sent none).
    pub name: String,
    pub description: Option<String>,
    pub version: Option<String>,
}

impl From<&Flow> for FlowSummary {
    fn from(flow: &Flow) -> Self {
        FlowSummary {
            id: flow.id.clone(),
            name: if flow.name.is_empty() {
                flow.id.clone()
            } else {
                flow.name.clone()
            },
            description: flow.description.clone(),
            version: flow.version.clone(),
        }
    }
}

/// Every flow the account's environment has, page after page.
pub(crate) async fn all_flows(client: &TrustClient) -> Result<Vec<Flow>> {
    let mut flows: Vec<Flow> = Vec::new();
    for number in 1..=MAX_FLOW_PAGES {
        let page = client.flows(number).await?;
        let empty = page.content.is_empty();
        for flow in page.content {
            if !flows.iter().any(|f| f.id == flow.id) {
                flows.push(flow);
            }
        }
        if empty || !page.page.is_some_and(|p| p.has_next()) {
            return Ok(flows);
        }
    }
    Err(Error::Gateway(idnow::Error::Untrusted(format!(
        "the Trust Platform listed flows over {MAX_FLOW_PAGES} pages; a company has tens of flows"
    ))))
}

impl SessionService<'_> {
    /// The account's flows, from IDnow (and kept for offline use); offline, the last list.
    pub async fn flows(self, account_id: &str) -> Result<Vec<FlowSummary>> {
        let account = Account::by_id(&self.cx.store, account_id)?;
        let client = self.cx.platform(&account).await?;
        match all_flows(&client).await {
            Ok(flows) => {
                self.keep_flows(&account.id, &flows)?;
                Ok(flows.iter().map(FlowSummary::from).collect())
            }
            Err(err) => {
                let kept = self.kept_flows(&account.id)?;
                if kept.is_empty() { Err(err) } else { Ok(kept) }
            }
        }
    }

    pub(super) fn keep_flows(self, account_id: &str, flows: &[Flow]) -> Result<()> {
        let now = self.cx.clock.now_text();
        self.cx.store.write(|tx| {
            tx.execute(
                "DELETE FROM platform_flows WHERE account_id = ?1",
                [account_id],
            )?;
            for flow in flows {
                let summary = serde_json::to_string(&FlowSummary::from(flow)).map_err(|e| {
                    Error::Storage {
                        message: e.to_string(),
                    }
                })?;
                tx.execute(
                    "INSERT INTO platform_flows (account_id, flow_id, raw_json, listed_at) VALUES (?1, ?2, ?3, ?4)",
                    (account_id, &flow.id, &summary, &now),
                )?;
            }
            Ok(())
        })
    }

    /// The flows as last listed.
    pub(crate) fn kept_flows(self, account_id: &str) -> Result<Vec<FlowSummary>> {
        self.cx.store.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT raw_json FROM platform_flows WHERE account_id = ?1 ORDER BY rowid",
            )?;
            let rows = stmt.query_map([account_id], |r| r.get::<_, String>(0))?;
            let mut flows = Vec::new();
            for row in rows {
                if let Ok(flow) = serde_json::from_str(&row?) {
                    flows.push(flow);
                }
            }
            Ok(flows)
        })
    }
}
