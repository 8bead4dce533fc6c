//! A gateway that speaks the IDnow API (`docs/idnow-gateway-contract.md`) on loopback, for
//! training, demos and every test. Start it in-process with [`Sandbox::start`] or run the
//! `idnow-sandbox` binary.
//!
//! Two listeners, like IDnow's test environment has two hosts: the gateway (company API,
//! user front end and the sandbox's control API under `/sandbox`) and the robot host
//! (`start`, `requestVideoChat`).

mod api_error;
mod clock;
mod config;
mod content;
mod faults;
mod identification;
mod routes;
mod scenario;
mod seed;
mod state;
mod trust;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;

pub use clock::SandboxClock;
pub use config::SandboxConfig;
pub use content::pdf::text_document as sample_pdf;
pub use content::signature::{PUBLIC_KEY_PEM, XmlSigner};
pub use faults::Faults;
pub use scenario::Scenario;
pub use trust::data::TrustCalls;
pub use trust::variant::TrustVariant;

/// A running sandbox gateway. Dropping it stops both listeners.
pub struct Sandbox {
    gateway: SocketAddr,
    robots: SocketAddr,
    state: Arc<state::SandboxState>,
    _shutdown: watch::Sender<()>,
}

impl Sandbox {
    /// Binds free ports on 127.0.0.1 and serves in the background on the current runtime.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        let any = SocketAddr::from(([127, 0, 0, 1], 0));
        Self::start_on(config, any, any).await
    }

    pub async fn start_on(
        config: SandboxConfig,
        gateway: SocketAddr,
        robots: SocketAddr,
    ) -> std::io::Result<Sandbox> {
        let state = Arc::new(state::SandboxState::new(config));
        let (shutdown, stopped) = watch::channel(());
        let gateway = serve(gateway, routes::gateway(state.clone()), stopped.clone()).await?;
        let robots = serve(robots, routes::robots(state.clone()), stopped).await?;
        tracing::info!(%gateway, %robots, "sandbox gateway listening");
        Ok(Sandbox {
            gateway,
            robots,
            state,
            _shutdown: shutdown,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.gateway
    }

    /// `http://127.0.0.1:<port>`: the company API and the user front end.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.gateway)
    }

    /// The robot host, the test environment's `api` URL.
    pub fn robot_url(&self) -> String {
        format!("http://{}", self.robots)
    }

    /// Adds `count` finished identifications at once (see `POST /sandbox/{cid}/seed`).
    pub fn seed(&self, count: usize) -> usize {
        seed::seed(&self.state, count)
    }

    /// How many logins the sandbox has granted (a client should share one token).
    pub fn logins(&self) -> u64 {
        self.state.data().logins
    }

    /// How many create calls (`POST …/identifications/{txn}/start`) reached the sandbox.
    pub fn create_calls(&self) -> u64 {
        self.state.data().create_calls
    }

    pub fn clock(&self) -> &SandboxClock {
        &self.state.config.clock
    }

    /// Adds (or replaces) a company-wide eSign document definition.
    pub fn define_document(&self, definition: idnow::DocumentDefinition) {
        self.state
            .data()
            .definitions
            .insert(definition.identifier.clone(), definition);
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.state.faults() = faults;
    }

    /// How many Trust Platform tokens the sandbox has issued (a client should reuse one).
    pub fn trust_tokens_issued(&self) -> usize {
        self.state.trust().issued
    }

    /// Adds `count` completed Trust Platform sessions of the `flow`-th sample flow in
    /// `environment` (`staging`, `live`); how many that flow has now.
    pub fn seed_trust_sessions(&self, flow: usize, environment: &str, count: usize) -> usize {
        trust::seed::seed(&self.state, flow, environment, count)
    }

    /// Moves a Trust Platform session through the Player's steps at once, as a person would:
    /// `RUNNING`, or a terminal status (`COMPLETED` with `outcome`, `accepted` unless said).
    /// False when there is no such session or no such status.
    pub fn move_trust_session(&self, id: &str, status: &str, outcome: Option<&str>) -> bool {
        let status: &'static str = match status {
            "RUNNING" => "RUNNING",
            "COMPLETED" => "COMPLETED",
            "ERROR" => "ERROR",
            "ABORTED" => "ABORTED",
            "EXPIRED" => "EXPIRED",
            _ => return false,
        };
        trust::api::move_session(&self.state, id, status, outcome.map(str::to_owned)).is_some()
    }

    /// Which documented build the Trust Platform's answers look like from now on.
    pub fn set_trust_variant(&self, variant: TrustVariant) {
        self.state.trust().variant = variant;
    }

    /// The Trust Platform calls answered so far, by kind.
    pub fn trust_calls(&self) -> TrustCalls {
        self.state.trust().calls
    }

    /// Ends every Trust Platform token now, as IDnow may before `expires_in`.
    pub fn revoke_trust_tokens(&self) {
        self.state.trust().tokens.clear();
    }
}

async fn serve(
    addr: SocketAddr,
    app: axum::Router,
    mut stopped: watch::Receiver<()>,
) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
            // Ends when the Sandbox (the sender) is dropped.
            let _ = stopped.changed().await;
        });
        if let Err(err) = serve.await {
            tracing::error!(%err, "sandbox listener stopped");
        }
    });
    Ok(local)
}

/// The gateway as an axum router, for embedding in a server of your own.
pub fn router(config: SandboxConfig) -> axum::Router {
    routes::gateway(Arc::new(state::SandboxState::new(config)))
}
