//! Saving an account puts its secrets in the OS keyring and nowhere else: not in the
//! SQLite files (database, WAL, shared memory) and not in the logs, even after the
//! engine has run with them.
//!
//! Needs a Secret Service (the test script starts gnome-keyring in a private D-Bus
//! session); without one the test fails and says so.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use parley_core::AgentId;
use parley_core::account::{AccountSettings, Secret, SecretKind};
use parley_core::agent::SentBy;
use parley_engine::account::{self, SecretsUpdate};
use parley_engine::secrets::{KeyringSecrets, SecretStore, load_account_secrets};
use parley_engine::{Engine, EngineEvent, EngineOptions};
use parley_sim::{SimConfig, Simulator};
use parley_store::Store;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn saved_secrets_live_in_the_keyring_only() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("store");
    let service = format!("dev.parley.test.{}", std::process::id());
    let keyring: Arc<dyn SecretStore> = Arc::new(KeyringSecrets::new(service.clone()));
    if let Err(e) = keyring.set(SecretKind::VerifyToken, &Secret::new("probe")) {
        panic!(
            "this test needs the OS keyring (a Secret Service on the session bus); \
             run it through scripts/test, which starts one: {e}"
        );
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let sim = Simulator::start(SimConfig::demo(), listener)
        .await
        .expect("sim");
    let access_token = sim.config().access_token.expose().to_owned();
    let app_secret = sim.config().app_secret.expose().to_owned();
    let verify_token = format!("verify-{}-never-stored", std::process::id());

    let mut settings = AccountSettings::new(
        sim.config().phone_number_id.clone(),
        sim.config().waba_id.clone(),
    );
    settings.api_base_url = sim.base_url().to_owned();
    account::save(
        &store,
        keyring.clone(),
        settings,
        SecretsUpdate {
            access_token: Some(Secret::new(&access_token)),
            app_secret: Some(Secret::new(&app_secret)),
            verify_token: Some(Secret::new(&verify_token)),
        },
    )
    .await
    .expect("save");

    let stored = account::stored_secrets(keyring.clone())
        .await
        .expect("presence");
    assert!(stored.access_token && stored.app_secret && stored.verify_token);

    // Run the engine on what was saved: the secrets are used, logged about, and sent.
    let saved = account::load(&store)
        .await
        .expect("load")
        .expect("saved account");
    let secrets =
        load_account_secrets(keyring.as_ref(), |_| None).expect("all three in the keyring");
    assert_eq!(secrets.access_token.expose(), access_token);
    let engine = Engine::start(
        store.clone(),
        saved,
        secrets,
        EngineOptions {
            listen: "127.0.0.1:0".parse().expect("addr"),
            ..EngineOptions::default()
        },
    )
    .await
    .expect("engine");
    let mut events = engine.subscribe();
    sim.subscribe_webhook(&engine.webhook_url(), &verify_token)
        .await
        .expect("handshake");
    sim.customer_says("972501234567", "Dana", "hi");
    let conversation = loop {
        match tokio::time::timeout(Duration::from_secs(10), events.recv()).await {
            Ok(Ok(EngineEvent::MessageAdded(m))) => break m.conversation_id,
            Ok(Ok(_)) => continue,
            other => panic!("no inbound message: {other:?}"),
        }
    };
    engine
        .send_text(conversation, "hello back", SentBy::agent(AgentId(1)))
        .await
        .expect("send");
    sim.wait_for_deliveries().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    engine.shutdown().await;
    sim.shutdown().await;
    store.close().await;

    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir.path()).expect("data dir") {
        let path = entry.expect("entry").path();
        files.push((path.clone(), std::fs::read(&path).expect("read")));
    }
    assert!(
        files
            .iter()
            .any(|(p, _)| p.ends_with(parley_store::DATABASE_FILE))
    );
    let logs = logs.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
    assert!(!logs.is_empty(), "the engine logged something");
    for secret in [&access_token, &app_secret, &verify_token] {
        for (path, bytes) in &files {
            assert!(
                !contains(bytes, secret),
                "a secret is in {}",
                path.display()
            );
        }
        assert!(!contains(&logs, secret), "a secret is in the logs");
    }

    for kind in SecretKind::ACCOUNT {
        keyring
            .delete(kind)
            .expect("clean up the test's keyring entries");
    }
}
