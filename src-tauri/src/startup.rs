//! The start-up probe the desktop benchmark reads (`PARLEY_STARTUP_PROBE` set): a line on
//! stdout per stage, from process start to the first painted inbox, so the time can be
//! broken down instead of guessed. Without the variable nothing is printed or kept.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// When the process started, on the monotonic clock and as Unix milliseconds (the UI's
/// marks come as Unix milliseconds: `performance.timeOrigin + performance.now()`).
struct Origin {
    instant: Instant,
    unix_ms: f64,
}

static ORIGIN: OnceLock<Option<Origin>> = OnceLock::new();
/// Commands are marked only until the first paint; afterwards they are the user's.
static PAINTED: AtomicBool = AtomicBool::new(false);

/// The prefix of every probe line (the bench script waits for `PAINTED_LINE`).
const PREFIX: &str = "parley-startup:";

/// Starts the probe's clock; call first thing in `main`.
pub fn begin() {
    origin();
}

fn origin() -> Option<&'static Origin> {
    ORIGIN
        .get_or_init(|| {
            std::env::var_os("PARLEY_STARTUP_PROBE").map(|_| Origin {
                instant: Instant::now(),
                unix_ms: unix_ms_now(),
            })
        })
        .as_ref()
}

fn unix_ms_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or_default()
}

/// Records that `stage` is reached now.
pub fn mark(stage: &str) {
    if let Some(origin) = origin() {
        let ms = origin.instant.elapsed().as_secs_f64() * 1000.0;
        println!("{PREFIX} mark {ms:.1} {stage}");
    }
}

/// Records a command arriving from the window before the first paint.
pub fn command_arrived(name: &str) {
    mark_before_paint(|| format!("command {name}"));
}

/// Records a command's answer being ready before the first paint: the time from its
/// arrival is the shell's share, the rest of the window's wait is the window's.
pub fn command_answered(name: &str) {
    mark_before_paint(|| format!("command {name} answered"));
}

/// Marks a stage of the window's commands, until the first paint.
/// Every command passes here: without the probe it must cost nothing (no formatting).
fn mark_before_paint(stage: impl FnOnce() -> String) {
    if origin().is_some() && !PAINTED.load(Ordering::Relaxed) {
        mark(&stage());
    }
}

/// One of the window's own start-up stages, timed in the page.
#[derive(Debug, Clone, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StartupMark {
    pub name: String,
    /// Unix milliseconds, with the page's sub-millisecond precision.
    pub start: f64,
    pub end: f64,
}

/// The window painted its first inbox: prints the page's marks on the process clock,
/// then the line the bench script times.
pub fn painted(marks: &[StartupMark]) {
    let Some(origin) = origin() else {
        return;
    };
    PAINTED.store(true, Ordering::Relaxed);
    for mark in marks {
        let start = mark.start - origin.unix_ms;
        let end = mark.end - origin.unix_ms;
        println!(
            "{PREFIX} window {start:.1} {end:.1} {:.1} {}",
            end - start,
            mark.name
        );
    }
    mark("painted (command received)");
    println!("{PREFIX} painted");
}
