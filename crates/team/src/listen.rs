//! Live updates: a connection of its own that `LISTEN`s on the workspace's channel. The
//! server's functions `NOTIFY` only an opaque event id; the app re-reads what changed
//! through the functions. The listener reconnects on its own, and says when it is back, so
//! the app can re-read whatever it missed meanwhile.

use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;
use tokio_postgres::AsyncMessage;

use crate::connect::{TlsPolicy, connect};
use crate::target::Target;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListenEvent {
    /// Listening (again): whatever happened meanwhile should be re-read.
    Connected,
    /// Something changed on the server (the event's id).
    Notified(i64),
    /// The connection dropped; it is tried again.
    Disconnected(String),
}

/// Listens until dropped.
pub struct Listener {
    task: JoinHandle<()>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Listener {
    pub fn start(
        target: Target,
        password: String,
        tls: TlsPolicy,
        events: UnboundedSender<ListenEvent>,
    ) -> Listener {
        let task = tokio::spawn(async move {
            let mut wait = Duration::from_millis(500);
            loop {
                let reason = listen_once(&target, &password, &tls, &events).await;
                if events.send(ListenEvent::Disconnected(reason)).is_err() {
                    return;
                }
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(30));
            }
        });
        Listener { task }
    }
}

/// One connection's life: why it ended.
async fn listen_once(
    target: &Target,
    password: &str,
    tls: &TlsPolicy,
    events: &UnboundedSender<ListenEvent>,
) -> String {
    let (client, mut connection) = match connect(target, password, tls).await {
        Ok(pair) => pair,
        Err(err) => return err.to_string(),
    };
    let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
    let statement = format!("LISTEN {}", crate::CHANNEL);
    let listen = client.batch_execute(&statement);
    tokio::pin!(listen);
    // The LISTEN completes only while the connection is driven.
    loop {
        tokio::select! {
            done = &mut listen => {
                if let Err(err) = done {
                    return err.to_string();
                }
                break;
            }
            message = messages.next() => match message {
                Some(Ok(_)) => {}
                Some(Err(err)) => return err.to_string(),
                None => return "the connection closed".into(),
            }
        }
    }
    if events.send(ListenEvent::Connected).is_err() {
        return "nobody listens".into();
    }
    while let Some(message) = messages.next().await {
        match message {
            Ok(AsyncMessage::Notification(note)) if note.channel() == crate::CHANNEL => {
                let id = note.payload().parse().unwrap_or_default();
                if events.send(ListenEvent::Notified(id)).is_err() {
                    return "nobody listens".into();
                }
            }
            Ok(_) => {}
            Err(err) => return err.to_string(),
        }
    }
    "the connection closed".into()
}
