// The desktop's interface font, named for the whole UI (`--interface-font` in app.css).

/// Names `family` as the UI's font on `root`; `null` keeps the platform's `system-ui`.
/// Named, because WebKitGTK resolves `system-ui` by setting up GTK's settings in the web
/// process during the first style, ~20 ms of the start-up (the shell has read them
/// already: src-tauri/src/appearance.rs).
export function applyInterfaceFont(root: HTMLElement, family: string | null): void {
  // A CSS string cannot hold a line break; no font's name has one.
  if (!family || /[\n\r\f]/.test(family)) return;
  root.style.setProperty('--interface-font', `"${family.replace(/["\\]/g, '\\$&')}"`);
}
