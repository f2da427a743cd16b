//! ngrok tunnels through the official ngrok agent SDK (`ngrok` crate), in-process: no ngrok
//! binary is needed, only an authtoken.
//!
//! The SDK opens a session to ngrok's agent ingress, binds an HTTP endpoint (on the user's
//! reserved domain if they have one) and forwards each incoming connection to the local
//! receiver. It reconnects by itself after network blips, so the tunnel is reported
//! `Failed` only when the forwarding task ends.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use ngrok::config::ForwarderBuilder;
use ngrok::forwarder::Forwarder;
use ngrok::prelude::{EndpointInfo, TunnelCloser};
use ngrok::tunnel::HttpTunnel;
use parley_core::account::Secret;
use tokio::sync::{oneshot, watch};
use url::Url;

use crate::text::{self, error_chain, redact};
use crate::{Running, TunnelError, TunnelKind, TunnelState};

/// How long each of the two goodbye RPCs may take on stop before we just drop the session.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(3);

pub(crate) struct NgrokStart {
    pub(crate) authtoken: Secret,
    pub(crate) domain: Option<String>,
    pub(crate) local: SocketAddr,
    pub(crate) server_addr: Option<String>,
    pub(crate) start_timeout: Duration,
    pub(crate) state_tx: Arc<watch::Sender<TunnelState>>,
}

pub(crate) async fn start(request: NgrokStart) -> Result<Running, TunnelError> {
    // Everything that can be checked locally is checked before any connection is made.
    let authtoken = validate_authtoken(request.authtoken.expose())?;
    let domain = request
        .domain
        .as_deref()
        .map(str::trim)
        .filter(|domain| !domain.is_empty())
        .map(|domain| text::normalize_host(domain, "ngrok domain", true))
        .transpose()?;
    let forward_to = Url::parse(&format!("http://{}", request.local))
        .expect("a socket address always makes a valid http URL");

    install_crypto_provider();
    let mut session_builder = ngrok::Session::builder();
    session_builder.authtoken(authtoken).client_info(
        "parley",
        env!("CARGO_PKG_VERSION"),
        None::<String>,
    );
    if let Some(server_addr) = &request.server_addr {
        session_builder.server_addr(server_addr).map_err(|error| {
            TunnelError::NgrokUnreachable {
                message: error.to_string(),
            }
        })?;
    }

    let open = async {
        let session = session_builder
            .connect()
            .await
            .map_err(|error| connect_error(&error, authtoken))?;
        let mut endpoint = session.http_endpoint();
        if let Some(domain) = &domain {
            endpoint.domain(domain);
        }
        let forwarder = endpoint
            .listen_and_forward(forward_to)
            .await
            .map_err(|error| TunnelError::NgrokEndpoint {
                code: ngrok::Error::error_code(&error).map(str::to_owned),
                message: redact(&ngrok::Error::msg(&error), authtoken),
            })?;
        Ok::<_, TunnelError>((session, forwarder))
    };
    let (session, forwarder) = match tokio::time::timeout(request.start_timeout, open).await {
        Ok(opened) => opened?,
        Err(_elapsed) => {
            return Err(TunnelError::Timeout {
                kind: TunnelKind::Ngrok,
                after: request.start_timeout,
                last_output: String::new(),
            });
        }
    };

    let public_url = forwarder.url().trim_end_matches('/').to_owned();
    request.state_tx.send_replace(TunnelState::Online {
        public_url: public_url.clone(),
    });
    let (stop_tx, stop_rx) = oneshot::channel();
    let supervisor = tokio::spawn(supervise(session, forwarder, stop_rx, request.state_tx));
    Ok(Running {
        public_url,
        stop_tx,
        supervisor,
    })
}

