//! `contacts`: one row per customer WhatsApp id, and the business's address book on it
//! (saved name, notes, blocking, marketing consent). Every change to a name, the notes
//! or the number refreshes the contact's search row in the same transaction.

use parley_core::contact::{
    ConsentChange, ContactDetails, ContactEdit, ContactGroup, MarketingConsent,
};
use parley_core::conversation::Contact;
use parley_core::search::SearchQuery;
use parley_core::{ContactId, ConversationId, Timestamp};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::{Result, Store, StoreError, search};

/// The contact of `wa_id`, created (and indexed for search) when Parley has not met them.
/// Customers' messages write their contact with the message, in one statement
/// (`ingest::contact_and_conversation`, the run's script); this is for what arrives
/// without one, such as a marketing preference.
async fn find_or_create(conn: &mut SqliteConnection, wa_id: &str, now: i64) -> Result<ContactId> {
    let known: Option<i64> = sqlx::query_scalar("SELECT id FROM contacts WHERE wa_id = ?")
        .bind(wa_id)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(id) = known {
        return Ok(ContactId(id));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO contacts (wa_id, created_at, updated_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(wa_id)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    search::refresh_contact(conn, ContactId(id)).await?;
    Ok(ContactId(id))
}

/// Records a customer's marketing preference, unless a newer one is already recorded.
/// Returns the contact.
pub(crate) async fn set_marketing_opt_out(
    conn: &mut SqliteConnection,
    wa_id: &str,
    opted_out: bool,
    at: i64,
    now: i64,
) -> Result<ContactId> {
    let id = find_or_create(conn, wa_id, now).await?;
    sqlx::query(
        "UPDATE contacts SET marketing_opt_out = ?, opt_out_changed_at = ?, updated_at = ?
         WHERE id = ? AND (opt_out_changed_at IS NULL OR opt_out_changed_at <= ?)",
    )
    .bind(opted_out)
    .bind(at)
    .bind(now)
    .bind(id.0)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
pub(crate) struct DetailsRow {
    id: i64,
    wa_id: String,
    profile_name: Option<String>,
    pub(crate) saved_name: Option<String>,
    pub(crate) notes: Option<String>,
    marketing_opt_out: bool,
    opt_out_changed_at: Option<i64>,
    opted_in_at: Option<i64>,
    consent_source: Option<String>,
    saved_at: Option<i64>,
    blocked_at: Option<i64>,
    created_at: i64,
    conversation_id: Option<i64>,
}

const DETAILS_SELECT: &str = "SELECT ct.id, ct.wa_id, ct.profile_name, ct.saved_name, ct.notes,
        ct.marketing_opt_out, ct.opt_out_changed_at, ct.opted_in_at, ct.consent_source,
        ct.saved_at, ct.blocked_at, ct.created_at, c.id AS conversation_id
     FROM contacts ct
     LEFT JOIN conversations c ON c.contact_id = ct.id ";

impl DetailsRow {
    pub(crate) fn consent(&self) -> MarketingConsent {
        MarketingConsent::from_record(
            self.marketing_opt_out,
            self.opt_out_changed_at.map(Timestamp),
            self.opted_in_at.map(Timestamp),
            self.consent_source.clone(),
        )
    }

    pub(crate) fn is_blocked(&self) -> bool {
        self.blocked_at.is_some()
    }

    pub(crate) fn is_saved(&self) -> bool {
        self.saved_at.is_some()
    }

    pub(crate) fn id(&self) -> ContactId {
        ContactId(self.id)
    }
}

impl From<DetailsRow> for ContactDetails {
    fn from(row: DetailsRow) -> Self {
        let consent = row.consent();
        ContactDetails {
            contact: Contact::new(
                ContactId(row.id),
                row.wa_id,
                row.profile_name,
                row.saved_name,
                row.marketing_opt_out,
                row.blocked_at.is_some(),
            ),
            conversation_id: row.conversation_id.map(ConversationId),
            notes: row.notes,
            saved_at: row.saved_at.map(Timestamp),
            blocked_at: row.blocked_at.map(Timestamp),
            consent,
            created_at: Timestamp(row.created_at),
        }
    }
}

pub(crate) async fn details_row(
    conn: &mut SqliteConnection,
    id: ContactId,
) -> Result<Option<DetailsRow>> {
    let row = sqlx::query_as(&format!("{DETAILS_SELECT} WHERE ct.id = ?"))
        .bind(id.0)
        .fetch_optional(conn)
        .await?;
    Ok(row)
}

pub(crate) async fn details_row_by_wa_id(
    conn: &mut SqliteConnection,
    wa_id: &str,
) -> Result<Option<DetailsRow>> {
    let row = sqlx::query_as(&format!("{DETAILS_SELECT} WHERE ct.wa_id = ?"))
        .bind(wa_id)
        .fetch_optional(conn)
        .await?;
    Ok(row)
}

async fn details(conn: &mut SqliteConnection, id: ContactId) -> Result<ContactDetails> {
    details_row(conn, id)
        .await?
        .map(ContactDetails::from)
        .ok_or(StoreError::NotFound("contact"))
}

/// A contact the business adds (or an import creates) before they ever wrote.
pub(crate) async fn insert_saved(
    conn: &mut SqliteConnection,
    wa_id: &str,
    edit: &ContactEdit,
    now: i64,
) -> Result<Option<ContactId>> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO contacts (wa_id, saved_name, notes, saved_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (wa_id) DO NOTHING
         RETURNING id",
    )
    .bind(wa_id)
    .bind(edit.saved_name())
    .bind(edit.notes())
    .bind(now)
    .bind(now)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = id.map(ContactId) else {
        return Ok(None);
    };
    search::refresh_contact(conn, id).await?;
    Ok(Some(id))
}

/// Sets the saved name and notes; the contact counts as saved from now on.
pub(crate) async fn set_saved_details(
    conn: &mut SqliteConnection,
    id: ContactId,
    saved_name: Option<&str>,
    notes: Option<&str>,
    now: i64,
) -> Result<()> {
    let changed = sqlx::query(
        "UPDATE contacts SET saved_name = ?, notes = ?, saved_at = COALESCE(saved_at, ?),
             updated_at = ?
         WHERE id = ?",
    )
    .bind(saved_name)
    .bind(notes)
    .bind(now)
    .bind(now)
    .bind(id.0)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound("contact"));
    }
    search::refresh_contact(conn, id).await
}

