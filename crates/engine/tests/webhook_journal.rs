//! The receiver's journal and group commit: concurrent deliveries are committed to the
//! journal together and each answered once; the inbox is written from the journal,
//! whatever it could not take is kept as received, and what the journal holds after a
//! stop, a refused write or a burst too big to buffer still reaches the inbox.

use std::collections::HashSet;
use std::str::FromStr as _;
use std::time::Duration;

use futures::StreamExt as _;

use parley_core::Timestamp;
use parley_core::account::{AccountSettings, Secret};
use parley_engine::{AccountSecrets, Engine, EngineEvent, EngineOptions};
use parley_store::{DATABASE_FILE, JOURNAL_FILE, Journal, Store};
use parley_whatsapp::signature;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions as _, SqliteConnection};

const APP_SECRET: &str = "group-commit-app-secret";
const PHONE_NUMBER_ID: &str = "106540352242922";

async fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = engine_in(&dir).await;
    (dir, engine)
}

async fn engine_in(dir: &tempfile::TempDir) -> Engine {
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
    Engine::start(store, account, secrets, options)
        .await
        .expect("engine")
}

async fn caught_up(engine: &Engine) {
    tokio::time::timeout(Duration::from_secs(20), engine.ingest_caught_up())
        .await
        .expect("the inbox caught up with the journal");
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
    connect(dir, DATABASE_FILE).await
}

async fn connect(dir: &tempfile::TempDir, file: &str) -> SqliteConnection {
    SqliteConnectOptions::from_str("sqlite://")
        .expect("options")
        .filename(dir.path().join(file))
        .connect()
        .await
        .expect("connect")
}

