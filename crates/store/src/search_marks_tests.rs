//! The marks search results get (`parley_core::search::MatchMarker`, a port of FTS5's
//! `unicode61` and `highlight()`) checked against the SQLite the store is built with:
//! every code point's tokenizing, and the marks of real searches.

use parley_core::contact::phone_search_words;
use parley_core::search::unicode61::tokens;
use parley_core::search::{MATCH_END, MATCH_START, MatchMarker, SearchQuery, fold_text};
use sqlx::SqliteConnection;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::Sqlite;

use super::{contact_expression, message_expression};
use crate::Store;

/// The store's own connection, with temporary FTS5 tables (the probes) built with
/// exactly the tokenizer the store's indexes use.
async fn probe_connection() -> (tempfile::TempDir, Store, PoolConnection<Sqlite>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    let mut conn = store.writer.acquire().await.expect("connection");
    for (table, columns) in [
        ("search_messages", "text"),
        ("search_contacts", "saved_name, profile_name, phone, notes"),
    ] {
        let schema: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = ?")
            .bind(table)
            .fetch_one(&mut *conn)
            .await
            .expect("schema");
        let tokenize =
            &schema[schema.find("tokenize").expect("tokenize")..schema.rfind(')').expect(")")];
        sqlx::query(&format!(
            "CREATE VIRTUAL TABLE temp.probe_{table} USING fts5({columns}, {tokenize})"
        ))
        .execute(&mut *conn)
        .await
        .expect("probe table");
    }
    (dir, store, conn)
}

const LAST_CODE_POINT: u32 = 0x10_FFFF;
const CODE_POINTS_PER_ROW: u32 = 4096;

