//! Templates through Parley's client against the simulator: creation with Meta's
//! synchronous refusals, review with status webhooks, edits within Meta's limits,
//! deletion, pause/disable/quality on cue, the resumable upload, and template sends
//! (checked against Meta's `Message` schema) with Meta's 1320xx refusals.

// Shared test support: each test binary uses part of it.
#[allow(dead_code)]
mod support;

#[path = "templates/rig.rs"]
mod rig;

use parley_core::notice::AccountNotice;
use parley_core::template::{TemplateCategory, TemplateQuality, TemplateStatus};
use parley_whatsapp::ApiError;
use parley_whatsapp::api::{SendMessageRequest, TemplateParameter, TemplateSendComponent};
use rig::{DANA, graph_error, order_update, order_update_send, rig, template, user_message};
use serde_json::{Value, json};
use support::openapi::Spec;

#[tokio::test]
async fn a_submitted_template_is_pending_then_approved_by_webhook() {
    let mut rig = rig().await;
    let definition = order_update("order_update", "en_US");
    let created = rig
        .client
        .create_template(&rig.waba, &definition)
        .await
        .expect("created");
    assert_eq!(created.status, TemplateStatus::Pending);
    assert_eq!(created.category, TemplateCategory::Utility);
    assert_eq!(
        rig.status_in_list("order_update", "en_US").await.as_deref(),
        Some("PENDING")
    );

    let (raw, status, reason) = rig.next_status().await;
    assert_eq!(status, "APPROVED");
    assert_eq!(reason, None);
    assert_eq!(raw["message_template_id"].to_string(), created.id);
    assert_eq!(raw["message_template_name"], "order_update");
    assert_eq!(
        rig.status_in_list("order_update", "en_US").await.as_deref(),
        Some("APPROVED")
    );
    // The list carries what the manager view shows, and reads back as the definition.
    let page = rig
        .client
        .list_templates(&rig.waba, None)
        .await
        .expect("list");
    let listed = page
        .data
        .iter()
        .find(|t| t.id == created.id)
        .expect("listed");
    assert_eq!(listed.definition().as_ref(), Some(&definition));
    assert_eq!(listed.known_status(), Some(TemplateStatus::Approved));
    assert!(listed.quality_score.is_some());
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_trailing_parameter_is_refused_at_once_with_metas_subcode() {
    let mut rig = rig().await;
    let dangling = template(json!({
        "name": "pickup_ready", "language": "en_US", "category": "UTILITY",
        "components": [{"type": "BODY", "text": "Your order is ready for pickup, {{1}}.",
                        "example": {"body_text": [["Dana"]]}}]
    }));
    let err = rig
        .client
        .create_template(&rig.waba, &dangling)
        .await
        .expect_err("refused");
    assert_eq!(graph_error(&err), (100, Some(2388299)));
    match &err {
        ApiError::Graph { http_status, error } => {
            assert_eq!(*http_status, 400);
            assert!(error.error_user_title.is_some() && error.error_user_msg.is_some());
        }
        _ => unreachable!(),
    }
    assert_eq!(rig.status_in_list("pickup_ready", "en_US").await, None);

    // The same template with words after the parameter is accepted.
    let fixed = template(json!({
        "name": "pickup_ready", "language": "en_US", "category": "UTILITY",
        "components": [{"type": "BODY", "text": "Your order is ready for pickup, {{1}}. See you at the shop soon.",
                        "example": {"body_text": [["Dana"]]}}]
    }));
    rig.create_approved(&fixed).await;
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_name_is_unique_per_language() {
    let mut rig = rig().await;
    rig.create_approved(&order_update("order_update", "en_US"))
        .await;
    let err = rig
        .client
        .create_template(&rig.waba, &order_update("order_update", "en_US"))
        .await
        .expect_err("duplicate");
    assert_eq!(graph_error(&err), (100, Some(2388024)));
    // Another language of the same name is a new translation, not a duplicate.
    rig.create_approved(&order_update("order_update", "en_GB"))
        .await;
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_utility_template_that_sells_is_rejected_as_promotional() {
    let mut rig = rig().await;
    let promo = template(json!({
        "name": "weekend_notice", "language": "en_US", "category": "UTILITY",
        "components": [{"type": "BODY", "text": "Hi {{1}}, this weekend only: a 20% discount on all sneakers in the shop.",
                        "example": {"body_text": [["Dana"]]}}]
    }));
    rig.client
        .create_template(&rig.waba, &promo)
        .await
        .expect("accepted for review");
    let (raw, status, reason) = rig.next_status().await;
    assert_eq!(status, "REJECTED");
    assert_eq!(reason.as_deref(), Some("PROMOTIONAL"));
    assert!(raw["rejection_info"]["recommendation"].is_string());
    let page = rig
        .client
        .list_templates(&rig.waba, None)
        .await
        .expect("list");
    let listed = page
        .data
        .iter()
        .find(|t| t.name == "weekend_notice")
        .expect("listed");
    assert_eq!(listed.rejected_reason.as_deref(), Some("PROMOTIONAL"));

    // As MARKETING the same words are fine.
    let mut marketing = promo.clone();
    marketing.name = "weekend_sale".to_owned();
    marketing.category = TemplateCategory::Marketing;
    rig.create_approved(&marketing).await;
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn edits_follow_metas_rules_and_go_back_to_review() {
    let mut rig = rig().await;
    let mut definition = order_update("order_update", "en_US");
    let created = rig
        .client
        .create_template(&rig.waba, &definition)
        .await
        .expect("created");
    // In review: no edits.
    let err = rig
        .client
        .edit_template(&created.id, &definition)
        .await
        .expect_err("pending templates cannot be edited");
    assert_eq!(graph_error(&err).0, 100);
    assert!(user_message(&err).contains("PENDING"), "{err:?}");
    assert_eq!(rig.next_status().await.1, "APPROVED");

    // An approved template keeps its category.
    let mut recategorised = definition.clone();
    recategorised.category = TemplateCategory::Marketing;
    let err = rig
        .client
        .edit_template(&created.id, &recategorised)
        .await
        .expect_err("category of an approved template");
    assert!(user_message(&err).contains("category"), "{err:?}");

    // Ten edits in 30 days, each reviewed again; the eleventh is refused.
    for edit in 1..=10 {
        if let Some(parley_core::template::Component::Footer(footer)) =
            definition.components.get_mut(2)
        {
            footer.text = format!("Parley Demo Shop ({edit})");
        }
        rig.client
            .edit_template(&created.id, &definition)
            .await
            .unwrap_or_else(|e| panic!("edit {edit}: {e}"));
        assert_eq!(
            rig.status_in_list("order_update", "en_US").await.as_deref(),
            Some("PENDING")
        );
        assert_eq!(rig.next_status().await.1, "APPROVED");
    }
    let err = rig
        .client
        .edit_template(&created.id, &definition)
        .await
        .expect_err("an eleventh edit");
    assert_eq!(graph_error(&err).0, 100);
    assert!(
        user_message(&err).contains("10 times in 30 days"),
        "{err:?}"
    );

    // An edit that breaks Meta's format is refused like a creation.
    let mut dangling = definition.clone();
    if let Some(parley_core::template::Component::Body(body)) = dangling.components.get_mut(1) {
        body.text = "{{1}} your order {{2}} is ready for pickup at the shop today.".to_owned();
    }
    let rejected = rig.create_approved_then_reject_edit(&dangling).await;
    assert_eq!(rejected, (100, Some(2388299)));
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn delete_removes_every_language_or_one() {
    let mut rig = rig().await;
    rig.create_approved(&order_update("order_update", "en_US"))
        .await;
    let british = rig
        .create_approved(&order_update("order_update", "en_GB"))
        .await;
    rig.create_approved(&order_update("order_update", "he"))
        .await;

    rig.client
        .delete_template(&rig.waba, "order_update", Some(&british))
        .await
        .expect("delete one language");
    assert_eq!(rig.status_in_list("order_update", "en_GB").await, None);
    assert!(rig.status_in_list("order_update", "en_US").await.is_some());

    rig.client
        .delete_template(&rig.waba, "order_update", None)
        .await
        .expect("delete all");
    assert_eq!(rig.status_in_list("order_update", "en_US").await, None);
    assert_eq!(rig.status_in_list("order_update", "he").await, None);

    let err = rig
        .client
        .delete_template(&rig.waba, "order_update", None)
        .await
        .expect_err("nothing left to delete");
    assert_eq!(graph_error(&err).0, 100);
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn an_approved_template_reaches_a_customer_whose_window_closed() {
    let spec = Spec::load();
    let mut rig = rig().await;
    rig.create_approved(&order_update("order_update", "en_US"))
        .await;
    rig.sim.customer_says(DANA, "Dana", "is my order ready?");
    rig.sim.expire_window(DANA).expect("expire");

    // Free-form text fails outside the window (131047 by webhook)...
    rig.client
        .send_message(&rig.phone, &SendMessageRequest::text(DANA, "it is ready"))
        .await
        .expect("accepted, then failed");
    let request = order_update_send(
        DANA,
        "order_update",
        vec![
            TemplateParameter::text("Dana"),
            TemplateParameter::text("#1042"),
        ],
    );
    let json = serde_json::to_value(&request).expect("json");
    spec.assert_conforms("Message", &json);
    let back: SendMessageRequest = serde_json::from_value(json).expect("round trip");
    assert_eq!(back, request);
    // ...a template goes through.
    let sent = rig
        .client
        .send_message(&rig.phone, &request)
        .await
        .expect("template accepted");
    let wamid = sent.messages[0].id.clone();
    let mut statuses = Vec::new();
    while !statuses.contains(&"delivered".to_owned()) {
        let (raw, _, seen) = rig.next("messages").await;
        let id = raw.pointer("/statuses/0/id").and_then(Value::as_str);
        if id == Some(wamid.as_str()) {
            statuses.extend(
                seen.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str().map(str::to_owned)),
            );
        }
        assert!(!statuses.contains(&"failed".to_owned()), "{statuses:?}");
    }
    assert_eq!(
        rig.sim
            .sends_to(DANA)
            .last()
            .and_then(|s| s.get("type").cloned()),
        Some(json!("template"))
    );
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn named_parameters_are_sent_with_their_names() {
    let spec = Spec::load();
    let mut rig = rig().await;
    let named = template(json!({
        "name": "welcome_back", "language": "en_US", "category": "UTILITY",
        "parameter_format": "NAMED",
        "components": [{"type": "BODY",
            "text": "Hello {{first_name}}, your appointment on {{day}} is confirmed. See you then.",
            "example": {"body_text_named_params": [
                {"param_name": "first_name", "example": "Dana"},
                {"param_name": "day", "example": "Sunday"}]}}]
    }));
    rig.create_approved(&named).await;
    let send = |parameters| {
        SendMessageRequest::template(
            DANA,
            "welcome_back",
            "en_US",
            vec![TemplateSendComponent::body(parameters)],
        )
    };
    let good = send(vec![
        TemplateParameter::named("first_name", "Dana"),
        TemplateParameter::named("day", "Sunday"),
    ]);
    let json = serde_json::to_value(&good).expect("json");
    spec.assert_conforms("Message", &json);
    assert_eq!(
        json["template"]["components"][0]["parameters"][0]["parameter_name"],
        "first_name"
    );
    rig.client
        .send_message(&rig.phone, &good)
        .await
        .expect("sent");

    let unknown_name = send(vec![
        TemplateParameter::named("first_name", "Dana"),
        TemplateParameter::named("date", "Sunday"),
    ]);
    let err = rig
        .client
        .send_message(&rig.phone, &unknown_name)
        .await
        .expect_err("unknown parameter name");
    assert_eq!(graph_error(&err).0, 132000);
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn template_sends_are_refused_with_metas_codes() {
    let mut rig = rig().await;
    rig.create_approved(&order_update("order_update", "en_US"))
        .await;
    let refused = |request: SendMessageRequest| {
        let client = rig.client.clone();
        let phone = rig.phone.clone();
        async move {
            graph_error(
                &client
                    .send_message(&phone, &request)
                    .await
                    .expect_err("refused"),
            )
            .0
        }
    };
    let text = TemplateParameter::text;
    // One body value short, and one too many.
    assert_eq!(
        refused(order_update_send(DANA, "order_update", vec![text("Dana")])).await,
        132000
    );
    assert_eq!(
        refused(order_update_send(
            DANA,
            "order_update",
            vec![text("Dana"), text("#1"), text("x")]
        ))
        .await,
        132000
    );
    // Without the URL button's value.
    let mut no_button = order_update_send(DANA, "order_update", vec![text("Dana"), text("#1")]);
    if let parley_whatsapp::api::SendBody::Template { template } = &mut no_button.body {
        template.components.pop();
    }
    assert_eq!(refused(no_button).await, 132000);
    // Values with a newline, a tab, or five spaces; four spaces are fine.
    for bad in ["Dana\nCohen", "Dana\tCohen", "Dana     Cohen"] {
        assert_eq!(
            refused(order_update_send(
                DANA,
                "order_update",
                vec![text(bad), text("#1")]
            ))
            .await,
            132018,
            "{bad:?}"
        );
    }
    rig.client
        .send_message(
            &rig.phone,
            &order_update_send(
                DANA,
                "order_update",
                vec![text("Dana    Cohen"), text("#1")],
            ),
        )
        .await
        .expect("four spaces are allowed");
    // Unknown name, a language it does not have, and one still in review.
    assert_eq!(
        refused(order_update_send(DANA, "no_such_template", vec![])).await,
        132001
    );
    let mut hebrew = order_update_send(DANA, "order_update", vec![text("Dana"), text("#1")]);
    if let parley_whatsapp::api::SendBody::Template { template } = &mut hebrew.body {
        template.language.code = "he".to_owned();
    }
    assert_eq!(refused(hebrew).await, 132001);
    rig.client
        .create_template(&rig.waba, &order_update("order_update", "en_GB"))
        .await
        .expect("created");
    let mut in_review = order_update_send(DANA, "order_update", vec![text("Dana"), text("#1")]);
    if let parley_whatsapp::api::SendBody::Template { template } = &mut in_review.body {
        template.language.code = "en_GB".to_owned();
    }
    assert_eq!(refused(in_review).await, 132001);
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn pause_disable_and_quality_on_cue_reach_the_webhook_and_the_send_path() {
    let mut rig = rig().await;
    rig.create_approved(&order_update("order_update", "en_US"))
        .await;
    let send = || {
        order_update_send(
            DANA,
            "order_update",
            vec![
                TemplateParameter::text("Dana"),
                TemplateParameter::text("#1"),
            ],
        )
    };

    let answer = rig
        .control(
            "/_sim/templates/order_update/quality",
            json!({"score": "RED"}),
        )
        .await;
    assert_eq!(answer.status().as_u16(), 200);
    let (_, notices, _) = rig.next("message_template_quality_update").await;
    assert!(matches!(
        notices.as_slice(),
        [AccountNotice::TemplateQuality { previous, current, .. }]
            if previous.as_deref() == Some("UNKNOWN") && current.as_deref() == Some("RED")
    ));

    let answer = rig
        .control(
            "/_sim/templates/order_update/status",
            json!({"status": "PAUSED"}),
        )
        .await;
    assert_eq!(answer.status().as_u16(), 200);
    let (raw, status, _) = rig.next_status().await;
    assert_eq!(status, "PAUSED");
    assert_eq!(raw["other_info"]["title"], "FIRST_PAUSE");
    let err = rig
        .client
        .send_message(&rig.phone, &send())
        .await
        .expect_err("paused");
    assert_eq!(graph_error(&err).0, 132015);

    // Reinstated, it sends again.
    assert_eq!(
        rig.sim.set_template_status(
            "order_update",
            Some("en_US"),
            TemplateStatus::Approved,
            None
        ),
        1
    );
    assert_eq!(rig.next_status().await.1, "APPROVED");
    rig.client
        .send_message(&rig.phone, &send())
        .await
        .expect("sent");

    rig.control(
        "/_sim/templates/order_update/status",
        json!({"status": "DISABLED", "language": "en_US", "reason": "repeated low quality"}),
    )
    .await;
    let (raw, status, _) = rig.next_status().await;
    assert_eq!(status, "DISABLED");
    assert!(
        raw["other_info"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("repeated low quality"))
    );
    let err = rig
        .client
        .send_message(&rig.phone, &send())
        .await
        .expect_err("disabled");
    assert_eq!(graph_error(&err).0, 132016);

    // Unknown templates and statuses are refused by the control API.
    let unknown = rig
        .control("/_sim/templates/nope/status", json!({"status": "PAUSED"}))
        .await;
    assert_eq!(unknown.status().as_u16(), 404);
    let bad = rig
        .control(
            "/_sim/templates/order_update/status",
            json!({"status": "SLEEPY"}),
        )
        .await;
    assert!(bad.status().is_client_error());
    assert_eq!(
        rig.sim
            .set_template_quality("nope", None, TemplateQuality::Red),
        0
    );
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_media_header_example_is_uploaded_resumably() {
    let mut rig = rig().await;
    let bytes: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
    let handle = rig
        .client
        .upload_template_media("123456789", bytes.clone(), "image/jpeg", "sneakers.jpg")
        .await
        .expect("uploaded");
    assert!(handle.starts_with("4::"), "{handle}");
    assert_eq!(rig.sim.uploaded_template_media(&handle), Some(bytes));
    let err = rig
        .client
        .upload_template_media("123456789", b"x".to_vec(), "text/plain", "notes.txt")
        .await
        .expect_err("not an image, video or PDF");
    assert_eq!(graph_error(&err).0, 100);

    let with_image = template(json!({
        "name": "new_arrivals", "language": "en_US", "category": "MARKETING",
        "components": [
            {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": [handle]}},
            {"type": "BODY", "text": "Hi {{1}}, new sneakers just arrived in the shop this week.",
             "example": {"body_text": [["Dana"]]}},
            {"type": "FOOTER", "text": "Reply STOP to unsubscribe"}
        ]
    }));
    rig.create_approved(&with_image).await;
    rig.sim.shutdown().await;
}
