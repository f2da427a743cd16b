//! How Parley behaves on this computer: do not disturb, start at login, the tray's words.

use tauri::{AppHandle, State};
use tauri_plugin_autostart::ManagerExt;

use crate::appearance::InterfaceFont;
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::profile::Profiles;
use crate::startup::StartupMark;
use crate::tray::TrayWords;

/// Silences desktop notifications on this computer (messages still arrive and count).
pub const DO_NOT_DISTURB: &str = "desktop.doNotDisturb";

#[derive(Debug, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DesktopSettings {
    pub do_not_disturb: bool,
    /// Parley starts (in the tray) when the user logs in.
    pub start_at_login: bool,
}

/// Whether do-not-disturb is on: no desktop notification of any kind shows then.
pub async fn do_not_disturb(store: &parley_store::Store) -> CommandResult<bool> {
    Ok(store.setting(DO_NOT_DISTURB).await?.unwrap_or(false))
}

#[tauri::command]
#[specta::specta]
pub async fn desktop_settings(
    app: AppHandle,
    profiles: State<'_, Profiles>,
) -> CommandResult<DesktopSettings> {
    let running = profiles.current().await?;
    Ok(DesktopSettings {
        do_not_disturb: do_not_disturb(&running.store).await?,
        start_at_login: app.autolaunch().is_enabled().unwrap_or(false),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn set_desktop_settings(
    app: AppHandle,
    profiles: State<'_, Profiles>,
    settings: DesktopSettings,
) -> CommandResult<DesktopSettings> {
    let running = profiles.current().await?;
    running
        .store
        .set_setting(
            DO_NOT_DISTURB,
            &settings.do_not_disturb,
            parley_engine::now().0,
        )
        .await?;
    let autolaunch = app.autolaunch();
    let changed = match (
        settings.start_at_login,
        autolaunch.is_enabled().unwrap_or(false),
    ) {
        (true, false) => autolaunch.enable(),
        (false, true) => autolaunch.disable(),
        _ => Ok(()),
    };
    changed.map_err(|e| {
        CommandError::new(
            ErrorCode::Internal,
            format!("could not change starting at login: {e}"),
        )
    })?;
    drop(running);
    desktop_settings(app, profiles).await
}

/// The tray menu and tooltip in the UI's language.
#[tauri::command]
#[specta::specta]
pub fn set_tray_words(app: AppHandle, words: TrayWords) {
    crate::tray::set_words(&app, words);
}

/// The desktop's interface font family for the window to name, or none to keep the
/// platform's `system-ui` (see `appearance`).
#[tauri::command]
#[specta::specta]
pub fn interface_font(font: State<'_, InterfaceFont>) -> Option<String> {
    font.0.clone()
}

/// The UI's first inbox is on screen, with the page's own start-up stages. Under the
/// desktop benchmark (`PARLEY_STARTUP_PROBE` set) it prints them and the line the bench
/// script times; otherwise it does nothing.
#[tauri::command]
#[specta::specta]
pub fn inbox_painted(marks: Vec<StartupMark>) {
    crate::startup::painted(&marks);
}
