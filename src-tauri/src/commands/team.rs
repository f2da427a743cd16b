//! The people at the desk (profiles, switching, PINs) and what they do to conversations:
//! assign, set status, write private notes.

use parley_core::agent::{Agent, Role};
use parley_core::conversation::ConversationSummary;
use parley_core::triage::{ConversationStatus, Note};
use parley_core::{AgentId, ConversationId, NoteId};
use parley_engine::{agents, triage};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::CommandResult;
use crate::profile::Profiles;

/// Who is at the desk, and who else could be.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Desk {
    /// `None`: locked; someone must choose their profile (and enter its PIN).
    pub agent: Option<Agent>,
    pub agents: Vec<Agent>,
}

#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgentInput {
    pub name: String,
    pub role: Role,
    /// A PIN or password switching to the profile will ask; `None`: none.
    pub secret: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn desk(profiles: State<'_, Profiles>) -> CommandResult<Desk> {
    let running = profiles.current().await?;
    running.desk_view().await
}

/// Switches the desk to a profile once its PIN or password matches.
#[tauri::command]
#[specta::specta]
pub async fn unlock_desk(
    profiles: State<'_, Profiles>,
    agent_id: AgentId,
    secret: String,
) -> CommandResult<Desk> {
    let running = profiles.current().await?;
    let agent = agents::unlock(&running.store, agent_id, &secret).await?;
    running.seat(Some(agent.id)).await?;
    running.desk_view().await
}

/// Leaves the desk: nothing can be sent until someone unlocks a profile.
#[tauri::command]
#[specta::specta]
pub async fn lock_desk(profiles: State<'_, Profiles>) -> CommandResult<Desk> {
    let running = profiles.current().await?;
    running.seat(None).await?;
    running.desk_view().await
}

#[tauri::command]
#[specta::specta]
pub async fn add_agent(profiles: State<'_, Profiles>, input: AgentInput) -> CommandResult<Agent> {
    let running = profiles.current().await?;
    let secret = input.secret.as_deref().filter(|s| !s.is_empty());
    Ok(agents::add(
        &running.store,
        running.at_desk()?,
        &input.name,
        input.role,
        secret,
    )
    .await?)
}

/// Renames a profile or changes its role.
#[tauri::command]
#[specta::specta]
pub async fn update_agent(
    profiles: State<'_, Profiles>,
    agent_id: AgentId,
    name: String,
    role: Role,
) -> CommandResult<Agent> {
    let running = profiles.current().await?;
    Ok(agents::update(&running.store, running.at_desk()?, agent_id, &name, role).await?)
}

/// Sets or removes (`None` or empty) a profile's PIN or password.
#[tauri::command]
#[specta::specta]
pub async fn set_agent_secret(
    profiles: State<'_, Profiles>,
    agent_id: AgentId,
    secret: Option<String>,
) -> CommandResult<()> {
    let running = profiles.current().await?;
    let secret = secret.as_deref().filter(|s| !s.is_empty());
    Ok(agents::set_secret(&running.store, running.at_desk()?, agent_id, secret).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_agent(profiles: State<'_, Profiles>, agent_id: AgentId) -> CommandResult<()> {
    let running = profiles.current().await?;
    Ok(agents::delete(&running.store, running.at_desk()?, agent_id).await?)
}

/// Gives a conversation to someone, or to nobody.
#[tauri::command]
#[specta::specta]
pub async fn assign_conversation(
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
    agent_id: Option<AgentId>,
) -> CommandResult<ConversationSummary> {
    let running = profiles.current().await?;
    let me = running.at_desk()?;
    triage::assign(&running.store, conversation_id, agent_id).await?;
    running.conversation_changed(conversation_id, me).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_conversation_status(
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
    status: ConversationStatus,
) -> CommandResult<ConversationSummary> {
    let running = profiles.current().await?;
    let me = running.at_desk()?;
    triage::set_status(&running.store, conversation_id, status).await?;
    running.conversation_changed(conversation_id, me).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_note(
    profiles: State<'_, Profiles>,
    conversation_id: ConversationId,
    text: String,
) -> CommandResult<Note> {
    let running = profiles.current().await?;
    Ok(triage::add_note(&running.store, conversation_id, running.at_desk()?, &text).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn edit_note(
    profiles: State<'_, Profiles>,
    note_id: NoteId,
    text: String,
) -> CommandResult<Note> {
    let running = profiles.current().await?;
    Ok(triage::edit_note(&running.store, running.at_desk()?, note_id, &text).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_note(profiles: State<'_, Profiles>, note_id: NoteId) -> CommandResult<()> {
    let running = profiles.current().await?;
    Ok(triage::delete_note(&running.store, running.at_desk()?, note_id).await?)
}
