//! bore tunnels end to end on loopback: an in-process bore server (see
//! `parley_tunnel::testing`), a stand-in webhook receiver, and real HTTP requests through
//! the tunnel's public URL.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use parley_tunnel::testing::{BoreServer, unused_loopback_ip};
use parley_tunnel::{Tunnel, TunnelConfig, TunnelError, TunnelState};

/// Stands in for Parley's receiver: `POST /webhook` is counted and echoed, and any other
/// path gets axum's 404.
struct Receiver {
    addr: SocketAddr,
    deliveries: Arc<AtomicUsize>,
}

async fn start_receiver() -> Receiver {
    async fn receive(State(deliveries): State<Arc<AtomicUsize>>, body: String) -> String {
        deliveries.fetch_add(1, Ordering::SeqCst);
        format!("received: {body}")
    }
    let deliveries = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route("/webhook", post(receive))
        .with_state(deliveries.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Receiver { addr, deliveries }
}

fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        // A proxy from the environment must not carry loopback test traffic.
        .no_proxy()
        // Every request opens a new connection, as Meta's deliveries would.
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_reach_the_receiver_through_bore_until_the_tunnel_stops() {
    let server = BoreServer::start(Some("s3cret"));
    let receiver = start_receiver().await;
    let tunnel = Tunnel::start(server.config(Some("s3cret")), receiver.addr)
        .await
        .expect("bore tunnel starts");

    let prefix = format!("http://{}:", server.ip);
    let public_url = tunnel.public_url().to_owned();
    let remote_port: u16 = public_url
        .strip_prefix(&prefix)
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("unexpected public URL {public_url}"));
    assert_eq!(tunnel.webhook_url(), format!("{public_url}/webhook"));
    let mut state = tunnel.state();
    assert_eq!(
        *state.borrow_and_update(),
        TunnelState::Online {
            public_url: public_url.clone()
        }
    );

    let http = http_client();
    let response = http
        .post(tunnel.webhook_url())
        .body("hello from meta")
        .send()
        .await
        .expect("request through the tunnel");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "received: hello from meta");
    assert_eq!(receiver.deliveries.load(Ordering::SeqCst), 1);

    let other = http
        .post(format!("{public_url}/not-the-webhook"))
        .body("x")
        .send()
        .await
        .expect("request through the tunnel");
    assert_eq!(other.status(), 404, "the receiver's own 404 comes back");
    assert_eq!(receiver.deliveries.load(Ordering::SeqCst), 1);

    let webhook_url = tunnel.webhook_url();
    tunnel.stop().await;
    assert_eq!(*state.borrow_and_update(), TunnelState::Stopped);

    // The server notices the closed control connection at its next heartbeat (every
    // 500 ms) and then closes the public port.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match tokio::net::TcpStream::connect((server.ip, remote_port)).await {
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionRefused => break,
            _ if Instant::now() > deadline => panic!("the public port is still open after stop"),
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let after_stop = http.post(&webhook_url).body("late").send().await;
    assert!(
        after_stop.as_ref().is_err_and(reqwest::Error::is_connect),
        "{after_stop:?}"
    );
    assert_eq!(receiver.deliveries.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_wrong_or_missing_bore_secret_is_a_clear_error() {
    let server = BoreServer::start(Some("the-right-secret"));
    let receiver = start_receiver().await;

    let wrong = Tunnel::start(server.config(Some("a-wrong-secret-value")), receiver.addr)
        .await
        .expect_err("the server refuses a wrong secret");
    let message = wrong.to_string();
    assert!(
        matches!(wrong, TunnelError::BoreSecretRejected { .. }),
        "{wrong:?}"
    );
    assert!(message.contains("did not accept the secret"), "{message}");
    assert!(message.contains(&server.ip.to_string()), "{message}");
    assert!(!message.contains("a-wrong-secret-value"), "{message}");

    let missing = Tunnel::start(server.config(None), receiver.addr)
        .await
        .expect_err("the server requires a secret");
    assert!(
        matches!(missing, TunnelError::BoreSecretRejected { .. }),
        "{missing:?}"
    );
    assert_eq!(receiver.deliveries.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_bore_server_that_is_not_there_is_unreachable_quickly() {
    let nobody = unused_loopback_ip();
    let receiver = start_receiver().await;
    let started = Instant::now();
    let config = TunnelConfig::Bore {
        server: nobody.to_string(),
        port: None,
        secret: None,
    };
    let error = Tunnel::start(config, receiver.addr)
        .await
        .expect_err("nothing listens there");
    assert!(
        matches!(error, TunnelError::BoreUnreachable { .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("could not reach the bore server"),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn the_requested_public_port_is_used() {
    let server = BoreServer::start(None);
    let receiver = start_receiver().await;
    let free_port = {
        let probe = std::net::TcpListener::bind((server.ip, 0)).unwrap();
        probe.local_addr().unwrap().port()
    };
    let config = TunnelConfig::Bore {
        server: server.ip.to_string(),
        port: Some(free_port),
        secret: None,
    };
    let tunnel = Tunnel::start(config, receiver.addr)
        .await
        .expect("bore tunnel starts");
    assert_eq!(
        tunnel.public_url(),
        format!("http://{}:{free_port}", server.ip)
    );
    tunnel.stop().await;
}

#[tokio::test]
async fn the_state_turns_failed_when_the_bore_server_goes_away() {
    let server = BoreServer::start(None);
    let receiver = start_receiver().await;
    let tunnel = Tunnel::start(server.config(None), receiver.addr)
        .await
        .expect("bore tunnel starts");
    let mut state = tunnel.state();

    drop(server);

    let failed = tokio::time::timeout(
        Duration::from_secs(10),
        state.wait_for(|state| matches!(state, TunnelState::Failed { .. })),
    )
    .await
    .expect("the failure is reported")
    .expect("the tunnel still exists")
    .clone();
    let TunnelState::Failed { error } = failed else {
        unreachable!()
    };
    assert!(error.contains("bore"), "{error}");
    tunnel.stop().await;
}
