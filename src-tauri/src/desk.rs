//! Who sits at the desk. One Parley window serves a whole team in turn: each person
//! switches to their profile (with its PIN, if it has one), and what they send, assign
//! and read is recorded as theirs.

use std::sync::{Arc, PoisonError, RwLock};

use parley_core::AgentId;
use parley_core::ConversationId;
use parley_core::conversation::ConversationSummary;
use parley_store::Store;
use tauri_specta::Event;

use crate::commands::team::Desk;
use crate::error::CommandResult;
use crate::events::InboxEvent;
use crate::profile::Running;

pub(crate) use parley_store::LAST_AT_DESK;

/// The agent at the desk, shared by commands and the event forwarder.
#[derive(Clone, Debug, Default)]
pub struct Seat(Arc<RwLock<Option<AgentId>>>);

impl Seat {
    /// Who sits down when the inbox opens: whoever sat there last, or the only profile
    /// there is; nobody (the profile chooser) when that profile asks for a PIN or when
    /// several could.
    pub async fn first(store: &Store) -> Seat {
        let agents = match store.agents().await {
            Ok(agents) => agents,
            Err(e) => {
                tracing::warn!("cannot read the profiles: {e}");
                return Seat::default();
            }
        };
        let last: Option<AgentId> = store.setting(LAST_AT_DESK).await.ok().flatten();
        let candidate = match last.and_then(|id| agents.iter().find(|a| a.id == id)) {
            Some(agent) => Some(agent),
            None if agents.len() == 1 => agents.first(),
            None => None,
        };
        let seated = candidate.filter(|a| !a.has_secret).map(|a| a.id);
        Seat(Arc::new(RwLock::new(seated)))
    }

    pub fn get(&self) -> Option<AgentId> {
        *self.0.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn set(&self, agent: Option<AgentId>) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = agent;
    }
}

impl Running {
    pub async fn desk_view(&self) -> CommandResult<Desk> {
        let agents = self.store.agents().await?;
        let agent = self
            .desk
            .get()
            .and_then(|id| agents.iter().find(|a| a.id == id).cloned());
        Ok(Desk { agent, agents })
    }

    /// Seats `agent` (or nobody) and has the window reload: unread counts and "mine"
    /// are theirs now.
    pub async fn seat(&self, agent: Option<AgentId>) -> CommandResult<()> {
        self.desk.set(agent);
        if let Some(agent) = agent {
            self.store
                .set_setting(LAST_AT_DESK, &agent, parley_engine::now().0)
                .await?;
        }
        self.reload_window();
        crate::tray::unread_may_have_changed(&self.app);
        Ok(())
    }

    /// The conversation's row as the agent at the desk sees it, also sent to the window
    /// as an event (the list may have to move or drop it).
    pub async fn conversation_changed(
        &self,
        id: ConversationId,
        me: AgentId,
    ) -> CommandResult<ConversationSummary> {
        let summary = self.store.conversation_for(id, me).await?;
        let event = InboxEvent::ConversationChanged {
            conversation: summary.clone(),
        };
        if let Err(e) = event.emit(&self.app) {
            tracing::warn!("could not tell the window: {e}");
        }
        crate::tray::unread_may_have_changed(&self.app);
        Ok(summary)
    }

    /// Everything the window shows may have changed (a label deleted everywhere).
    pub fn reload_window(&self) {
        if let Err(e) = InboxEvent::Reload.emit(&self.app) {
            tracing::warn!("could not tell the window: {e}");
        }
    }
}
