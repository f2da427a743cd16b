//! The simulator and the engine wired together on loopback, as every test here needs.

use std::time::Duration;

use parley_core::AgentId;
use parley_core::account::{AccountSettings, Secret};
use parley_core::agent::SentBy;
use parley_core::health::ConnectionStatus;
use parley_core::message::Message;
use parley_core::status::DeliveryStatus;
use parley_engine::{AccountSecrets, Engine, EngineEvent, EngineOptions};
use parley_sim::{SimConfig, Simulator, Timings};
use parley_store::Store;
use tokio::sync::broadcast;

/// Who the tests' sends are from: the owner profile every inbox starts with.
pub fn by_owner() -> SentBy {
    SentBy::agent(AgentId(1))
}

pub const VERIFY_TOKEN: &str = "loopback-verify-token";
pub const DANA: &str = "972501234567";

pub struct Rig {
    pub dir: tempfile::TempDir,
    pub sim: Simulator,
    pub engine: Engine,
    pub events: broadcast::Receiver<EngineEvent>,
}

pub fn fast_sim() -> SimConfig {
    SimConfig {
        timings: Timings {
            sent: Duration::from_millis(30),
            delivered: Duration::from_millis(60),
            read: Duration::from_millis(90),
            customer_reply: Duration::from_secs(3600),
        },
        ..SimConfig::demo()
    }
}

pub async fn rig_with(account: impl FnOnce(&Simulator) -> (AccountSettings, Secret)) -> Rig {
    rig_with_options(account, EngineOptions::default()).await
}

pub async fn rig_with_options(
    account: impl FnOnce(&Simulator) -> (AccountSettings, Secret),
    options: EngineOptions,
) -> Rig {
    rig_with_sim(fast_sim(), account, options).await
}

pub async fn rig_with_sim(
    config: SimConfig,
    account: impl FnOnce(&Simulator) -> (AccountSettings, Secret),
    options: EngineOptions,
) -> Rig {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = start_sim(config).await;
    let (settings, token) = account(&sim);
    let engine = engine_on(&sim, dir.path(), settings, token, options).await;
    let events = engine.subscribe();
    sim.subscribe_webhook(&engine.webhook_url(), VERIFY_TOKEN)
        .await
        .expect("the engine answers Meta's handshake");
    Rig {
        dir,
        sim,
        engine,
        events,
    }
}

/// A simulator with `config` on a free loopback port.
pub async fn start_sim(config: SimConfig) -> Simulator {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    Simulator::start(config, listener).await.expect("sim")
}

/// An engine on the inbox in `dir`, using the simulator's Cloud API with `settings`. It
/// does not subscribe to the simulator's webhooks: call `Simulator::subscribe_webhook`.
pub async fn engine_on(
    sim: &Simulator,
    dir: &std::path::Path,
    settings: AccountSettings,
    access_token: Secret,
    options: EngineOptions,
) -> Engine {
    let store = Store::open_dir(dir).await.expect("store");
    Engine::start(
        store,
        settings,
        AccountSecrets {
            access_token,
            app_secret: sim.config().app_secret.clone(),
            verify_token: Secret::new(VERIFY_TOKEN),
        },
        EngineOptions {
            listen: "127.0.0.1:0".parse().expect("addr"),
            ..options
        },
    )
    .await
    .expect("engine")
}

pub fn sim_account(sim: &Simulator) -> (AccountSettings, Secret) {
    let config = sim.config();
    let mut settings = AccountSettings::new(config.phone_number_id.clone(), config.waba_id.clone());
    settings.api_base_url = sim.base_url().to_owned();
    (settings, config.access_token.clone())
}

pub async fn rig() -> Rig {
    rig_with(sim_account).await
}

/// The usual rig, with Meta's template review taking a moment instead of seconds, once
/// the engine's first template sync is done.
pub async fn template_rig() -> Rig {
    let config = SimConfig {
        template_review: Duration::from_millis(150),
        ..fast_sim()
    };
    let mut rig = rig_with_sim(config, sim_account, EngineOptions::default()).await;
    rig.next_event("the first template sync", |e| {
        matches!(e, EngineEvent::TemplatesChanged)
    })
    .await;
    rig
}

pub fn template(json: serde_json::Value) -> parley_core::template::TemplateDefinition {
    serde_json::from_value(json).expect("template JSON")
}

impl Rig {
    pub async fn next_event(
        &mut self,
        what: &str,
        mut matches: impl FnMut(&EngineEvent) -> bool,
    ) -> EngineEvent {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let event = tokio::time::timeout_at(deadline, self.events.recv())
                .await
                .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
                .expect("event stream open");
            if matches(&event) {
                return event;
            }
        }
    }

    /// The first connection status the health check reports.
    pub async fn connection(&mut self) -> ConnectionStatus {
        match self
            .next_event("a connection status", |e| {
                matches!(e, EngineEvent::Connection(_))
            })
            .await
        {
            EngineEvent::Connection(status) => status,
            _ => unreachable!(),
        }
    }

    pub async fn customer_message(&mut self, text: &str) -> Message {
        self.sim.customer_says(DANA, "Dana Levi", text);
        let wanted = text.to_owned();
        match self
            .next_event("the customer's message", |e| {
                matches!(e, EngineEvent::MessageAdded(m) if m.text.as_deref() == Some(wanted.as_str()))
            })
            .await
        {
            EngineEvent::MessageAdded(m) => m,
            _ => unreachable!(),
        }
    }

    pub async fn status_of(&mut self, message: &Message, wanted: DeliveryStatus) -> Message {
        let id = message.id;
        match self
            .next_event(&format!("status {wanted:?}"), |e| {
                matches!(e, EngineEvent::MessageUpdated(m) if m.id == id && m.status == Some(wanted))
            })
            .await
        {
            EngineEvent::MessageUpdated(m) => m,
            _ => unreachable!(),
        }
    }

    /// A conversation with Dana whose last message is 25 hours old: the window is closed,
    /// only templates may go.
    pub async fn closed_window(&mut self) -> parley_core::ConversationId {
        self.sim
            .customer_said(DANA, "Dana Levi", "thanks!", 25 * 3600);
        match self
            .next_event("the day-old message", |e| {
                matches!(e, EngineEvent::MessageAdded(_))
            })
            .await
        {
            EngineEvent::MessageAdded(m) => m.conversation_id,
            _ => unreachable!(),
        }
    }

    /// Messages in the inbox once every acknowledged delivery is written into it.
    pub async fn message_count(&self) -> usize {
        use futures::StreamExt;
        caught_up(&self.engine).await;
        self.engine.store().export_messages().count().await
    }

    /// The next message (added or updated) that `matches`.
    pub async fn message_where(
        &mut self,
        what: &str,
        mut matches: impl FnMut(&Message) -> bool,
    ) -> Message {
        match self
            .next_event(what, |e| {
                matches!(e, EngineEvent::MessageAdded(m) | EngineEvent::MessageUpdated(m) if matches(m))
            })
            .await
        {
            EngineEvent::MessageAdded(m) | EngineEvent::MessageUpdated(m) => m,
            _ => unreachable!(),
        }
    }

    pub async fn shutdown(self) {
        self.engine.shutdown().await;
        self.sim.shutdown().await;
    }
}

/// Waits until every acknowledged webhook delivery is in the inbox; a test that waits
/// longer than this has found a projector that stopped.
pub async fn caught_up(engine: &Engine) {
    tokio::time::timeout(
        std::time::Duration::from_secs(20),
        engine.ingest_caught_up(),
    )
    .await
    .expect("the inbox caught up with the webhook journal");
}
