//! Why a tunnel could not be opened, worded for the person looking at the settings screen.
//!
//! No variant carries a secret: messages that came from a service or a child process are
//! passed through [`crate::text::redact`] before they are stored here.

use std::path::PathBuf;
use std::time::Duration;

use crate::TunnelKind;
use crate::text::output_suffix;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TunnelError {
    #[error(
        "the ngrok authtoken is empty; copy yours from https://dashboard.ngrok.com/get-started/your-authtoken"
    )]
    NgrokAuthtokenMissing,

    #[error("the ngrok authtoken does not look right: {0}")]
    NgrokAuthtokenMalformed(&'static str),

    #[error("ngrok did not accept the authtoken{}: {message}", code_suffix(.code))]
    NgrokRejected {
        code: Option<String>,
        message: String,
    },

    #[error("could not reach ngrok (check the internet connection): {message}")]
    NgrokUnreachable { message: String },

    #[error("ngrok could not open the public endpoint{}: {message}", code_suffix(.code))]
    NgrokEndpoint {
        code: Option<String>,
        message: String,
    },

    #[error(
        "cloudflared is not installed or not on PATH; install it \
         (https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/) \
         or choose another tunnel"
    )]
    CloudflaredNotFound,

    #[error("could not start cloudflared ({}): {source}", .program.display())]
    CloudflaredSpawn {
        program: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "the Cloudflare tunnel token is empty; copy it from the tunnel's page in the Cloudflare dashboard"
    )]
    CloudflaredTokenMissing,

    #[error("the Cloudflare tunnel token does not look right: {0}")]
    CloudflaredTokenMalformed(&'static str),

    #[error("cloudflared stopped before the tunnel came online ({status}){}", output_suffix(.last_output))]
    CloudflaredExited { status: String, last_output: String },

    #[error("the {field} {value:?} is not usable: {reason}")]
    InvalidHost {
        field: &'static str,
        value: String,
        reason: &'static str,
    },

    #[error(
        "the bore server {value:?} is not usable: enter a host name or IP address; bore clients \
         always connect on port 7835, so a port cannot be chosen"
    )]
    InvalidBoreServer { value: String },

    #[error("could not reach the bore server at {server}: {message}")]
    BoreUnreachable { server: String, message: String },

    #[error(
        "the bore server at {server} did not accept the secret ({message}); \
         use the same secret the server was started with, or none if it has none"
    )]
    BoreSecretRejected { server: String, message: String },

    #[error("the bore server at {server} refused the tunnel: {message}")]
    BoreRejected { server: String, message: String },

    #[error(
        "the {kind} tunnel did not come online within {} seconds{}",
        .after.as_secs_f32().round(),
        output_suffix(.last_output)
    )]
    Timeout {
        kind: TunnelKind,
        after: Duration,
        /// What the tunnel program printed before giving up (cloudflared), or empty.
        last_output: String,
    },
}

fn code_suffix(code: &Option<String>) -> String {
    code.as_deref()
        .map(|code| format!(" ({code})"))
        .unwrap_or_default()
}
