use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use parley_core::account::AccountSettings;
use parley_engine::secrets::{KeyringSecrets, load_account_secrets};
use parley_engine::{Engine, EngineOptions, account};
use parley_store::Store;

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
    };
    // The keyring is consulted only for secrets the environment does not provide.
    let keyring = KeyringSecrets::new(args.keyring_service);
    let secrets = tokio::task::spawn_blocking(move || {
        load_account_secrets(&keyring, |name| std::env::var(name).ok())
    })
    .await??;
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
    crate::stop_signal().await;
    eprintln!("parley: stopping");
    engine.shutdown().await;
    store.close().await;
    Ok(())
}
