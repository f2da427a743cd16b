//! The running service: the webhook receiver, the outbox sender, the media downloader,
//! the pollers (number health, templates, delivery audit) and the event bus the desktop
//! shell listens to.
//!
//! The engine only knows an [`AccountSettings`] (base URL, API version, ids) and three
//! secrets. Whether they point at Meta or at a local simulator is configuration.

pub mod account;
pub mod agents;
pub mod auto_replies;
mod errors;
pub mod events;
mod health;
mod ingest;
mod ingest_queue;
pub mod labels;
mod media;
pub mod media_server;
mod pollers;
mod projector;
pub mod quick_replies;
mod receiver;
pub mod secrets;
mod send;
mod sender;
pub mod templates;
pub mod triage;
pub mod tunnel;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use parley_core::account::{AccountSettings, Secret};
use parley_core::conversation::ConversationSummary;
use parley_core::health::ConnectionStatus;
use parley_core::preferences::Preferences;
use parley_core::{AgentId, ConversationId, MessageId, Timestamp};
use parley_store::{Journal, Store};
use parley_whatsapp::CloudClient;
use tokio::net::TcpListener;
use tokio::sync::{Notify, RwLock, broadcast, mpsc, watch};
use tokio::task::JoinHandle;

pub use errors::EngineError;
use events::Announcement;
pub use events::EngineEvent;

/// The settings key of the inbox preferences.
pub const PREFERENCES_SETTING: &str = "preferences";

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
    /// How long a Cloud API request may take before its outcome counts as unknown.
    pub request_timeout: Duration,
}

impl Default for EngineOptions {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            max_webhook_bytes: 4 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// State shared by the receiver, the sender, the downloader and the pollers.
pub(crate) struct Shared {
    store: Store,
    client: CloudClient,
    account: AccountSettings,
    verify_token: Secret,
    media_dir: PathBuf,
    preferences: RwLock<Preferences>,
    events: broadcast::Sender<EngineEvent>,
    announcer: mpsc::UnboundedSender<Announcement>,
    wake_sender: Notify,
    wake_media: Notify,
    connection: RwLock<ConnectionStatus>,
    /// When "typing…" was last shown per conversation: WhatsApp shows it for up to
    /// 25 s, so it is refreshed at most every 20 s.
    typing_shown: Mutex<HashMap<ConversationId, Instant>>,
}

impl Shared {
    pub(crate) fn announce(&self, announcement: Announcement) {
        // Fails only while shutting down, when nobody listens any more.
        let _ = self.announcer.send(announcement);
    }

    /// Whether anyone receives events: reading the store to announce to nobody (headless)
    /// would cost the readers for nothing.
    fn listened(&self) -> bool {
        self.events.receiver_count() > 0
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
    journal: Journal,
    journal_progress: Arc<projector::JournalProgress>,
}

pub fn now() -> Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Timestamp(ms)
}

impl Engine {
    /// Binds the webhook receiver and starts the sender, the media downloader and the
    /// pollers.
    pub async fn start(
        store: Store,
        account: AccountSettings,
        secrets: AccountSecrets,
        options: EngineOptions,
    ) -> Result<Self, EngineError> {
        let account = account.normalized()?;
        let bind_error = |source| EngineError::Bind {
            addr: options.listen,
            source,
        };
        let listener = TcpListener::bind(options.listen)
            .await
            .map_err(bind_error)?;
        let local_addr = listener.local_addr().map_err(bind_error)?;
        let client = CloudClient::new(
            parley_whatsapp::client::http_client_with_timeout(options.request_timeout),
            &account,
            secrets.access_token.clone(),
        );
        let preferences = store
            .setting::<Preferences>(PREFERENCES_SETTING)
            .await?
            .unwrap_or_default()
            .normalized();
        let (events, _) = broadcast::channel(1024);
        let (announcer, announcements) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            media_dir: store.data_dir().join("media"),
            store,
            client,
            account,
            verify_token: secrets.verify_token.clone(),
            preferences: RwLock::new(preferences),
            events,
            announcer,
            wake_sender: Notify::new(),
            wake_media: Notify::new(),
            connection: RwLock::new(ConnectionStatus::Checking),
            typing_shown: Mutex::new(HashMap::new()),
        });
        let (shutdown, shutdown_rx) = watch::channel(false);

        let journal = Journal::open_beside(&shared.store).await?;
        let journal_progress = Arc::new(projector::JournalProgress::new(
            journal.last_id().await?,
            shared.store.journal_projected_through().await?,
        ));
        let (to_projector, projector_inbox) = mpsc::channel(projector::BUFFERED_DELIVERIES);
        let (ingest_queue, ingest_writer) = ingest_queue::IngestQueue::start(
            journal.clone(),
            journal_progress.clone(),
            to_projector,
        );
        let projector = tokio::spawn(projector::run(
            shared.clone(),
            journal.clone(),
            journal_progress.clone(),
            projector_inbox,
            shutdown_rx.clone(),
        ));
        let router = receiver::router(
            shared.clone(),
            receiver::WebhookSecrets {
                app_secret: secrets.app_secret,
                verify_token: secrets.verify_token,
            },
            options.max_webhook_bytes,
            ingest_queue,
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
        let tasks = vec![
            server,
            tokio::spawn(sender::run(shared.clone(), shutdown_rx.clone())),
            tokio::spawn(media::run(shared.clone(), shutdown_rx.clone())),
            tokio::spawn(health::run(shared.clone(), shutdown_rx.clone())),
            tokio::spawn(pollers::templates(shared.clone(), shutdown_rx.clone())),
            tokio::spawn(pollers::status_audit(shared.clone(), shutdown_rx)),
            tokio::spawn(auto_replies::catch_up(shared.clone())),
            // Ends after the server: it drains what the receiver queued.
            ingest_writer,
            // Ends after the writer: it writes what the journal holds into the inbox.
            projector,
        ];
        tracing::info!("webhook receiver listening on http://{local_addr}/webhook");
        Ok(Self {
            shared,
            local_addr,
            shutdown,
            tasks,
            announcer,
            journal,
            journal_progress,
        })
    }

