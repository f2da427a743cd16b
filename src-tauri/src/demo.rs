//! What the demo inbox starts with besides its customers: a small team, labels and quick
//! replies, so every feature has something to show.

use parley_core::AgentId;
use parley_core::agent::Role;
use parley_core::label::LabelColor;
use parley_engine::quick_replies::{AttachmentChange, QuickReplyInput};
use parley_engine::{agents, labels, quick_replies};
use parley_store::Store;

use crate::error::CommandResult;

/// The owner every inbox starts with.
const OWNER: AgentId = AgentId(1);

pub async fn furnish(store: &Store) -> CommandResult<()> {
    agents::update(store, OWNER, OWNER, "Noam", Role::Owner).await?;
    agents::add(store, OWNER, "Maya", Role::Manager, None).await?;
    agents::add(store, OWNER, "Avi", Role::Agent, None).await?;
    // The demo opens at the owner's desk rather than the profile chooser: switching
    // profiles is one click away and needs no PIN here.
    store
        .set_setting(crate::desk::LAST_AT_DESK, &OWNER, parley_engine::now().0)
        .await?;
    for (name, color) in [
        ("New customer", LabelColor::Sky),
        ("New order", LabelColor::Amber),
        ("Paid", LabelColor::Green),
        ("VIP", LabelColor::Purple),
    ] {
        labels::add(store, OWNER, name, Some(color)).await?;
    }
    for (shortcut, text, keywords) in [
        (
            "hours",
            "Hi {{contact.first_name|there}}! We're open Sunday to Thursday 9:00–19:00 and Friday 9:00–14:00.",
            &["opening hours", "open"][..],
        ),
        (
            "thanks",
            "Thank you for shopping at {{business.name|our shop}}, {{contact.first_name|friend}}! — {{agent.name}}",
            &["thank you"][..],
        ),
        (
            "shipping",
            "Orders leave within 1 business day; delivery takes 2–4 days. You'll get a tracking link by WhatsApp.",
            &["delivery", "tracking"][..],
        ),
    ] {
        let input = QuickReplyInput {
            shortcut: shortcut.to_owned(),
            text: text.to_owned(),
            keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
            attachment: AttachmentChange::Keep,
        };
        quick_replies::save(store, OWNER, None, &input).await?;
    }
    Ok(())
}
