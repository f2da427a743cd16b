//! Where the three account secrets live: the OS keyring on a desktop, environment
//! variables on a server. They never touch SQLite, config files or logs.

use std::collections::HashMap;
use std::sync::Mutex;

use parley_core::account::{Secret, SecretKind};

use crate::{AccountSecrets, EngineError};

/// The keyring service Parley's entries are filed under.
pub const KEYRING_SERVICE: &str = "dev.parley.app";

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error(
        "the OS keyring is not available ({0}); on a server, set PARLEY_ACCESS_TOKEN, PARLEY_APP_SECRET and PARLEY_VERIFY_TOKEN instead"
    )]
    Unavailable(String),
    #[error("the OS keyring could not {action} the {kind:?}: {reason}")]
    Failed {
        action: &'static str,
        kind: SecretKind,
        reason: String,
    },
}

/// A place to keep secrets. Calls may block (D-Bus): run them off the async runtime.
pub trait SecretStore: Send + Sync {
    fn get(&self, kind: SecretKind) -> Result<Option<Secret>, SecretError>;
    fn set(&self, kind: SecretKind, value: &Secret) -> Result<(), SecretError>;
    fn delete(&self, kind: SecretKind) -> Result<(), SecretError>;
}

/// The OS keyring: Secret Service on Linux, Keychain on macOS, Credential Manager on
/// Windows.
pub struct KeyringSecrets {
    service: String,
}

impl KeyringSecrets {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, kind: SecretKind) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, kind.keyring_user())
            .map_err(|e| failure("open", kind, e))
    }
}

impl Default for KeyringSecrets {
    fn default() -> Self {
        Self::new(KEYRING_SERVICE)
    }
}

fn failure(action: &'static str, kind: SecretKind, error: keyring::Error) -> SecretError {
    match error {
        keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => {
            SecretError::Unavailable(e.to_string())
        }
        other => SecretError::Failed {
            action,
            kind,
            reason: other.to_string(),
        },
    }
}

impl SecretStore for KeyringSecrets {
    fn get(&self, kind: SecretKind) -> Result<Option<Secret>, SecretError> {
        match self.entry(kind)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(failure("read", kind, e)),
        }
    }

    fn set(&self, kind: SecretKind, value: &Secret) -> Result<(), SecretError> {
        self.entry(kind)?
            .set_password(value.expose())
            .map_err(|e| failure("store", kind, e))
    }

    fn delete(&self, kind: SecretKind) -> Result<(), SecretError> {
        match self.entry(kind)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(failure("delete", kind, e)),
        }
    }
}

/// Secrets held in memory only: the demo's throwaway account, and tests.
#[derive(Default)]
pub struct MemorySecrets {
    values: Mutex<HashMap<SecretKind, Secret>>,
}

