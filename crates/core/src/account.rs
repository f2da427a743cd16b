//! The WhatsApp Business account Parley is connected to: which number, which Graph API
//! version, which Meta app, and the three secrets that never leave the OS keyring.

use serde::{Deserialize, Serialize};

pub const DEFAULT_GRAPH_VERSION: &str = "v26.0";
pub const DEFAULT_API_BASE_URL: &str = "https://graph.facebook.com";

/// The non-secret half of an account connection. Safe to store in SQLite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AccountSettings {
    pub phone_number_id: String,
    pub waba_id: String,
    /// `v26.0` style.
    pub graph_version: String,
    /// `https://graph.facebook.com` unless pointed at a simulator or a proxy.
    pub api_base_url: String,
    /// The Meta app's id (App Dashboard → App settings → Basic → App ID). Optional: only
    /// uploads of template header examples need it, because Meta's resumable upload is
    /// addressed to the app (`POST /{app_id}/uploads`), not to the business account.
    #[serde(default)]
    pub app_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountSettingsError {
    #[error(
        "the phone number id must be the numeric id from Meta's WhatsApp Manager, not the phone number itself"
    )]
    PhoneNumberId,
    #[error("the WhatsApp Business Account id must be numeric")]
    WabaId,
    #[error("the Graph API version must look like v26.0, got {0:?}")]
    GraphVersion(String),
    #[error(
        "the API base URL must start with https:// (or http:// for a local simulator), got {0:?}"
    )]
    ApiBaseUrl(String),
    #[error(
        "the Meta app id must be the numeric App ID from Meta's App Dashboard (App settings → Basic), got {0:?}"
    )]
    AppId(String),
}

impl AccountSettings {
    /// Settings for Meta's production Cloud API.
    pub fn new(phone_number_id: impl Into<String>, waba_id: impl Into<String>) -> Self {
        Self {
            phone_number_id: phone_number_id.into(),
            waba_id: waba_id.into(),
            graph_version: DEFAULT_GRAPH_VERSION.to_owned(),
            api_base_url: DEFAULT_API_BASE_URL.to_owned(),
            app_id: None,
        }
    }

    /// Trims what people paste and checks the shape of every field.
    pub fn normalized(mut self) -> Result<Self, AccountSettingsError> {
        self.phone_number_id = self.phone_number_id.trim().to_owned();
        self.waba_id = self.waba_id.trim().to_owned();
        self.graph_version = self.graph_version.trim().to_owned();
        self.api_base_url = self.api_base_url.trim().trim_end_matches('/').to_owned();
        // An emptied field means "no app id", not an invalid one.
        self.app_id = self
            .app_id
            .map(|id| id.trim().to_owned())
            .filter(|id| !id.is_empty());
        if !is_numeric_id(&self.phone_number_id) {
            return Err(AccountSettingsError::PhoneNumberId);
        }
        if !is_numeric_id(&self.waba_id) {
            return Err(AccountSettingsError::WabaId);
        }
        if !is_graph_version(&self.graph_version) {
            return Err(AccountSettingsError::GraphVersion(self.graph_version));
        }
        let url = &self.api_base_url;
        let host = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        if host.is_none_or(|h| h.is_empty() || h.contains(char::is_whitespace)) {
            return Err(AccountSettingsError::ApiBaseUrl(self.api_base_url));
        }
        if let Some(app_id) = &self.app_id
            && !is_numeric_id(app_id)
        {
            return Err(AccountSettingsError::AppId(app_id.clone()));
        }
        Ok(self)
    }
}

fn is_numeric_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 32 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_graph_version(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('v') else {
        return false;
    };
    let Some((major, minor)) = rest.split_once('.') else {
        return false;
    };
    let digits = |p: &str| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit());
    digits(major) && digits(minor)
}

/// The secrets Parley keeps in the keyring: the account's three, and the tunnels'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum SecretKind {
    /// Bearer token for every Cloud API call (a system-user token in production).
    AccessToken,
    /// Signs webhook deliveries (`X-Hub-Signature-256`).
    AppSecret,
    /// Chosen by the business; Meta echoes it in the webhook verification handshake.
    VerifyToken,
    NgrokAuthtoken,
    /// The connector token of a named Cloudflare tunnel.
    CloudflaredToken,
    /// The `--secret` of a self-hosted bore server.
    BoreSecret,
}

