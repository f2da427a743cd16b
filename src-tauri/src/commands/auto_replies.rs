//! Auto-replies: the away message, the greeting, keyword replies and opt-out keywords.
//! Settings need only the store, so they work in demo mode and before an account is
//! connected.

use parley_core::MessageId;
use parley_core::auto_reply::{AutoReplySettings, AwayStatus, RecordedDecision, time_zone_names};
use parley_engine::{auto_replies, now};
use tauri::State;

use crate::error::CommandResult;
use crate::profile::Profiles;

/// The saved settings; the defaults (everything off but opt-out keywords) when none were
/// saved.
#[tauri::command]
#[specta::specta]
pub async fn get_auto_replies(profiles: State<'_, Profiles>) -> CommandResult<AutoReplySettings> {
    let running = profiles.current().await?;
    Ok(auto_replies::load(&running.store).await?)
}

/// Validates and saves the settings (owners and managers only); returns them as saved,
/// normalised (canonical time zone, `HH:MM` times, trimmed keywords, sorted dates).
#[tauri::command]
#[specta::specta]
pub async fn save_auto_replies(
    profiles: State<'_, Profiles>,
    settings: AutoReplySettings,
) -> CommandResult<AutoReplySettings> {
    let running = profiles.current().await?;
    Ok(auto_replies::save(&running.store, running.at_desk()?, &settings).await?)
}

/// Whether the away message is active now and until when, for the saved settings, or
/// for `settings` being edited (a preview; invalid ones answer with what to fix).
#[tauri::command]
#[specta::specta]
pub async fn auto_reply_status(
    profiles: State<'_, Profiles>,
    settings: Option<AutoReplySettings>,
) -> CommandResult<AwayStatus> {
    let settings = match settings {
        Some(settings) => settings,
        None => auto_replies::load(&profiles.current().await?.store).await?,
    };
    Ok(auto_replies::status(&settings, now())?)
}

/// Every IANA time zone name the schedule accepts, sorted.
#[tauri::command]
#[specta::specta]
pub async fn auto_reply_time_zones() -> CommandResult<Vec<String>> {
    Ok(time_zone_names())
}

/// What the auto-replies decided about a customer's message (what went out, or why
/// nothing did); `None` for messages not decided (outbound ones, or from before).
#[tauri::command]
#[specta::specta]
pub async fn auto_reply_decision(
    profiles: State<'_, Profiles>,
    message_id: MessageId,
) -> CommandResult<Option<RecordedDecision>> {
    let running = profiles.current().await?;
    Ok(auto_replies::decision(&running.store, message_id).await?)
}
