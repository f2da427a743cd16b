//! The template studio against the simulator: submit a draft and follow its review (by
//! webhook and by polling, applied once), refusals explained before and by Meta, and
//! sending approved templates, also when the 24-hour window is closed.

#[allow(dead_code)]
mod support;

use parley_core::agent::Role;
use parley_core::status::DeliveryStatus;
use parley_core::template::{ParameterValueProblem, TemplateDefinition, TemplateStatus};
use parley_core::{AgentId, ConversationId, Timestamp};
use parley_engine::templates::{self, TemplateError, TemplateSend};
use parley_engine::{Engine, EngineError, EngineEvent};
use parley_store::TemplateSource;
use serde_json::json;
use support::{DANA, Rig, by_owner, template, template_rig};

const OWNER: AgentId = AgentId(1);

fn pickup_reminder(name: &str) -> TemplateDefinition {
    template(json!({
        "name": name, "language": "en_US", "category": "UTILITY",
        "parameter_format": "NAMED",
        "components": [
            {"type": "BODY",
             "text": "Hello {{first_name}}, your order {{order}} is ready for pickup at our shop today.",
             "example": {"body_text_named_params": [
                 {"param_name": "first_name", "example": "Dana"},
                 {"param_name": "order", "example": "1042"}]}},
            {"type": "FOOTER", "text": "Parley Demo Shop"}
        ]
    }))
}

fn autumn_offer() -> TemplateDefinition {
    template(json!({
        "name": "autumn_offer", "language": "en_US", "category": "MARKETING",
        "components": [
            {"type": "BODY",
             "text": "Hi {{1}}, our autumn collection has arrived in the shop, come and see it this week.",
             "example": {"body_text": [["Dana"]]}},
            {"type": "FOOTER", "text": "Reply STOP to unsubscribe"}
        ]
    }))
}

async fn submit(rig: &Rig, definition: &TemplateDefinition) -> Result<String, EngineError> {
    let draft = templates::save_draft(rig.engine.store(), OWNER, None, definition, None)
        .await
        .expect("draft");
    rig.engine
        .submit_template(OWNER, draft.id)
        .await
        .map(|summary| summary.id)
}

async fn approval(rig: &mut Rig, id: &str) -> EngineEvent {
    rig.next_event("the approval", |e| {
        matches!(e, EngineEvent::TemplateStatusChanged(c) if c.template_id == id && c.status == "APPROVED")
    })
    .await
}

#[tokio::test]
async fn a_submitted_draft_is_approved_by_the_webhook_and_the_poll_changes_nothing() {
    let mut rig = template_rig().await;
    let definition = pickup_reminder("pickup_reminder");
    let draft = templates::save_draft(rig.engine.store(), OWNER, None, &definition, None)
        .await
        .expect("draft");
    let summary = rig
        .engine
        .submit_template(OWNER, draft.id)
        .await
        .expect("submitted");
    assert_eq!(summary.status, "PENDING");
    assert_eq!(summary.definition.as_ref(), Some(&definition));
    assert!(
        templates::drafts(rig.engine.store())
            .await
            .expect("drafts")
            .is_empty(),
        "the draft became the template"
    );

    let EngineEvent::TemplateStatusChanged(change) = approval(&mut rig, &summary.id).await else {
        unreachable!()
    };
    assert_eq!(change.source, TemplateSource::Webhook);
    assert_eq!(change.previous.as_deref(), Some("PENDING"));

    rig.engine.sync_now(Timestamp(0)).await.expect("sync");
    let store = rig.engine.store();
    let listed = templates::list(store).await.expect("list");
    let approved = listed.iter().find(|t| t.id == summary.id).expect("listed");
    assert_eq!(approved.status, "APPROVED");
    assert_eq!(approved.edits_left, Some(10));
    let statuses: Vec<(String, TemplateSource)> = store
        .template_events(&summary.id)
        .await
        .expect("events")
        .into_iter()
        .map(|e| (e.value, e.source))
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("PENDING".into(), TemplateSource::Submit),
            ("APPROVED".into(), TemplateSource::Webhook)
        ],
        "the poll found nothing new"
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn a_status_seen_first_by_polling_is_not_applied_again_by_the_webhook() {
    let mut rig = template_rig().await;
    // The first sync listed the simulator's approved `order_ready` (he).
    let store = rig.engine.store().clone();
    let listed = store
        .template_named("order_ready", "he")
        .await
        .expect("read")
        .expect("listed by the first sync");
    assert_eq!(listed.status, "APPROVED");
    let before = store.template_events(&listed.id).await.expect("events");
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].source, TemplateSource::Poll);

    // Meta's webhook for the same approval arrives late.
    rig.sim.deliver_change(
        "message_template_status_update",
        json!({"event": "APPROVED", "message_template_id": listed.id, "message_template_name": "order_ready", "message_template_language": "he", "reason": "NONE"}),
    );
    rig.next_event("the webhook's template notice", |e| {
        matches!(e, EngineEvent::TemplatesChanged)
    })
    .await;
    assert_eq!(
        store.template_events(&listed.id).await.expect("events"),
        before,
        "applied once"
    );
    // Then a real change by webhook is news.
    rig.sim
        .set_template_status("order_ready", Some("he"), TemplateStatus::Paused, None);
    let EngineEvent::TemplateStatusChanged(change) = rig
        .next_event("the pause", |e| {
            matches!(e, EngineEvent::TemplateStatusChanged(_))
        })
        .await
    else {
        unreachable!()
    };
    assert_eq!(change.status, "PAUSED");
    assert_eq!(change.previous.as_deref(), Some("APPROVED"));
    rig.shutdown().await;
}

