//! bore tunnels: the bore client runs in-process against a self-hosted `bore server`.
//!
//! bore forwards raw TCP, so the public URL is plain `http://{server}:{remote_port}`; it
//! suits a server the user controls (or one behind their own TLS proxy). The control
//! connection always goes to port 7835 (`bore_cli::shared::CONTROL_PORT`).

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use bore_cli::client::Client;
use bore_cli::shared::CONTROL_PORT;
use parley_core::account::Secret;
use tokio::sync::{oneshot, watch};

use crate::text::{self, redact};
use crate::{Running, TunnelError, TunnelKind, TunnelState};

pub(crate) struct BoreStart {
    pub(crate) server: String,
    pub(crate) port: Option<u16>,
    pub(crate) secret: Option<Secret>,
    pub(crate) local: SocketAddr,
    pub(crate) start_timeout: Duration,
    pub(crate) state_tx: Arc<watch::Sender<TunnelState>>,
}

pub(crate) async fn start(request: BoreStart) -> Result<Running, TunnelError> {
    let server = parse_server(&request.server)?;
    // An empty secret field means "no secret", not "authenticate with the empty string".
    let secret = request
        .secret
        .as_ref()
        .map(|secret| secret.expose().trim())
        .filter(|secret| !secret.is_empty());
    let local_host = request.local.ip().to_string();
    let connect = Client::new(
        &local_host,
        request.local.port(),
        &server,
        request.port.unwrap_or(0),
        secret,
    );
    let client = match tokio::time::timeout(request.start_timeout, connect).await {
        Err(_elapsed) => {
            return Err(TunnelError::Timeout {
                kind: TunnelKind::Bore,
                after: request.start_timeout,
                last_output: String::new(),
            });
        }
        Ok(Err(error)) => {
            let message = redact(&format!("{error:#}"), secret.unwrap_or_default());
            return Err(classify_client_error(server, message));
        }
        Ok(Ok(client)) => client,
    };

    let public_url = format!("http://{}:{}", url_host(&server), client.remote_port());
    request.state_tx.send_replace(TunnelState::Online {
        public_url: public_url.clone(),
    });
    let (stop_tx, stop_rx) = oneshot::channel();
    let supervisor = tokio::spawn(supervise(client, stop_rx, request.state_tx));
    Ok(Running {
        public_url,
        stop_tx,
        supervisor,
    })
}

/// Runs the client's control loop until the server goes away or the tunnel is stopped.
async fn supervise(
    client: Client,
    stop_rx: oneshot::Receiver<()>,
    state_tx: Arc<watch::Sender<TunnelState>>,
) {
    tokio::select! {
        outcome = client.listen() => {
            let error = match outcome {
                Ok(()) => "the bore server closed the tunnel".to_owned(),
                Err(error) => format!("the bore tunnel broke: {error:#}"),
            };
            tracing::warn!(%error, "bore tunnel failed");
            state_tx.send_replace(TunnelState::Failed { error });
        }
        // Fired by stop() or dropped with the Tunnel. Dropping the listen future closes the
        // control connection, and the server then releases the public port.
        _ = stop_rx => {
            state_tx.send_replace(TunnelState::Stopped);
        }
    }
}

/// bore's errors are `anyhow` strings; these are the ones it produces for authentication
/// (see `bore_cli::auth` and `bore_cli::client`), which deserve their own advice.
fn classify_client_error(server: String, message: String) -> TunnelError {
    const SECRET_PROBLEMS: [&str; 3] = [
        "invalid secret",
        "requires authentication",
        "expected authentication challenge",
    ];
    if SECRET_PROBLEMS
        .iter()
        .any(|needle| message.contains(needle))
    {
        TunnelError::BoreSecretRejected { server, message }
    } else if message.starts_with("could not connect") {
        TunnelError::BoreUnreachable { server, message }
    } else {
        TunnelError::BoreRejected { server, message }
    }
}

