//! The address book: list, edit, consent, blocking, CSV in and out. Every role keeps
//! the address book; importing and exporting the whole of it is for owners and
//! managers.

use std::path::Path;

use parley_core::ContactId;
use parley_core::agent::Role;
use parley_core::contact::{
    ConsentChange, ContactDetails, ContactEdit, ContactGroup, wa_id_from_phone,
};
use parley_core::contact_csv::{self, ContactImportReport, CsvError};
use serde::Serialize;
use tauri::{AppHandle, State};

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::profile::{Profiles, Running};

const MAX_PAGE: u32 = 500;
const CSV: crate::dialogs::Filter<'static> = Some(("CSV", &["csv"]));

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContactPage {
    pub contacts: Vec<ContactDetails>,
    /// How many contacts the group and text match in all.
    pub total: u32,
    pub has_more: bool,
}

/// One page of the address book, sorted by the name shown (bare numbers last), limited
/// to `group` and to contacts `text` finds (as search does: names, number, notes).
#[tauri::command]
#[specta::specta]
pub async fn list_contacts(
    profiles: State<'_, Profiles>,
    group: ContactGroup,
    text: Option<String>,
    offset: u32,
    limit: u32,
) -> CommandResult<ContactPage> {
    let limit = limit.clamp(1, MAX_PAGE);
    let running = profiles.current().await?;
    let text = text.as_deref();
    let mut contacts = running
        .store
        .list_contacts(group, text, offset, limit + 1)
        .await?;
    let has_more = contacts.len() > limit as usize;
    contacts.truncate(limit as usize);
    let total = running.store.count_contacts(group, text).await?;
    Ok(ContactPage {
        contacts,
        total,
        has_more,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn get_contact(
    profiles: State<'_, Profiles>,
    contact_id: ContactId,
) -> CommandResult<ContactDetails> {
    let running = profiles.current().await?;
    Ok(running.store.contact(contact_id).await?)
}

/// Adds a contact by phone number ("+972 50-123-4567"), before they ever wrote.
/// `duplicate` when the number is already in the address book.
#[tauri::command]
#[specta::specta]
pub async fn add_contact(
    profiles: State<'_, Profiles>,
    phone: String,
    name: String,
    notes: String,
) -> CommandResult<ContactDetails> {
    let wa_id = wa_id_from_phone(&phone).map_err(parley_core::contact::ContactError::from)?;
    let edit = ContactEdit::new(&name, &notes)?;
    let running = profiles.current().await?;
    running.at_desk()?;
    Ok(running
        .store
        .add_contact(&wa_id, &edit, parley_engine::now())
        .await?)
}

/// Saves the name the business calls a contact (blank: their WhatsApp name shows) and
/// notes about them.
#[tauri::command]
#[specta::specta]
pub async fn update_contact(
    profiles: State<'_, Profiles>,
    contact_id: ContactId,
    name: String,
    notes: String,
) -> CommandResult<ContactDetails> {
    let edit = ContactEdit::new(&name, &notes)?;
    let running = profiles.current().await?;
    running.at_desk()?;
    Ok(running
        .store
        .update_contact(contact_id, &edit, parley_engine::now())
        .await?)
}

/// Records, now, that the contact agreed to marketing messages; `source` says how
/// ("website form", "asked in the shop", ...).
#[tauri::command]
#[specta::specta]
pub async fn record_opt_in(
    profiles: State<'_, Profiles>,
    contact_id: ContactId,
    source: String,
) -> CommandResult<ContactDetails> {
    let now = parley_engine::now();
    let change = ConsentChange::opt_in(&source, now)?;
    let running = profiles.current().await?;
    running.at_desk()?;
    Ok(running
        .store
        .record_consent(contact_id, &change, now)
        .await?)
}

/// Records, now, that the contact wants no more marketing messages; `source` says how.
#[tauri::command]
#[specta::specta]
pub async fn record_opt_out(
    profiles: State<'_, Profiles>,
    contact_id: ContactId,
    source: String,
) -> CommandResult<ContactDetails> {
    let now = parley_engine::now();
    let change = ConsentChange::opt_out(&source, now)?;
    let running = profiles.current().await?;
    running.at_desk()?;
    Ok(running
        .store
        .record_consent(contact_id, &change, now)
        .await?)
}

/// Blocks or unblocks a contact. Blocked contacts' messages are still stored, but they
/// never notify and get no auto-replies.
#[tauri::command]
#[specta::specta]
pub async fn set_contact_blocked(
    profiles: State<'_, Profiles>,
    contact_id: ContactId,
    blocked: bool,
) -> CommandResult<ContactDetails> {
    let running = profiles.current().await?;
    running.at_desk()?;
    Ok(running
        .store
        .set_contact_blocked(contact_id, blocked, parley_engine::now())
        .await?)
}

async fn require_settings_role(running: &Running, what: &str) -> CommandResult<()> {
    parley_engine::agents::require(
        &running.store,
        running.at_desk()?,
        Role::may_change_settings,
        what,
    )
    .await?;
    Ok(())
}

/// Asks for a CSV file and imports it (see `parley_core::contact_csv` for the columns);
/// `None` when the user cancels. A file that cannot be read as contacts is refused
/// whole; otherwise bad rows are skipped and listed in the report.
#[tauri::command]
#[specta::specta]
pub async fn import_contacts(
    app: AppHandle,
    profiles: State<'_, Profiles>,
) -> CommandResult<Option<ContactImportReport>> {
    {
        let running = profiles.current().await?;
        require_settings_role(&running, "import contacts").await?;
    }
    let Some(path) = crate::dialogs::pick_file(&app, CSV).await? else {
        return Ok(None);
    };
    let running = profiles.current().await?;
    require_settings_role(&running, "import contacts").await?;
    let parsed = contact_csv::parse_import(&read_import_file(&path).await?)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = format!("{} ({file_name})", contact_csv::DEFAULT_IMPORT_SOURCE);
    Ok(Some(
        running
            .store
            .import_contacts(&parsed, &source, parley_engine::now())
            .await?,
    ))
}

/// The file's bytes, refusing a file too large to import before reading it.
async fn read_import_file(path: &Path) -> CommandResult<Vec<u8>> {
    let unreadable = |e: std::io::Error| {
        CommandError::new(
            ErrorCode::FileUnreadable,
            format!("could not read {}: {e}", path.display()),
        )
    };
    let size = tokio::fs::metadata(path).await.map_err(unreadable)?.len();
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    if size > contact_csv::MAX_IMPORT_BYTES {
        return Err(CsvError::TooLarge(size).into());
    }
    tokio::fs::read(path).await.map_err(unreadable)
}

/// Asks where to save and writes the whole address book as CSV (the columns import
/// reads back); returns how many contacts, or `None` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn export_contacts(
    app: AppHandle,
    profiles: State<'_, Profiles>,
) -> CommandResult<Option<u32>> {
    {
        let running = profiles.current().await?;
        require_settings_role(&running, "export contacts").await?;
    }
    let Some(path) = crate::dialogs::save_file(&app, "contacts.csv", CSV).await? else {
        return Ok(None);
    };
    let running = profiles.current().await?;
    let contacts = running.store.export_contacts().await?;
    let bytes = contact_csv::export(&contacts)?;
    tokio::fs::write(&path, bytes).await.map_err(|e| {
        CommandError::new(
            ErrorCode::FileUnreadable,
            format!("could not write {}: {e}", path.display()),
        )
    })?;
    Ok(Some(u32::try_from(contacts.len()).unwrap_or(u32::MAX)))
}
