//! Full-text search and jumping to a result, against a real SQLite file.

use parley_core::agent::SentBy;
use parley_core::content::MessageContent;
use parley_core::media::{Media, MediaKind};
use parley_core::message::{Direction, KIND_TEXT};
use parley_core::search::{Highlighted, MessageHit};
use parley_core::{AgentId, ConversationId, MessageId, Timestamp};
use parley_store::{InboundRecord, IngestBatch, Outbound, Quoting, Store, StoreError};

const T0: i64 = 1_750_000_000_000;
const MINUTE: i64 = 60_000;

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    (dir, store)
}

fn text(body: &str) -> MessageContent {
    MessageContent::Text {
        body: body.into(),
        preview_url: false,
    }
}

fn record(wamid: &str, wa_id: &str, content: MessageContent, at: i64) -> InboundRecord {
    InboundRecord {
        wamid: wamid.into(),
        wa_id: wa_id.into(),
        user_id: None,
        profile_name: Some(format!("Customer {wa_id}")),
        kind: content.api_type().to_owned(),
        content,
        edited: None,
        context: None,
        referral: None,
        sent_at: Timestamp(at),
        payload: "{}".into(),
    }
}

async fn ingest(store: &Store, records: Vec<InboundRecord>) {
    store
        .ingest(
            &IngestBatch {
                inbound: records,
                ..IngestBatch::default()
            },
            Timestamp(T0),
        )
        .await
        .expect("ingest");
}

/// One customer writes each of `bodies`, a minute apart.
async fn customer_writes(store: &Store, wa_id: &str, bodies: &[&str]) {
    let records = bodies
        .iter()
        .enumerate()
        .map(|(i, body)| {
            record(
                &format!("w.{wa_id}.{i}"),
                wa_id,
                text(body),
                T0 + i as i64 * MINUTE,
            )
        })
        .collect();
    ingest(store, records).await;
}

async fn messages_found(store: &Store, query: &str) -> Vec<MessageHit> {
    store.search(query, 50).await.expect("search").messages
}

/// The message texts a search finds, best first.
async fn found(store: &Store, query: &str) -> Vec<String> {
    let mut out = Vec::new();
    for hit in messages_found(store, query).await {
        let message = store.message(hit.message_id).await.expect("message");
        out.push(message.text.unwrap_or_default());
    }
    out
}

/// What each highlight range covers, sliced by UTF-16 units as JavaScript will.
fn covered(h: &Highlighted) -> Vec<String> {
    let units: Vec<u16> = h.text.encode_utf16().collect();
    h.ranges
        .iter()
        .map(|r| String::from_utf16_lossy(&units[r.start as usize..r.end as usize]))
        .collect()
}

#[tokio::test]
async fn hebrew_is_found_with_or_without_points() {
    let (_dir, store) = store().await;
    customer_writes(&store, "972501", &["אמרתי שָׁלוֹם לכולם", "ביום שלישי"]).await;
    assert_eq!(found(&store, "שלום").await, ["אמרתי שָׁלוֹם לכולם"]);
    assert_eq!(found(&store, "שָׁלוֹם").await, ["אמרתי שָׁלוֹם לכולם"]);
    let hit = &messages_found(&store, "שלום").await[0];
    assert_eq!(covered(&hit.snippet), ["שָׁלוֹם"]);
    assert_eq!(hit.snippet.text, "אמרתי שָׁלוֹם לכולם");
}

#[tokio::test]
async fn arabic_is_found_across_harakat_tatweel_and_alef_forms() {
    let (_dir, store) = store().await;
    customer_writes(
        &store,
        "966501",
        &["قال مَرْحَبًا يا صديقي", "أهلا وسهلا", "جميـــل جدا"],
    )
    .await;
    assert_eq!(found(&store, "مرحبا").await, ["قال مَرْحَبًا يا صديقي"]);
    assert_eq!(
        found(&store, "مَرْحَبًا").await,
        ["قال مَرْحَبًا يا صديقي"],
        "harakat in the query are ignored too"
    );
    assert_eq!(found(&store, "اهلا").await, ["أهلا وسهلا"]);
    assert_eq!(found(&store, "جميل").await, ["جميـــل جدا"]);
    let hit = &messages_found(&store, "مرحبا").await[0];
    assert_eq!(covered(&hit.snippet), ["مَرْحَبًا"]);
}

