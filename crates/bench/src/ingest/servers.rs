//! The two servers the load is sent to: the real receiver and a bare axum server, both on
//! the harness's runtime.

use std::net::SocketAddr;
use std::str::FromStr as _;

use anyhow::Context as _;
use axum::Router;
use axum::body::Bytes;
use axum::routing::post;
use parley_core::account::{AccountSettings, Secret};
use parley_engine::{AccountSecrets, Engine, EngineOptions};
use parley_store::Store;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions as _, Connection as _};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::deliveries::{APP_SECRET, PHONE_NUMBER_ID, WABA_ID, wamid_prefix};

fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The ceiling: HTTP on the same runtime, reading the body and answering 200.
pub struct BareServer {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

async fn acknowledge(_delivery: Bytes) -> &'static str {
    "EVENT_RECEIVED"
}

impl BareServer {
    pub async fn start() -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind(loopback()).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let router = Router::new().route("/webhook", post(acknowledge));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Self { addr, stop, task })
    }

    pub fn url(&self) -> String {
        format!("http://{}/webhook", self.addr)
    }

    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// The engine as `parley serve` runs it, with a fresh store in a temporary directory.
pub struct Receiver {
    dir: tempfile::TempDir,
    store: Store,
    engine: Engine,
}

impl Receiver {
    pub async fn start() -> anyhow::Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("parley-bench-ingest")
            .tempdir_in(std::env::temp_dir())?;
        let store = Store::open_dir(dir.path()).await?;
        let account = AccountSettings {
            // Nothing answers here: the pollers fail quietly and send nothing.
            api_base_url: "http://127.0.0.1:9".to_owned(),
            ..AccountSettings::new(PHONE_NUMBER_ID, WABA_ID)
        };
        let secrets = AccountSecrets {
            access_token: Secret::new("bench-access-token"),
            app_secret: Secret::new(APP_SECRET),
            verify_token: Secret::new("bench-verify-token"),
        };
        let options = EngineOptions {
            listen: loopback(),
            ..EngineOptions::default()
        };
        let engine = Engine::start(store.clone(), account, secrets, options)
            .await
            .context("starting the engine")?;
        Ok(Self { dir, store, engine })
    }

    pub fn url(&self) -> String {
        self.engine.webhook_url()
    }

    async fn count(&self, sql: &str, bind: Option<String>) -> anyhow::Result<u64> {
        let path = self.dir.path().join(parley_store::DATABASE_FILE);
        let mut conn = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .read_only(true)
            .connect()
            .await?;
        let query = sqlx::query_scalar::<_, i64>(sql);
        let query = match bind {
            Some(value) => query.bind(value),
            None => query,
        };
        let count = query.fetch_one(&mut conn).await?;
        conn.close().await?;
        Ok(u64::try_from(count)?)
    }

    /// Resolves once the inbox holds every delivery acknowledged so far.
    pub async fn caught_up(&self) {
        self.engine.ingest_caught_up().await;
    }

    /// Messages and statuses of `run` in the store, counted by a connection of its own.
    pub async fn stored(&self, run: &str) -> anyhow::Result<(u64, u64)> {
        let pattern = format!("{}%", wamid_prefix(run));
        let messages = self
            .count(
                "SELECT count(*) FROM messages WHERE wamid LIKE ?1",
                Some(pattern.clone()),
            )
            .await?;
        let statuses = self
            .count(
                "SELECT count(*) FROM message_statuses WHERE wamid LIKE ?1",
                Some(pattern),
            )
            .await?;
        Ok((messages, statuses))
    }

    pub async fn total_messages(&self) -> anyhow::Result<u64> {
        self.count("SELECT count(*) FROM messages", None).await
    }

    pub async fn stop(self) {
        self.engine.shutdown().await;
        self.store.close().await;
        drop(self.dir);
    }
}
