//! Meta's webhooks reach the engine through a real tunnel: an in-process bore server on
//! loopback, the tunnel client the desktop app uses, and the simulator's handshake and
//! deliveries crossing it.

// Each test binary uses a different part of the shared rig.
#[allow(dead_code)]
mod support;

use parley_tunnel::Tunnel;
use parley_tunnel::testing::BoreServer;
use support::rig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_arrive_through_a_bore_tunnel_once_its_url_is_registered() {
    let mut rig = rig().await;
    let server = BoreServer::start(Some("shop-secret"));
    let tunnel = Tunnel::start(server.config(Some("shop-secret")), rig.engine.local_addr())
        .await
        .expect("the tunnel opens");

    let registered = rig
        .engine
        .register_callback(tunnel.public_url())
        .await
        .expect("Meta's handshake crosses the tunnel");
    assert_eq!(registered, tunnel.webhook_url());
    assert_eq!(
        rig.sim.webhook_target().await,
        Some(tunnel.webhook_url()),
        "the simulator now delivers only to the tunnel"
    );

    let message = rig.customer_message("Hi, did my order ship?").await;
    assert_eq!(message.text.as_deref(), Some("Hi, did my order ship?"));

    tunnel.stop().await;
    rig.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tunnel_to_nowhere_is_not_registered_and_deliveries_keep_their_old_url() {
    let rig = rig().await;
    let before = rig.sim.webhook_target().await;
    let server = BoreServer::start(None);
    // The tunnel opens, but nothing answers behind it: the receiver is not this port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("probe");
    let nowhere = closed.local_addr().expect("addr");
    drop(closed);
    let tunnel = Tunnel::start(server.config(None), nowhere)
        .await
        .expect("the tunnel itself opens");

    let err = rig
        .engine
        .register_callback(tunnel.public_url())
        .await
        .expect_err("the handshake cannot succeed");
    assert!(err.to_string().contains("2200"), "{err}");
    assert_eq!(rig.sim.webhook_target().await, before);

    tunnel.stop().await;
    rig.shutdown().await;
}