#[tokio::test]
async fn hebrew_and_arabic_words_are_found_behind_their_prefixes() {
    let (_dir, store) = store().await;
    customer_writes(
        &store,
        "972502",
        &[
            "מתי ההזמנה שלי תגיע?",
            "ובהזמנה הבאה",
            "زمنה",
            "متى سيصل طلبي؟",
            "أين وطلبي",
            "هل لديكم الحذاء الأزرق",
            "حذاء جديد",
        ],
    )
    .await;
    // "the order", "and in the order": the word people type is "order".
    let mut hebrew = found(&store, "הזמנה").await;
    hebrew.sort();
    assert_eq!(hebrew, ["ובהזמנה הבאה", "מתי ההזמנה שלי תגיע?"]);
    let hit = &messages_found(&store, "הזמנה").await;
    let marked: Vec<Vec<String>> = hit.iter().map(|h| covered(&h.snippet)).collect();
    assert!(marked.contains(&vec!["ההזמנה".to_owned()]), "{marked:?}");

    let mut orders = found(&store, "طلبي").await;
    orders.sort();
    assert_eq!(orders, ["أين وطلبي", "متى سيصل طلبي؟"]);
    // With or without the article.
    let mut shoes = found(&store, "حذاء").await;
    shoes.sort();
    assert_eq!(shoes, ["حذاء جديد", "هل لديكم الحذاء الأزرق"]);
    assert_eq!(found(&store, "الحذاء").await.len(), 2);
}

#[tokio::test]
async fn cyrillic_yo_and_ye_find_each_other() {
    let (_dir, store) = store().await;
    customer_writes(
        &store,
        "79161234567",
        &["Купили ёлку", "Зелёный чай", "мой дом"],
    )
    .await;
    assert_eq!(found(&store, "елку").await, ["Купили ёлку"]);
    assert_eq!(found(&store, "ЁЛКУ").await, ["Купили ёлку"]);
    assert_eq!(found(&store, "зеленый").await, ["Зелёный чай"]);
    assert_eq!(
        found(&store, "мои").await,
        Vec::<String>::new(),
        "й stays й"
    );
}

/// Decision: Estonian õ ä ö ü fold to o a o u (SQLite's remove_diacritics 2), as for
/// every Latin accent: people type "Parnu" on keyboards without them, and the few words
/// this confuses are a small price in a search box.
#[tokio::test]
async fn estonian_letters_match_with_or_without_their_marks() {
    let (_dir, store) = store().await;
    customer_writes(
        &store,
        "37251234567",
        &["Tõnu tuleb Pärnusse", "Öö oli külm"],
    )
    .await;
    assert_eq!(found(&store, "tonu").await, ["Tõnu tuleb Pärnusse"]);
    assert_eq!(found(&store, "TÕNU").await, ["Tõnu tuleb Pärnusse"]);
    assert_eq!(found(&store, "parnusse").await, ["Tõnu tuleb Pärnusse"]);
    assert_eq!(found(&store, "oo kulm").await, ["Öö oli külm"]);
    let hit = &messages_found(&store, "tonu").await[0];
    assert_eq!(covered(&hit.snippet), ["Tõnu"]);
}

#[tokio::test]
async fn the_last_word_matches_as_a_prefix_and_every_word_must_match() {
    let (_dir, store) = store().await;
    customer_writes(
        &store,
        "972501",
        &["red shoes please", "red hat", "blue shoes", "shoelaces"],
    )
    .await;
    assert_eq!(found(&store, "red sho").await, ["red shoes please"]);
    let mut shoe = found(&store, "shoe").await;
    shoe.sort();
    assert_eq!(shoe, ["blue shoes", "red shoes please", "shoelaces"]);
    assert_eq!(
        found(&store, "sho red").await,
        Vec::<String>::new(),
        "only the last word is a prefix"
    );
}

#[tokio::test]
async fn text_that_looks_like_search_syntax_is_just_text() {
    let (_dir, store) = store().await;
    customer_writes(
        &store,
        "972501",
        &["cats and dogs", "say \"hi\" now", "a-b test", "not here"],
    )
    .await;
    for query in [
        "\"",
        "*",
        "-",
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "NEAR(a b)",
        "\"unbalanced",
        "text:cats",
        "^cats",
        "{text}: cats",
        "cats*dogs",
        "a OR b",
        "cats NOT dogs",
        "'",
        "\\",
        "+",
        ":",
        "-cats",
        "()",
        "\"\"",
        "*cats",
        "cats -dogs",
        "NEAR",
        "\u{0}",
        "\u{E000}cats\u{E001}",
    ] {
        store
            .search(query, 10)
            .await
            .unwrap_or_else(|e| panic!("{query:?} failed: {e}"));
    }
    assert_eq!(found(&store, "AND").await, ["cats and dogs"]);
    assert_eq!(found(&store, "cats NOT dogs").await, Vec::<String>::new());
    assert_eq!(found(&store, "\"hi\"").await, ["say \"hi\" now"]);
    assert_eq!(found(&store, "a-b").await, ["a-b test"]);
}

