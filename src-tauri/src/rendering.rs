//! How the window is drawn on Linux.
//!
//! WebKitGTK composites pages with OpenGL. On a machine with no GPU it can reach (a
//! virtual machine, a remote desktop, a thin client) that OpenGL is Mesa's llvmpipe,
//! which emulates a GPU on the CPU: the web process loads LLVM, compiles shaders before
//! the first frame and keeps rasterizer threads and buffers. Measured on such a machine
//! (docs/BENCHMARKS.md) that costs the inbox about 75 MiB and draws nothing an inbox of
//! text and lists needs. Without a GPU Parley therefore asks WebKit to draw the page
//! directly; with one, WebKit's default stays. A user who set WebKit's own
//! `WEBKIT_DISABLE_COMPOSITING_MODE` either way is obeyed.

use std::path::Path;

/// WebKit's own switch: when set, WebKit (not Parley) decides.
const WEBKIT_COMPOSITING_SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Where Linux lists the GPUs a process may render with (`renderD128`, …).
const RENDER_NODES: &str = "/dev/dri";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawing {
    /// Left to WebKit: composited with OpenGL, unless the user's own
    /// `WEBKIT_DISABLE_COMPOSITING_MODE` says otherwise.
    WebKitDefault,
    /// The page drawn directly by the CPU, without OpenGL.
    Direct,
}

/// The drawing for this machine: direct when no GPU can be rendered with, unless the user
/// told WebKit themselves.
pub fn choose(user_set_webkit_switch: bool, gpu_reachable: bool) -> Drawing {
    if user_set_webkit_switch || gpu_reachable {
        Drawing::WebKitDefault
    } else {
        Drawing::Direct
    }
}

/// Whether `dir` holds a render node this process can open, as Mesa would to use the GPU.
/// A node that exists but cannot be opened (a container without the device's group)
/// leaves Mesa on llvmpipe too.
pub fn gpu_reachable_in(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|entry| {
        entry.file_name().to_string_lossy().starts_with("renderD")
            && std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(entry.path())
                .is_ok()
    })
}

/// This machine's drawing. Only Linux's web view (WebKitGTK) is drawn through llvmpipe
/// without a GPU; elsewhere the system's web view decides.
pub fn for_this_machine() -> Drawing {
    if !cfg!(target_os = "linux") {
        return Drawing::WebKitDefault;
    }
    choose(
        std::env::var_os(WEBKIT_COMPOSITING_SWITCH).is_some(),
        gpu_reachable_in(Path::new(RENDER_NODES)),
    )
}

impl Drawing {
    /// The start-up probe's words for it; the desktop benchmark looks for them.
    pub fn probe_mark(self) -> &'static str {
        match self {
            Drawing::WebKitDefault => "drawing: WebKit's default",
            Drawing::Direct => "drawing: direct",
        }
    }
}

/// Applies `drawing` to the window's web view. Called before the page loads, so WebKit
/// never starts OpenGL when drawing directly.
#[cfg(target_os = "linux")]
pub fn apply(window: &tauri::WebviewWindow, drawing: Drawing) -> tauri::Result<()> {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt as _, WebViewExt as _};
    if drawing == Drawing::WebKitDefault {
        return Ok(());
    }
    window.with_webview(|webview| {
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    })
}

#[cfg(not(target_os = "linux"))]
pub fn apply(_window: &tauri::WebviewWindow, _drawing: Drawing) -> tauri::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_directly_only_without_a_gpu_and_without_the_users_word() {
        assert_eq!(choose(false, false), Drawing::Direct);
        assert_eq!(choose(false, true), Drawing::WebKitDefault);
        assert_eq!(choose(true, false), Drawing::WebKitDefault);
        assert_eq!(choose(true, true), Drawing::WebKitDefault);
    }

    #[test]
    fn a_gpu_is_a_render_node_that_opens() {
        let dir = std::env::temp_dir().join(format!("parley-dri-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(!gpu_reachable_in(&dir), "no /dev/dri at all");

        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("card0"), b"").unwrap();
        assert!(
            !gpu_reachable_in(&dir),
            "a display card without a render node"
        );

        std::fs::create_dir(dir.join("renderD128")).unwrap();
        assert!(
            !gpu_reachable_in(&dir),
            "a render node that cannot be opened for rendering"
        );

        std::fs::write(dir.join("renderD129"), b"").unwrap();
        assert!(gpu_reachable_in(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