/// Records consent given or withdrawn. An opt-out also counts as the latest marketing
/// preference, so an older `user_preferences` webhook arriving late does not undo it.
pub(crate) async fn record_consent(
    conn: &mut SqliteConnection,
    id: ContactId,
    change: &ConsentChange,
    now: i64,
) -> Result<()> {
    let (opted_out, at, source) = match change {
        ConsentChange::OptIn { at, source } => (false, at.0, source),
        ConsentChange::OptOut { at, source } => (true, at.0, source),
    };
    let changed = sqlx::query(
        "UPDATE contacts SET marketing_opt_out = ?1, opt_out_changed_at = ?2,
             opted_in_at = CASE WHEN ?1 THEN opted_in_at ELSE ?2 END,
             consent_source = ?3, updated_at = ?4
         WHERE id = ?5",
    )
    .bind(opted_out)
    .bind(at)
    .bind(source)
    .bind(now)
    .bind(id.0)
    .execute(conn)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound("contact"));
    }
    Ok(())
}

/// Blocks (keeping the first blocking time) or unblocks a contact.
pub(crate) async fn set_blocked(
    conn: &mut SqliteConnection,
    id: ContactId,
    blocked: bool,
    now: i64,
) -> Result<()> {
    let changed = sqlx::query(
        "UPDATE contacts SET blocked_at = CASE WHEN ?1 THEN COALESCE(blocked_at, ?2) END,
             updated_at = ?2
         WHERE id = ?3",
    )
    .bind(blocked)
    .bind(now)
    .bind(id.0)
    .execute(conn)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound("contact"));
    }
    Ok(())
}

/// Limits `query` to `group` and, when given, to contacts matching `text`.
fn push_filters(
    query: &mut QueryBuilder<'_, Sqlite>,
    group: ContactGroup,
    text: Option<&str>,
) -> bool {
    query.push(" WHERE 1 = 1");
    match group {
        ContactGroup::All => {}
        ContactGroup::Saved => {
            query.push(" AND ct.saved_at IS NOT NULL");
        }
        ContactGroup::Blocked => {
            query.push(" AND ct.blocked_at IS NOT NULL");
        }
        ContactGroup::OptedIn => {
            query.push(" AND ct.marketing_opt_out = 0 AND ct.opted_in_at IS NOT NULL");
        }
        ContactGroup::OptedOut => {
            query.push(" AND ct.marketing_opt_out = 1");
        }
    }
    if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
        let Some(expression) =
            SearchQuery::parse(text).and_then(|q| search::contact_expression(&q))
        else {
            // Only punctuation: nothing can match it.
            return false;
        };
        query
            .push(" AND ct.id IN (SELECT rowid FROM search_contacts WHERE search_contacts MATCH ")
            .push_bind(expression)
            .push(")");
    }
    true
}

