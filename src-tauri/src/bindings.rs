//! The typed IPC surface, exported as TypeScript for the UI by tauri-specta. A test keeps
//! the committed `ui/src/lib/ipc/bindings.ts` identical to what the Rust types produce.

use tauri_specta::{Builder, collect_commands, collect_events};

use crate::commands::{
    activity, auto_replies, contacts, desktop, inbox, labels, notifications, quick_replies, search,
    settings, team, templates, tunnel,
};
use crate::events::{InboxEvent, OpenConversation};

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            inbox::list_conversations,
            inbox::get_thread,
            inbox::open_conversation,
            inbox::service_window,
            inbox::send_text,
            inbox::send_message,
            inbox::send_again,
            inbox::typing,
            inbox::retry_media,
            inbox::open_media,
            inbox::open_location,
            inbox::open_referral,
            inbox::choose_file,
            inbox::media_base_url,
            activity::account_events,
            activity::templates,
            activity::sync_status,
            activity::sync_now,
            activity::get_preferences,
            activity::set_preferences,
            auto_replies::get_auto_replies,
            auto_replies::save_auto_replies,
            auto_replies::auto_reply_status,
            auto_replies::auto_reply_time_zones,
            auto_replies::auto_reply_decision,
            settings::get_settings,
            settings::save_account,
            tunnel::get_tunnel,
            tunnel::save_tunnel,
            tunnel::start_tunnel,
            tunnel::stop_tunnel,
            notifications::notify_new_message,
            search::search,
            search::get_thread_around,
            search::get_thread_newer,
            contacts::list_contacts,
            contacts::get_contact,
            contacts::add_contact,
            contacts::update_contact,
            contacts::record_opt_in,
            contacts::record_opt_out,
            contacts::set_contact_blocked,
            contacts::import_contacts,
            contacts::export_contacts,
            inbox::view_counts,
            team::desk,
            team::unlock_desk,
            team::lock_desk,
            team::add_agent,
            team::update_agent,
            team::set_agent_secret,
            team::delete_agent,
            team::assign_conversation,
            team::set_conversation_status,
            team::add_note,
            team::edit_note,
            team::delete_note,
            labels::labels,
            labels::add_label,
            labels::update_label,
            labels::delete_label,
            labels::reorder_labels,
            labels::set_conversation_label,
            quick_replies::quick_replies,
            quick_replies::save_quick_reply,
            quick_replies::delete_quick_reply,
            quick_replies::expand_quick_reply,
            quick_replies::import_quick_replies,
            quick_replies::export_quick_replies,
            desktop::desktop_settings,
            desktop::set_desktop_settings,
            desktop::set_tray_words,
            desktop::inbox_painted,
            desktop::interface_font,
            templates::lint_template,
            templates::template_drafts,
            templates::save_template_draft,
            templates::delete_template_draft,
            templates::submit_template_draft,
            templates::managed_templates,
            templates::delete_template,
            templates::import_template_json,
            templates::export_template_json,
            templates::upload_header_example,
            templates::send_template,
            notifications::notify_template_status,
        ])
        .events(collect_events![InboxEvent, OpenConversation])
        // Ids and instants are i64 in Rust; both stay far below 2^53.
        .dangerously_cast_bigints_to_number()
        // One TypeScript type per Rust type: the UI only receives what Rust serialises.
        .disable_serde_phases()
}

/// The generated TypeScript.
#[cfg(test)]
fn typescript() -> specta_typescript::Typescript {
    specta_typescript::Typescript::default().header(
        "// Generated from Rust by tauri-specta (src-tauri/src/bindings.rs). Do not edit.\n",
    )
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn committed_bindings_match_the_rust_types() {
        let committed =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/bindings.ts");
        let fresh = tempfile_path();
        super::builder()
            .export(super::typescript(), &fresh)
            .expect("export bindings");
        let fresh_text = std::fs::read_to_string(&fresh).expect("read fresh bindings");
        let _ = std::fs::remove_file(&fresh);
        if std::env::var_os("PARLEY_UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed, &fresh_text).expect("write bindings");
            return;
        }
        let committed_text = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            committed_text == fresh_text,
            "ui/src/lib/ipc/bindings.ts is stale: run `PARLEY_UPDATE_BINDINGS=1 cargo test -p parley-desktop bindings`"
        );
    }

    fn tempfile_path() -> PathBuf {
        std::env::temp_dir().join(format!("parley-bindings-{}.ts", std::process::id()))
    }
}