impl MemorySecrets {
    fn values(&self) -> std::sync::MutexGuard<'_, HashMap<SecretKind, Secret>> {
        self.values.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SecretStore for MemorySecrets {
    fn get(&self, kind: SecretKind) -> Result<Option<Secret>, SecretError> {
        Ok(self.values().get(&kind).cloned())
    }

    fn set(&self, kind: SecretKind, value: &Secret) -> Result<(), SecretError> {
        self.values().insert(kind, value.clone());
        Ok(())
    }

    fn delete(&self, kind: SecretKind) -> Result<(), SecretError> {
        self.values().remove(&kind);
        Ok(())
    }
}

/// The account's secrets: each from its environment variable when set (servers), else
/// from `store`. The store is consulted only for what the environment lacks, so a server
/// without a keyring works with the variables alone.
pub fn load_account_secrets(
    store: &dyn SecretStore,
    env: impl Fn(&str) -> Option<String>,
) -> Result<AccountSecrets, EngineError> {
    let mut found = HashMap::new();
    let mut missing = Vec::new();
    for kind in SecretKind::ACCOUNT {
        let value = match env(kind.env_var()).filter(|v| !v.trim().is_empty()) {
            Some(v) => Some(Secret::new(v.trim())),
            None => store.get(kind)?.filter(|s| !s.is_empty()),
        };
        match value {
            Some(v) => {
                found.insert(kind, v);
            }
            None => missing.push(match kind {
                SecretKind::AccessToken => "the access token (PARLEY_ACCESS_TOKEN or the keyring)",
                SecretKind::AppSecret => "the app secret (PARLEY_APP_SECRET or the keyring)",
                SecretKind::VerifyToken => "the verify token (PARLEY_VERIFY_TOKEN or the keyring)",
                other => other.keyring_user(),
            }),
        }
    }
    if !missing.is_empty() {
        return Err(EngineError::NotConfigured(missing));
    }
    let mut take = |kind| found.remove(&kind).unwrap_or_else(|| Secret::new(""));
    Ok(AccountSecrets {
        access_token: take(SecretKind::AccessToken),
        app_secret: take(SecretKind::AppSecret),
        verify_token: take(SecretKind::VerifyToken),
    })
}

/// A single secret: from its environment variable when set, else from `store`.
pub fn load_secret(
    store: &dyn SecretStore,
    kind: SecretKind,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<Secret>, SecretError> {
    match env(kind.env_var()).filter(|v| !v.trim().is_empty()) {
        Some(v) => Ok(Some(Secret::new(v.trim()))),
        None => Ok(store.get(kind)?.filter(|s| !s.is_empty())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_wins_and_the_store_fills_the_rest() {
        let store = MemorySecrets::default();
        store
            .set(SecretKind::AccessToken, &Secret::new("from-keyring"))
            .expect("set");
        store
            .set(SecretKind::AppSecret, &Secret::new("app-secret"))
            .expect("set");
        store
            .set(SecretKind::VerifyToken, &Secret::new("verify"))
            .expect("set");
        let env = |name: &str| (name == "PARLEY_ACCESS_TOKEN").then(|| " from-env ".to_owned());
        let secrets = load_account_secrets(&store, env).expect("complete");
        assert_eq!(secrets.access_token.expose(), "from-env");
        assert_eq!(secrets.app_secret.expose(), "app-secret");
    }

    #[test]
    fn missing_secrets_are_named() {
        let store = MemorySecrets::default();
        store
            .set(SecretKind::AccessToken, &Secret::new("t"))
            .expect("set");
        let err = load_account_secrets(&store, |_| None).expect_err("incomplete");
        let message = err.to_string();
        assert!(message.contains("PARLEY_APP_SECRET"), "{message}");
        assert!(message.contains("PARLEY_VERIFY_TOKEN"), "{message}");
        assert!(!message.contains("PARLEY_ACCESS_TOKEN"), "{message}");
    }

    struct BrokenKeyring;

    impl SecretStore for BrokenKeyring {
        fn get(&self, _: SecretKind) -> Result<Option<Secret>, SecretError> {
            Err(SecretError::Unavailable("no D-Bus session".into()))
        }
        fn set(&self, _: SecretKind, _: &Secret) -> Result<(), SecretError> {
            Err(SecretError::Unavailable("no D-Bus session".into()))
        }
        fn delete(&self, _: SecretKind) -> Result<(), SecretError> {
            Err(SecretError::Unavailable("no D-Bus session".into()))
        }
    }

    #[test]
    fn a_server_without_a_keyring_runs_on_environment_variables() {
        let env = |name: &str| Some(format!("value of {name}"));
        let secrets = load_account_secrets(&BrokenKeyring, env).expect("env is enough");
        assert_eq!(
            secrets.verify_token.expose(),
            "value of PARLEY_VERIFY_TOKEN"
        );
        let err = load_account_secrets(&BrokenKeyring, |_| None).expect_err("nothing anywhere");
        assert!(
            err.to_string().contains("keyring is not available"),
            "{err}"
        );
    }
}