async fn supervise(
    mut session: ngrok::Session,
    mut forwarder: Forwarder<HttpTunnel>,
    stop_rx: oneshot::Receiver<()>,
    state_tx: Arc<watch::Sender<TunnelState>>,
) {
    let forwarding_ended = tokio::select! {
        ended = forwarder.join() => Some(ended),
        // Fired by stop() or dropped with the Tunnel.
        _ = stop_rx => None,
    };
    match forwarding_ended {
        Some(ended) => {
            let reason = match ended {
                Ok(Ok(())) => "ngrok closed the tunnel".to_owned(),
                Ok(Err(error)) => format!("ngrok stopped forwarding: {error}"),
                Err(join_error) => format!("ngrok stopped forwarding: {join_error}"),
            };
            tracing::warn!(error = %reason, "ngrok tunnel failed");
            state_tx.send_replace(TunnelState::Failed { error: reason });
        }
        None => {
            // Tell ngrok we are leaving so a reserved domain is released at once instead of
            // after a heartbeat timeout; best effort, and bounded because the network may be gone.
            let _ = tokio::time::timeout(CLOSE_TIMEOUT, forwarder.close()).await;
            forwarder.join().abort();
            let _ = tokio::time::timeout(CLOSE_TIMEOUT, session.close()).await;
            state_tx.send_replace(TunnelState::Stopped);
        }
    }
}

/// Catches empty and mangled tokens (a pasted `ngrok config add-authtoken ...` command, a
/// stray quote) before they cost a round trip. The charset is what ngrok issues; the length
/// floor is far below any real token, so a valid token is never refused here.
fn validate_authtoken(authtoken: &str) -> Result<&str, TunnelError> {
    let authtoken = authtoken.trim();
    if authtoken.is_empty() {
        return Err(TunnelError::NgrokAuthtokenMissing);
    }
    if authtoken.chars().any(char::is_whitespace) {
        return Err(TunnelError::NgrokAuthtokenMalformed(
            "it contains spaces; paste only the token, not the `ngrok config add-authtoken` command",
        ));
    }
    if !authtoken
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(TunnelError::NgrokAuthtokenMalformed(
            "it may only contain letters, digits, '_' and '-'",
        ));
    }
    if authtoken.len() < 20 {
        return Err(TunnelError::NgrokAuthtokenMalformed(
            "it is too short; copy the whole token from the ngrok dashboard",
        ));
    }
    Ok(authtoken)
}

fn connect_error(error: &ngrok::session::ConnectError, authtoken: &str) -> TunnelError {
    use ngrok::session::ConnectError;
    match error {
        // ngrok's message for a bad token quotes the token back ("Your authtoken: ...").
        ConnectError::Auth(rpc) => TunnelError::NgrokRejected {
            code: ngrok::Error::error_code(rpc).map(str::to_owned),
            message: redact(&ngrok::Error::msg(rpc), authtoken),
        },
        other => TunnelError::NgrokUnreachable {
            message: redact(&error_chain(other), authtoken),
        },
    }
}

/// The SDK builds its TLS config with rustls's process-wide crypto provider. If another
/// dependency of the app enables rustls's `aws-lc-rs` feature too, rustls can no longer pick
/// one by itself and would panic, so pick `ring` explicitly. If the app installed a provider
/// already, that one stays.
fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authtokens_are_checked_for_shape() {
        assert!(matches!(
            validate_authtoken(" "),
            Err(TunnelError::NgrokAuthtokenMissing)
        ));
        assert!(matches!(
            validate_authtoken("ngrok config add-authtoken 2abcdefghijklmnopqrstuvwxyz"),
            Err(TunnelError::NgrokAuthtokenMalformed(_))
        ));
        assert!(matches!(
            validate_authtoken("\"2abcdefghijklmnopqrstuvwxyz\""),
            Err(TunnelError::NgrokAuthtokenMalformed(_))
        ));
        assert!(matches!(
            validate_authtoken("2abc"),
            Err(TunnelError::NgrokAuthtokenMalformed(_))
        ));
        let token = "2Xy7AbCdEfGhIjKlMnOpQrStUvW_3aBcDeFgHiJkLmNoPqRsT";
        assert_eq!(validate_authtoken(&format!(" {token}\n")).unwrap(), token);
    }
}
