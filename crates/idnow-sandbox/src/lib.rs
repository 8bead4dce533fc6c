//! A gateway that speaks the IDnow API (`docs/idnow-gateway-contract.md`) on loopback, for
//! training, demos and every test. Start it in-process with [`Sandbox::start`] or run the
//! `idnow-sandbox` binary.
//!
//! Its own control API lives under `/sandbox/…`, a prefix IDnow never uses, so playing the
//! person (completing an identification with an outcome) cannot clash with IDnow's paths.

mod api_error;
mod outcome;
mod routes;
mod state;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use state::SandboxConfig;

/// A running sandbox gateway. Dropping it stops the server.
pub struct Sandbox {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Sandbox {
    /// Binds `127.0.0.1:<free port>` and serves in the background on the current runtime.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        Self::start_on(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    pub async fn start_on(config: SandboxConfig, bind: SocketAddr) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(bind).await?;
        let addr = listener.local_addr()?;
        let app = router(config);
        let (shutdown, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(err) = serve.await {
                tracing::error!(%err, "sandbox gateway stopped");
            }
        });
        tracing::info!(%addr, "sandbox gateway listening");
        Ok(Sandbox {
            addr,
            shutdown: Some(shutdown),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`: gateway, user front end and robot host at once.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// The sandbox as an axum router, for embedding or for `axum::serve` of your own.
pub fn router(config: SandboxConfig) -> axum::Router {
    routes::router(Arc::new(state::SandboxState::new(config)))
}
