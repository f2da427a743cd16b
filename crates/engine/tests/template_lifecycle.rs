//! What Meta does to templates after review, as the engine follows it against the
//! simulator: a pause that lifts (the template sends again), a reinstated template that
//! sends, the third pause that disables; a template deleted in WhatsApp Manager, marked
//! DELETED only by a poll that read the whole list; and a marketing template that fails
//! with 131050, after which the customer counts as opted out.

#[allow(dead_code)]
mod support;

use std::path::Path;
use std::time::Duration;

use parley_core::meta_error::SendFailure;
use parley_core::status::DeliveryStatus;
use parley_core::template::{TemplateDefinition, TemplateStatus};
use parley_core::{AgentId, Timestamp};
use parley_engine::templates::{self, TemplateError, TemplateSend};
use parley_engine::{Engine, EngineError, EngineEvent, EngineOptions};
use parley_sim::{Fault, SimConfig, Simulator};
use parley_store::TemplateSource;
use serde_json::json;
use support::{DANA, Rig, VERIFY_TOKEN, by_owner, engine_on, fast_sim, sim_account, start_sim};
use tokio::sync::broadcast;

const OWNER: AgentId = AgentId(1);
/// One of Meta's hours in the simulator: a first pause lasts 3 of them, a second 6.
const HOUR: Duration = Duration::from_millis(100);
/// A list read overrides only a status clearly older than itself (webhook times are whole
/// seconds): a test waits this long before the read that should change something.
const LIST_PRECISION: Duration = Duration::from_millis(1_100);

fn config() -> SimConfig {
    SimConfig {
        template_review: Duration::from_millis(150),
        template_pause_hour: HOUR,
        ..fast_sim()
    }
}

async fn start_engine(sim: &Simulator, dir: &Path, waba_id: Option<&str>) -> Engine {
    let (mut settings, token) = sim_account(sim);
    if let Some(waba_id) = waba_id {
        settings.waba_id = waba_id.to_owned();
    }
    engine_on(sim, dir, settings, token, EngineOptions::default()).await
}

async fn rig() -> Rig {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = start_sim(config()).await;
    let engine = start_engine(&sim, dir.path(), None).await;
    let events = engine.subscribe();
    sim.subscribe_webhook(&engine.webhook_url(), VERIFY_TOKEN)
        .await
        .expect("the engine answers Meta's handshake");
    let mut rig = Rig {
        dir,
        sim,
        engine,
        events,
    };
    rig.next_event("the first template sync", |e| {
        matches!(e, EngineEvent::TemplatesChanged)
    })
    .await;
    rig
}

/// The next event of `events` that `matches`, within 10 s.
async fn next_event(
    events: &mut broadcast::Receiver<EngineEvent>,
    what: &str,
    mut matches: impl FnMut(&EngineEvent) -> bool,
) -> EngineEvent {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let event = tokio::time::timeout_at(deadline, events.recv())
            .await
            .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
            .expect("event stream open");
        if matches(&event) {
            return event;
        }
    }
}

fn texts(name: &str, language: &str, values: &[&str]) -> TemplateSend {
    TemplateSend {
        name: name.to_owned(),
        language: language.to_owned(),
        values: values.iter().map(|v| (*v).to_owned()).collect(),
        header: None,
        copy_code: None,
    }
}

fn order_ready() -> TemplateSend {
    texts("order_ready", "he", &["דנה", "#1042"])
}

fn autumn_offer() -> TemplateDefinition {
    serde_json::from_value(json!({
        "name": "autumn_offer", "language": "en_US", "category": "MARKETING",
        "components": [
            {"type": "BODY",
             "text": "Hi {{1}}, our autumn collection has arrived in the shop, come and see it this week.",
             "example": {"body_text": [["Dana"]]}},
            {"type": "FOOTER", "text": "Reply STOP to unsubscribe"}
        ]
    }))
    .expect("template JSON")
}

/// Waits until the engine applied `status` to `name` (by webhook or poll).
async fn status_change(
    rig: &mut Rig,
    name: &str,
    status: &str,
) -> parley_store::TemplateStatusChange {
    let wanted = (name.to_owned(), status.to_owned());
    match rig
        .next_event(&format!("{name} becoming {status}"), |e| {
            matches!(e, EngineEvent::TemplateStatusChanged(c) if c.name == wanted.0 && c.status == wanted.1)
        })
        .await
    {
        EngineEvent::TemplateStatusChanged(change) => change,
        _ => unreachable!(),
    }
}

