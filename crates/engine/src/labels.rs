//! Labels: managing them (owners and managers) and putting them on conversations
//! (everyone). Works without a connected account, so it takes the store.

use parley_core::agent::Role;
use parley_core::label::{Label, LabelColor, LabelError, MAX_LABELS, label_name, name_key};
use parley_core::{AgentId, ConversationId, LabelId};
use parley_store::{Store, StoreError};

use crate::agents::require;
use crate::{EngineError, now};

/// Adds a label; without a color it gets the first one no label uses yet.
pub async fn add(
    store: &Store,
    actor: AgentId,
    name: &str,
    color: Option<LabelColor>,
) -> Result<Label, EngineError> {
    require(store, actor, Role::may_change_settings, "manage labels").await?;
    let name = label_name(name)?;
    let existing = store.labels().await?;
    if existing.len() >= MAX_LABELS {
        return Err(LabelError::TooMany.into());
    }
    let color = color.unwrap_or_else(|| {
        LabelColor::next_unused(&existing.iter().map(|l| l.color).collect::<Vec<_>>())
    });
    let id = store
        .add_label(&name, &name_key(&name), color, now())
        .await
        .map_err(|e| taken(e, &name))?;
    label(store, id).await
}

/// Renames or recolors a label.
pub async fn update(
    store: &Store,
    actor: AgentId,
    id: LabelId,
    name: &str,
    color: LabelColor,
) -> Result<Label, EngineError> {
    require(store, actor, Role::may_change_settings, "manage labels").await?;
    let name = label_name(name)?;
    store
        .update_label(id, &name, &name_key(&name), color, now())
        .await
        .map_err(|e| taken(e, &name))?;
    label(store, id).await
}

/// Deletes a label and takes it off every conversation.
pub async fn delete(store: &Store, actor: AgentId, id: LabelId) -> Result<(), EngineError> {
    require(store, actor, Role::may_change_settings, "manage labels").await?;
    Ok(store.delete_label(id).await?)
}

/// Puts the labels in this order.
pub async fn reorder(store: &Store, actor: AgentId, order: &[LabelId]) -> Result<(), EngineError> {
    require(store, actor, Role::may_change_settings, "manage labels").await?;
    Ok(store.reorder_labels(order, now()).await?)
}

/// Puts a label on a conversation or takes it off: anyone at the desk may.
pub async fn set_on_conversation(
    store: &Store,
    conversation: ConversationId,
    label: LabelId,
    on: bool,
) -> Result<(), EngineError> {
    Ok(store
        .set_conversation_label(conversation, label, on, now())
        .await?)
}

async fn label(store: &Store, id: LabelId) -> Result<Label, EngineError> {
    store
        .labels()
        .await?
        .into_iter()
        .find(|l| l.id == id)
        .ok_or(EngineError::Store(StoreError::NotFound("label")))
}

fn taken(error: StoreError, name: &str) -> EngineError {
    match error {
        StoreError::Duplicate(_) => {
            EngineError::Duplicate(format!("there is already a label called \"{name}\""))
        }
        e => e.into(),
    }
}