impl SecretKind {
    /// The account's secrets, all needed to connect.
    pub const ACCOUNT: [SecretKind; 3] = [Self::AccessToken, Self::AppSecret, Self::VerifyToken];

    /// The entry name in the OS keyring.
    pub fn keyring_user(self) -> &'static str {
        match self {
            Self::AccessToken => "access_token",
            Self::AppSecret => "app_secret",
            Self::VerifyToken => "verify_token",
            Self::NgrokAuthtoken => "ngrok_authtoken",
            Self::CloudflaredToken => "cloudflared_token",
            Self::BoreSecret => "bore_secret",
        }
    }

    /// The variable a headless server may use instead of the keyring.
    pub fn env_var(self) -> &'static str {
        match self {
            Self::AccessToken => "PARLEY_ACCESS_TOKEN",
            Self::AppSecret => "PARLEY_APP_SECRET",
            Self::VerifyToken => "PARLEY_VERIFY_TOKEN",
            Self::NgrokAuthtoken => "PARLEY_NGROK_AUTHTOKEN",
            Self::CloudflaredToken => "PARLEY_CLOUDFLARED_TOKEN",
            Self::BoreSecret => "PARLEY_BORE_SECRET",
        }
    }
}

/// A secret value. It has no `Serialize`, and `Debug` prints a placeholder, so it cannot
/// reach a log line or a database column by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that needs it (an HTTP header, an HMAC key).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> AccountSettings {
        AccountSettings::new(" 106540352242922 ", "419561257915477")
    }

    #[test]
    fn defaults_to_the_current_graph_version_and_meta() {
        let s = valid().normalized().expect("valid");
        assert_eq!(s.graph_version, "v26.0");
        assert_eq!(s.api_base_url, "https://graph.facebook.com");
        assert_eq!(s.phone_number_id, "106540352242922");
    }

    #[test]
    fn a_phone_number_is_not_a_phone_number_id() {
        let mut s = valid();
        s.phone_number_id = "+972 50 123 4567".into();
        assert_eq!(s.normalized(), Err(AccountSettingsError::PhoneNumberId));
    }

    #[test]
    fn graph_version_shape_is_checked() {
        for bad in ["26.0", "v26", "vX.0", "v26.0.1", ""] {
            let mut s = valid();
            s.graph_version = bad.into();
            assert!(s.normalized().is_err(), "{bad:?} must be rejected");
        }
        let mut s = valid();
        s.graph_version = "v25.0".into();
        assert!(s.normalized().is_ok());
    }

    #[test]
    fn base_url_loses_its_trailing_slash_and_needs_a_scheme() {
        let mut s = valid();
        s.api_base_url = "http://127.0.0.1:4010/".into();
        assert_eq!(
            s.normalized().expect("valid").api_base_url,
            "http://127.0.0.1:4010"
        );
        let mut s = valid();
        s.api_base_url = "graph.facebook.com".into();
        assert!(matches!(
            s.normalized(),
            Err(AccountSettingsError::ApiBaseUrl(_))
        ));
    }

    #[test]
    fn app_id_is_optional_and_numeric() {
        assert_eq!(valid().normalized().expect("valid").app_id, None);
        let mut s = valid();
        s.app_id = Some(" 1234567890123456 ".into());
        assert_eq!(
            s.normalized().expect("valid").app_id.as_deref(),
            Some("1234567890123456")
        );
        let mut s = valid();
        s.app_id = Some("   ".into());
        assert_eq!(s.normalized().expect("an emptied field").app_id, None);
        for bad in ["my-app", "123 456", "12a", "demo-app", &"1".repeat(33)] {
            let mut s = valid();
            s.app_id = Some(bad.to_owned());
            assert_eq!(
                s.normalized(),
                Err(AccountSettingsError::AppId(bad.to_owned())),
                "{bad:?} must be rejected"
            );
        }
        let mut s = valid();
        s.app_id = Some("1".repeat(32));
        assert!(
            s.normalized().is_ok(),
            "32 digits is the longest id allowed"
        );
    }

    #[test]
    fn settings_saved_before_the_app_id_existed_still_load() {
        let saved = r#"{"phoneNumberId":"1","wabaId":"2","graphVersion":"v26.0","apiBaseUrl":"https://graph.facebook.com"}"#;
        let settings: AccountSettings = serde_json::from_str(saved).expect("old settings");
        assert_eq!(settings.app_id, None);
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("EAAG-very-secret");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(s.expose(), "EAAG-very-secret");
    }
}
