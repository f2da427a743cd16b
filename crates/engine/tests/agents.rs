//! Profiles at the desk: who may manage whom, PINs, and the owner that must remain.

use parley_core::AgentId;
use parley_core::agent::Role;
use parley_engine::{EngineError, agents};
use parley_store::Store;

const OWNER: AgentId = AgentId(1);

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("store");
    (dir, store)
}

#[tokio::test]
async fn every_inbox_starts_with_one_owner_without_a_pin() {
    let (_dir, store) = store().await;
    let everyone = store.agents().await.expect("agents");
    assert_eq!(everyone.len(), 1);
    assert_eq!(everyone[0].id, OWNER);
    assert_eq!(everyone[0].role, Role::Owner);
    assert!(!everyone[0].has_secret);
    agents::unlock(&store, OWNER, "")
        .await
        .expect("no PIN asked");
}

#[tokio::test]
async fn roles_decide_who_manages_whom() {
    let (_dir, store) = store().await;
    let manager = agents::add(&store, OWNER, "Maya", Role::Manager, Some("1357"))
        .await
        .expect("an owner adds a manager");
    let agent = agents::add(&store, manager.id, "Avi", Role::Agent, None)
        .await
        .expect("a manager adds an agent");

    let refused = agents::add(&store, manager.id, "Boss", Role::Owner, None).await;
    assert!(
        matches!(refused, Err(EngineError::Forbidden(_))),
        "{refused:?}"
    );
    let refused = agents::add(&store, agent.id, "Friend", Role::Agent, None).await;
    assert!(
        matches!(refused, Err(EngineError::Forbidden(_))),
        "{refused:?}"
    );
    let refused = agents::update(&store, manager.id, OWNER, "Owner", Role::Agent).await;
    assert!(
        matches!(refused, Err(EngineError::Forbidden(_))),
        "a manager cannot demote an owner"
    );
    let refused = agents::update(&store, agent.id, agent.id, "Avi", Role::Manager).await;
    assert!(
        matches!(refused, Err(EngineError::Forbidden(_))),
        "no self-promotion"
    );

    let renamed = agents::update(&store, agent.id, agent.id, "Avi Cohen", Role::Agent)
        .await
        .expect("anyone renames themselves");
    assert_eq!(renamed.name, "Avi Cohen");
}

#[tokio::test]
async fn the_last_owner_stays() {
    let (_dir, store) = store().await;
    let manager = agents::add(&store, OWNER, "Maya", Role::Manager, None)
        .await
        .expect("add");
    let refused = agents::update(&store, OWNER, OWNER, "Owner", Role::Manager).await;
    assert!(
        matches!(refused, Err(EngineError::Forbidden(_))),
        "{refused:?}"
    );
    let refused = agents::delete(&store, manager.id, OWNER).await;
    assert!(
        matches!(refused, Err(EngineError::Forbidden(_))),
        "{refused:?}"
    );

    let second = agents::add(&store, OWNER, "Partner", Role::Owner, None)
        .await
        .expect("owners make owners");
    agents::update(&store, second.id, OWNER, "Founder", Role::Manager)
        .await
        .expect("another owner remains");
    assert_eq!(store.agent(OWNER).await.expect("agent").role, Role::Manager);
}

#[tokio::test]
async fn a_pin_is_checked_and_can_be_changed_or_removed() {
    let (_dir, store) = store().await;
    let avi = agents::add(&store, OWNER, "Avi", Role::Agent, Some("2468"))
        .await
        .expect("add");
    assert!(avi.has_secret);
    assert!(matches!(
        agents::unlock(&store, avi.id, "1111").await,
        Err(EngineError::WrongSecret)
    ));
    agents::unlock(&store, avi.id, "2468")
        .await
        .expect("right PIN");

    agents::set_secret(&store, avi.id, avi.id, Some("correct horse"))
        .await
        .expect("own password");
    assert!(agents::unlock(&store, avi.id, "2468").await.is_err());
    agents::unlock(&store, avi.id, "correct horse")
        .await
        .expect("new password");

    let short = agents::set_secret(&store, avi.id, avi.id, Some("12")).await;
    assert!(matches!(short, Err(EngineError::Agent(_))), "{short:?}");
    agents::set_secret(&store, OWNER, avi.id, None)
        .await
        .expect("the owner removes it");
    assert!(!store.agent(avi.id).await.expect("agent").has_secret);
}

#[tokio::test]
async fn a_removed_profile_leaves_the_lists() {
    let (_dir, store) = store().await;
    let avi = agents::add(&store, OWNER, "Avi", Role::Agent, None)
        .await
        .expect("add");
    let refused = agents::delete(&store, OWNER, OWNER).await;
    assert!(
        matches!(refused, Err(EngineError::Forbidden(_))),
        "not yourself"
    );
    agents::delete(&store, OWNER, avi.id).await.expect("delete");
    assert_eq!(store.agents().await.expect("agents").len(), 1);
    assert!(agents::unlock(&store, avi.id, "").await.is_err());
}
