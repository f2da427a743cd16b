//! Managing the people at the desk: who may add, change and remove profiles, and
//! checking the PIN or password that switches to one. Works without a connected account,
//! so it takes the store rather than a running engine.
//!
//! PINs and passwords are kept only as Argon2id hashes (random salt, the crate's
//! recommended parameters), never as typed.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use parley_core::AgentId;
use parley_core::agent::{Agent, Role, agent_name, check_secret};
use parley_store::Store;

use crate::{EngineError, now};

/// The profile at the desk, if its role allows `allowed`; `what` names the action in the
/// refusal ("change settings").
pub async fn require(
    store: &Store,
    actor: AgentId,
    allowed: fn(Role) -> bool,
    what: &str,
) -> Result<Agent, EngineError> {
    let agent = store.agent(actor).await?;
    if !allowed(agent.role) {
        return Err(EngineError::Forbidden(format!(
            "only an owner or a manager may {what}"
        )));
    }
    Ok(agent)
}

/// Adds a profile; `secret` is its PIN or password, if switching to it should ask one.
pub async fn add(
    store: &Store,
    actor: AgentId,
    name: &str,
    role: Role,
    secret: Option<&str>,
) -> Result<Agent, EngineError> {
    let by = require(store, actor, Role::may_manage_agents, "manage profiles").await?;
    may_give(by.role, role)?;
    let name = agent_name(name)?;
    let hash = secret.map(hash_secret).transpose()?;
    Ok(store.add_agent(name, role, hash.as_deref(), now()).await?)
}

/// Renames a profile or changes its role. Keeps at least one owner.
pub async fn update(
    store: &Store,
    actor: AgentId,
    id: AgentId,
    name: &str,
    role: Role,
) -> Result<Agent, EngineError> {
    let name = agent_name(name)?;
    let target = store.agent(id).await?;
    if actor == id && role == target.role {
        // Anyone may rename themselves.
        return Ok(store.update_agent(id, name, role, now()).await?);
    }
    let by = require(store, actor, Role::may_manage_agents, "manage profiles").await?;
    may_give(by.role, target.role)?;
    may_give(by.role, role)?;
    if target.role == Role::Owner && role != Role::Owner {
        keep_an_owner(store, id).await?;
    }
    Ok(store.update_agent(id, name, role, now()).await?)
}

/// Sets or removes (`None`) a profile's PIN or password: your own, or, for a manager or
/// owner, that of someone they may manage.
pub async fn set_secret(
    store: &Store,
    actor: AgentId,
    id: AgentId,
    secret: Option<&str>,
) -> Result<(), EngineError> {
    if actor != id {
        let by = require(store, actor, Role::may_manage_agents, "manage profiles").await?;
        may_give(by.role, store.agent(id).await?.role)?;
    }
    let hash = secret.map(hash_secret).transpose()?;
    Ok(store.set_agent_secret(id, hash.as_deref(), now()).await?)
}

/// Removes a profile (its sent messages keep its name). Not your own, not the last owner.
pub async fn delete(store: &Store, actor: AgentId, id: AgentId) -> Result<(), EngineError> {
    if actor == id {
        return Err(EngineError::Forbidden(
            "you cannot remove the profile you are using".to_owned(),
        ));
    }
    let by = require(store, actor, Role::may_manage_agents, "manage profiles").await?;
    let target = store.agent(id).await?;
    may_give(by.role, target.role)?;
    if target.role == Role::Owner {
        keep_an_owner(store, id).await?;
    }
    Ok(store.delete_agent(id, now()).await?)
}

/// The profile, once `secret` matches its PIN or password (profiles without one open
/// with anything).
pub async fn unlock(store: &Store, id: AgentId, secret: &str) -> Result<Agent, EngineError> {
    let agent = store.agent(id).await?;
    if let Some(hash) = store.agent_secret_hash(id).await? {
        let secret = secret.to_owned();
        let matches = tokio::task::spawn_blocking(move || verify_secret(&hash, &secret))
            .await
            .map_err(|e| EngineError::Internal(e.to_string()))?;
        if !matches {
            return Err(EngineError::WrongSecret);
        }
    }
    Ok(agent)
}

fn may_give(by: Role, role: Role) -> Result<(), EngineError> {
    if by.may_assign_role(role) {
        Ok(())
    } else {
        Err(EngineError::Forbidden(
            "only an owner may make, change or remove an owner".to_owned(),
        ))
    }
}

async fn keep_an_owner(store: &Store, leaving: AgentId) -> Result<(), EngineError> {
    let others = store
        .agents()
        .await?
        .into_iter()
        .filter(|a| a.role == Role::Owner && a.id != leaving)
        .count();
    if others == 0 {
        return Err(EngineError::Forbidden(
            "this is the only owner: make someone else an owner first".to_owned(),
        ));
    }
    Ok(())
}

fn hash_secret(secret: &str) -> Result<String, EngineError> {
    check_secret(secret)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| EngineError::Internal(format!("could not hash the PIN: {e}")))
}

fn verify_secret(hash: &str, secret: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(secret.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_secret_only_and_never_contains_it() {
        let hash = hash_secret("2468").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(!hash.contains("2468"));
        assert!(verify_secret(&hash, "2468"));
        assert!(!verify_secret(&hash, "2469"));
        assert!(!verify_secret("not a hash", "2468"));
        assert_ne!(hash, hash_secret("2468").expect("hash"), "salted");
    }

    #[test]
    fn trivial_secrets_are_refused() {
        assert!(matches!(hash_secret("12"), Err(EngineError::Agent(_))));
    }
}