/// Accepts `bore.example.com`, `203.0.113.7`, `::1`, `[::1]`, a leading `tcp://` or
/// `http://`, and an explicit `:7835`; bore has no way to use any other control port.
fn parse_server(input: &str) -> Result<String, TunnelError> {
    let invalid = || TunnelError::InvalidBoreServer {
        value: input.to_owned(),
    };
    let trimmed = input.trim();
    let without_scheme = ["tcp://", "http://", "https://"]
        .iter()
        .find_map(|scheme| trimmed.strip_prefix(scheme))
        .unwrap_or(trimmed);
    let address = without_scheme.strip_suffix('/').unwrap_or(without_scheme);
    if let Ok(ip) = address.parse::<IpAddr>() {
        return Ok(ip.to_string());
    }
    let (host, port) = if let Some(bracketed) = address.strip_prefix('[') {
        let (inside, after) = bracketed.split_once(']').ok_or_else(invalid)?;
        let ip: Ipv6Addr = inside.parse().map_err(|_| invalid())?;
        (ip.to_string(), after.strip_prefix(':'))
    } else {
        match address.split_once(':') {
            Some((host, port)) => (host.to_owned(), Some(port)),
            None => (address.to_owned(), None),
        }
    };
    if let Some(port) = port
        && port.parse::<u16>().ok() != Some(CONTROL_PORT)
    {
        return Err(invalid());
    }
    if host.parse::<IpAddr>().is_ok() {
        return Ok(host);
    }
    text::normalize_host(&host, "bore server", false).map_err(|_| invalid())
}

/// IPv6 literals need brackets inside a URL.
fn url_host(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_addresses_people_type_are_understood() {
        assert_eq!(
            parse_server(" bore.Example.com ").unwrap(),
            "bore.example.com"
        );
        assert_eq!(
            parse_server("tcp://bore.example.com/").unwrap(),
            "bore.example.com"
        );
        assert_eq!(
            parse_server("bore.example.com:7835").unwrap(),
            "bore.example.com"
        );
        assert_eq!(parse_server("203.0.113.7").unwrap(), "203.0.113.7");
        assert_eq!(parse_server("::1").unwrap(), "::1");
        assert_eq!(parse_server("[::1]:7835").unwrap(), "::1");
        assert_eq!(parse_server("localhost").unwrap(), "localhost");
    }

    #[test]
    fn other_control_ports_and_junk_are_refused() {
        for input in [
            "bore.example.com:2200",
            "bore.example.com:x",
            "",
            "a b",
            "[::1",
        ] {
            let error = parse_server(input).unwrap_err();
            assert!(
                matches!(error, TunnelError::InvalidBoreServer { .. }),
                "{input:?}: {error:?}"
            );
        }
        let message = parse_server("bore.example.com:2200")
            .unwrap_err()
            .to_string();
        assert!(message.contains("7835"), "{message}");
    }

    #[test]
    fn ipv6_hosts_are_bracketed_in_urls() {
        assert_eq!(url_host("::1"), "[::1]");
        assert_eq!(url_host("bore.example.com"), "bore.example.com");
    }

    #[test]
    fn authentication_failures_get_their_own_error() {
        let rejected = classify_client_error("s".into(), "server error: invalid secret".into());
        assert!(matches!(rejected, TunnelError::BoreSecretRejected { .. }));
        let missing = classify_client_error(
            "s".into(),
            "server requires authentication, but no client secret was provided".into(),
        );
        assert!(matches!(missing, TunnelError::BoreSecretRejected { .. }));
        let down = classify_client_error("s".into(), "could not connect to s:7835: refused".into());
        assert!(matches!(down, TunnelError::BoreUnreachable { .. }));
        let busy = classify_client_error("s".into(), "server error: port already in use".into());
        assert!(matches!(busy, TunnelError::BoreRejected { .. }));
    }
}
