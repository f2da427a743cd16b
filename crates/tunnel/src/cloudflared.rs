//! cloudflared tunnels: Parley runs the user's installed `cloudflared` as a child process.
//!
//! * Quick tunnel: `cloudflared tunnel --no-autoupdate --url http://127.0.0.1:PORT`. The
//!   random `https://*.trycloudflare.com` URL is printed in a box in its log (stderr).
//! * Named tunnel: `cloudflared tunnel --no-autoupdate run`, with the connector token in the
//!   `TUNNEL_TOKEN` environment variable (which `tunnel run --token` reads), so it never
//!   appears in argv and therefore not in `ps` output. The hostname comes from the config.
//!
//! Either is online once cloudflared logs "Registered tunnel connection": before that the
//! URL exists but Cloudflare's edge has nowhere to send requests, and Meta's verification
//! request would fail. The child is killed on stop and on drop (`kill_on_drop`); its output
//! is read for as long as it runs, both to notice when it dies and because a child whose
//! stderr pipe fills up blocks.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::{mpsc, oneshot, watch};

use crate::text::{self, LogTail, redact, strip_ansi};
use crate::{CloudflaredNamed, Running, TunnelError, TunnelKind, TunnelState};

const PROGRAM_NAME: &str = if cfg!(windows) {
    "cloudflared.exe"
} else {
    "cloudflared"
};

/// Where installers put cloudflared. A desktop app started from the macOS Finder gets a PATH
/// of only `/usr/bin:/bin:/usr/sbin:/sbin`, which misses Homebrew's folders.
const USUAL_INSTALL_DIRS: &[&str] = if cfg!(unix) {
    &["/opt/homebrew/bin", "/usr/local/bin", "/usr/bin"]
} else {
    &[]
};

/// cloudflared's log line once a connection to Cloudflare's edge is up.
const REGISTERED_MARKER: &str = "registered tunnel connection";

/// After the child exits, how long to wait for the rest of its output, which usually holds
/// the reason it exited.
const FINAL_OUTPUT_GRACE: Duration = Duration::from_secs(2);

pub(crate) struct CloudflaredStart {
    pub(crate) named: Option<CloudflaredNamed>,
    pub(crate) local: SocketAddr,
    pub(crate) program: Option<PathBuf>,
    pub(crate) start_timeout: Duration,
    pub(crate) state_tx: Arc<watch::Sender<TunnelState>>,
}

/// How the supervisor recognises that the tunnel is online.
enum Readiness {
    /// Quick tunnel: the URL is learned from the log.
    QuickUrlFromLog,
    /// Named tunnel: the URL is known from the config.
    Known(String),
}

pub(crate) fn find_program() -> Option<PathBuf> {
    let path_dirs = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    let usual_dirs = USUAL_INSTALL_DIRS.iter().map(PathBuf::from);
    find_in(path_dirs.into_iter().chain(usual_dirs))
}

fn find_in(dirs: impl IntoIterator<Item = PathBuf>) -> Option<PathBuf> {
    dirs.into_iter()
        .map(|dir| dir.join(PROGRAM_NAME))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    let Ok(metadata) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.is_file() && metadata.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        metadata.is_file()
    }
}

