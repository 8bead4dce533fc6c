//! Connections: plain TCP to loopback only; every other host over TLS with the certificate
//! and the host name verified (the system's roots, or the CA file the officer gave), with
//! channel binding where the server offers it. There is no setting that turns checks off.

use std::sync::Arc;
use std::time::Duration;

use rustls::ClientConfig;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use rustls_platform_verifier::BuilderVerifierExt;
use tokio_postgres::config::{ChannelBinding, SslMode};
use tokio_postgres::{Client, Config, Connection, Socket};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::error::{Result, TeamError};
use crate::target::Target;

/// How the connection is protected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsPolicy {
    /// Loopback: nothing leaves the machine.
    Loopback,
    /// TLS verified against the operating system's roots.
    SystemRoots,
    /// TLS verified against this CA (PEM).
    CaFile(Vec<u8>),
}

impl TlsPolicy {
    pub fn for_target(target: &Target, ca_pem: Option<Vec<u8>>) -> TlsPolicy {
        match ca_pem {
            _ if target.is_loopback() => TlsPolicy::Loopback,
            Some(pem) => TlsPolicy::CaFile(pem),
            None => TlsPolicy::SystemRoots,
        }
    }

    pub fn describe(&self) -> &'static str {
        match self {
            TlsPolicy::Loopback => "loopback (no TLS needed)",
            TlsPolicy::SystemRoots => "TLS, verified against the system's certificates",
            TlsPolicy::CaFile(_) => "TLS, verified against the given CA",
        }
    }
}

pub(crate) type TlsStream =
    <MakeRustlsConnect as tokio_postgres::tls::MakeTlsConnect<Socket>>::Stream;

/// How long a connection attempt may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) async fn connect(
    target: &Target,
    password: &str,
    tls: &TlsPolicy,
) -> Result<(Client, Connection<Socket, TlsStream>)> {
    let mut config = Config::new();
    config
        .host(&target.host)
        .port(target.port)
        .dbname(&target.database)
        .user(&target.user)
        .password(password)
        .application_name("IdentDesk")
        .connect_timeout(CONNECT_TIMEOUT)
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(30))
        .channel_binding(ChannelBinding::Prefer)
        // A stuck statement or an open transaction never holds the team's locks for long.
        .options("-c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000")
        .ssl_mode(match tls {
            TlsPolicy::Loopback => SslMode::Disable,
            _ => SslMode::Require,
        });
    let connector = MakeRustlsConnect::new(client_config(tls)?);
    let connecting = config.connect(connector);
    match tokio::time::timeout(CONNECT_TIMEOUT + Duration::from_secs(2), connecting).await {
        Ok(Ok(pair)) => Ok(pair),
        Ok(Err(err)) => Err(connect_error(target, &err)),
        Err(_) => Err(TeamError::Unreachable {
            target: target.server(),
            detail: format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()),
        }),
    }
}

fn client_config(tls: &TlsPolicy) -> Result<ClientConfig> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TeamError::Tls {
            detail: e.to_string(),
        })?;
    let config = match tls {
        TlsPolicy::CaFile(pem) => {
            let mut roots = rustls::RootCertStore::empty();
            for cert in CertificateDer::pem_slice_iter(pem) {
                let cert = cert.map_err(|e| TeamError::Tls {
                    detail: format!("the CA file could not be read ({e})"),
                })?;
                roots.add(cert).map_err(|e| TeamError::Tls {
                    detail: format!("the CA file holds a certificate rustls refuses ({e})"),
                })?;
            }
            if roots.is_empty() {
                return Err(TeamError::Tls {
                    detail: "the CA file holds no certificate".into(),
                });
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
        _ => builder
            .with_platform_verifier()
            .map_err(|e| TeamError::Tls {
                detail: e.to_string(),
            })?
            .with_no_client_auth(),
    };
    Ok(config)
}

fn connect_error(target: &Target, err: &tokio_postgres::Error) -> TeamError {
    if err.as_db_error().is_some() {
        return match TeamError::from_call(err) {
            TeamError::Database { message } | TeamError::Forbidden { message } => {
                TeamError::SignIn { detail: message }
            }
            other => other,
        };
    }
    let text = error_chain(err);
    if text.contains("TLS") || text.contains("certificate") || text.contains("tls") {
        return TeamError::Tls { detail: text };
    }
    if text.contains("password") || text.contains("SCRAM") || text.contains("authentication") {
        return TeamError::SignIn { detail: text };
    }
    TeamError::Unreachable {
        target: target.server(),
        detail: text,
    }
}

/// An error with its causes, for messages (tokio-postgres hides the cause in `source`).
pub(crate) fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let next = cause.to_string();
        if !text.contains(&next) {
            text = format!("{text}: {next}");
        }
        source = cause.source();
    }
    text
}
