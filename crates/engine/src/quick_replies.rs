//! Quick replies: managing them (owners and managers), filling their variables for a
//! conversation, and moving them in and out as CSV. Works without a connected account,
//! so it takes the store.
//!
//! CSV: a header row `shortcut,text,keywords`; keywords separated by `;`. Attachments
//! are files, not text, and stay out of CSV: an import never touches an existing
//! attachment.

use std::path::Path;

use parley_core::agent::Role;
use parley_core::quick_reply::{
    Expansion, QuickReply, QuickReplyAttachment, Values, expand, keywords, reply_text, shortcut,
    shortcut_key,
};
use parley_core::{AgentId, ConversationId, QuickReplyId};
use parley_store::{NewQuickReply, Store, StoreError};
use serde::{Deserialize, Serialize};

use crate::agents::require;
use crate::send::copy_checked;
use crate::{EngineError, now};

/// Where quick-reply attachments are kept, under the data directory.
const ATTACHMENTS_DIR: &str = "quick-replies";
/// A CSV larger than this is not a list of quick replies.
pub const MAX_CSV_BYTES: u64 = 5 * 1024 * 1024;

/// A quick reply as the editor submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct QuickReplyInput {
    pub shortcut: String,
    pub text: String,
    pub keywords: Vec<String>,
    /// What to do with the attachment.
    pub attachment: AttachmentChange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(
    tag = "change",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum AttachmentChange {
    /// Keep what it has (nothing, for a new one).
    Keep,
    /// Attach this file (a copy is kept; the original may move or vanish later).
    Set {
        path: String,
    },
    Remove,
}

/// What an import did, row by row where it could not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    pub problems: Vec<RowProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RowProblem {
    /// The line in the file, counting the header as line 1.
    pub line: u64,
    pub message: String,
}

/// Saves a new quick reply (`id` `None`) or changes one.
pub async fn save(
    store: &Store,
    actor: AgentId,
    id: Option<QuickReplyId>,
    input: &QuickReplyInput,
) -> Result<QuickReply, EngineError> {
    require(
        store,
        actor,
        Role::may_change_settings,
        "manage quick replies",
    )
    .await?;
    let shortcut = shortcut(&input.shortcut)?;
    let keywords = keywords(&input.keywords)?;
    let previous = match id {
        Some(id) => Some(store.quick_reply(id).await?),
        None => None,
    };
    let old_attachment = previous.as_ref().and_then(|p| p.attachment.clone());
    let attachment = match &input.attachment {
        AttachmentChange::Keep => old_attachment.clone(),
        AttachmentChange::Remove => None,
        AttachmentChange::Set { path } => Some(keep_attachment(store, Path::new(path)).await?),
    };
    let text = reply_text(&input.text, attachment.is_some())?;
    let reply = NewQuickReply {
        shortcut: &shortcut,
        shortcut_key: &shortcut_key(&shortcut),
        text: &text,
        keywords: &keywords,
        attachment: attachment.as_ref(),
    };
    let saved = match id {
        None => store.add_quick_reply(&reply, now()).await,
        Some(id) => store.update_quick_reply(id, &reply, now()).await,
    };
    let saved = match saved {
        Ok(saved) => saved,
        Err(e) => {
            // Nothing refers to the new copy: do not leave it behind.
            if let (Some(new), AttachmentChange::Set { .. }) = (&attachment, &input.attachment) {
                forget_file(store, &new.path).await;
            }
            return Err(taken(e, &shortcut));
        }
    };
    if let Some(old) = old_attachment
        && saved.attachment.as_ref().map(|a| &a.path) != Some(&old.path)
    {
        forget_file(store, &old.path).await;
    }
    Ok(saved)
}

pub async fn delete(store: &Store, actor: AgentId, id: QuickReplyId) -> Result<(), EngineError> {
    require(
        store,
        actor,
        Role::may_change_settings,
        "manage quick replies",
    )
    .await?;
    let reply = store.quick_reply(id).await?;
    store.delete_quick_reply(id).await?;
    if let Some(attachment) = reply.attachment {
        forget_file(store, &attachment.path).await;
    }
    Ok(())
}

/// A quick reply's text with its variables filled for this conversation and agent.
/// `business_name` is the number's verified name, when the account is connected.
pub async fn expand_for(
    store: &Store,
    id: QuickReplyId,
    conversation: ConversationId,
    agent: AgentId,
    business_name: Option<String>,
) -> Result<Expansion, EngineError> {
    let reply = store.quick_reply(id).await?;
    let contact = store.conversation(conversation).await?.contact;
    let values = Values {
        // The name the business saved is how the shop knows them; else their profile's.
        contact_name: contact.saved_name.or(contact.profile_name),
        agent_name: Some(store.agent(agent).await?.name),
        business_name,
    };
    Ok(expand(&reply.text, &values))
}

