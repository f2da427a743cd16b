//! Text helpers shared by the tunnel kinds: host names as people type them, secrets kept
//! out of user-facing messages, error chains flattened into one line, and the tail of a
//! child process's log kept for error reports.

use std::collections::VecDeque;
use std::error::Error as StdError;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use crate::TunnelError;

/// Shown instead of a secret wherever a message might otherwise have carried it.
pub(crate) const REDACTED: &str = "[redacted]";

/// Turns what people paste for a public host name (`https://hooks.example.com/`,
/// ` Hooks.Example.com `) into a bare lower-case host name, or says what is wrong with it.
///
/// `field` names the setting in the error message, so the user knows which box to fix.
pub(crate) fn normalize_host(
    input: &str,
    field: &'static str,
    require_domain: bool,
) -> Result<String, TunnelError> {
    let invalid = |reason: &'static str| TunnelError::InvalidHost {
        field,
        value: input.to_owned(),
        reason,
    };
    let trimmed = input.trim();
    let without_scheme = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .unwrap_or(trimmed);
    let host = without_scheme.strip_suffix('/').unwrap_or(without_scheme);
    if host.is_empty() {
        return Err(invalid("it is empty"));
    }
    if host.contains('/') {
        return Err(invalid("enter only the host name, without a path"));
    }
    if host.contains(':') {
        return Err(invalid("enter only the host name, without a port"));
    }
    if host.len() > 253 {
        return Err(invalid("it is longer than a host name can be"));
    }
    let labels_are_valid = host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if !labels_are_valid {
        return Err(invalid(
            "a host name may only contain letters, digits, dots and hyphens",
        ));
    }
    if require_domain && !host.contains('.') {
        return Err(invalid("it needs a domain, like hooks.example.com"));
    }
    Ok(host.to_ascii_lowercase())
}

/// The address to dial for the local receiver. A receiver bound to `0.0.0.0` or `[::]`
/// is reachable on loopback, while dialling the unspecified address fails on some systems.
pub(crate) fn dialable(local: SocketAddr) -> SocketAddr {
    match local.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), local.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), local.port())
        }
        _ => local,
    }
}

/// Replaces every occurrence of `secret` in `text`. Used on anything that came back from a
/// service or a child process, because some of them echo the credential they rejected
/// (ngrok's "Your authtoken: ..." for one).
pub(crate) fn redact(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        text.to_owned()
    } else {
        text.replace(secret, REDACTED)
    }
}

/// `error: cause: cause`, because the top-level message of most IO-ish errors ("failed to
/// establish tcp connection") says nothing the user can act on without its causes.
pub(crate) fn error_chain(error: &dyn StdError) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // Some wrappers repeat their source's message; saying it twice helps nobody.
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Drops ANSI colour and cursor sequences, which a child may print even into a pipe.
pub(crate) fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                // CSI: parameters and intermediates, then one final byte in '@'..='~'.
                for next in chars.by_ref() {
                    if ('@'..='~').contains(&next) {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The last few lines a child process printed, kept so that an error can show them: when
/// cloudflared fails, its own last words are the most useful thing to put in front of the user.
#[derive(Debug, Clone, Default)]
pub(crate) struct LogTail(Arc<Mutex<VecDeque<String>>>);

impl LogTail {
    const MAX_LINES: usize = 12;
    const MAX_LINE_CHARS: usize = 400;

    pub(crate) fn push(&self, line: &str) {
        let line = match line.char_indices().nth(Self::MAX_LINE_CHARS) {
            Some((cut, _)) => format!("{}…", &line[..cut]),
            None => line.to_owned(),
        };
        // A poisoned lock only means another thread panicked mid-push; the lines are still fine.
        let mut lines = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if lines.len() == Self::MAX_LINES {
            lines.pop_front();
        }
        lines.push_back(line);
    }

    pub(crate) fn snapshot(&self) -> String {
        let lines = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        lines
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// `"; last output:\n..."` or nothing, for error messages that may carry a log tail.
pub(crate) fn output_suffix(last_output: &str) -> String {
    if last_output.trim().is_empty() {
        String::new()
    } else {
        format!("; last output:\n{last_output}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<String, TunnelError>) -> &'static str {
        match result {
            Err(TunnelError::InvalidHost { reason, .. }) => reason,
            other => panic!("expected InvalidHost, got {other:?}"),
        }
    }

    #[test]
    fn a_pasted_url_becomes_a_host_name() {
        let host = normalize_host(" https://Hooks.Example.com/ ", "host", true).unwrap();
        assert_eq!(host, "hooks.example.com");
        let host = normalize_host("my-name.ngrok-free.app", "host", true).unwrap();
        assert_eq!(host, "my-name.ngrok-free.app");
    }

    #[test]
    fn host_names_with_paths_ports_or_odd_characters_are_refused() {
        assert!(
            reason(normalize_host("https://x.example.com/webhook", "h", true)).contains("path")
        );
        assert!(reason(normalize_host("x.example.com:8443", "h", true)).contains("port"));
        assert!(reason(normalize_host("x example.com", "h", true)).contains("letters"));
        assert!(reason(normalize_host("-x.example.com", "h", true)).contains("letters"));
        assert!(reason(normalize_host("x..com", "h", true)).contains("letters"));
        assert!(reason(normalize_host("   ", "h", true)).contains("empty"));
        assert!(reason(normalize_host("localhost", "h", true)).contains("domain"));
        assert_eq!(
            normalize_host("localhost", "h", false).unwrap(),
            "localhost"
        );
    }

    #[test]
    fn the_field_name_and_value_reach_the_message() {
        let error = normalize_host("a/b", "ngrok domain", true).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("ngrok domain"), "{message}");
        assert!(message.contains("\"a/b\""), "{message}");
    }

    #[test]
    fn unspecified_receiver_addresses_are_dialled_on_loopback() {
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert_eq!(dialable(any), "127.0.0.1:8080".parse().unwrap());
        let any6: SocketAddr = "[::]:8080".parse().unwrap();
        assert_eq!(dialable(any6), "[::1]:8080".parse().unwrap());
        let bound: SocketAddr = "127.0.0.1:9".parse().unwrap();
        assert_eq!(dialable(bound), bound);
    }

    #[test]
    fn redaction_removes_every_copy_and_ignores_an_empty_secret() {
        assert_eq!(
            redact("token abc and abc again", "abc"),
            "token [redacted] and [redacted] again"
        );
        assert_eq!(redact("nothing", ""), "nothing");
    }

    #[test]
    fn error_chains_include_causes_once() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        #[derive(Debug, thiserror::Error)]
        #[error("failed to connect")]
        struct Outer(#[source] std::io::Error);
        assert_eq!(error_chain(&Outer(io)), "failed to connect: refused");
    }

    #[test]
    fn ansi_sequences_are_removed() {
        let coloured = "\u{1b}[90m2026-01-01T00:00:00Z\u{1b}[0m \u{1b}[32mINF\u{1b}[0m hello";
        assert_eq!(strip_ansi(coloured), "2026-01-01T00:00:00Z INF hello");
    }

    #[test]
    fn the_log_tail_keeps_the_last_lines_and_truncates_long_ones() {
        let tail = LogTail::default();
        for n in 0..20 {
            tail.push(&format!("line {n}"));
        }
        tail.push(&"x".repeat(1000));
        let snapshot = tail.snapshot();
        assert!(!snapshot.contains("line 8\n"), "{snapshot}");
        assert!(snapshot.starts_with("line 9\n"), "{snapshot}");
        assert!(snapshot.ends_with('…'));
        assert!(snapshot.lines().last().unwrap().chars().count() <= 401);
    }
}
