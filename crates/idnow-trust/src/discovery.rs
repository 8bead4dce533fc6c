//! The token endpoint read from the auth server's OpenID configuration (contract §2: "take
//! `token_endpoint` from `openid-configuration`"), under the same edge rules as every call:
//! https (or this machine), no redirect, a deadline and a size cap, and an endpoint on the
//! configuration's own host, so a configuration cannot send the client secret elsewhere.

use idnow::edge::{ok_or_api_error, read_capped, require_secure};
use idnow::{Error, Limits};
use url::Url;

/// What a configuration URL ends with.
pub const OPENID_CONFIGURATION: &str = "/.well-known/openid-configuration";

/// The `token_endpoint` the configuration at `configuration` names.
pub async fn token_endpoint(configuration: &Url, limits: &Limits) -> Result<Url, Error> {
    require_secure(configuration)?;
    let http = crate::client::edge_http()
        .build()
        .map_err(Error::transport)?;
    let body = tokio::time::timeout(limits.call, async {
        let response = http
            .get(configuration.clone())
            .send()
            .await
            .map_err(Error::transport)?;
        if response.status().is_redirection() {
            return Err(Error::Untrusted(
                "the OpenID configuration redirected; IdentDesk follows no redirect there".into(),
            ));
        }
        let response = ok_or_api_error(response).await?;
        read_capped(
            response,
            limits.json_bytes,
            limits.pace,
            "OpenID configuration",
        )
        .await
    })
    .await
    .unwrap_or_else(|_| {
        Err(Error::Deadline {
            what: "OpenID configuration",
            after: idnow::human(limits.call),
        })
    })?;
    #[derive(serde::Deserialize)]
    struct Configuration {
        token_endpoint: String,
    }
    let found: Configuration =
        serde_json::from_slice(&body).map_err(|e| Error::Decode(e.to_string()))?;
    let endpoint = Url::parse(&found.token_endpoint)
        .map_err(|e| Error::Url(format!("{:?}: {e}", found.token_endpoint)))?;
    require_secure(&endpoint)?;
    if endpoint.host_str() != configuration.host_str() {
        return Err(Error::Untrusted(format!(
            "the OpenID configuration names a token endpoint on another host ({}); IdentDesk sends the client secret only to the configuration's own host",
            endpoint.host_str().unwrap_or("none")
        )));
    }
    Ok(endpoint)
}
