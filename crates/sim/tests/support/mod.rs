//! What the simulator's test files share: a client as the engine builds one, and a
//! simulator with quick statuses and a customer whose window is open.

use std::time::Duration;

use parley_core::account::AccountSettings;
use parley_sim::{SimConfig, Simulator, Timings};
use parley_whatsapp::CloudClient;

pub mod openapi;

/// The customer whose window the started simulator has open.
pub const DANA: &str = "972501234567";

/// A client of the simulator's Cloud API, configured as the engine configures its own.
pub fn client(sim: &Simulator) -> CloudClient {
    let config = sim.config();
    let mut settings = AccountSettings::new(config.phone_number_id.clone(), config.waba_id.clone());
    settings.api_base_url = sim.base_url().to_owned();
    CloudClient::new(
        parley_whatsapp::client::http_client(),
        &settings,
        config.access_token.clone(),
    )
}

/// Statuses within tens of milliseconds, and no customer replies unless a test asks.
pub fn quick_timings() -> Timings {
    Timings {
        sent: Duration::from_millis(10),
        delivered: Duration::from_millis(20),
        read: Duration::from_millis(30),
        customer_reply: Duration::from_secs(3600),
    }
}

/// A simulator with `config` on a free port, after Dana wrote (her window is open).
pub async fn start_with_open_window(config: SimConfig) -> Simulator {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let sim = Simulator::start(config, listener).await.expect("start");
    sim.customer_says(DANA, "Dana", "hi");
    sim
}
