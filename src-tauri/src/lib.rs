//! Parley's desktop shell. It holds no domain logic: it starts the engine (and, in demo
//! mode, the simulator), exposes thin commands per domain, forwards engine events to the
//! UI and shows notifications.

mod appearance;
mod bindings;
mod commands;
mod demo;
mod desk;
mod dialogs;
mod error;
mod events;
mod launch;
mod notifications;
mod profile;
mod rendering;
mod startup;
mod tray;
mod tunnels;

use parley_engine::media_server::MediaServer;
use tauri::Manager;

pub use launch::Launch;

/// Starts the start-up probe's clock (`PARLEY_STARTUP_PROBE`): first thing in `main`.
pub fn startup_probe_begin() {
    startup::begin();
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PARLEY_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let launch = Launch::from_env(std::env::args().skip(1), |name| std::env::var(name).ok());
    let specta = bindings::builder();
    startup::mark("building the app");

    let app = tauri::Builder::default()
        // First, so a second start hands over to the running Parley and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tray::show_window(app);
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--hidden"]),
        ))
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler({
            let handler = specta.invoke_handler();
            move |invoke| {
                startup::command_arrived(invoke.message.command());
                handler(invoke)
            }
        })
        .on_page_load(|_, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => startup::mark("page load started"),
            tauri::webview::PageLoadEvent::Finished => startup::mark("page load finished"),
        })
        .setup(move |app| {
            startup::mark("setup");
            // First, so the page never starts with a drawing it then has to leave. A
            // drawing that cannot be chosen costs memory, never the start.
            let drawing = rendering::for_this_machine();
            match app.get_webview_window("main") {
                Some(window) => match rendering::apply(&window, drawing) {
                    Ok(()) => startup::mark(drawing.probe_mark()),
                    Err(e) => tracing::warn!("the window keeps WebKit's drawing: {e}"),
                },
                None => tracing::warn!("no main window to choose its drawing for"),
            }
            app.manage(appearance::InterfaceFont(appearance::interface_font()));
            specta.mount_events(app);
            let data_dir = match &launch.data_dir {
                Some(dir) => dir.clone(),
                None => app.path().app_data_dir()?,
            };
            let media = tauri::async_runtime::block_on(MediaServer::start())?;
            app.manage(media);
            startup::mark("media server started");
            let profiles = profile::Profiles::new(app.handle().clone(), data_dir);
            // Started before the window loads, so the first command finds the inbox open.
            tauri::async_runtime::block_on(profiles.start(launch.demo))?;
            app.manage(profiles);
            startup::mark("inbox open");
            notifications::listen_for_clicks(app.handle());
            tray::install(app.handle())?;
            startup::mark("tray installed");
            if launch.hidden
                && let Some(window) = app.get_webview_window("main")
            {
                window.hide()?;
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window keeps Parley in the tray: auto-replies and notifications
            // go on. Quitting is in the tray's menu.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                api.prevent_close();
                let _ = window.hide();
            }
        })
        .build(tauri::generate_context!());
    startup::mark("app built (window created)");
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!("Parley could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            let profiles = handle.state::<profile::Profiles>();
            tauri::async_runtime::block_on(profiles.stop());
        }
    });
}
