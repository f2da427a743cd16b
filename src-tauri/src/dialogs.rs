//! The system's file dialogs, awaited (the dialog plugin answers through a callback).

use std::path::PathBuf;

use tauri::AppHandle;
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

use crate::error::{CommandError, CommandResult, ErrorCode};

/// A file type the dialog offers, e.g. `("CSV", &["csv"])`.
pub type Filter<'a> = Option<(&'a str, &'a [&'a str])>;

fn builder(app: &AppHandle, filter: Filter<'_>) -> FileDialogBuilder<tauri::Wry> {
    let dialog = app.dialog().file();
    match filter {
        Some((name, extensions)) => dialog.add_filter(name, extensions),
        None => dialog,
    }
}

/// Asks for a file to open; `None` when the user cancels.
pub async fn pick_file(app: &AppHandle, filter: Filter<'_>) -> CommandResult<Option<PathBuf>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    builder(app, filter).pick_file(move |path| {
        let _ = tx.send(path.and_then(|p| p.into_path().ok()));
    });
    rx.await.map_err(|_| closed())
}

/// Asks where to save a file, suggesting `name`; `None` when the user cancels.
pub async fn save_file(
    app: &AppHandle,
    name: &str,
    filter: Filter<'_>,
) -> CommandResult<Option<PathBuf>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    builder(app, filter)
        .set_file_name(name)
        .save_file(move |path| {
            let _ = tx.send(path.and_then(|p| p.into_path().ok()));
        });
    rx.await.map_err(|_| closed())
}

fn closed() -> CommandError {
    CommandError::new(ErrorCode::Internal, "the file dialog closed unexpectedly")
}