#[tokio::test]
async fn blank_queries_find_nothing() {
    let (_dir, store) = store().await;
    customer_writes(&store, "972501", &["anything"]).await;
    for query in ["", "   ", "\n\t", "\"\"", "* - ("] {
        let results = store.search(query, 10).await.expect("search");
        assert!(
            results.messages.is_empty() && results.contacts.is_empty(),
            "{query:?}"
        );
    }
}

#[tokio::test]
async fn highlights_are_utf16_ranges_over_the_original_text() {
    let (_dir, store) = store().await;
    customer_writes(&store, "972501", &["👋🏽 קנינו ёлку и ЁЛКУ 🎄 today"]).await;
    let hit = &messages_found(&store, "елку").await[0];
    assert_eq!(covered(&hit.snippet), ["ёлку", "ЁЛКУ"]);
    assert_eq!(
        hit.snippet.ranges[0].start, 11,
        "emoji count as UTF-16 units"
    );
    assert!(!hit.snippet.cut_before && !hit.snippet.cut_after);
}

#[tokio::test]
async fn long_messages_show_an_excerpt_around_the_match() {
    let (_dir, store) = store().await;
    let long = format!(
        "{} needle {}",
        "שָׁלוֹם עולם ".repeat(30),
        "more words ".repeat(30)
    );
    customer_writes(&store, "972501", &[&long]).await;
    let hit = &messages_found(&store, "needle").await[0];
    assert!(hit.snippet.cut_before && hit.snippet.cut_after);
    assert_eq!(covered(&hit.snippet), ["needle"]);
    assert!(hit.snippet.text.chars().count() < 150);
}

#[tokio::test]
async fn results_carry_their_thread_and_contact_and_rank_recent_first_on_ties() {
    let (_dir, store) = store().await;
    customer_writes(
        &store,
        "972501",
        &["order 1001 shipped", "order 1001 shipped"],
    )
    .await;
    let hits = messages_found(&store, "shipped").await;
    assert_eq!(hits.len(), 2);
    assert!(
        hits[0].timestamp > hits[1].timestamp,
        "newer first among equals"
    );
    assert_eq!(hits[0].contact.display_name, "Customer 972501");
    assert_eq!(hits[0].direction, Direction::Inbound);
    assert_eq!(hits[0].kind, KIND_TEXT);
    let thread = store
        .thread(hits[0].conversation_id, None, 10)
        .await
        .expect("thread");
    assert!(thread.iter().any(|m| m.id == hits[0].message_id));

    assert_eq!(
        store
            .search("shipped", 1)
            .await
            .expect("search")
            .messages
            .len(),
        1
    );
}

#[tokio::test]
async fn equally_good_matches_cut_by_the_limit_keep_the_newest() {
    let (_dir, store) = store().await;
    let bodies = ["parcel left the depot"; 5];
    customer_writes(&store, "972502", &bodies).await;
    let all = messages_found(&store, "depot").await;
    assert_eq!(all.len(), 5);
    let newest: Vec<MessageId> = all.iter().take(2).map(|hit| hit.message_id).collect();
    assert!(all[0].timestamp > all[1].timestamp && all[1].timestamp > all[2].timestamp);

    let cut = store.search("depot", 2).await.expect("search").messages;
    let kept: Vec<MessageId> = cut.iter().map(|hit| hit.message_id).collect();
    assert_eq!(kept, newest, "the limit keeps the newest of equal matches");
}

#[tokio::test]
async fn captions_and_replies_are_indexed_but_reactions_are_not() {
    let (_dir, store) = store().await;
    let photo = MessageContent::Media {
        media: Media {
            kind: MediaKind::Image,
            id: Some("m1".into()),
            mime_type: Some("image/jpeg".into()),
            sha256: None,
            size: None,
            filename: None,
            caption: Some("the blue sofa".into()),
            animated: false,
        },
    };
    ingest(&store, vec![record("w.photo", "972501", photo, T0)]).await;
    let hits = messages_found(&store, "sofa").await;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].kind, "image");

    let conversation = hits[0].conversation_id;
    let reply = store
        .enqueue(
            &Outbound {
                conversation_id: conversation,
                content: &text("Sofa reserved for you"),
                quoting: Quoting::default(),
                file: None,
                payload: "{}",
                sent_by: &SentBy::agent(AgentId(1)),
            },
            Timestamp(T0 + MINUTE),
        )
        .await
        .expect("enqueue");
    let hits = messages_found(&store, "reserved").await;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].message_id, reply.id);
    assert_eq!(hits[0].direction, Direction::Outbound);

    let reaction = MessageContent::Reaction {
        target_wamid: "w.photo".into(),
        emoji: Some("sofa".into()),
    };
    ingest(
        &store,
        vec![record("w.react", "972501", reaction, T0 + 2 * MINUTE)],
    )
    .await;
    assert_eq!(
        messages_found(&store, "sofa").await.len(),
        2,
        "not the reaction"
    );
}