pub(crate) async fn start(request: CloudflaredStart) -> Result<Running, TunnelError> {
    let (readiness, token) = match request.named {
        None => (Readiness::QuickUrlFromLog, None),
        Some(named) => {
            let token = validate_token(named.token.expose())?.to_owned();
            let hostname =
                text::normalize_host(&named.hostname, "Cloudflare public hostname", true)?;
            (Readiness::Known(format!("https://{hostname}")), Some(token))
        }
    };
    let program = match request.program {
        Some(program) => program,
        None => find_program().ok_or(TunnelError::CloudflaredNotFound)?,
    };

    let mut command = Command::new(&program);
    command.arg("tunnel").arg("--no-autoupdate");
    match &token {
        None => {
            command
                .arg("--url")
                .arg(format!("http://{}", request.local));
            // An inherited token must not turn the quick tunnel into someone's named one.
            command.env_remove("TUNNEL_TOKEN");
        }
        Some(token) => {
            command.arg("run").env("TUNNEL_TOKEN", token);
        }
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().map_err(|source| {
        if source.kind() == io::ErrorKind::NotFound {
            TunnelError::CloudflaredNotFound
        } else {
            TunnelError::CloudflaredSpawn {
                program: program.clone(),
                source,
            }
        }
    })?;
    tracing::debug!(pid = child.id(), program = %program.display(), "cloudflared started");

    let (line_tx, line_rx) = mpsc::channel(64);
    if let Some(stdout) = child.stdout.take() {
        tokio::spawn(forward_lines(stdout, line_tx.clone()));
    }
    if let Some(stderr) = child.stderr.take() {
        tokio::spawn(forward_lines(stderr, line_tx));
    }

    let tail = LogTail::default();
    let (ready_tx, ready_rx) = oneshot::channel();
    let (stop_tx, stop_rx) = oneshot::channel();
    let supervisor = tokio::spawn(
        Supervisor {
            child,
            lines: line_rx,
            tail: tail.clone(),
            token: token.unwrap_or_default(),
            readiness,
            quick_url: None,
            registered: false,
            ready_tx: Some(ready_tx),
            state_tx: request.state_tx,
        }
        .run(stop_rx),
    );

    match tokio::time::timeout(request.start_timeout, ready_rx).await {
        Ok(Ok(Ok(public_url))) => Ok(Running {
            public_url,
            stop_tx,
            supervisor,
        }),
        Ok(Ok(Err(error))) => Err(error),
        Ok(Err(_supervisor_gone)) => Err(TunnelError::CloudflaredExited {
            status: "its supervisor stopped unexpectedly".to_owned(),
            last_output: tail.snapshot(),
        }),
        Err(_elapsed) => {
            // Kill it and wait, so no half-started cloudflared outlives the failed start.
            let _ = stop_tx.send(());
            let _ = supervisor.await;
            Err(TunnelError::Timeout {
                kind: TunnelKind::Cloudflared,
                after: request.start_timeout,
                last_output: tail.snapshot(),
            })
        }
    }
}

/// Refuses what is obviously not a connector token, before starting a process with it.
fn validate_token(token: &str) -> Result<&str, TunnelError> {
    let token = token.trim();
    if token.is_empty() {
        return Err(TunnelError::CloudflaredTokenMissing);
    }
    if token.chars().any(char::is_whitespace) {
        return Err(TunnelError::CloudflaredTokenMalformed(
            "it contains spaces; paste only the token (the long string starting with eyJ), \
             not the whole install command",
        ));
    }
    Ok(token)
}

async fn forward_lines(stream: impl AsyncRead + Unpin, line_tx: mpsc::Sender<String>) {
    let mut lines = BufReader::new(stream).lines();
    // Ends at EOF, on a read error (non-UTF-8 output), or when nobody listens any more.
    while let Ok(Some(line)) = lines.next_line().await {
        if line_tx.send(line).await.is_err() {
            break;
        }
    }
}

/// Owns the cloudflared child for its whole life.
struct Supervisor {
    child: Child,
    lines: mpsc::Receiver<String>,
    tail: LogTail,
    /// Redacted from every line, in case cloudflared ever echoes it. Empty for quick tunnels.
    token: String,
    readiness: Readiness,
    quick_url: Option<String>,
    /// Whether cloudflared has logged a connection to Cloudflare's edge.
    registered: bool,
    /// Taken once the start outcome is known; `None` means the tunnel is (or was) online.
    ready_tx: Option<oneshot::Sender<Result<String, TunnelError>>>,
    state_tx: Arc<watch::Sender<TunnelState>>,
}

impl Supervisor {
    async fn run(mut self, mut stop_rx: oneshot::Receiver<()>) {
        loop {
            tokio::select! {
                // Either stop() or the Tunnel (or a timed-out start) was dropped.
                _ = &mut stop_rx => {
                    self.kill().await;
                    self.state_tx.send_replace(TunnelState::Stopped);
                    return;
                }
                Some(line) = self.lines.recv() => self.on_line(&line),
                status = self.child.wait() => {
                    self.on_exit(status).await;
                    return;
                }
            }
        }
    }

    fn on_line(&mut self, raw: &str) {
        let line = redact(&strip_ansi(raw), &self.token);
        tracing::debug!(target: "parley_tunnel::cloudflared", "{line}");
        self.tail.push(&line);
        if self.ready_tx.is_none() {
            return;
        }
        if let Readiness::QuickUrlFromLog = self.readiness
            && self.quick_url.is_none()
        {
            self.quick_url = quick_tunnel_url(&line);
        }
        if line.to_ascii_lowercase().contains(REGISTERED_MARKER) {
            self.registered = true;
        }
        // Both facts are needed, in whichever order cloudflared happens to log them.
        let public_url = match &self.readiness {
            Readiness::Known(url) => Some(url.clone()),
            Readiness::QuickUrlFromLog => self.quick_url.clone(),
        };
        if self.registered
            && let Some(public_url) = public_url
            && let Some(ready_tx) = self.ready_tx.take()
        {
            self.state_tx.send_replace(TunnelState::Online {
                public_url: public_url.clone(),
            });
            let _ = ready_tx.send(Ok(public_url));
        }
    }

    async fn on_exit(&mut self, status: io::Result<ExitStatus>) {
        // The reason for the exit is usually in the last lines, which may still be in the pipe.
        let drain = async {
            while let Some(line) = self.lines.recv().await {
                self.on_line(&line);
            }
        };
        let _ = tokio::time::timeout(FINAL_OUTPUT_GRACE, drain).await;
        let status = match status {
            Ok(status) => status.to_string(),
            Err(error) => format!("could not wait for it: {error}"),
        };
        let last_output = self.tail.snapshot();
        tracing::warn!(%status, "cloudflared exited");
        match self.ready_tx.take() {
            Some(ready_tx) => {
                self.state_tx.send_replace(TunnelState::Failed {
                    error: format!("cloudflared stopped before the tunnel came online ({status})"),
                });
                let _ = ready_tx.send(Err(TunnelError::CloudflaredExited {
                    status,
                    last_output,
                }));
            }
            None => {
                let error = format!(
                    "cloudflared exited ({status}){}",
                    text::output_suffix(&last_output)
                );
                self.state_tx.send_replace(TunnelState::Failed { error });
            }
        }
    }

    async fn kill(&mut self) {
        // SIGKILL rather than SIGTERM: on SIGTERM cloudflared waits out its 30 s grace period.
        if let Err(error) = self.child.kill().await {
            tracing::warn!(%error, "could not kill cloudflared");
        }
    }
}

/// Finds the trycloudflare.com URL in a line of cloudflared's quick-tunnel banner:
/// `... INF |  https://random-words.trycloudflare.com   |`.
fn quick_tunnel_url(line: &str) -> Option<String> {
    line.match_indices("https://").find_map(|(start, _)| {
        let candidate = line[start..]
            .split(|c: char| c.is_whitespace() || c == '|')
            .next()?
            .trim_end_matches('/');
        let host = candidate.strip_prefix("https://")?;
        let is_quick_host = host.ends_with(".trycloudflare.com")
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        is_quick_host.then(|| candidate.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_tunnel_url_is_found_in_the_banner_only() {
        let banner = "2026-03-01T10:00:01Z INF |  https://seasonal-deck-organisms-sf.trycloudflare.com                                      |";
        assert_eq!(
            quick_tunnel_url(banner).as_deref(),
            Some("https://seasonal-deck-organisms-sf.trycloudflare.com")
        );
        let disclaimer = "INF Thank you for trying Cloudflare Tunnel. ... Terms of Use (https://www.cloudflare.com/website-terms/), ... https://developers.cloudflare.com/cloudflare-one/connections/connect-apps";
        assert_eq!(quick_tunnel_url(disclaimer), None);
        assert_eq!(
            quick_tunnel_url("INF Requesting new quick Tunnel on trycloudflare.com..."),
            None
        );
    }

    #[test]
    fn tokens_with_spaces_or_nothing_are_refused() {
        assert!(matches!(
            validate_token("  "),
            Err(TunnelError::CloudflaredTokenMissing)
        ));
        assert!(matches!(
            validate_token("sudo cloudflared service install eyJhIjoi"),
            Err(TunnelError::CloudflaredTokenMalformed(_))
        ));
        assert_eq!(validate_token(" eyJhIjoi \n").unwrap(), "eyJhIjoi");
    }

    #[cfg(unix)]
    #[test]
    fn only_executable_files_named_cloudflared_are_found() {
        use std::os::unix::fs::PermissionsExt;
        let empty = tempfile::tempdir().unwrap();
        let not_executable = tempfile::tempdir().unwrap();
        std::fs::write(not_executable.path().join("cloudflared"), "#!/bin/sh\n").unwrap();
        let installed = tempfile::tempdir().unwrap();
        let program = installed.path().join("cloudflared");
        std::fs::write(&program, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();

        let dirs = [empty.path(), not_executable.path(), installed.path()].map(PathBuf::from);
        assert_eq!(find_in(dirs), Some(program));
        assert_eq!(find_in([empty.path().to_path_buf()]), None);
    }
}
