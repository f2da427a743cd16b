//! One window with one line of text, and the same start-up probe as Parley: the page calls
//! `painted` once its first frame is on screen, which prints a line the bench script waits
//! for.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[tauri::command]
fn painted() {
    println!("parley-startup: painted");
}

fn main() {
    if let Err(e) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .run(tauri::generate_context!())
    {
        eprintln!("the window could not start: {e}");
        std::process::exit(1);
    }
}