#[tokio::test]
async fn every_code_point_is_tokenized_as_sqlite_tokenizes_it() {
    let (_dir, _store, mut conn) = probe_connection().await;
    sqlx::query(
        "CREATE VIRTUAL TABLE temp.probe_words USING fts5vocab(temp, probe_search_messages, instance)",
    )
    .execute(&mut *conn)
    .await
    .expect("vocabulary table");
    // Each code point between two letters: it either joins them into one word (and is
    // folded in it) or separates them.
    let mut rows = Vec::new();
    let mut first = 1;
    while first <= LAST_CODE_POINT {
        let last = (first + CODE_POINTS_PER_ROW - 1).min(LAST_CODE_POINT);
        let text: String = (first..=last)
            .filter_map(char::from_u32)
            .flat_map(|c| ['x', c, 'x', ' '])
            .collect();
        rows.push(text);
        first = last + 1;
    }
    let mut tx = sqlx::Connection::begin(&mut *conn).await.expect("begin");
    for (row, text) in rows.iter().enumerate() {
        sqlx::query("INSERT INTO temp.probe_search_messages (rowid, text) VALUES (?, ?)")
            .bind(row as i64)
            .bind(text)
            .execute(&mut *tx)
            .await
            .expect("insert");
    }
    tx.commit().await.expect("commit");

    let sqlite: Vec<(i64, String)> = sqlx::query_as(
        "SELECT doc, group_concat(term, char(1) ORDER BY offset) FROM temp.probe_words
         GROUP BY doc ORDER BY doc",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("words");
    assert_eq!(sqlite.len(), rows.len());
    for (row, sqlite_words) in sqlite {
        let text = &rows[row as usize];
        let ours: Vec<String> = tokens(text).into_iter().map(|t| t.word).collect();
        let theirs: Vec<&str> = sqlite_words.split('\u{1}').collect();
        if let Some(at) = (0..ours.len().max(theirs.len()))
            .find(|&i| ours.get(i).map(String::as_str) != theirs.get(i).copied())
        {
            panic!(
                "row {row}: word {at} is {:?} here and {:?} in SQLite (after {:?})",
                ours.get(at),
                theirs.get(at),
                &ours[at.saturating_sub(3)..at],
            );
        }
    }
}

/// Messages as customers write them, and the edge cases of folding and tokenizing.
const MESSAGES: &[&str] = &[
    "Where is my order? Order #5512 was placed yesterday.",
    "Orders, ordering, reorder: the order-form is broken. order order",
    "e-mail me at shop@example.com or call +972 50-123-4567",
    "Café crème brûlée — naïve CAFÉ façade",
    "cafe\u{301} spelled with a combining accent",
    "Здравствуйте! Мой заказ №123 ещё не пришёл, где заказы? ЗАКАЗ",
    "Йогурт и иогурт",
    "ההזמנה שלי לא הגיעה, וההזמנה השנייה? בהזמנה הקודמת",
    "שָׁלוֹם, הַזְמָנָה",
    "أين طلبي؟ وطلبي الثاني، بالطلب، الطلبات",
    "Tere! Minu tellimus ei ole kohale jõudnud. Tellimuse number 77",
    "Ελληνικά: ΣΟΦΟΣ σοφός",
    "Straße STRASSE ß ẞ",
    "İstanbul ISTANBUL ıstanbul",
    "東京で注文しました 東京",
    "😀 order😀order 🫠 sneakers size 42",
    "sneakers, size: 44; SNEAKERS-SIZE sneakers-sizes",
    "ﬁle ligature ﬁ",
    "Ǆemal ǅemal ǆemal",
    "x\u{FFFF}y x\u{FFFE}y",
    "Ünïcödé ÀÉÎÕÜ ǕǗ",
    "₂ ² ½ ⅓ numbers 1st 2nd",
    "Ⓐ circled ⓐ",
    "a-b-c a-b b-c",
];

const MESSAGE_QUERIES: &[&str] = &[
    "order",
    "orders",
    "Order #5512",
    "where order",
    "order order",
    "e-mail",
    "e-mail e",
    "shop@example",
    "cafe",
    "café",
    "creme brulee",
    "заказ",
    "ЗАКАЗЫ",
    "ещё",
    "еще",
    "йогурт",
    "иогурт",
    "הזמנה",
    "ההזמנה",
    "שלום",
    "طلبي",
    "الطلب",
    "طلب",
    "tellimus",
    "jõudnud",
    "σοφος",
    "ΣΟΦΟΣ",
    "strasse",
    "straße",
    "istanbul",
    "İstanbul",
    "東京",
    "sneakers size",
    "size sneakers",
    "sneakers-size",
    "ligature",
    "ﬁ",
    "ǆemal",
    "unicode",
    "circled",
    "1st",
    "½",
    "x",
    "5512",
    "123 4567",
    "a-b b-c",
];

fn markers_readable(marked: &str) -> String {
    marked.replace(MATCH_START, "[").replace(MATCH_END, "]")
}

async fn sqlite_marks(
    conn: &mut SqliteConnection,
    table: &str,
    column: usize,
    expression: &str,
) -> Vec<(i64, Option<String>)> {
    sqlx::query_as(&format!(
        "SELECT rowid, highlight({table}, {column}, ?1, ?2) FROM {table} WHERE {table} MATCH ?3
         ORDER BY rowid"
    ))
    .bind(MATCH_START.to_string())
    .bind(MATCH_END.to_string())
    .bind(expression)
    .fetch_all(conn)
    .await
    .unwrap_or_else(|e| panic!("{expression}: {e}"))
}

#[tokio::test]
async fn messages_are_marked_as_fts5_highlight_marks_them() {
    let (_dir, _store, mut conn) = probe_connection().await;
    for (row, text) in MESSAGES.iter().enumerate() {
        sqlx::query("INSERT INTO temp.probe_search_messages (rowid, text) VALUES (?, ?)")
            .bind(row as i64)
            .bind(fold_text(text))
            .execute(&mut *conn)
            .await
            .expect("insert");
    }
    let mut compared = 0;
    let mut found_nothing: Vec<&str> = Vec::new();
    for input in MESSAGE_QUERIES {
        let query = SearchQuery::parse(input).expect("a query");
        let expression = message_expression(&query).expect("words");
        let marker = MatchMarker::new(&query);
        let found = sqlite_marks(&mut conn, "probe_search_messages", 0, &expression).await;
        if found.is_empty() {
            found_nothing.push(input);
        }
        for (row, theirs) in found {
            let ours = marker.mark(&fold_text(MESSAGES[row as usize]));
            assert_eq!(
                markers_readable(&ours),
                markers_readable(&theirs.expect("text")),
                "{input:?} in message {row}"
            );
            compared += 1;
        }
    }
    assert!(
        found_nothing.is_empty(),
        "found nothing, so checked nothing: {found_nothing:?}"
    );
    assert!(
        compared > MESSAGE_QUERIES.len(),
        "{compared} results compared"
    );
}

struct ProbeContact {
    saved_name: Option<&'static str>,
    profile_name: Option<&'static str>,
    wa_id: &'static str,
    notes: Option<&'static str>,
}

const CONTACTS: &[ProbeContact] = &[
    ProbeContact {
        saved_name: Some("Dana Levi"),
        profile_name: Some("דנה"),
        wa_id: "972501234567",
        notes: Some("VIP, prefers e-mail; order 050 123, from 972"),
    },
    ProbeContact {
        saved_name: None,
        profile_name: Some("Алексей Иванов"),
        wa_id: "79161234567",
        notes: Some("Заказ на складе"),
    },
    ProbeContact {
        saved_name: Some("محمد"),
        profile_name: Some("Mohammed"),
        wa_id: "971520033333",
        notes: None,
    },
    ProbeContact {
        saved_name: Some("Tõnu Tamm"),
        profile_name: None,
        wa_id: "3725551234",
        notes: Some("tellimus 972 50"),
    },
];

const CONTACT_QUERIES: &[&str] = &[
    "dana",
    "levi",
    "דנה",
    "алексей",
    "заказ",
    "محمد",
    "tonu",
    "972",
    "+972 50",
    "972 50",
    "050 123",
    "e-mail",
    "e-mail e",
    "order",
    "tellimus",
    "97250",
    "3725",
];

#[tokio::test]
async fn contacts_are_marked_as_fts5_highlight_marks_them() {
    let (_dir, _store, mut conn) = probe_connection().await;
    for (row, contact) in CONTACTS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO temp.probe_search_contacts (rowid, saved_name, profile_name, phone, notes)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(row as i64)
        .bind(contact.saved_name.map(fold_text))
        .bind(contact.profile_name.map(fold_text))
        .bind(phone_search_words(contact.wa_id))
        .bind(contact.notes.map(fold_text))
        .execute(&mut *conn)
        .await
        .expect("insert");
    }
    let mut compared = 0;
    for input in CONTACT_QUERIES {
        let query = SearchQuery::parse(input).expect("a query");
        let expression = contact_expression(&query).expect("an expression");
        let marker = MatchMarker::new(&query);
        for (column, text_of) in [
            (
                0,
                (|c: &ProbeContact| c.saved_name) as fn(&ProbeContact) -> Option<&str>,
            ),
            (1, |c| c.profile_name),
            (3, |c| c.notes),
        ] {
            let found = sqlite_marks(&mut conn, "probe_search_contacts", column, &expression).await;
            assert!(
                !found.is_empty(),
                "{input:?} found nothing, so checks nothing"
            );
            for (row, theirs) in found {
                let ours = text_of(&CONTACTS[row as usize]).map(|t| marker.mark(&fold_text(t)));
                assert_eq!(
                    ours.as_deref().map(markers_readable),
                    theirs.as_deref().map(markers_readable),
                    "{input:?} in contact {row}, column {column}"
                );
                compared += 1;
            }
        }
    }
    assert!(
        compared > CONTACT_QUERIES.len(),
        "{compared} results compared"
    );
}
