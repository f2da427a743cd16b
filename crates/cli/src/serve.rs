use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use parley_core::account::AccountSettings;
use parley_engine::secrets::{KeyringSecrets, SecretStore, load_account_secrets};
use parley_engine::tunnel::{self, TunnelChoice, TunnelSettings};
use parley_engine::{Engine, EngineOptions, account};
use parley_store::Store;
use parley_tunnel::{Tunnel, TunnelState};

#[derive(clap::Args)]
pub struct Args {
    /// Directory of Parley's database.
    #[arg(long, env = "PARLEY_DATA_DIR")]
    data_dir: PathBuf,
    /// Address of the webhook receiver (expose `/webhook` through a tunnel or proxy).
    #[arg(long, env = "PARLEY_LISTEN", default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// Overrides the saved phone number id.
    #[arg(long, env = "PARLEY_PHONE_NUMBER_ID")]
    phone_number_id: Option<String>,
    /// Overrides the saved WhatsApp Business Account id.
    #[arg(long, env = "PARLEY_WABA_ID")]
    waba_id: Option<String>,
    /// Overrides the Cloud API base URL (a simulator, a proxy).
    #[arg(long, env = "PARLEY_API_BASE_URL")]
    api_base_url: Option<String>,
    /// Overrides the Graph API version, e.g. v26.0.
    #[arg(long, env = "PARLEY_GRAPH_VERSION")]
    graph_version: Option<String>,
    /// The keyring service the secrets are filed under.
    #[arg(long, env = "PARLEY_KEYRING_SERVICE", default_value = parley_engine::secrets::KEYRING_SERVICE)]
    keyring_service: String,
    /// Open the tunnel saved in the desktop app's settings and point Meta's webhooks at it.
    #[arg(long)]
    tunnel: bool,
    /// Open a bore tunnel through this server (host or IP of a `bore server`) instead;
    /// its secret comes from PARLEY_BORE_SECRET or the keyring.
    #[arg(long, env = "PARLEY_BORE_SERVER")]
    bore_server: Option<String>,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let store = Store::open_dir(&args.data_dir)
        .await
        .with_context(|| format!("cannot open the database in {}", args.data_dir.display()))?;
    let saved = account::load(&store).await?;
    let settings = match (saved, &args.phone_number_id, &args.waba_id) {
        (Some(saved), _, _) => saved,
        (None, Some(phone), Some(waba)) => AccountSettings::new(phone.clone(), waba.clone()),
        (None, _, _) => bail!(
            "no account is saved in {} yet: connect one in the desktop app, or pass \
             --phone-number-id and --waba-id (PARLEY_PHONE_NUMBER_ID, PARLEY_WABA_ID)",
            args.data_dir.display()
        ),
    };
    let settings = AccountSettings {
        phone_number_id: args.phone_number_id.unwrap_or(settings.phone_number_id),
        waba_id: args.waba_id.unwrap_or(settings.waba_id),
        graph_version: args.graph_version.unwrap_or(settings.graph_version),
        api_base_url: args.api_base_url.unwrap_or(settings.api_base_url),
        app_id: settings.app_id,
    };
    // The keyring is consulted only for secrets the environment does not provide.
    let keyring: Arc<dyn SecretStore> = Arc::new(KeyringSecrets::new(args.keyring_service));
    let account_keyring = keyring.clone();
    let secrets = tokio::task::spawn_blocking(move || {
        load_account_secrets(account_keyring.as_ref(), |name| std::env::var(name).ok())
    })
    .await??;
    let tunnel_settings = match (args.bore_server, args.tunnel) {
        (Some(server), _) => Some(TunnelSettings {
            enabled: true,
            kind: TunnelChoice::Bore,
            bore_server: Some(server),
            ..TunnelSettings::default()
        }),
        (None, true) => Some(tunnel::load_settings(&store).await?.ok_or_else(|| {
            anyhow::anyhow!("no tunnel is saved in {}: choose one in the desktop app's settings, or pass --bore-server", args.data_dir.display())
        })?),
        (None, false) => None,
    };
    let engine = Engine::start(
        store.clone(),
        settings,
        secrets,
        EngineOptions {
            listen: args.listen,
            ..EngineOptions::default()
        },
    )
    .await?;
    eprintln!("parley: receiving webhooks at {}", engine.webhook_url());
    let open_tunnel = match tunnel_settings {
        Some(settings) => {
            let config = tunnel::config(&settings, keyring).await?;
            let opened = Tunnel::start(config, engine.local_addr())
                .await
                .context("the tunnel did not open")?;
            eprintln!("parley: public webhook URL {}", opened.webhook_url());
            match engine.register_callback(opened.public_url()).await {
                Ok(url) => eprintln!("parley: Meta now delivers webhooks to {url}"),
                Err(e) => eprintln!("parley: Meta did not accept the webhook URL: {e}"),
            }
            Some(opened)
        }
        None => None,
    };
    // A server whose tunnel died receives nothing: stop with an error, so whatever
    // supervises it (systemd, a shell loop) starts it again with a fresh tunnel.
    let outcome = tokio::select! {
        () = crate::stop_signal() => Ok(()),
        error = tunnel_failure(open_tunnel.as_ref()) => Err(anyhow::anyhow!("the tunnel closed: {error}")),
    };
    eprintln!("parley: stopping");
    if let Some(opened) = open_tunnel {
        opened.stop().await;
    }
    engine.shutdown().await;
    store.close().await;
    outcome
}

/// Resolves with the error once the tunnel fails; never, without a tunnel.
async fn tunnel_failure(tunnel: Option<&Tunnel>) -> String {
    let Some(tunnel) = tunnel else {
        return std::future::pending().await;
    };
    let mut state = tunnel.state();
    loop {
        if let TunnelState::Failed { error } = &*state.borrow_and_update() {
            return error.clone();
        }
        if state.changed().await.is_err() {
            return "the tunnel task ended".to_owned();
        }
    }
}