fn edit(wamid: &str, original: &str, body: &str, at: i64) -> InboundRecord {
    let mut r = record(
        wamid,
        "972501",
        MessageContent::Edit {
            original_wamid: original.into(),
        },
        at,
    );
    r.edited = Some(text(body));
    r
}

fn revoke(wamid: &str, original: &str, at: i64) -> InboundRecord {
    let content = MessageContent::Revoke {
        original_wamid: original.into(),
    };
    record(wamid, "972501", content, at)
}

#[tokio::test]
async fn edits_and_deletions_update_the_index() {
    let (dir, store) = store().await;
    customer_writes(&store, "972501", &["size 38 please", "delete me soon"]).await;
    ingest(
        &store,
        vec![edit("w.e", "w.972501.0", "size 39 please", T0 + 5 * MINUTE)],
    )
    .await;
    assert_eq!(found(&store, "38").await, Vec::<String>::new());
    assert_eq!(found(&store, "39").await, ["size 39 please"]);
    assert_eq!(
        messages_found(&store, "please").await.len(),
        1,
        "the edit itself is not a result"
    );

    ingest(&store, vec![revoke("w.r", "w.972501.1", T0 + 6 * MINUTE)]).await;
    assert_eq!(found(&store, "delete").await, Vec::<String>::new());
    assert_eq!(indexed_messages(dir.path()).await, ["size 39 please"]);
}

#[tokio::test]
async fn edits_and_deletions_that_arrive_first_apply_to_the_index_too() {
    let (dir, store) = store().await;
    ingest(
        &store,
        vec![edit("w.e", "w.late", "corrected text", T0 + MINUTE)],
    )
    .await;
    ingest(&store, vec![revoke("w.r", "w.gone", T0 + MINUTE)]).await;
    ingest(
        &store,
        vec![
            record("w.late", "972501", text("typo txet"), T0),
            record("w.gone", "972501", text("secret words"), T0),
        ],
    )
    .await;
    assert_eq!(found(&store, "txet").await, Vec::<String>::new());
    assert_eq!(found(&store, "corrected").await, ["corrected text"]);
    assert_eq!(found(&store, "secret").await, Vec::<String>::new());
    assert_eq!(indexed_messages(dir.path()).await, ["corrected text"]);
}

/// The message index's text, by rowid: what searches see before any filtering.
async fn indexed_messages(dir: &std::path::Path) -> Vec<String> {
    let db = dir.join(parley_store::DATABASE_FILE);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
        .await
        .expect("connect");
    let texts = sqlx::query_scalar("SELECT text FROM search_messages ORDER BY rowid")
        .fetch_all(&pool)
        .await
        .expect("index");
    pool.close().await;
    texts
}

#[tokio::test]
async fn an_index_from_older_folding_is_rebuilt_on_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    customer_writes(&store, "972501", &["Зелёный чай", "second"]).await;
    ingest(&store, vec![revoke("w.r", "w.972501.1", T0 + MINUTE)]).await;
    store.close().await;

    // As a database from before search (or with older folding) would be.
    let db = dir.path().join(parley_store::DATABASE_FILE);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
        .await
        .expect("connect");
    for sql in [
        "DELETE FROM search_messages",
        "DELETE FROM search_contacts",
        "UPDATE contacts SET sort_key = NULL",
        "UPDATE search_state SET folding_version = 0",
    ] {
        sqlx::query(sql).execute(&pool).await.expect(sql);
    }
    pool.close().await;

    let store = Store::open_dir(dir.path()).await.expect("reopen");
    assert_eq!(found(&store, "зеленыи").await, Vec::<String>::new());
    assert_eq!(found(&store, "зеленый").await, ["Зелёный чай"]);
    assert_eq!(
        found(&store, "second").await,
        Vec::<String>::new(),
        "deleted stays out"
    );
    assert_eq!(
        store
            .search("customer", 5)
            .await
            .expect("search")
            .contacts
            .len(),
        1
    );
}

