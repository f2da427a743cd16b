//! The receiver's group commit: concurrent deliveries are committed together, each is
//! answered once, and one that cannot be stored gets its 503 alone.

use std::collections::HashSet;
use std::str::FromStr as _;
use std::time::Duration;

use parley_core::account::{AccountSettings, Secret};
use parley_engine::{AccountSecrets, Engine, EngineEvent, EngineOptions};
use parley_store::{DATABASE_FILE, Store};
use parley_whatsapp::signature;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions as _, SqliteConnection};

const APP_SECRET: &str = "group-commit-app-secret";
const PHONE_NUMBER_ID: &str = "106540352242922";

async fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("store");
    let account = AccountSettings {
        // Nothing listens: the pollers fail quietly, nothing here sends.
        api_base_url: "http://127.0.0.1:9".to_owned(),
        ..AccountSettings::new(PHONE_NUMBER_ID, "102290129340398")
    };
    let secrets = AccountSecrets {
        access_token: Secret::new("token"),
        app_secret: Secret::new(APP_SECRET),
        verify_token: Secret::new("verify"),
    };
    let options = EngineOptions {
        listen: "127.0.0.1:0".parse().expect("addr"),
        ..EngineOptions::default()
    };
    let engine = Engine::start(store, account, secrets, options)
        .await
        .expect("engine");
    (dir, engine)
}

fn body(wamid: &str, wa_id: &str, text: &str) -> String {
    serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550051234", "phone_number_id": PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": "Customer"}, "wa_id": wa_id}],
            "messages": [{"from": wa_id, "id": wamid, "timestamp": "1750000000",
                          "type": "text", "text": {"body": text}}]
        }}]}]
    })
    .to_string()
}

async fn deliver(client: &reqwest::Client, url: &str, body: String) -> reqwest::StatusCode {
    let signed = signature::sign(APP_SECRET.as_bytes(), body.as_bytes()).expect("sign");
    client
        .post(url)
        .header(signature::SIGNATURE_HEADER, signed)
        .body(body)
        .send()
        .await
        .expect("answered")
        .status()
}

async fn side_connection(dir: &tempfile::TempDir) -> SqliteConnection {
    SqliteConnectOptions::from_str("sqlite://")
        .expect("options")
        .filename(dir.path().join(DATABASE_FILE))
        .connect()
        .await
        .expect("connect")
}

async fn stored(conn: &mut SqliteConnection, wamid: &str) -> bool {
    sqlx::query_scalar::<_, i64>("SELECT count(*) FROM messages WHERE wamid = ?1")
        .bind(wamid)
        .fetch_one(conn)
        .await
        .expect("count")
        == 1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_deliveries_are_all_stored_and_each_acknowledged_once() {
    let (dir, engine) = engine().await;
    let mut events = engine.subscribe();
    let url = engine.webhook_url();
    let client = reqwest::Client::new();
    const DELIVERIES: usize = 300;
    let answers = futures::future::join_all((0..DELIVERIES).map(|i| {
        let body = body(&format!("wamid.c{i}"), &format!("97250{}", i % 40), "שלום");
        deliver(&client, &url, body)
    }))
    .await;
    assert!(
        answers.iter().all(|s| *s == reqwest::StatusCode::OK),
        "{answers:?}"
    );

    let mut conn = side_connection(&dir).await;
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM messages")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(count, DELIVERIES as i64);

    // Every committed message is announced once: none lost, none twice.
    let mut added = HashSet::new();
    while added.len() < DELIVERIES {
        match tokio::time::timeout(Duration::from_secs(10), events.recv()).await {
            Ok(Ok(EngineEvent::MessageAdded(message))) => {
                assert!(added.insert(message.id), "{:?} announced twice", message.id);
            }
            Ok(Ok(_)) => {}
            other => panic!("announcements stopped after {}: {other:?}", added.len()),
        }
    }

    // Meta redelivers: acknowledged again, stored once.
    let again = deliver(&client, &url, body("wamid.c7", "972507", "שלום")).await;
    assert_eq!(again, reqwest::StatusCode::OK);
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM messages")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(count, DELIVERIES as i64);
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_that_cannot_be_stored_gets_503_and_the_others_commit() {
    let (dir, engine) = engine().await;
    let mut conn = side_connection(&dir).await;
    sqlx::query(
        "CREATE TRIGGER poison BEFORE INSERT ON messages WHEN NEW.wamid = 'wamid.poison'
         BEGIN SELECT RAISE(ABORT, 'poisoned delivery'); END",
    )
    .execute(&mut conn)
    .await
    .expect("trigger");
    let url = engine.webhook_url();
    let client = reqwest::Client::new();
    let wamids: Vec<String> = (0..64)
        .map(|i| {
            if i == 20 {
                "wamid.poison".to_owned()
            } else {
                format!("wamid.p{i}")
            }
        })
        .collect();
    let answers = futures::future::join_all(
        wamids
            .iter()
            .map(|w| deliver(&client, &url, body(w, "972501", "hi"))),
    )
    .await;
    for (wamid, answer) in wamids.iter().zip(&answers) {
        if wamid == "wamid.poison" {
            assert_eq!(*answer, reqwest::StatusCode::SERVICE_UNAVAILABLE);
            assert!(!stored(&mut conn, wamid).await);
        } else {
            assert_eq!(*answer, reqwest::StatusCode::OK, "{wamid}");
            assert!(
                stored(&mut conn, wamid).await,
                "{wamid} acknowledged but missing"
            );
        }
    }

    // Meta retries; once the cause is gone the delivery is stored.
    sqlx::query("DROP TRIGGER poison")
        .execute(&mut conn)
        .await
        .expect("drop");
    let retried = deliver(&client, &url, body("wamid.poison", "972501", "hi")).await;
    assert_eq!(retried, reqwest::StatusCode::OK);
    assert!(stored(&mut conn, "wamid.poison").await);
    engine.shutdown().await;
}