    /// Resolves once every webhook delivery acknowledged before the call is written into
    /// the inbox (the receiver answers Meta as soon as a delivery is in the journal).
    pub async fn ingest_caught_up(&self) {
        self.journal_progress.caught_up().await;
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

    pub async fn preferences(&self) -> Preferences {
        self.shared.preferences.read().await.clone()
    }

    /// Saves and applies new preferences; pollers pick up new intervals on their next
    /// round.
    pub async fn set_preferences(
        &self,
        preferences: Preferences,
    ) -> Result<Preferences, EngineError> {
        let preferences = preferences.normalized();
        self.shared
            .store
            .set_setting(PREFERENCES_SETTING, &preferences, now().0)
            .await?;
        *self.shared.preferences.write().await = preferences.clone();
        Ok(preferences)
    }

    /// `agent` opened the conversation: it is read for them, and (when enabled) the
    /// customer sees a read receipt.
    pub async fn mark_read(
        &self,
        conversation_id: ConversationId,
        agent: AgentId,
    ) -> Result<ConversationSummary, EngineError> {
        let summary = self
            .shared
            .store
            .mark_conversation_read(conversation_id, agent, now())
            .await?;
        self.shared
            .announce(Announcement::Conversation(conversation_id));
        if self.shared.preferences.read().await.send_read_receipts {
            self.notify_customer(conversation_id, false).await;
        }
        Ok(summary)
    }

    /// Shows "typing…" to the customer while an agent writes (with the read receipt
    /// WhatsApp ties it to), at most every 20 s per conversation.
    pub async fn typing(&self, conversation_id: ConversationId) {
        let preferences = self.shared.preferences.read().await.clone();
        if !(preferences.typing_indicator && preferences.send_read_receipts) {
            return;
        }
        {
            let mut shown = self
                .shared
                .typing_shown
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            let recent = shown
                .get(&conversation_id)
                .is_some_and(|at| at.elapsed() < Duration::from_secs(20));
            if recent {
                return;
            }
            shown.insert(conversation_id, Instant::now());
        }
        self.notify_customer(conversation_id, true).await;
    }

    /// Best effort: a lost read receipt or typing indicator is not worth an error.
    async fn notify_customer(&self, conversation_id: ConversationId, typing: bool) {
        let wamid = match self.shared.store.last_inbound_wamid(conversation_id).await {
            Ok(Some(wamid)) => wamid,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!("no read receipt: {e}");
                return;
            }
        };
        if let Err(e) = self
            .shared
            .client
            .mark_read(&self.shared.account.phone_number_id, &wamid, typing)
            .await
        {
            tracing::info!("read receipt not delivered: {e}");
        }
    }

    /// Runs every poller now (the "sync now" button): templates, number health, and the
    /// audit of sends that waited since `audit_at` minus ten minutes without a report.
    pub async fn sync_now(&self, audit_at: Timestamp) -> Result<usize, EngineError> {
        health::check_and_announce(&self.shared).await;
        let templates = pollers::sync_templates(&self.shared).await.err();
        pollers::record(&self.shared, pollers::TEMPLATES, templates).await;
        let audited = pollers::audit(&self.shared, audit_at).await;
        pollers::record(
            &self.shared,
            pollers::STATUS_AUDIT,
            audited.as_ref().err().cloned(),
        )
        .await;
        audited.map_err(EngineError::Invalid)
    }

    /// Tries a failed media download again now.
    pub async fn retry_media(&self, message_id: MessageId) -> Result<(), EngineError> {
        self.shared.store.retry_media(message_id, now()).await?;
        self.shared.wake_media.notify_one();
        self.shared
            .announce(Announcement::MessageUpdated(message_id));
        Ok(())
    }

    /// Points Meta's webhooks for this account at `public_base_url` + `/webhook`
    /// (`POST /{waba_id}/subscribed_apps`); Meta verifies the URL with the handshake first.
    pub async fn register_callback(&self, public_base_url: &str) -> Result<String, EngineError> {
        let url = format!(
            "{}{}",
            public_base_url.trim_end_matches('/'),
            receiver::WEBHOOK_PATH
        );
        self.shared
            .client
            .subscribe_callback(
                &self.shared.account.waba_id,
                &url,
                self.shared.verify_token.expose(),
            )
            .await?;
        Ok(url)
    }

    /// Stops receiving and sending; returns when the tasks have ended.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
        self.journal.close().await;
        // Every writer has stopped: let the announcer broadcast what they announced.
        self.shared.announce(Announcement::Stop);
        let _ = self.announcer.await;
    }
}
