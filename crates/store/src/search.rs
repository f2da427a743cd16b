//! `search_messages`, `search_contacts`: the full-text indexes (migration 0006), and the
//! searches over them.
//!
//! The indexes hold text folded by `parley_core::search::fold`, which SQL cannot do, so
//! every write that changes indexed text refreshes its row here, in the same
//! transaction: inserting a message, an edit, a deletion, a contact's change. A message
//! is indexed while it is shown (not a reaction, edit or deletion record), not deleted,
//! and has text (a body or a caption).

use parley_core::contact::{phone_match, phone_search_words, sort_key as contact_sort_key};
use parley_core::conversation::Contact;
use parley_core::message::Direction;
use parley_core::search::{
    self, ContactHit, Highlighted, MatchMarker, MessageHit, SearchQuery, SearchResults,
};
use parley_core::{ContactId, ConversationId, MessageId, Timestamp};
use sqlx::{SqliteConnection, SqlitePool};

use crate::{Result, Store, corrupt};

/// The folding and phone words the indexes are built with. Change it whenever
/// `parley_core::search::fold` or `phone_search_words` change: opening the store then
/// rebuilds both indexes (and the contacts' sort keys) from the tables.
const FOLDING_VERSION: i64 = 1;

/// How many of a search's matches are ranked (bm25), newest first: all of them for
/// most searches; for a very common word, the newest this many (see `search_messages`).
pub const RANKED_MATCHES: i64 = 2_000;

/// How many rows a rebuild reads at a time.
const REBUILD_BATCH: i64 = 2_000;

/// Indexes a message just written (`text`: its body or caption, `None` for none).
pub(crate) async fn index_new_message(
    conn: &mut SqliteConnection,
    id: MessageId,
    text: Option<&str>,
) -> Result<()> {
    match indexed_text(text) {
        Some(folded) => insert_message(conn, id.0, &folded).await,
        None => Ok(()),
    }
}

/// What the index holds for a message with this body or caption: `None` when there is
/// nothing to find it by.
pub(crate) fn indexed_text(text: Option<&str>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty()).map(search::fold_text)
}

async fn insert_message(conn: &mut SqliteConnection, id: i64, folded: &str) -> Result<()> {
    sqlx::query("INSERT INTO search_messages (rowid, text) VALUES (?, ?)")
        .bind(id)
        .bind(folded)
        .execute(conn)
        .await?;
    Ok(())
}

/// Brings a message's index row in line with the message (after an edit or a deletion).
pub(crate) async fn refresh_message(conn: &mut SqliteConnection, id: MessageId) -> Result<()> {
    sqlx::query("DELETE FROM search_messages WHERE rowid = ?")
        .bind(id.0)
        .execute(&mut *conn)
        .await?;
    let text: Option<String> = sqlx::query_scalar(
        "SELECT body FROM messages WHERE id = ? AND hidden = 0 AND revoked_at IS NULL",
    )
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    index_new_message(conn, id, text.as_deref()).await
}