async fn thread_of_twenty(store: &Store) -> (ConversationId, Vec<MessageId>) {
    let bodies: Vec<String> = (0..20).map(|i| format!("message {i}")).collect();
    let bodies: Vec<&str> = bodies.iter().map(String::as_str).collect();
    customer_writes(store, "972501", &bodies).await;
    let conversation = store
        .list_conversations(
            parley_core::AgentId(1),
            &parley_core::triage::ConversationFilter::default(),
            None,
            1,
        )
        .await
        .expect("list")[0]
        .id;
    let ids = store
        .thread(conversation, None, 50)
        .await
        .expect("thread")
        .iter()
        .map(|m| m.id)
        .collect();
    (conversation, ids)
}

#[tokio::test]
async fn a_thread_opens_around_a_found_message() {
    let (_dir, store) = store().await;
    let (conversation, ids) = thread_of_twenty(&store).await;

    let around = store.thread_around(ids[10], 3, 4).await.expect("around");
    assert_eq!(around.conversation_id, conversation);
    let got: Vec<MessageId> = around.messages.iter().map(|m| m.id).collect();
    assert_eq!(got, ids[7..=14]);
    assert!(around.has_older && around.has_newer);

    let first = store.thread_around(ids[0], 3, 3).await.expect("first");
    assert_eq!(first.messages.len(), 4);
    assert!(!first.has_older && first.has_newer);

    let last = store.thread_around(ids[19], 3, 3).await.expect("last");
    assert_eq!(last.messages.len(), 4);
    assert!(last.has_older && !last.has_newer);

    let exact = store.thread_around(ids[10], 10, 9).await.expect("exact");
    assert_eq!(exact.messages.len(), 20);
    assert!(!exact.has_older && !exact.has_newer);
}

#[tokio::test]
async fn after_a_jump_the_thread_pages_both_ways() {
    let (_dir, store) = store().await;
    let (conversation, ids) = thread_of_twenty(&store).await;
    let around = store.thread_around(ids[5], 2, 2).await.expect("around");

    let newest_shown = around.messages.last().expect("messages").cursor();
    let (newer, more) = store
        .thread_after(conversation, newest_shown, 10)
        .await
        .expect("after");
    let got: Vec<MessageId> = newer.iter().map(|m| m.id).collect();
    assert_eq!(got, ids[8..18]);
    assert!(more);
    let (rest, more) = store
        .thread_after(conversation, newer.last().expect("newer").cursor(), 10)
        .await
        .expect("rest");
    assert_eq!(rest.len(), 2);
    assert!(!more);

    let oldest_shown = around.messages[0].cursor();
    let older = store
        .thread(conversation, Some(oldest_shown), 10)
        .await
        .expect("older");
    let got: Vec<MessageId> = older.iter().map(|m| m.id).collect();
    assert_eq!(got, ids[0..3]);
}

#[tokio::test]
async fn messages_not_shown_in_a_thread_cannot_be_jumped_to() {
    let (_dir, store) = store().await;
    customer_writes(&store, "972501", &["hello"]).await;
    ingest(
        &store,
        vec![edit("w.e", "w.972501.0", "hello there", T0 + MINUTE)],
    )
    .await;
    let shown = store
        .thread_around(MessageId(1), 5, 5)
        .await
        .expect("shown");
    assert_eq!(shown.messages.len(), 1);
    assert!(matches!(
        store.thread_around(MessageId(2), 5, 5).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.thread_around(MessageId(99), 5, 5).await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn each_search_marks_its_own_words_in_every_result_shown() {
    let (_dir, store) = store().await;
    let bodies: Vec<String> = (0..60)
        .map(|i| format!("order {i} is ready, size {}", 36 + i % 6))
        .collect();
    let bodies: Vec<&str> = bodies.iter().map(String::as_str).collect();
    customer_writes(&store, "972503", &bodies).await;

    // More matches than shown: every one shown is marked.
    let orders = store.search("order", 10).await.expect("search").messages;
    assert_eq!(orders.len(), 10);
    for hit in &orders {
        assert_eq!(covered(&hit.snippet), ["order"], "{:?}", hit.snippet);
    }
    // The next search marks its own word, not the last one's.
    let sizes = store.search("siz", 10).await.expect("search").messages;
    assert_eq!(sizes.len(), 10);
    for hit in &sizes {
        assert_eq!(covered(&hit.snippet), ["size"], "{:?}", hit.snippet);
    }
    let both = store
        .search("ready order", 3)
        .await
        .expect("search")
        .messages;
    for hit in &both {
        assert_eq!(
            covered(&hit.snippet),
            ["order", "ready"],
            "{:?}",
            hit.snippet
        );
    }
}
