//! The tray icon: Parley keeps running there when its window closes (auto-replies and
//! notifications go on), shows how many conversations wait for the agent at the desk,
//! and is where Parley is quit.

use std::sync::Arc;
use std::time::Duration;

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Wry};
use tokio::sync::Notify;

use crate::profile::Profiles;

const TRAY_ID: &str = "parley";
/// Bursts of messages recount once.
const SETTLE: Duration = Duration::from_millis(300);

/// Wakes the task that recounts unread conversations.
struct Recount(Arc<Notify>);

struct Items {
    unread: MenuItem<Wry>,
    show: MenuItem<Wry>,
    quit: MenuItem<Wry>,
}

/// The tray's words, in the UI's language (the UI owns the translations and sends them
/// at start); English until then.
#[derive(Debug, Clone, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TrayWords {
    pub show: String,
    pub quit: String,
    pub nothing_unread: String,
    /// Entry `n - 1` is what to say for `n` unread conversations, each with its own
    /// plural form (Russian, Arabic and Hebrew have several, which one template with a
    /// number cannot follow); the last entry also stands for any larger number, so the
    /// UI words it as "more than ...".
    pub unread: Vec<String>,
}

impl TrayWords {
    /// The tooltip for `count` unread conversations.
    fn unread_text(&self, count: usize) -> String {
        match count.checked_sub(1) {
            None => self.nothing_unread.clone(),
            Some(index) => self
                .unread
                .get(index)
                .or(self.unread.last())
                .cloned()
                // The UI sent no forms: a number still says something in any language.
                .unwrap_or_else(|| format!("Parley: {count}")),
        }
    }
}

impl Default for TrayWords {
    fn default() -> Self {
        Self {
            show: "Show Parley".to_owned(),
            quit: "Quit Parley".to_owned(),
            nothing_unread: "Parley: nothing unread".to_owned(),
            unread: (1..=ENGLISH_COUNTS)
                .map(|n| match n {
                    1 => "Parley: 1 conversation unread".to_owned(),
                    n => format!("Parley: {n} conversations unread"),
                })
                .chain(std::iter::once(format!(
                    "Parley: more than {ENGLISH_COUNTS} conversations unread"
                )))
                .collect(),
        }
    }
}

/// How many counts the English defaults spell out, as the UI does.
const ENGLISH_COUNTS: usize = 99;

struct Words(std::sync::RwLock<TrayWords>);

/// Uses the UI's words from now on.
pub fn set_words(app: &AppHandle, words: TrayWords) {
    if let Some(items) = app.try_state::<Items>() {
        let _ = items.show.set_text(&words.show);
        let _ = items.quit.set_text(&words.quit);
    }
    if let Some(current) = app.try_state::<Words>() {
        *current
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = words;
    }
    unread_may_have_changed(app);
}

pub fn install(app: &AppHandle) -> tauri::Result<()> {
    let words = TrayWords::default();
    let unread = MenuItem::with_id(app, "unread", "Parley", false, None::<&str>)?;
    let show = MenuItem::with_id(app, "show", &words.show, true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", &words.quit, true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&unread, &separator, &show, &quit])?;
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Parley")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "show" => show_window(app),
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(Items { unread, show, quit });
    app.manage(Words(std::sync::RwLock::new(words)));
    let wake = Arc::new(Notify::new());
    app.manage(Recount(wake.clone()));
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            wake.notified().await;
            tokio::time::sleep(SETTLE).await;
            refresh(&handle).await;
        }
    });
    unread_may_have_changed(app);
    Ok(())
}

/// Asks for a recount soon (coalesced).
pub fn unread_may_have_changed(app: &AppHandle) {
    if let Some(recount) = app.try_state::<Recount>() {
        recount.0.notify_one();
    }
}

/// Brings the window back from the tray.
pub fn show_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

async fn refresh(app: &AppHandle) {
    crate::startup::mark("tray recount started");
    let unread = {
        let profiles = app.state::<Profiles>();
        let Ok(running) = profiles.current().await else {
            return;
        };
        match running.desk.get() {
            Some(agent) => running
                .store
                .view_counts(agent)
                .await
                .map(|c| c.unread_conversations)
                .unwrap_or_default(),
            None => 0,
        }
    };
    let words = app
        .try_state::<Words>()
        .map(|w| {
            w.0.read()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone()
        })
        .unwrap_or_default();
    crate::startup::mark("tray recount done");
    let text = words.unread_text(unread as usize);
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        let _ = tray.set_tooltip(Some(&text));
        // Shown next to the icon where the desktop supports it (most Linux panels).
        let _ = tray.set_title((unread > 0).then(|| unread.to_string()));
    }
    if let Some(items) = app.try_state::<Items>() {
        let _ = items.unread.set_text(&text);
    }
    if let Some(window) = app.get_webview_window("main") {
        let title = match unread {
            0 => "Parley".to_owned(),
            n => format!("({n}) Parley"),
        };
        let _ = window.set_title(&title);
    }
}

#[cfg(test)]
mod tests {
    use super::TrayWords;

    #[test]
    fn each_count_reads_its_own_form_and_large_ones_the_last() {
        let words = TrayWords {
            unread: vec![
                "1 беседа".into(),
                "2 беседы".into(),
                "больше 2 бесед".into(),
            ],
            ..TrayWords::default()
        };
        assert_eq!(words.unread_text(0), "Parley: nothing unread");
        assert_eq!(words.unread_text(1), "1 беседа");
        assert_eq!(words.unread_text(2), "2 беседы");
        assert_eq!(words.unread_text(3), "больше 2 бесед");
        assert_eq!(words.unread_text(250), "больше 2 бесед");
    }

    #[test]
    fn the_english_defaults_count_and_no_forms_still_show_the_number() {
        let english = TrayWords::default();
        assert_eq!(english.unread_text(1), "Parley: 1 conversation unread");
        assert_eq!(english.unread_text(42), "Parley: 42 conversations unread");
        assert_eq!(
            english.unread_text(500),
            "Parley: more than 99 conversations unread"
        );
        let bare = TrayWords {
            unread: Vec::new(),
            ..TrayWords::default()
        };
        assert_eq!(bare.unread_text(7), "Parley: 7");
    }
}