#[derive(sqlx::FromRow)]
struct ContactIndexRow {
    wa_id: String,
    profile_name: Option<String>,
    saved_name: Option<String>,
    notes: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ContactBatchRow {
    id: i64,
    #[sqlx(flatten)]
    contact: ContactIndexRow,
}

/// Brings a contact's index row and sort key in line with the contact.
pub(crate) async fn refresh_contact(conn: &mut SqliteConnection, id: ContactId) -> Result<()> {
    refresh_contacts(conn, &[id]).await
}

/// [`refresh_contact`] for several contacts in two round trips to SQLite's thread instead
/// of four each: a group of webhooks from new customers indexes them all at once.
pub(crate) async fn refresh_contacts(conn: &mut SqliteConnection, ids: &[ContactId]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let ids = serde_json::Value::from(ids.iter().map(|id| id.0).collect::<Vec<_>>()).to_string();
    let rows: Vec<ContactBatchRow> = sqlx::query_as(
        "DELETE FROM search_contacts WHERE rowid IN (SELECT value FROM json_each(?1));
         SELECT id, wa_id, profile_name, saved_name, notes FROM contacts
         WHERE id IN (SELECT value FROM json_each(?1))",
    )
    .bind(ids)
    .fetch_all(&mut *conn)
    .await?;
    if rows.is_empty() {
        return Ok(());
    }
    let fold = |text: &Option<String>| text.as_deref().map(search::fold_text);
    let entries: Vec<serde_json::Value> = rows
        .iter()
        .map(|ContactBatchRow { id, contact: row }| {
            serde_json::json!({
                "id": id,
                "saved_name": fold(&row.saved_name),
                "profile_name": fold(&row.profile_name),
                "phone": phone_search_words(&row.wa_id),
                "notes": fold(&row.notes),
                "sort_key": contact_sort_key(
                    row.saved_name.as_deref(),
                    row.profile_name.as_deref(),
                    &row.wa_id,
                ),
            })
        })
        .collect();
    sqlx::query(
        "INSERT INTO search_contacts (rowid, saved_name, profile_name, phone, notes)
         SELECT value ->> 'id', value ->> 'saved_name', value ->> 'profile_name',
                value ->> 'phone', value ->> 'notes'
         FROM json_each(?1);
         UPDATE contacts SET sort_key = entry.value ->> 'sort_key'
         FROM json_each(?1) AS entry WHERE contacts.id = entry.value ->> 'id'",
    )
    .bind(serde_json::Value::Array(entries).to_string())
    .execute(conn)
    .await?;
    Ok(())
}

async fn write_contact(conn: &mut SqliteConnection, id: i64, row: &ContactIndexRow) -> Result<()> {
    let fold = |text: &Option<String>| text.as_deref().map(search::fold_text);
    sqlx::query(
        "INSERT INTO search_contacts (rowid, saved_name, profile_name, phone, notes)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(fold(&row.saved_name))
    .bind(fold(&row.profile_name))
    .bind(phone_search_words(&row.wa_id))
    .bind(fold(&row.notes))
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE contacts SET sort_key = ? WHERE id = ?")
        .bind(contact_sort_key(
            row.saved_name.as_deref(),
            row.profile_name.as_deref(),
            &row.wa_id,
        ))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Rebuilds both indexes from the tables when they were built with another folding
/// (or never: a database from before search). One transaction: a crash leaves the old
/// state, and the next start tries again.
pub(crate) async fn rebuild_if_stale(writer: &SqlitePool) -> Result<()> {
    let mut tx = writer.begin().await?;
    let built: i64 = sqlx::query_scalar("SELECT folding_version FROM search_state WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    if built == FOLDING_VERSION {
        return Ok(());
    }
    let started = std::time::Instant::now();
    sqlx::query("DELETE FROM search_messages")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM search_contacts")
        .execute(&mut *tx)
        .await?;
    let mut after = 0i64;
    loop {
        let batch: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, body FROM messages
             WHERE id > ? AND hidden = 0 AND revoked_at IS NULL AND body IS NOT NULL
             ORDER BY id LIMIT ?",
        )
        .bind(after)
        .bind(REBUILD_BATCH)
        .fetch_all(&mut *tx)
        .await?;
        let Some(&(last, _)) = batch.last() else {
            break;
        };
        for (id, body) in &batch {
            index_new_message(&mut tx, MessageId(*id), Some(body)).await?;
        }
        after = last;
    }
    let mut after = 0i64;
    loop {
        let batch: Vec<ContactBatchRow> = sqlx::query_as(
            "SELECT id, wa_id, profile_name, saved_name, notes FROM contacts
                 WHERE id > ? ORDER BY id LIMIT ?",
        )
        .bind(after)
        .bind(REBUILD_BATCH)
        .fetch_all(&mut *tx)
        .await?;
        let Some(last) = batch.last().map(|row| row.id) else {
            break;
        };
        for row in batch {
            write_contact(&mut tx, row.id, &row.contact).await?;
        }
        after = last;
    }
    sqlx::query("UPDATE search_state SET folding_version = ? WHERE id = 1")
        .bind(FOLDING_VERSION)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(from = built, to = FOLDING_VERSION, elapsed = ?started.elapsed(), "rebuilt the search index");
    Ok(())
}

/// A word as an FTS5 string: quoted, inner quotes doubled, so nothing in it is syntax.
fn quoted(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// Every word must match, in any of its forms (Hebrew and Arabic join prefixes to
/// words); the last also as the start of a longer word (typing).
/// `MatchMarker` marks what this matches: change the two together.
fn words_expression(query: &SearchQuery) -> Option<String> {
    let parts: Vec<String> = query
        .word_matches()
        .iter()
        .map(|word| {
            let suffix = if word.prefix { "*" } else { "" };
            let forms: Vec<String> = word
                .forms
                .iter()
                .map(|form| format!("{}{suffix}", quoted(form)))
                .collect();
            match forms.len() {
                1 => forms.into_iter().next().unwrap_or_default(),
                _ => format!("({})", forms.join(" OR ")),
            }
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// The FTS5 query for messages.
pub(crate) fn message_expression(query: &SearchQuery) -> Option<String> {
    words_expression(query)
}

/// The FTS5 query for contacts: the words anywhere in a contact, or, for what looks
/// like a phone number, its digits joined ("+972 50" finds 97250...).
pub(crate) fn contact_expression(query: &SearchQuery) -> Option<String> {
    let words = words_expression(query);
    let digits = query
        .phone_digits()
        .map(|d| format!("phone : {}*", quoted(d)));
    match (words, digits) {
        (Some(words), Some(digits)) => Some(format!("({words}) OR ({digits})")),
        (words, digits) => words.or(digits),
    }
}

#[derive(sqlx::FromRow)]
struct MessageHitRow {
    id: i64,
    conversation_id: i64,
    direction: String,
    kind: String,
    sent_at: i64,
    body: Option<String>,
    contact_id: i64,
    wa_id: String,
    profile_name: Option<String>,
    saved_name: Option<String>,
    marketing_opt_out: bool,
    blocked: bool,
}

#[derive(sqlx::FromRow)]
struct ContactHitRow {
    id: i64,
    wa_id: String,
    profile_name: Option<String>,
    saved_name: Option<String>,
    notes: Option<String>,
    marketing_opt_out: bool,
    blocked: bool,
    conversation_id: Option<i64>,
}

impl Store {
    /// Messages and contacts matching what was typed, at most `limit` of each, best
    /// match (bm25) first, then the most recent. Nothing for a blank query.
    pub async fn search(&self, input: &str, limit: u32) -> Result<SearchResults> {
        let Some(query) = SearchQuery::parse(input) else {
            return Ok(SearchResults::default());
        };
        // Two reader connections: SQLite runs each search on its own thread, so the
        // answer takes the longer of the two rather than their sum.
        let (contacts, messages) = futures::future::try_join(
            self.search_contacts(&query, limit),
            self.search_messages(&query, limit),
        )
        .await?;
        Ok(SearchResults { contacts, messages })
    }

    async fn search_messages(&self, query: &SearchQuery, limit: u32) -> Result<Vec<MessageHit>> {
        let Some(expression) = message_expression(query) else {
            return Ok(Vec::new());
        };
        // Only the newest RANKED_MATCHES matches are ranked: bm25 costs every match (a
        // common word matches 100,000 of 2,000,000 messages: 200 ms), and the newest of
        // its matches are the ones agents look for. They are found and scored in one
        // newest-first pass of the index, cut to `limit` by score before anything is
        // joined. One pass matters: FTS5 reads a prefix term's whole doclist every time
        // the expression is evaluated (a separate bound then a ranked query read it
        // twice), and that read is most of a search's cost. The matches are marked in
        // Rust, in the shown results only: FTS5's highlight() retokenized all of them.
        // Ties go to the newest, as recency orders equal scores below.
        let rows: Vec<MessageHitRow> = sqlx::query_as(
            "SELECT h.id, m.conversation_id, m.direction, m.kind, m.sent_at, m.body,
                    ct.id AS contact_id, ct.wa_id, ct.profile_name, ct.saved_name,
                    ct.marketing_opt_out, ct.blocked_at IS NOT NULL AS blocked
             FROM (SELECT id, score FROM (
                       SELECT rowid AS id, bm25(search_messages) AS score
                       FROM search_messages WHERE search_messages MATCH ?1
                       ORDER BY rowid DESC LIMIT ?3)
                   ORDER BY score, id DESC LIMIT ?2) h
             JOIN messages m ON m.id = h.id
             JOIN conversations c ON c.id = m.conversation_id
             JOIN contacts ct ON ct.id = c.contact_id
             WHERE m.hidden = 0 AND m.revoked_at IS NULL
             ORDER BY h.score, m.sent_at DESC, m.id DESC",
        )
        .bind(&expression)
        .bind(limit)
        .bind(RANKED_MATCHES)
        .fetch_all(&self.reader)
        .await?;
        let marker = MatchMarker::new(query);
        rows.into_iter()
            .map(|row| {
                let body = row.body.unwrap_or_default();
                let marked = marker.mark(&search::fold_text(&body));
                Ok(MessageHit {
                    message_id: MessageId(row.id),
                    conversation_id: ConversationId(row.conversation_id),
                    contact: Contact::new(
                        ContactId(row.contact_id),
                        row.wa_id,
                        row.profile_name,
                        row.saved_name,
                        row.marketing_opt_out,
                        row.blocked,
                    ),
                    direction: Direction::parse(&row.direction)
                        .ok_or_else(|| corrupt(format!("message direction {:?}", row.direction)))?,
                    kind: row.kind,
                    timestamp: Timestamp(row.sent_at),
                    snippet: search::snippet(&body, &marked),
                })
            })
            .collect()
    }

    async fn search_contacts(&self, query: &SearchQuery, limit: u32) -> Result<Vec<ContactHit>> {
        let Some(expression) = contact_expression(query) else {
            return Ok(Vec::new());
        };
        // Names weigh more than the number, the number more than notes. As for
        // messages, only the newest RANKED_MATCHES matches are ranked ("+972" matches
        // a third of 100,000 contacts), in one pass of the index, and only the shown
        // ones are marked.
        let rows: Vec<ContactHitRow> = sqlx::query_as(
            "SELECT h.id, ct.wa_id, ct.profile_name, ct.saved_name, ct.notes,
                    ct.marketing_opt_out, ct.blocked_at IS NOT NULL AS blocked,
                    c.id AS conversation_id
             FROM (SELECT id, score FROM (
                       SELECT rowid AS id, bm25(search_contacts, 10.0, 8.0, 5.0, 1.0) AS score
                       FROM search_contacts WHERE search_contacts MATCH ?1
                       ORDER BY rowid DESC LIMIT ?3)
                   ORDER BY score, id DESC LIMIT ?2) h
             JOIN contacts ct ON ct.id = h.id
             LEFT JOIN conversations c ON c.contact_id = ct.id
             ORDER BY h.score, c.last_activity_at DESC, ct.id DESC",
        )
        .bind(&expression)
        .bind(limit)
        .bind(RANKED_MATCHES)
        .fetch_all(&self.reader)
        .await?;
        let marker = MatchMarker::new(query);
        Ok(rows
            .into_iter()
            .map(|row| contact_hit(query, &marker, row))
            .collect())
    }
}

/// The digits of the query that matched the number, as a highlight of `+` and its digits.
fn phone_highlight(query: &SearchQuery, wa_id: &str) -> Highlighted {
    let phone = format!("+{wa_id}");
    let candidates = query.phone_digits().into_iter().chain(
        query
            .terms()
            .iter()
            .map(String::as_str)
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit())),
    );
    let matched = candidates
        .filter_map(|digits| phone_match(wa_id, digits))
        .max_by_key(|(start, end)| end - start);
    match matched {
        // Digits are one character each; the `+` shifts them by one.
        Some((start, end)) => Highlighted::with_char_ranges(&phone, &[(start + 1, end + 1)]),
        None => Highlighted::plain(phone),
    }
}

fn contact_hit(query: &SearchQuery, marker: &MatchMarker, row: ContactHitRow) -> ContactHit {
    let marked = |text: &str| marker.mark(&search::fold_text(text));
    let highlighted = |text: &Option<String>| {
        text.as_deref()
            .map(|text| search::highlight(text, &marked(text)))
            .filter(|h| !h.text.trim().is_empty())
    };
    let saved = highlighted(&row.saved_name);
    let profile = highlighted(&row.profile_name);
    let phone = phone_highlight(query, &row.wa_id);
    let (name, profile_name) = match (saved, profile) {
        (Some(saved), profile) => (
            saved.trimmed(),
            profile
                .filter(Highlighted::has_matches)
                .map(Highlighted::trimmed),
        ),
        (None, Some(profile)) => (profile.trimmed(), None),
        (None, None) => (phone.clone(), None),
    };
    let notes = row
        .notes
        .as_deref()
        .map(|notes| search::snippet(notes, &marked(notes)))
        .filter(Highlighted::has_matches);
    ContactHit {
        contact: Contact::new(
            ContactId(row.id),
            row.wa_id,
            row.profile_name,
            row.saved_name,
            row.marketing_opt_out,
            row.blocked,
        ),
        conversation_id: row.conversation_id.map(ConversationId),
        name,
        phone,
        profile_name,
        notes,
    }
}

#[cfg(test)]
#[path = "search_marks_tests.rs"]
mod marks_tests;