#[tokio::test]
async fn a_template_with_lint_errors_is_refused_with_diagnostics_and_never_sent() {
    let rig = template_rig().await;
    let dangling = template(json!({
        "name": "dangling", "language": "en_US", "category": "UTILITY",
        "components": [
            {"type": "BODY", "text": "Your order is ready, {{1}}",
             "example": {"body_text": [["Dana"]]}}
        ]
    }));
    let err = submit(&rig, &dangling).await.expect_err("lint errors");
    let EngineError::Template(TemplateError::Lint(diagnostics)) = &err else {
        panic!("expected lint errors, got {err:?}");
    };
    assert!(
        diagnostics
            .iter()
            .any(|d| d.is_error() && d.meta_subcode == Some(2388299)),
        "{diagnostics:?}"
    );
    assert!(err.to_string().contains("problem"), "{err}");
    assert_eq!(
        templates::drafts(rig.engine.store())
            .await
            .expect("drafts")
            .len(),
        1,
        "the draft stays to be fixed"
    );
    rig.engine.sync_now(Timestamp(0)).await.expect("sync");
    assert!(
        rig.engine
            .store()
            .template_named("dangling", "en_US")
            .await
            .expect("read")
            .is_none(),
        "Meta never saw it"
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn metas_refusals_at_submit_are_explained() {
    let rig = template_rig().await;
    submit(&rig, &pickup_reminder("pickup_reminder"))
        .await
        .expect("first");
    let err = submit(&rig, &pickup_reminder("pickup_reminder"))
        .await
        .expect_err("the name is taken in that language");
    assert!(
        matches!(&err, EngineError::Template(TemplateError::RefusedByMeta(_))),
        "{err:?}"
    );

    // Meta allows 100 creations an hour per account; the next is refused with 2388019.
    for n in 1..100 {
        submit(&rig, &pickup_reminder(&format!("pickup_reminder_{n}")))
            .await
            .unwrap_or_else(|e| panic!("creation {n}: {e}"));
    }
    let err = submit(&rig, &pickup_reminder("one_too_many"))
        .await
        .expect_err("hourly limit");
    let EngineError::Template(TemplateError::Refused(explanation)) = &err else {
        panic!("expected an explained refusal, got {err:?}");
    };
    assert_eq!(explanation.subcode, 2388019);
    assert!(
        err.to_string().starts_with("Meta refused the template"),
        "{err}"
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn an_approved_template_reaches_a_customer_whose_window_closed() {
    let mut rig = template_rig().await;
    let conversation = rig.closed_window().await;
    let err = rig
        .engine
        .send_text(conversation, "Hi again", by_owner())
        .await
        .expect_err("free form is refused");
    assert!(matches!(err, EngineError::WindowClosed(_)), "{err:?}");

    let message = rig
        .engine
        .send_template(
            conversation,
            &texts("order_ready", "he", &["דנה".to_owned(), "#1042".to_owned()]),
            by_owner(),
        )
        .await
        .expect("queued");
    assert_eq!(
        message.text.as_deref(),
        Some("שלום דנה, ההזמנה #1042 מוכנה לאיסוף בחנות.")
    );
    rig.status_of(&message, DeliveryStatus::Delivered).await;
    let sent = rig.sim.sends_to(DANA);
    let request = sent.last().expect("the template went out");
    assert_eq!(request["type"], "template");
    assert_eq!(request["template"]["name"], "order_ready");
    assert_eq!(request["template"]["language"]["code"], "he");
    assert_eq!(
        request["template"]["components"][0]["parameters"][1]["text"],
        "#1042"
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn a_named_template_submitted_and_approved_is_sent_with_its_names() {
    let mut rig = template_rig().await;
    let id = submit(&rig, &pickup_reminder("pickup_reminder"))
        .await
        .expect("submitted");
    approval(&mut rig, &id).await;
    let conversation = rig.closed_window().await;
    let message = rig
        .engine
        .send_template(
            conversation,
            &texts(
                "pickup_reminder",
                "en_US",
                &["Dana".to_owned(), "1042".to_owned()],
            ),
            by_owner(),
        )
        .await
        .expect("queued");
    rig.status_of(&message, DeliveryStatus::Delivered).await;
    let sent = rig.sim.sends_to(DANA);
    let body = &sent.last().expect("sent")["template"]["components"][0];
    assert_eq!(body["parameters"][0]["parameter_name"], "first_name");
    assert_eq!(body["parameters"][1]["text"], "1042");
    rig.shutdown().await;
}

#[tokio::test]
async fn a_marketing_template_is_refused_for_a_customer_who_opted_out() {
    let mut rig = template_rig().await;
    let id = submit(&rig, &autumn_offer()).await.expect("submitted");
    approval(&mut rig, &id).await;
    let conversation = rig.closed_window().await;
    rig.sim.deliver_change(
        "user_preferences",
        json!({"messaging_product": "whatsapp", "user_preferences": [{"wa_id": DANA, "category": "marketing_messages", "value": "stop", "detail": "Stopped", "timestamp": 1_750_000_000}]}),
    );
    rig.next_event("the opt-out", |e| matches!(e, EngineEvent::Notice(_)))
        .await;
    let before = rig.message_count().await;
    let err = rig
        .engine
        .send_template(
            conversation,
            &texts("autumn_offer", "en_US", &["Dana".to_owned()]),
            by_owner(),
        )
        .await
        .expect_err("opted out");
    assert!(
        matches!(err, EngineError::Template(TemplateError::MarketingOptOut)),
        "{err:?}"
    );
    assert!(err.to_string().contains("stopped marketing"), "{err}");
    assert_eq!(rig.message_count().await, before, "nothing was queued");
    rig.shutdown().await;
}

/// A send of a template whose parameters are all text.
fn texts(name: &str, language: &str, values: &[String]) -> TemplateSend {
    TemplateSend {
        name: name.to_owned(),
        language: language.to_owned(),
        values: values.to_vec(),
        header: None,
        copy_code: None,
    }
}

async fn send(
    engine: &Engine,
    conversation: ConversationId,
    values: Vec<&str>,
    name: &str,
) -> EngineError {
    let values: Vec<String> = values.into_iter().map(str::to_owned).collect();
    engine
        .send_template(conversation, &texts(name, "he", &values), by_owner())
        .await
        .expect_err("refused")
}

#[tokio::test]
async fn bad_values_and_unsendable_templates_are_refused_before_sending() {
    let mut rig = template_rig().await;
    let conversation = rig.closed_window().await;
    let before = rig.message_count().await;
    let err = send(
        &rig.engine,
        conversation,
        vec!["דנה\nלוי", "#1042"],
        "order_ready",
    )
    .await;
    assert!(
        matches!(
            &err,
            EngineError::Template(TemplateError::Value { parameter, problem: ParameterValueProblem::Newline })
                if parameter == "1"
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("line breaks"), "{err}");
    let err = send(
        &rig.engine,
        conversation,
        vec!["דנה", "#1042     now"],
        "order_ready",
    )
    .await;
    assert!(
        matches!(
            &err,
            EngineError::Template(TemplateError::Value {
                problem: ParameterValueProblem::TooManySpaces { run: 5 },
                ..
            })
        ),
        "{err:?}"
    );
    let err = send(&rig.engine, conversation, vec!["דנה"], "order_ready").await;
    assert!(
        matches!(
            err,
            EngineError::Template(TemplateError::ParameterCount {
                expected: 2,
                given: 1
            })
        ),
        "{err:?}"
    );
    let err = send(
        &rig.engine,
        conversation,
        vec!["דנה", "#1042"],
        "no_such_template",
    )
    .await;
    assert!(err.to_string().contains("132001"), "{err}");

    rig.sim
        .set_template_status("order_ready", Some("he"), TemplateStatus::Paused, None);
    rig.next_event(
        "the pause",
        |e| matches!(e, EngineEvent::TemplateStatusChanged(c) if c.status == "PAUSED"),
    )
    .await;
    let err = send(
        &rig.engine,
        conversation,
        vec!["דנה", "#1042"],
        "order_ready",
    )
    .await;
    assert!(err.to_string().contains("132015"), "{err}");
    assert_eq!(rig.message_count().await, before, "nothing was queued");
    rig.shutdown().await;
}

#[tokio::test]
async fn only_owners_and_managers_manage_templates() {
    let rig = template_rig().await;
    let store = rig.engine.store();
    let agent = parley_engine::agents::add(store, OWNER, "Noa", Role::Agent, None)
        .await
        .expect("agent");
    let err = templates::save_draft(store, agent.id, None, &autumn_offer(), None)
        .await
        .expect_err("an agent may not");
    assert!(matches!(err, EngineError::Forbidden(_)), "{err:?}");
    let draft = templates::save_draft(store, OWNER, None, &autumn_offer(), None)
        .await
        .expect("the owner may");
    let err = rig
        .engine
        .submit_template(agent.id, draft.id)
        .await
        .expect_err("an agent may not submit");
    assert!(matches!(err, EngineError::Forbidden(_)), "{err:?}");
    let err = rig
        .engine
        .delete_template(agent.id, "order_ready", None)
        .await
        .expect_err("nor delete");
    assert!(matches!(err, EngineError::Forbidden(_)), "{err:?}");
    rig.shutdown().await;
}

#[tokio::test]
async fn an_edit_is_reviewed_again_and_a_deletion_forgets_the_template() {
    let mut rig = template_rig().await;
    let id = submit(&rig, &pickup_reminder("pickup_reminder"))
        .await
        .expect("submitted");
    approval(&mut rig, &id).await;
    let mut edited = pickup_reminder("pickup_reminder");
    if let Some(parley_core::template::Component::Footer(footer)) = edited.components.last_mut() {
        footer.text = "Parley Demo Shop, Main Street".to_owned();
    }
    let store = rig.engine.store().clone();
    let draft = templates::save_draft(&store, OWNER, None, &edited, Some(&id))
        .await
        .expect("draft");
    let summary = rig
        .engine
        .submit_template(OWNER, draft.id)
        .await
        .expect("edit");
    assert_eq!(summary.status, "PENDING");
    approval(&mut rig, &id).await;
    let record = store.template(&id).await.expect("template");
    assert_eq!(record.edit_count, 1);
    assert_eq!(record.definition().expect("definition"), edited);

    rig.engine
        .delete_template(OWNER, "pickup_reminder", None)
        .await
        .expect("deleted");
    assert!(
        store
            .template_named("pickup_reminder", "en_US")
            .await
            .expect("read")
            .is_none()
    );
    rig.engine.sync_now(Timestamp(0)).await.expect("sync");
    assert!(
        store
            .template_named("pickup_reminder", "en_US")
            .await
            .expect("read")
            .is_none(),
        "gone at Meta too"
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn an_approved_template_is_edited_at_most_ten_times_in_thirty_days() {
    let mut rig = template_rig().await;
    let id = submit(&rig, &pickup_reminder("pickup_reminder"))
        .await
        .expect("submitted");
    approval(&mut rig, &id).await;
    let store = rig.engine.store().clone();
    let edit = |n: usize| {
        let mut edited = pickup_reminder("pickup_reminder");
        if let Some(parley_core::template::Component::Footer(footer)) = edited.components.last_mut()
        {
            footer.text = format!("Parley Demo Shop, edit {n}");
        }
        edited
    };
    for n in 1..=10 {
        let draft = templates::save_draft(&store, OWNER, None, &edit(n), Some(&id))
            .await
            .expect("draft");
        rig.engine
            .edit_template(OWNER, draft.id)
            .await
            .unwrap_or_else(|e| panic!("edit {n}: {e}"));
        approval(&mut rig, &id).await;
    }
    let listed = templates::list(&store).await.expect("list");
    assert_eq!(
        listed
            .iter()
            .find(|t| t.id == id)
            .and_then(|t| t.edits_left),
        Some(0)
    );
    let draft = templates::save_draft(&store, OWNER, None, &edit(11), Some(&id))
        .await
        .expect("draft");
    let err = rig
        .engine
        .edit_template(OWNER, draft.id)
        .await
        .expect_err("the eleventh edit");
    assert!(
        matches!(err, EngineError::Template(TemplateError::EditLimit)),
        "{err:?}"
    );
    assert_eq!(store.template(&id).await.expect("t").status, "APPROVED");
    rig.shutdown().await;
}
