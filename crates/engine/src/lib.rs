//! The running service: the webhook receiver, the outbox sender, the number-health
//! poller and the event bus the desktop shell listens to.
//!
//! The engine only knows an [`AccountSettings`] (base URL, API version, ids) and three
//! secrets. Whether they point at Meta or at a local simulator is configuration.

pub mod account;
mod errors;
pub mod events;
mod health;
mod ingest;
mod receiver;
pub mod secrets;
mod sender;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use parley_core::account::{AccountSettings, Secret};
use parley_core::conversation::ConversationSummary;
use parley_core::health::ConnectionStatus;
use parley_core::message::{KIND_TEXT, Message, outgoing_text};
use parley_core::window::ServiceWindow;
use parley_core::{ConversationId, Timestamp};
use parley_store::Store;
use parley_whatsapp::CloudClient;
use parley_whatsapp::api::SendMessageRequest;
use tokio::net::TcpListener;
use tokio::sync::{Notify, RwLock, broadcast, mpsc, watch};
use tokio::task::JoinHandle;

pub use errors::EngineError;
use events::Announcement;
pub use events::EngineEvent;

/// The three secrets of a connected account.
#[derive(Clone, Debug)]
pub struct AccountSecrets {
    pub access_token: Secret,
    pub app_secret: Secret,
    pub verify_token: Secret,
}

#[derive(Clone, Debug)]
pub struct EngineOptions {
    /// Where the webhook receiver listens. Port 0 picks a free port.
    pub listen: SocketAddr,
    /// Largest webhook body accepted; larger ones get 413. Meta sends up to ~3 MB.
    pub max_webhook_bytes: usize,
    /// How often the number's health is checked.
    pub health_interval: Duration,
}

impl Default for EngineOptions {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            max_webhook_bytes: 4 * 1024 * 1024,
            health_interval: Duration::from_secs(5 * 60),
        }
    }
}

/// State shared by the receiver, the sender and the poller.
pub(crate) struct Shared {
    store: Store,
    client: CloudClient,
    account: AccountSettings,
    events: broadcast::Sender<EngineEvent>,
    announcer: mpsc::UnboundedSender<Announcement>,
    wake_sender: Notify,
    connection: RwLock<ConnectionStatus>,
}

impl Shared {
    pub(crate) fn announce(&self, announcement: Announcement) {
        // Fails only while shutting down, when nobody listens any more.
        let _ = self.announcer.send(announcement);
    }

    fn broadcast(&self, event: EngineEvent) {
        // Nobody listening (headless, or the window is closed) is fine.
        let _ = self.events.send(event);
    }
}

/// A running engine. Dropping it does not stop it; call [`Engine::shutdown`].
pub struct Engine {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    announcer: JoinHandle<()>,
}

pub fn now() -> Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Timestamp(ms)
}

impl Engine {
    /// Binds the webhook receiver and starts the sender and the health poller.
    pub async fn start(
        store: Store,
        account: AccountSettings,
        secrets: AccountSecrets,
        options: EngineOptions,
    ) -> Result<Self, EngineError> {
        let account = account.normalized()?;
        let listener =
            TcpListener::bind(options.listen)
                .await
                .map_err(|source| EngineError::Bind {
                    addr: options.listen,
                    source,
                })?;
        let local_addr = listener.local_addr().map_err(|source| EngineError::Bind {
            addr: options.listen,
            source,
        })?;
        let client = CloudClient::new(
            parley_whatsapp::client::http_client(),
            &account,
            secrets.access_token.clone(),
        );
        let (events, _) = broadcast::channel(1024);
        let (announcer, announcements) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            store,
            client,
            account,
            events,
            announcer,
            wake_sender: Notify::new(),
            connection: RwLock::new(ConnectionStatus::Checking),
        });
        let (shutdown, shutdown_rx) = watch::channel(false);

        let router = receiver::router(
            shared.clone(),
            receiver::WebhookSecrets {
                app_secret: secrets.app_secret,
                verify_token: secrets.verify_token,
            },
            options.max_webhook_bytes,
        );
        let mut stop = shutdown_rx.clone();
        let server = tokio::spawn(async move {
            let graceful = async move {
                let _ = stop.wait_for(|s| *s).await;
            };
            if let Err(e) = axum::serve(listener, router)
                .with_graceful_shutdown(graceful)
                .await
            {
                tracing::error!("webhook receiver stopped: {e}");
            }
        });
        let announcer = tokio::spawn(events::run(shared.clone(), announcements));
        let sender = tokio::spawn(sender::run(shared.clone(), shutdown_rx.clone()));
        let health = tokio::spawn(health::run(
            shared.clone(),
            options.health_interval,
            shutdown_rx,
        ));
        tracing::info!("webhook receiver listening on http://{local_addr}/webhook");
        Ok(Self {
            shared,
            local_addr,
            shutdown,
            tasks: vec![server, sender, health],
            announcer,
        })
    }

    pub fn subscribe(&self) -> broadcast::Receiver<EngineEvent> {
        self.shared.events.subscribe()
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The URL Meta (or a tunnel) must deliver webhooks to.
    pub fn webhook_url(&self) -> String {
        format!("http://{}{}", self.local_addr, receiver::WEBHOOK_PATH)
    }

    pub fn store(&self) -> &Store {
        &self.shared.store
    }

    pub fn account(&self) -> &AccountSettings {
        &self.shared.account
    }

    pub async fn connection(&self) -> ConnectionStatus {
        self.shared.connection.read().await.clone()
    }

    /// Queues a free-form text reply. Refused when the 24-hour window is closed: only a
    /// template may be sent then.
    pub async fn send_text(
        &self,
        conversation_id: ConversationId,
        text: &str,
    ) -> Result<Message, EngineError> {
        let text = outgoing_text(text)?;
        let store = &self.shared.store;
        let conversation = store.conversation(conversation_id).await?;
        let now = now();
        let window = ServiceWindow::at(conversation.last_inbound_at, now);
        if !window.allows_free_form() {
            return Err(EngineError::WindowClosed(window));
        }
        let request = SendMessageRequest::text(&conversation.contact.wa_id, text);
        let payload =
            serde_json::to_string(&request).map_err(|e| EngineError::Internal(e.to_string()))?;
        let message = store
            .enqueue(conversation_id, KIND_TEXT, Some(text), &payload, now)
            .await?;
        self.shared
            .announce(Announcement::Conversation(conversation_id));
        self.shared.announce(Announcement::MessageAdded(message.id));
        self.shared.wake_sender.notify_one();
        Ok(message)
    }

    /// Clears the unread count when an agent opens the conversation.
    pub async fn mark_read(
        &self,
        conversation_id: ConversationId,
    ) -> Result<ConversationSummary, EngineError> {
        let summary = self
            .shared
            .store
            .mark_conversation_read(conversation_id)
            .await?;
        self.shared
            .announce(Announcement::Conversation(conversation_id));
        Ok(summary)
    }

    /// Stops receiving and sending; returns when the tasks have ended.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
        // Every writer has stopped: let the announcer broadcast what they announced.
        self.shared.announce(Announcement::Stop);
        let _ = self.announcer.await;
    }
}
