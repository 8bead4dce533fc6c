//! Gateways that misbehave on purpose, and a spy that records whatever reaches it: the
//! hostile-gateway suite's small servers on loopback (one over TLS, with its own CA).
#![allow(dead_code)]

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::stream;

pub const COMPANY: &str = "ihrebank";
pub const KEY: &str = "hostile-test-key-0f3c";

/// One way to misbehave (everything else answers like IDnow).
#[derive(Clone)]
pub enum Behaviour {
    /// Every call except the login answers 307 to `target` (same path).
    RedirectAfterLogin(String),
    /// Every call answers 307 to `target`, the login too.
    RedirectEverything(String),
    /// The lists come one byte every 300 ms, for ever.
    TrickleLists,
    /// The lists are an endless stream of spaces.
    EndlessLists,
    /// The lists answer 400 with an endless body.
    EndlessErrorBody,
    /// The result archive is these bytes.
    Archive(Vec<u8>),
    /// Trust Platform: a vault file is an endless stream.
    EndlessFile,
}

/// A running hostile gateway.
pub struct Hostile {
    pub url: String,
}

/// A listener that should never hear from IdentDesk: what reached it.
pub struct Spy {
    pub url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Spy {
    pub async fn start() -> Spy {
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let record = Arc::clone(&seen);
        let app = Router::new().fallback(move |request: Request| {
            let record = Arc::clone(&record);
            async move {
                let (parts, body) = request.into_parts();
                let body = axum::body::to_bytes(body, 1 << 20)
                    .await
                    .unwrap_or_default();
                record.lock().unwrap().push(format!(
                    "{} {} {:?} {}",
                    parts.method,
                    parts.uri,
                    parts.headers,
                    String::from_utf8_lossy(&body)
                ));
                StatusCode::OK
            }
        });
        let addr = serve(app).await;
        Spy {
            url: format!("http://{addr}"),
            seen,
        }
    }

    /// Everything the spy heard, one line per request.
    pub fn heard(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn login() -> Response {
    axum::Json(serde_json::json!({"authToken": "hostile-token"})).into_response()
}

/// The Trust Platform's token answer.
fn platform_token() -> Response {
    axum::Json(serde_json::json!({"access_token": "hostile-token", "expires_in": 3600, "token_type": "Bearer"}))
        .into_response()
}

/// What an honest Trust Platform answers (one flow, one ended session whose verification
/// report is in the vault), for the paths a misbehaviour leaves alone.
fn platform_answer(path: &str) -> Option<Response> {
    let json = |value: serde_json::Value| Some(axum::Json(value).into_response());
    if path.ends_with("/openid-configuration") {
        // A token endpoint on another host (another loopback address).
        json(serde_json::json!({"token_endpoint": "http://127.0.0.2:9/oidc/token"}))
    } else if path.ends_with("/sessions") {
        json(
            serde_json::json!({"content": [{"sessionId": "s-1", "sessionStatus": "COMPLETED",
            "outcome": "accepted", "createdAt": "2026-12-01T10:00:00Z", "completedAt": "2026-12-01T10:05:00Z"}],
            "page": {"size": 100, "number": 1, "totalElements": 1, "totalPages": 1}}),
        )
    } else if path.contains("/flows/") {
        json(serde_json::json!({"content": [{"id": "flow-1", "name": "Hostile flow"}]}))
    } else if path.ends_with("/datablocks") {
        json(
            serde_json::json!({"dataBlocks": [{"datablockId": "b-1", "type": "documentVerification",
            "status": "STORED", "content": {"verdict": {"status": "VERIFIED"},
            "report": {"$ref": "vault", "$id": "vault-1"}}}]}),
        )
    } else if path.contains("/sessions/") {
        json(
            serde_json::json!({"sessionId": "s-1", "sessionStatus": "COMPLETED", "outcome": "accepted"}),
        )
    } else {
        None
    }
}

fn redirect(target: &str, request: &Request) -> Response {
    let location = format!("{target}{}", request.uri().path());
    (
        StatusCode::TEMPORARY_REDIRECT,
        [(header::LOCATION, location)],
    )
        .into_response()
}

fn drip(byte: u8, every: Duration) -> Body {
    Body::from_stream(stream::unfold((), move |()| async move {
        tokio::time::sleep(every).await;
        Some((Ok::<_, std::io::Error>(bytes::Bytes::from(vec![byte])), ()))
    }))
}

fn endless(byte: u8) -> Body {
    Body::from_stream(stream::repeat_with(move || {
        Ok::<_, std::io::Error>(bytes::Bytes::from(vec![byte; 64 * 1024]))
    }))
}

fn app(behaviour: Behaviour) -> Router {
    Router::new().fallback(move |request: Request| {
        let behaviour = behaviour.clone();
        async move {
            let path = request.uri().path().to_owned();
            let is_token = path.ends_with("/oidc/token");
            let is_login = path.ends_with("/login") || is_token;
            // The classic lists and the Trust Platform's session lists.
            let is_list = path.ends_with("/identifications") || path.ends_with("/sessions");
            match behaviour {
                Behaviour::RedirectEverything(target) => redirect(&target, &request),
                Behaviour::RedirectAfterLogin(_) if is_token => platform_token(),
                Behaviour::RedirectAfterLogin(_) if is_login => login(),
                Behaviour::RedirectAfterLogin(target) => redirect(&target, &request),
                _ if is_token => platform_token(),
                _ if is_login => login(),
                Behaviour::TrickleLists if is_list => {
                    Response::new(drip(b' ', Duration::from_millis(300)))
                }
                Behaviour::EndlessLists if is_list => Response::new(endless(b' ')),
                Behaviour::EndlessFile if path.contains("/files/") => Response::new(endless(b'%')),
                Behaviour::EndlessErrorBody if path.ends_with("/identifications") => {
                    (StatusCode::BAD_REQUEST, endless(b'x')).into_response()
                }
                Behaviour::Archive(bytes) if path.ends_with(".zip") => bytes.into_response(),
                _ => platform_answer(&path).unwrap_or_else(|| {
                    axum::Json(serde_json::json!({"identifications": []})).into_response()
                }),
            }
        }
    })
}

impl Hostile {
    pub async fn start(behaviour: Behaviour) -> Hostile {
        let addr = serve(app(behaviour)).await;
        Hostile {
            url: format!("http://{addr}"),
        }
    }

    /// The same gateway over TLS, with a certificate for `localhost` from a test CA;
    /// returns it and the CA's PEM (for the test-only client that trusts it).
    pub async fn start_tls(behaviour: Behaviour) -> (Hostile, Vec<u8>) {
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca = ca_params.self_signed(&ca_key).unwrap();
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let server_key = rcgen::KeyPair::generate().unwrap();
        let server = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
            .unwrap()
            .signed_by(&server_key, &issuer)
            .unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![server.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into()),
        )
        .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let router = app(behaviour);
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (acceptor, router) = (acceptor.clone(), router.clone());
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let service = hyper_util::service::TowerToHyperService::new(router);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                        .await;
                });
            }
        });
        (
            Hostile {
                url: format!("https://localhost:{port}"),
            },
            ca.pem().into_bytes(),
        )
    }
}

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// A ZIP of `files` (deflated).
pub fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A deflate bomb: one entry of `bytes` zeros, a few MiB outside.
pub fn bomb(name: &str, bytes: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    zip.start_file(name, options).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..bytes / chunk.len() {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Rewrites every "uncompressed size" field of a ZIP (local headers and central directory)
/// to `claimed`: an archive that lies about its sizes.
pub fn lying_sizes(mut zip: Vec<u8>, claimed: u32) -> Vec<u8> {
    let mut at = 0;
    while at + 4 <= zip.len() {
        let offset = match &zip[at..at + 4] {
            [0x50, 0x4b, 0x03, 0x04] => Some(22),
            [0x50, 0x4b, 0x01, 0x02] => Some(24),
            _ => None,
        };
        if let Some(offset) = offset
            && at + offset + 4 <= zip.len()
        {
            zip[at + offset..at + offset + 4].copy_from_slice(&claimed.to_le_bytes());
        }
        at += 1;
    }
    zip
}
