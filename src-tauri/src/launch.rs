//! How Parley was started: `--demo` (or `PARLEY_DEMO=1`), `--data-dir DIR` (or
//! `PARLEY_DATA_DIR`), and `--hidden` (started at login: straight to the tray).

use std::path::PathBuf;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Launch {
    /// Run against the built-in simulator with scripted customers.
    pub demo: bool,
    /// Where the database lives; the OS's app data directory when not given.
    pub data_dir: Option<PathBuf>,
    /// Start in the tray without showing the window.
    pub hidden: bool,
}

impl Launch {
    pub fn from_env(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Self {
        let mut launch = Launch {
            demo: env("PARLEY_DEMO").is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true")),
            data_dir: env("PARLEY_DATA_DIR")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from),
            hidden: false,
        };
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--demo" => launch.demo = true,
                "--hidden" => launch.hidden = true,
                "--data-dir" => launch.data_dir = args.next().map(PathBuf::from),
                other => {
                    if let Some(dir) = other.strip_prefix("--data-dir=") {
                        launch.data_dir = Some(PathBuf::from(dir));
                    }
                }
            }
        }
        launch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_and_environment() {
        assert_eq!(Launch::from_env(args(&[]), |_| None), Launch::default());
        let l = Launch::from_env(args(&["--demo", "--data-dir", "/tmp/p"]), |_| None);
        assert!(l.demo);
        assert_eq!(l.data_dir, Some(PathBuf::from("/tmp/p")));
        let l = Launch::from_env(args(&["--data-dir=/x"]), |n| {
            (n == "PARLEY_DEMO").then(|| "1".into())
        });
        assert!(l.demo);
        assert_eq!(l.data_dir, Some(PathBuf::from("/x")));
        assert!(!l.hidden);
        assert!(Launch::from_env(args(&["--hidden"]), |_| None).hidden);
    }
}
