//! An in-process `bore server` on loopback, for tests of anything that opens a bore tunnel
//! (this crate's, the engine's, the CLI's). Enabled by the `testing` feature.
//!
//! bore's control port is fixed (7835) on both sides, so two servers cannot share an IP.
//! On Linux every server gets its own random address in 127.0.0.0/8 (all of which is
//! loopback there), so tests run in parallel and cannot collide with another process on
//! 127.0.0.1:7835. Other systems only route 127.0.0.1, so there the servers take turns.

use std::hash::{BuildHasher, RandomState};
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use bore_cli::server::Server;
use bore_cli::shared::CONTROL_PORT;
use parley_core::account::Secret;

use crate::TunnelConfig;

/// A bore server on its own thread and runtime. Dropping it drops that runtime, which
/// closes every socket the server holds, including its per-client tasks (aborting only the
/// `listen` task would leave those running).
pub struct BoreServer {
    /// The loopback address the control port and every public port listen on.
    pub ip: IpAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    #[cfg(not(target_os = "linux"))]
    _turn: std::sync::MutexGuard<'static, ()>,
}

#[cfg(not(target_os = "linux"))]
static ONE_SERVER_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl BoreServer {
    /// Starts a server (requiring `secret` from clients, if given) and waits until it listens.
    pub fn start(secret: Option<&'static str>) -> BoreServer {
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
    /// A tunnel config that connects to this server.
    pub fn config(&self, secret: Option<&str>) -> TunnelConfig {
        TunnelConfig::Bore {
            server: self.ip.to_string(),
            port: None,
            secret: secret.map(Secret::new),
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

/// A loopback address that, very likely, nothing listens on.
#[cfg(target_os = "linux")]
pub fn unused_loopback_ip() -> IpAddr {
    let [_, b, c, d] = random_u32().to_be_bytes();
    // Skip 127.0.0.x (where other software lives) and .0/.255 host parts.
    IpAddr::V4(Ipv4Addr::new(127, b.max(1), c, d.clamp(1, 254)))
}

/// Off Linux only 127.0.0.1 is routed, so servers there take turns on it.
#[cfg(not(target_os = "linux"))]
pub fn unused_loopback_ip() -> IpAddr {
    IpAddr::V4(Ipv4Addr::LOCALHOST)
}
