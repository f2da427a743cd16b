//! bore tunnels end to end on loopback: an in-process bore server, a stand-in webhook
//! receiver, and real HTTP requests through the tunnel's public URL.
//!
//! bore's control port is fixed (7835) on both sides, so two servers cannot share an IP.
//! On Linux every test's server gets its own random address in 127.0.0.0/8 (all of which
//! is loopback there), so tests run in parallel and cannot collide with another process
//! on 127.0.0.1:7835. Other systems only route 127.0.0.1, so there the tests take turns.

use std::hash::{BuildHasher, RandomState};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use bore_cli::server::Server;
use bore_cli::shared::CONTROL_PORT;
use parley_core::account::Secret;
use parley_tunnel::{Tunnel, TunnelConfig, TunnelError, TunnelState};

/// A bore server on its own thread and runtime. Dropping it drops that runtime, which
/// closes every socket the server holds, including its per-client tasks (aborting only the
/// `listen` task would leave those running).
struct BoreServer {
    ip: IpAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    #[cfg(not(target_os = "linux"))]
    _turn: std::sync::MutexGuard<'static, ()>,
}

#[cfg(not(target_os = "linux"))]
static ONE_SERVER_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl BoreServer {
    fn start(secret: Option<&'static str>) -> BoreServer {
        #[cfg(not(target_os = "linux"))]
        let turn = ONE_SERVER_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (shutdown, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime for the bore server");
            runtime.block_on(async move {
                for _attempt in 0..20 {
                    let ip = unused_loopback_ip();
                    let mut server = Server::new(20_000..=60_000, secret);
                    // Both default to 0.0.0.0 (all interfaces); keep the test on loopback.
                    // (bore 0.6's doc comments for these two setters are swapped; by the
                    // code, set_bind_addr is the control port and set_bind_tunnels the
                    // public ports.)
                    server.set_bind_addr(ip);
                    server.set_bind_tunnels(ip);
                    let listening = tokio::spawn(server.listen());
                    if wait_for_control_port(ip, &listening).await {
                        ready_tx.send(ip).expect("test is waiting");
                        let _ = shutdown_rx.await;
                        return;
                    }
                }
                panic!("could not bind a bore server on any loopback address");
            });
        });
        let ip = ready_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("bore server listening");
        BoreServer {
            ip,
            shutdown: Some(shutdown),
            thread: Some(thread),
            #[cfg(not(target_os = "linux"))]
            _turn: turn,
        }
    }
}

impl Drop for BoreServer {
    fn drop(&mut self) {
        drop(self.shutdown.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// True once the control port accepts connections; false if binding failed (address in use).
async fn wait_for_control_port<T>(ip: IpAddr, listening: &tokio::task::JoinHandle<T>) -> bool {
    for _ in 0..200 {
        if listening.is_finished() {
            return false;
        }
        if tokio::net::TcpStream::connect((ip, CONTROL_PORT))
            .await
            .is_ok()
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    false
}

fn random_u32() -> u32 {
    // RandomState is seeded randomly per instance: enough randomness for picking addresses.
    RandomState::new().hash_one(std::time::SystemTime::now()) as u32
}

#[cfg(target_os = "linux")]
fn unused_loopback_ip() -> IpAddr {
    let [_, b, c, d] = random_u32().to_be_bytes();
    // Skip 127.0.0.x (where other software lives) and .0/.255 host parts.
    IpAddr::V4(Ipv4Addr::new(127, b.max(1), c, d.clamp(1, 254)))
}

#[cfg(not(target_os = "linux"))]
fn unused_loopback_ip() -> IpAddr {
    IpAddr::V4(Ipv4Addr::LOCALHOST)
}

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

fn bore_config(server: &BoreServer, secret: Option<&str>) -> TunnelConfig {
    TunnelConfig::Bore {
        server: server.ip.to_string(),
        port: None,
        secret: secret.map(Secret::new),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_reach_the_receiver_through_bore_until_the_tunnel_stops() {
    let server = BoreServer::start(Some("s3cret"));
    let receiver = start_receiver().await;
    let tunnel = Tunnel::start(bore_config(&server, Some("s3cret")), receiver.addr)
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

    let wrong = Tunnel::start(
        bore_config(&server, Some("a-wrong-secret-value")),
        receiver.addr,
    )
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

    let missing = Tunnel::start(bore_config(&server, None), receiver.addr)
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
    let tunnel = Tunnel::start(bore_config(&server, None), receiver.addr)
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