impl Store {
    pub async fn contact(&self, id: ContactId) -> Result<ContactDetails> {
        let mut conn = self.reader.acquire().await?;
        details(&mut conn, id).await
    }

    /// One page of the address book, sorted by the name shown (bare numbers last),
    /// limited to `group` and, when `text` is given, to contacts it finds (as search
    /// does: every word, the last as a prefix; names, number, notes).
    pub async fn list_contacts(
        &self,
        group: ContactGroup,
        text: Option<&str>,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<ContactDetails>> {
        let mut query = QueryBuilder::new(DETAILS_SELECT);
        if !push_filters(&mut query, group, text) {
            return Ok(Vec::new());
        }
        query
            .push(" ORDER BY ct.sort_key, ct.id LIMIT ")
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(offset);
        let rows: Vec<DetailsRow> = query.build_query_as().fetch_all(&self.reader).await?;
        Ok(rows.into_iter().map(ContactDetails::from).collect())
    }

    /// How many contacts [`list_contacts`](Self::list_contacts) pages through.
    pub async fn count_contacts(&self, group: ContactGroup, text: Option<&str>) -> Result<u32> {
        let mut query = QueryBuilder::new("SELECT COUNT(*) FROM contacts ct");
        if !push_filters(&mut query, group, text) {
            return Ok(0);
        }
        let count: i64 = query.build_query_scalar().fetch_one(&self.reader).await?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    /// Adds a contact by number, before they ever wrote. `Duplicate` when the number is
    /// already in the address book.
    pub async fn add_contact(
        &self,
        wa_id: &str,
        edit: &ContactEdit,
        now: Timestamp,
    ) -> Result<ContactDetails> {
        let mut tx = self.writer.begin().await?;
        let id = insert_saved(&mut tx, wa_id, edit, now.0)
            .await?
            .ok_or(StoreError::Duplicate("contact"))?;
        let contact = details(&mut tx, id).await?;
        tx.commit().await?;
        Ok(contact)
    }

    /// Saves the business's name and notes for a contact.
    pub async fn update_contact(
        &self,
        id: ContactId,
        edit: &ContactEdit,
        now: Timestamp,
    ) -> Result<ContactDetails> {
        let mut tx = self.writer.begin().await?;
        set_saved_details(&mut tx, id, edit.saved_name(), edit.notes(), now.0).await?;
        let contact = details(&mut tx, id).await?;
        tx.commit().await?;
        Ok(contact)
    }

    /// Records marketing consent given or withdrawn, with its source.
    pub async fn record_consent(
        &self,
        id: ContactId,
        change: &ConsentChange,
        now: Timestamp,
    ) -> Result<ContactDetails> {
        let mut tx = self.writer.begin().await?;
        record_consent(&mut tx, id, change, now.0).await?;
        let contact = details(&mut tx, id).await?;
        tx.commit().await?;
        Ok(contact)
    }

    /// Blocks or unblocks a contact. Their messages are still stored either way.
    pub async fn set_contact_blocked(
        &self,
        id: ContactId,
        blocked: bool,
        now: Timestamp,
    ) -> Result<ContactDetails> {
        let mut tx = self.writer.begin().await?;
        set_blocked(&mut tx, id, blocked, now.0).await?;
        let contact = details(&mut tx, id).await?;
        tx.commit().await?;
        Ok(contact)
    }

    /// The whole address book, in its order, for export.
    pub async fn export_contacts(&self) -> Result<Vec<ContactDetails>> {
        let rows: Vec<DetailsRow> =
            sqlx::query_as(&format!("{DETAILS_SELECT} ORDER BY ct.sort_key, ct.id"))
                .fetch_all(&self.reader)
                .await?;
        Ok(rows.into_iter().map(ContactDetails::from).collect())
    }
}
