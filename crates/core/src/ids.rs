//! Local row ids. Meta's own ids (`wa_id`, `wamid`) stay plain strings: Parley never
//! interprets them, it only stores and compares them.

use serde::{Deserialize, Serialize};

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

row_id!(
    /// A customer known by their WhatsApp id.
    ContactId
);
row_id!(
    /// The one thread Parley keeps per contact.
    ConversationId
);
row_id!(
    /// A message in a thread, inbound or outbound.
    MessageId
);
row_id!(
    /// A person at the desk: the owner, a manager or an agent.
    AgentId
);
row_id!(
    /// A colored label conversations are sorted by.
    LabelId
);
row_id!(
    /// A saved `/shortcut` reply.
    QuickReplyId
);
row_id!(
    /// A private note in a thread; never sent.
    NoteId
);
