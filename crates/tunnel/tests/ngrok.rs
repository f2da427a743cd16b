//! ngrok tunnels, for their failure paths only: there is no route to ngrok from the test
//! machines. Stand-in "ngrok servers" on loopback (via the `ngrok_server_addr` hook) show
//! what happens when ngrok refuses the connection, hangs up, or never answers, and that
//! malformed settings are refused before any connection is attempted.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use parley_core::account::Secret;
use parley_tunnel::{StartOptions, Tunnel, TunnelConfig, TunnelError, TunnelKind};
use tokio::net::TcpListener;

/// Shaped like an ngrok authtoken, but not one.
const TOKEN: &str = "2Xy7AbCdEfGhIjKlMnOpQrStUvW_3aBcDeFgHiJkLmNoPqRsT";
const LOCAL: &str = "127.0.0.1:8080";

fn config(authtoken: &str, domain: Option<&str>) -> TunnelConfig {
    TunnelConfig::Ngrok {
        authtoken: Secret::new(authtoken),
        domain: domain.map(str::to_owned),
    }
}

async fn start_against(
    server: SocketAddr,
    config: TunnelConfig,
    start_timeout: Duration,
) -> Result<Tunnel, TunnelError> {
    let options = StartOptions {
        ngrok_server_addr: Some(server.to_string()),
        start_timeout: Some(start_timeout),
        ..StartOptions::default()
    };
    Tunnel::start_with(config, LOCAL.parse().unwrap(), options).await
}

async fn nobody_connected(listener: &TcpListener) -> bool {
    tokio::time::timeout(Duration::from_millis(300), listener.accept())
        .await
        .is_err()
}

#[tokio::test]
async fn malformed_authtokens_and_domains_are_refused_before_connecting() {
    let fake_ngrok = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = fake_ngrok.local_addr().unwrap();
    let long_wait = Duration::from_secs(30);

    let empty = start_against(server, config("   ", None), long_wait)
        .await
        .expect_err("no token");
    assert!(
        matches!(empty, TunnelError::NgrokAuthtokenMissing),
        "{empty:?}"
    );
    assert!(empty.to_string().contains("dashboard.ngrok.com"), "{empty}");

    let pasted_command = format!("ngrok config add-authtoken {TOKEN}");
    let command = start_against(server, config(&pasted_command, None), long_wait)
        .await
        .expect_err("a command is not a token");
    assert!(
        matches!(command, TunnelError::NgrokAuthtokenMalformed(_)),
        "{command:?}"
    );
    assert!(command.to_string().contains("paste only the token"));

    let quoted = start_against(server, config(&format!("\"{TOKEN}\""), None), long_wait)
        .await
        .expect_err("quotes are not part of a token");
    assert!(
        matches!(quoted, TunnelError::NgrokAuthtokenMalformed(_)),
        "{quoted:?}"
    );

    let domain = start_against(
        server,
        config(TOKEN, Some("https://me.ngrok-free.app/webhook")),
        long_wait,
    )
    .await
    .expect_err("a URL with a path is not a domain");
    assert!(
        matches!(domain, TunnelError::InvalidHost { .. }),
        "{domain:?}"
    );
    assert!(domain.to_string().contains("ngrok domain"), "{domain}");

    assert!(
        nobody_connected(&fake_ngrok).await,
        "a malformed setting must not cause a connection"
    );
}

#[tokio::test]
async fn a_refused_connection_fails_fast_and_clearly() {
    let closed_port = {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap()
    };
    let started = Instant::now();
    let error = start_against(closed_port, config(TOKEN, None), Duration::from_secs(20))
        .await
        .expect_err("nothing listens there");

    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        matches!(error, TunnelError::NgrokUnreachable { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.starts_with("could not reach ngrok"), "{message}");
    assert!(message.to_lowercase().contains("refused"), "{message}");
    assert!(!message.contains(TOKEN));
}

#[tokio::test]
async fn a_server_that_hangs_up_during_tls_fails_fast() {
    let fake_ngrok = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = fake_ngrok.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((connection, _)) = fake_ngrok.accept().await {
            drop(connection);
        }
    });
    let started = Instant::now();
    let error = start_against(server, config(TOKEN, None), Duration::from_secs(20))
        .await
        .expect_err("the server hung up");

    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        matches!(error, TunnelError::NgrokUnreachable { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("tls"), "{error}");
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_start_timeout() {
    let fake_ngrok = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = fake_ngrok.local_addr().unwrap();
    let (held_tx, mut held_rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        // Accept and keep every connection open without a byte of TLS.
        while let Ok((connection, _)) = fake_ngrok.accept().await {
            let _ = held_tx.send(connection);
        }
    });
    let started = Instant::now();
    let error = start_against(server, config(TOKEN, None), Duration::from_millis(1500))
        .await
        .expect_err("the server never answered");

    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(1500) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
    assert!(
        matches!(
            error,
            TunnelError::Timeout {
                kind: TunnelKind::Ngrok,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("the ngrok tunnel did not come online within 2 seconds"),
        "{error}"
    );
    assert!(held_rx.try_recv().is_ok(), "it did try to connect");
}

/// The real default: ngrok's public agent ingress, which this machine cannot reach. Start
/// must fail with a readable error within the ngrok start timeout (20 s), never hang.
#[tokio::test]
async fn without_a_network_starting_ngrok_fails_within_the_timeout() {
    let started = Instant::now();
    let error = Tunnel::start(config(TOKEN, None), LOCAL.parse().unwrap())
        .await
        .expect_err("ngrok is unreachable here (or refuses this made-up token)");

    let limit = TunnelKind::Ngrok.start_timeout() + Duration::from_secs(2);
    assert!(started.elapsed() < limit, "{:?}", started.elapsed());
    assert!(
        matches!(
            error,
            TunnelError::NgrokUnreachable { .. }
                | TunnelError::NgrokRejected { .. }
                | TunnelError::Timeout { .. }
        ),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("ngrok"), "{message}");
    assert!(!message.contains(TOKEN), "{message}");
}