async fn count(conn: &mut SqliteConnection, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(conn)
        .await
        .expect("count")
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

    // Acknowledged means journaled: every delivery is in the journal or the inbox already.
    let mut journal = connect(&dir, JOURNAL_FILE).await;
    let mut conn = side_connection(&dir).await;
    let journaled = count(&mut journal, "SELECT count(*) FROM deliveries").await;
    let through = count(
        &mut conn,
        "SELECT projected_through FROM webhook_journal_state",
    )
    .await;
    let last = count(&mut journal, "SELECT seq FROM sqlite_sequence").await;
    assert_eq!(last, DELIVERIES as i64, "one journal id per delivery");
    assert!(
        journaled >= last - through,
        "{journaled} journaled, written through {through} of {last}"
    );

    caught_up(&engine).await;
    let stored = count(&mut conn, "SELECT count(*) FROM messages").await;
    assert_eq!(stored, DELIVERIES as i64);

    // Every written message is announced once: none lost, none twice.
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

    // Meta redelivers: acknowledged again, stored once; the journal drops what the
    // inbox holds.
    let again = deliver(&client, &url, body("wamid.c7", "972507", "שלום")).await;
    assert_eq!(again, reqwest::StatusCode::OK);
    caught_up(&engine).await;
    let stored = count(&mut conn, "SELECT count(*) FROM messages").await;
    assert_eq!(stored, DELIVERIES as i64);
    let journaled = count(&mut journal, "SELECT count(*) FROM deliveries").await;
    assert!(journaled <= 1, "{journaled} deliveries left in the journal");
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_the_inbox_cannot_take_is_kept_as_received_and_the_others_are_written() {
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
    // In the journal, so Meta need not send it again: a retry would fail the same way.
    assert!(
        answers.iter().all(|s| *s == reqwest::StatusCode::OK),
        "{answers:?}"
    );
    caught_up(&engine).await;
    for wamid in &wamids {
        assert_eq!(
            stored(&mut conn, wamid).await,
            wamid != "wamid.poison",
            "{wamid}"
        );
    }
    let kept: Vec<String> =
        sqlx::query_scalar("SELECT payload FROM webhook_events WHERE field = ?1")
            .bind(parley_store::UNWRITTEN_DELIVERY)
            .fetch_all(&mut conn)
            .await
            .expect("kept");
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        kept[0],
        body("wamid.poison", "972501", "hi"),
        "the bytes as received"
    );
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_the_journal_cannot_take_gets_503_and_nothing_is_stored() {
    let (dir, engine) = engine().await;
    let mut journal = connect(&dir, JOURNAL_FILE).await;
    sqlx::query(
        "CREATE TRIGGER refuse BEFORE INSERT ON deliveries
         BEGIN SELECT RAISE(ABORT, 'disk trouble'); END",
    )
    .execute(&mut journal)
    .await
    .expect("trigger");
    let url = engine.webhook_url();
    let client = reqwest::Client::new();
    let refused = deliver(&client, &url, body("wamid.r1", "972501", "hi")).await;
    assert_eq!(refused, reqwest::StatusCode::SERVICE_UNAVAILABLE);
    caught_up(&engine).await;
    let mut conn = side_connection(&dir).await;
    assert!(!stored(&mut conn, "wamid.r1").await);

    // Meta retries; once the cause is gone the delivery is stored.
    sqlx::query("DROP TRIGGER refuse")
        .execute(&mut journal)
        .await
        .expect("drop");
    let retried = deliver(&client, &url, body("wamid.r1", "972501", "hi")).await;
    assert_eq!(retried, reqwest::StatusCode::OK);
    caught_up(&engine).await;
    assert!(stored(&mut conn, "wamid.r1").await);
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_journal_holds_at_start_is_written_into_the_inbox() {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = engine_in(&dir).await;
    let client = reqwest::Client::new();
    let first = deliver(
        &client,
        &engine.webhook_url(),
        body("wamid.s0", "972501", "hi"),
    )
    .await;
    assert_eq!(first, reqwest::StatusCode::OK);
    engine.shutdown().await;

    // As a crash leaves it: acknowledged deliveries in the journal, not in the inbox.
    let store = Store::open_dir(dir.path()).await.expect("store");
    let journal = Journal::open_beside(&store).await.expect("journal");
    let left = [
        body("wamid.s1", "972502", "first"),
        body("wamid.s0", "972501", "hi"),
        body("wamid.s2", "972502", "second"),
    ];
    let appended: Vec<(&[u8], Timestamp)> = left
        .iter()
        .map(|b| (b.as_bytes(), Timestamp(1_750_000_000_000)))
        .collect();
    journal.append(&appended, None).await.expect("append");
    journal.close().await;
    store.close().await;

    let engine = engine_in(&dir).await;
    caught_up(&engine).await;
    let mut conn = side_connection(&dir).await;
    for wamid in ["wamid.s0", "wamid.s1", "wamid.s2"] {
        assert!(stored(&mut conn, wamid).await, "{wamid}");
    }
    let messages = count(&mut conn, "SELECT count(*) FROM messages").await;
    assert_eq!(messages, 3, "the redelivered wamid.s0 is stored once");
    engine.shutdown().await;

    // The next start drops what the inbox holds, and writes nothing twice.
    let engine = engine_in(&dir).await;
    caught_up(&engine).await;
    let mut journal = connect(&dir, JOURNAL_FILE).await;
    assert_eq!(
        count(&mut journal, "SELECT count(*) FROM deliveries").await,
        0
    );
    assert_eq!(count(&mut conn, "SELECT count(*) FROM messages").await, 3);
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_the_store_refuses_is_written_once_it_can_be() {
    let (dir, engine) = engine().await;
    let mut events = engine.subscribe();
    let mut conn = side_connection(&dir).await;
    sqlx::query(
        "CREATE TRIGGER refuse BEFORE UPDATE ON webhook_journal_state
         BEGIN SELECT RAISE(ABORT, 'database trouble'); END",
    )
    .execute(&mut conn)
    .await
    .expect("trigger");
    let url = engine.webhook_url();
    let client = reqwest::Client::new();
    for i in 0..5 {
        let answer = deliver(&client, &url, body(&format!("wamid.g{i}"), "972501", "hi")).await;
        assert_eq!(
            answer,
            reqwest::StatusCode::OK,
            "journaled, so acknowledged"
        );
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(count(&mut conn, "SELECT count(*) FROM messages").await, 0);

    sqlx::query("DROP TRIGGER refuse")
        .execute(&mut conn)
        .await
        .expect("drop");
    caught_up(&engine).await;
    assert_eq!(count(&mut conn, "SELECT count(*) FROM messages").await, 5);
    let mut added = 0;
    while added < 5 {
        match tokio::time::timeout(Duration::from_secs(10), events.recv()).await {
            Ok(Ok(EngineEvent::MessageAdded(_))) => added += 1,
            Ok(Ok(_)) => {}
            other => panic!("announcements stopped after {added}: {other:?}"),
        }
    }
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_bigger_than_the_buffer_is_read_back_from_the_journal() {
    let (dir, engine) = engine().await;
    // Holding the inbox's write lock stops the projector, so the burst piles up beyond
    // what it buffers in memory.
    let mut blocker = side_connection(&dir).await;
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut blocker)
        .await
        .expect("lock");
    let url = engine.webhook_url();
    let client = reqwest::Client::new();
    const DELIVERIES: usize = 5_000;
    let answers: Vec<reqwest::StatusCode> = futures::stream::iter(0..DELIVERIES)
        .map(|i| {
            let body = body(&format!("wamid.b{i}"), &format!("97250{}", i % 100), "שלום");
            deliver(&client, &url, body)
        })
        .buffer_unordered(32)
        .collect()
        .await;
    assert!(answers.iter().all(|s| *s == reqwest::StatusCode::OK));
    sqlx::query("ROLLBACK")
        .execute(&mut blocker)
        .await
        .expect("unlock");

    let mut conn = side_connection(&dir).await;
    caught_up(&engine).await;
    let stored = count(&mut conn, "SELECT count(*) FROM messages").await;
    assert_eq!(stored, DELIVERIES as i64);
    let distinct = count(&mut conn, "SELECT count(DISTINCT wamid) FROM messages").await;
    assert_eq!(distinct, DELIVERIES as i64);
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_deliveries_stop_the_journal_drops_what_the_inbox_holds() {
    let (dir, engine) = engine().await;
    let client = reqwest::Client::new();
    for i in 0..3 {
        let body = body(&format!("wamid.i{i}"), "972501", "hi");
        let answer = deliver(&client, &engine.webhook_url(), body).await;
        assert_eq!(answer, reqwest::StatusCode::OK);
    }
    caught_up(&engine).await;
    let mut journal = connect(&dir, JOURNAL_FILE).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let held = count(&mut journal, "SELECT count(*) FROM deliveries").await;
        if held == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{held} written deliveries still in the journal with no traffic"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut conn = side_connection(&dir).await;
    assert_eq!(count(&mut conn, "SELECT count(*) FROM messages").await, 3);
    engine.shutdown().await;
}
