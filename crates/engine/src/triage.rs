//! Who handles a conversation and where it stands (assignment, status) and the team's
//! private notes. Anyone at the desk may do these; works without a connected account.

use parley_core::agent::Role;
use parley_core::triage::{ConversationStatus, Note, note_body};
use parley_core::{AgentId, ConversationId, NoteId};
use parley_store::Store;

use crate::{EngineError, now};

/// Gives a conversation to `to` (or to nobody). The assignee must be a current profile.
pub async fn assign(
    store: &Store,
    conversation: ConversationId,
    to: Option<AgentId>,
) -> Result<(), EngineError> {
    if let Some(agent) = to {
        store.agent(agent).await?;
    }
    Ok(store.assign_conversation(conversation, to).await?)
}

pub async fn set_status(
    store: &Store,
    conversation: ConversationId,
    status: ConversationStatus,
) -> Result<(), EngineError> {
    Ok(store
        .set_conversation_status(conversation, status, now())
        .await?)
}

pub async fn add_note(
    store: &Store,
    conversation: ConversationId,
    author: AgentId,
    text: &str,
) -> Result<Note, EngineError> {
    let body = note_body(text)?;
    Ok(store.add_note(conversation, author, body, now()).await?)
}

/// Edits a note: its author may, and so may owners and managers.
pub async fn edit_note(
    store: &Store,
    actor: AgentId,
    id: NoteId,
    text: &str,
) -> Result<Note, EngineError> {
    may_change_note(store, actor, id).await?;
    let body = note_body(text)?;
    Ok(store.edit_note(id, body, now()).await?)
}

/// Deletes a note: its author may, and so may owners and managers.
pub async fn delete_note(store: &Store, actor: AgentId, id: NoteId) -> Result<(), EngineError> {
    may_change_note(store, actor, id).await?;
    Ok(store.delete_note(id).await?)
}

async fn may_change_note(store: &Store, actor: AgentId, id: NoteId) -> Result<(), EngineError> {
    let note = store.note(id).await?;
    if note.author.as_ref().is_some_and(|a| a.id == actor) {
        return Ok(());
    }
    if store.agent(actor).await?.role == Role::Agent {
        return Err(EngineError::Forbidden(
            "only its author, an owner or a manager may change a note".to_owned(),
        ));
    }
    Ok(())
}
