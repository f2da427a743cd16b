//! The desktop's interface font, for the window to name.
//!
//! The UI's font is the platform's (CSS `system-ui`). WebKitGTK resolves `system-ui` by
//! setting up GTK's settings inside the web process, the first time a page uses it:
//! ~20 ms of the first style at start-up (measured, docs/BENCHMARKS.md), on the path to
//! the first painted inbox. The shell has GTK set up already, so on Linux it reads the
//! font there and the window names it; a named font is a plain fontconfig lookup.
//! Elsewhere `system-ui` stays.

/// The interface font family a `gtk-font-name` setting ("Cantarell 11", "Noto Sans Bold
/// 10") names, as Pango reads it.
#[cfg(target_os = "linux")]
pub fn family_of_font_name(font_name: &str) -> Option<String> {
    let description = gtk::pango::FontDescription::from_string(font_name);
    description
        .family()
        .map(|family| family.trim().to_owned())
        .filter(|family| !family.is_empty())
}

/// The desktop's interface font family: GTK's own setting (the desktop's, from
/// XSETTINGS, GNOME's settings or `settings.ini`). Call on the main thread, once GTK is
/// set up. `None` leaves the window on `system-ui`.
#[cfg(target_os = "linux")]
pub fn interface_font() -> Option<String> {
    use gtk::prelude::GtkSettingsExt;
    let font_name = gtk::Settings::default()?.gtk_font_name()?;
    family_of_font_name(&font_name)
}

#[cfg(not(target_os = "linux"))]
pub fn interface_font() -> Option<String> {
    None
}

/// What the window is told, read once at start-up.
pub struct InterfaceFont(pub Option<String>);

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn the_family_is_the_font_name_without_its_style_and_size() {
        assert_eq!(
            family_of_font_name("Cantarell 11").as_deref(),
            Some("Cantarell")
        );
        assert_eq!(
            family_of_font_name("Noto Sans Bold Italic 10").as_deref(),
            Some("Noto Sans")
        );
        assert_eq!(family_of_font_name("Ubuntu, 11").as_deref(), Some("Ubuntu"));
        assert_eq!(family_of_font_name("").as_deref(), None);
        assert_eq!(family_of_font_name("12").as_deref(), None);
    }
}