fn refused_as_unsendable(err: &EngineError, status: &str) {
    assert!(
        matches!(
            err,
            EngineError::Template(TemplateError::NotSendable { status: Some(s), .. }) if s == status
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_pause_lifts_and_the_template_sends_again_until_the_third_disables_it() {
    let mut rig = rig().await;
    let conversation = rig.closed_window().await;

    rig.sim
        .set_template_status("order_ready", Some("he"), TemplateStatus::Paused, None);
    status_change(&mut rig, "order_ready", "PAUSED").await;
    let err = rig
        .engine
        .send_template(conversation, &order_ready(), by_owner())
        .await
        .expect_err("paused");
    refused_as_unsendable(&err, "PAUSED");
    assert!(err.to_string().contains("132015"), "{err}");

    // Three of Meta's hours later the pause ends by itself, with an APPROVED webhook.
    let lifted = status_change(&mut rig, "order_ready", "APPROVED").await;
    assert_eq!(lifted.previous.as_deref(), Some("PAUSED"));
    assert_eq!(lifted.source, TemplateSource::Webhook);
    let message = rig
        .engine
        .send_template(conversation, &order_ready(), by_owner())
        .await
        .expect("sendable once the pause is over");
    rig.status_of(&message, DeliveryStatus::Delivered).await;

    // Meta may also reinstate a template: it sends, as Meta says it can.
    rig.sim
        .set_template_status("order_ready", Some("he"), TemplateStatus::Reinstated, None);
    status_change(&mut rig, "order_ready", "REINSTATED").await;
    let message = rig
        .engine
        .send_template(conversation, &order_ready(), by_owner())
        .await
        .expect("a reinstated template sends");
    rig.status_of(&message, DeliveryStatus::Delivered).await;

    // The second pause lifts too; the third disables it for good.
    rig.sim
        .set_template_status("order_ready", Some("he"), TemplateStatus::Paused, None);
    status_change(&mut rig, "order_ready", "PAUSED").await;
    status_change(&mut rig, "order_ready", "APPROVED").await;
    rig.sim
        .set_template_status("order_ready", Some("he"), TemplateStatus::Paused, None);
    status_change(&mut rig, "order_ready", "DISABLED").await;
    let before = rig.message_count().await;
    let err = rig
        .engine
        .send_template(conversation, &order_ready(), by_owner())
        .await
        .expect_err("disabled");
    refused_as_unsendable(&err, "DISABLED");
    assert_eq!(rig.message_count().await, before, "nothing was queued");
    rig.shutdown().await;
}

#[tokio::test]
async fn a_template_gone_from_metas_list_is_deleted_only_after_a_complete_poll() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = start_sim(config()).await;

    // Parley lists the account's templates; someone starts editing order_ready.
    let engine = start_engine(&sim, dir.path(), None).await;
    let mut events = engine.subscribe();
    next_event(&mut events, "the first sync", |e| {
        matches!(e, EngineEvent::TemplatesChanged)
    })
    .await;
    let store = engine.store();
    let order_ready = store
        .template_named("order_ready", "he")
        .await
        .expect("read")
        .expect("listed");
    let definition = order_ready.definition().expect("definition");
    let editing = templates::save_draft(store, OWNER, None, &definition, Some(&order_ready.id))
        .await
        .expect("an edit draft");
    let fresh = templates::save_draft(store, OWNER, None, &autumn_offer(), None)
        .await
        .expect("a new draft");
    engine.shutdown().await;

    // Deleted in WhatsApp Manager: no webhook, it only leaves Meta's list.
    assert_eq!(sim.delete_template_in_console("order_ready", Some("he")), 1);
    tokio::time::sleep(LIST_PRECISION).await;

    // A poll that fails (Meta answers an error) deletes nothing.
    let engine = start_engine(&sim, dir.path(), Some("999999999999999")).await;
    let mut events = engine.subscribe();
    let EngineEvent::Sync(state) = next_event(
        &mut events,
        "the failed sync",
        |e| matches!(e, EngineEvent::Sync(s) if s.name == "templates"),
    )
    .await
    else {
        unreachable!()
    };
    assert!(state.last_error.is_some(), "{state:?}");
    let store = engine.store();
    assert_eq!(
        store.template(&order_ready.id).await.expect("kept").status,
        "APPROVED"
    );
    // Nor does a part of the list, or a list read before the templates last changed.
    let at = parley_engine::now();
    assert!(
        store
            .upsert_templates(&[], at)
            .await
            .expect("partial")
            .is_empty()
    );
    assert!(
        store
            .sync_template_list(&[], Timestamp(0))
            .await
            .expect("an old read")
            .is_empty()
    );
    assert!(
        store
            .templates()
            .await
            .expect("list")
            .iter()
            .all(|t| t.status != "DELETED")
    );
    engine.shutdown().await;

    // The next complete read marks it DELETED, and only it.
    let engine = start_engine(&sim, dir.path(), None).await;
    let mut events = engine.subscribe();
    let EngineEvent::TemplateStatusChanged(change) = next_event(
        &mut events,
        "the deletion",
        |e| matches!(e, EngineEvent::TemplateStatusChanged(c) if c.status == "DELETED"),
    )
    .await
    else {
        unreachable!()
    };
    assert_eq!(change.name, "order_ready");
    assert_eq!(change.previous.as_deref(), Some("APPROVED"));
    assert_eq!(change.source, TemplateSource::Poll);
    next_event(&mut events, "the sync's end", |e| {
        matches!(e, EngineEvent::TemplatesChanged)
    })
    .await;
    let store = engine.store();
    let listed = templates::list(store).await.expect("list");
    let status_of = |name: &str| {
        listed
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.status.clone())
    };
    assert_eq!(status_of("order_ready").as_deref(), Some("DELETED"));
    assert_eq!(status_of("hello_world").as_deref(), Some("APPROVED"));
    assert_eq!(status_of("summer_sale").as_deref(), Some("REJECTED"));
    // Drafts are Parley's own: untouched.
    let drafts = templates::drafts(store).await.expect("drafts");
    assert_eq!(drafts.len(), 2);
    assert!(
        drafts.iter().any(
            |d| d.id == editing.id && d.template_id.as_deref() == Some(order_ready.id.as_str())
        )
    );
    assert!(
        drafts
            .iter()
            .any(|d| d.id == fresh.id && d.template_id.is_none())
    );
    // Read again, nothing is news.
    let history = store
        .template_events(&order_ready.id)
        .await
        .expect("events");
    engine.sync_now(parley_engine::now()).await.expect("sync");
    assert_eq!(
        store
            .template_events(&order_ready.id)
            .await
            .expect("events"),
        history
    );
    engine.shutdown().await;
    sim.shutdown().await;
}

#[tokio::test]
async fn a_deleted_template_is_not_sent() {
    let mut rig = rig().await;
    let conversation = rig.closed_window().await;
    rig.sim.delete_template_in_console("order_ready", None);
    tokio::time::sleep(LIST_PRECISION).await;
    rig.engine
        .sync_now(parley_engine::now())
        .await
        .expect("sync");
    let before = rig.message_count().await;
    let err = rig
        .engine
        .send_template(conversation, &order_ready(), by_owner())
        .await
        .expect_err("deleted");
    refused_as_unsendable(&err, "DELETED");
    assert_eq!(rig.message_count().await, before, "nothing was queued");
    rig.shutdown().await;
}

#[tokio::test]
async fn a_131050_failure_records_the_opt_out_and_the_next_marketing_template_is_refused() {
    let mut rig = rig().await;
    let id = {
        let draft = templates::save_draft(rig.engine.store(), OWNER, None, &autumn_offer(), None)
            .await
            .expect("draft");
        rig.engine
            .submit_template(OWNER, draft.id)
            .await
            .expect("submitted")
            .id
    };
    rig.next_event("the approval", |e| {
        matches!(e, EngineEvent::TemplateStatusChanged(c) if c.template_id == id && c.status == "APPROVED")
    })
    .await;
    let conversation = rig.closed_window().await;
    let offer = texts("autumn_offer", "en_US", &["Dana"]);
    let opted_out = |rig: &Rig| {
        let store = rig.engine.store().clone();
        async move {
            store
                .conversation(conversation)
                .await
                .expect("conversation")
                .contact
                .marketing_opt_out
        }
    };

    // Another failure says nothing about the customer's preference.
    rig.sim.inject_fault(Fault::FailLater { code: 131049 }, 1);
    let message = rig
        .engine
        .send_template(conversation, &offer, by_owner())
        .await
        .expect("queued");
    rig.status_of(&message, DeliveryStatus::Failed).await;
    assert!(!opted_out(&rig).await);

    // Dana stops marketing messages in WhatsApp; Parley does not hear of it.
    rig.sim.set_customer_marketing(DANA, true, false);
    let message = rig
        .engine
        .send_template(conversation, &offer, by_owner())
        .await
        .expect("Parley did not know: queued");
    let failed = rig.status_of(&message, DeliveryStatus::Failed).await;
    assert!(
        matches!(failed.failure, Some(SendFailure::Meta { code: 131050, .. })),
        "{:?}",
        failed.failure
    );
    assert!(opted_out(&rig).await, "WhatsApp's refusal is recorded");
    let details = rig
        .engine
        .store()
        .contact(
            rig.engine
                .store()
                .conversation(conversation)
                .await
                .expect("conversation")
                .contact
                .id,
        )
        .await
        .expect("contact");
    assert_eq!(details.consent.source.as_deref(), Some("WhatsApp"));

    // The next marketing template is refused before it is sent...
    let before = rig.message_count().await;
    let sends_before = rig.sim.sends_to(DANA).len();
    let err = rig
        .engine
        .send_template(conversation, &offer, by_owner())
        .await
        .expect_err("opted out now");
    assert!(
        matches!(err, EngineError::Template(TemplateError::MarketingOptOut)),
        "{err:?}"
    );
    assert_eq!(rig.message_count().await, before, "nothing was queued");
    assert_eq!(rig.sim.sends_to(DANA).len(), sends_before);

    // ...while a utility template still goes.
    let message = rig
        .engine
        .send_template(conversation, &order_ready(), by_owner())
        .await
        .expect("utility goes");
    rig.status_of(&message, DeliveryStatus::Delivered).await;
    rig.shutdown().await;
}