/// Writes every quick reply to `path` as CSV.
pub async fn export_csv(store: &Store, path: &Path) -> Result<u32, EngineError> {
    let replies = store.quick_replies().await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let written = (|| {
        writer.write_record(["shortcut", "text", "keywords"])?;
        for reply in &replies {
            writer.write_record([
                reply.shortcut.as_str(),
                reply.text.as_str(),
                reply.keywords.join("; ").as_str(),
            ])?;
        }
        writer.flush()
    })();
    written.map_err(|e| EngineError::Internal(format!("could not write CSV: {e}")))?;
    let bytes = writer
        .into_inner()
        .map_err(|e| EngineError::Internal(format!("could not write CSV: {e}")))?;
    tokio::fs::write(path, bytes)
        .await
        .map_err(|e| EngineError::File(format!("cannot write {}: {e}", path.display())))?;
    Ok(replies.len() as u32)
}

/// Reads quick replies from a CSV file: new shortcuts are added, existing ones (any
/// case) get the file's text and keywords. Rows that are not valid are reported by line
/// and skipped; the others are saved.
pub async fn import_csv(
    store: &Store,
    actor: AgentId,
    path: &Path,
) -> Result<ImportReport, EngineError> {
    require(
        store,
        actor,
        Role::may_change_settings,
        "import quick replies",
    )
    .await?;
    let bytes = read_bounded(path).await?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| EngineError::Invalid(format!("this is not a CSV file: {e}")))?
        .iter()
        .map(str::to_lowercase)
        .collect::<Vec<_>>();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(shortcut_at), Some(text_at)) = (column("shortcut"), column("text")) else {
        return Err(EngineError::Invalid(
            "the first line must name the columns: shortcut, text (and optionally keywords)"
                .to_owned(),
        ));
    };
    let keywords_at = column("keywords");
    let mut report = ImportReport::default();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                report.problems.push(RowProblem {
                    line,
                    message: format!("unreadable: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let field = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or_default();
        let outcome = import_row(
            store,
            field(Some(shortcut_at)),
            field(Some(text_at)),
            field(keywords_at),
        )
        .await;
        match outcome {
            Ok(Imported::Created) => report.created += 1,
            Ok(Imported::Updated) => report.updated += 1,
            Err(e @ EngineError::Store(StoreError::Database(_))) => return Err(e),
            Err(e) => report.problems.push(RowProblem {
                line,
                message: e.to_string(),
            }),
        }
    }
    Ok(report)
}

enum Imported {
    Created,
    Updated,
}

async fn import_row(
    store: &Store,
    shortcut_text: &str,
    text: &str,
    keyword_list: &str,
) -> Result<Imported, EngineError> {
    let shortcut = shortcut(shortcut_text)?;
    let keywords = keywords(
        &keyword_list
            .split([';', ','])
            .map(str::to_owned)
            .collect::<Vec<_>>(),
    )?;
    let key = shortcut_key(&shortcut);
    let existing = store.quick_reply_by_key(&key).await?;
    let attachment = existing.as_ref().and_then(|e| e.attachment.clone());
    let text = reply_text(text, attachment.is_some())?;
    let reply = NewQuickReply {
        shortcut: &shortcut,
        shortcut_key: &key,
        text: &text,
        keywords: &keywords,
        attachment: attachment.as_ref(),
    };
    match existing {
        None => {
            store
                .add_quick_reply(&reply, now())
                .await
                .map_err(|e| taken(e, &shortcut))?;
            Ok(Imported::Created)
        }
        Some(existing) => {
            store
                .update_quick_reply(existing.id, &reply, now())
                .await
                .map_err(|e| taken(e, &shortcut))?;
            Ok(Imported::Updated)
        }
    }
}

async fn read_bounded(path: &Path) -> Result<Vec<u8>, EngineError> {
    let unreadable =
        |e: std::io::Error| EngineError::File(format!("cannot read {}: {e}", path.display()));
    let size = tokio::fs::metadata(path).await.map_err(unreadable)?.len();
    if size > MAX_CSV_BYTES {
        return Err(EngineError::Invalid(format!(
            "the file is {} MB; a quick-reply list is at most {} MB",
            size.div_ceil(1024 * 1024),
            MAX_CSV_BYTES / (1024 * 1024)
        )));
    }
    tokio::fs::read(path).await.map_err(unreadable)
}

/// Keeps a copy of a chosen file, checked against WhatsApp's limits for its kind.
async fn keep_attachment(
    store: &Store,
    source: &Path,
) -> Result<QuickReplyAttachment, EngineError> {
    let copy = copy_checked(source, &store.data_dir().join(ATTACHMENTS_DIR), None).await?;
    Ok(QuickReplyAttachment {
        path: copy.path.to_string_lossy().into_owned(),
        filename: copy.filename,
        mime_type: copy.mime_type.to_owned(),
        kind: copy.kind,
        size: copy.size,
    })
}

/// Deletes an attachment copy nothing uses any more. Best effort: a file left behind
/// wastes a little space, a failing save would lose the user's edit.
async fn forget_file(store: &Store, path: &str) {
    match store.quick_reply_attachment_in_use(path).await {
        Ok(false) => {
            if let Err(e) = tokio::fs::remove_file(path).await {
                tracing::warn!("could not delete the old attachment {path}: {e}");
            }
        }
        Ok(true) => {}
        Err(e) => tracing::warn!("kept the old attachment {path}: {e}"),
    }
}

fn taken(error: StoreError, shortcut: &str) -> EngineError {
    match error {
        StoreError::Duplicate(_) => {
            EngineError::Duplicate(format!("the shortcut /{shortcut} is already used"))
        }
        e => e.into(),
    }
}
