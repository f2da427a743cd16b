//! Meta's template lifecycle as the simulator plays it: pauses that lift on their own
//! (3 h the first time, 6 h the second, in the simulator's short hours) and the third
//! that disables; a template deleted in WhatsApp Manager, which only leaves the list; and
//! a customer who stopped marketing messages, whose marketing template is accepted and
//! then fails with 131050.

use std::time::Duration;

use parley_core::notice::AccountNotice;
use parley_core::template::TemplateDefinition;
use parley_whatsapp::ApiError;
use parley_whatsapp::api::{SendMessageRequest, TemplateParameter, TemplateSendComponent};
use serde_json::{Value, json};
use tokio::time::Instant;

#[path = "templates/rig.rs"]
#[allow(dead_code)]
mod rig;

use rig::{DANA, Rig, graph_error};

/// One of Meta's hours, here: the first pause lasts 3 of them, the second 6.
const HOUR: Duration = Duration::from_millis(200);

async fn rig() -> Rig {
    rig::rig_with(|config| config.template_pause_hour = HOUR).await
}

impl Rig {
    /// The next message status for `wamid`: its status and error code, if any.
    async fn next_message_status(&mut self, wamid: &str) -> (String, Option<i64>) {
        loop {
            let (raw, _, _) = self.next("messages").await;
            let Some(status) = raw.pointer("/statuses/0") else {
                continue;
            };
            if status["id"] != wamid {
                continue;
            }
            let code = status.pointer("/errors/0/code").and_then(Value::as_i64);
            return (
                status["status"].as_str().unwrap_or_default().to_owned(),
                code,
            );
        }
    }

    async fn pause(&self, name: &str) -> u16 {
        self.control(
            &format!("/_sim/templates/{name}/status"),
            json!({"status": "PAUSED"}),
        )
        .await
        .status()
        .as_u16()
    }

    async fn send(&self, request: &SendMessageRequest) -> Result<String, ApiError> {
        self.client
            .send_message(&self.phone, request)
            .await
            .map(|answer| answer.messages[0].id.clone())
    }
}

/// The demo account's approved Hebrew utility template.
fn order_ready() -> SendMessageRequest {
    SendMessageRequest::template(
        DANA,
        "order_ready",
        "he",
        vec![TemplateSendComponent::body(vec![
            TemplateParameter::text("דנה"),
            TemplateParameter::text("#1042"),
        ])],
    )
}

fn autumn_offer() -> TemplateDefinition {
    serde_json::from_value(json!({
        "name": "autumn_offer", "language": "en_US", "category": "MARKETING",
        "components": [
            {"type": "BODY", "text": "Hi {{1}}, the autumn collection is in the shop now: come and see it this week.",
             "example": {"body_text": [["Dana"]]}},
            {"type": "FOOTER", "text": "Reply STOP to unsubscribe"}
        ]
    }))
    .expect("a template")
}

fn autumn_offer_send() -> SendMessageRequest {
    SendMessageRequest::template(
        DANA,
        "autumn_offer",
        "en_US",
        vec![TemplateSendComponent::body(vec![TemplateParameter::text(
            "Dana",
        )])],
    )
}

#[tokio::test]
async fn the_first_pause_lifts_after_three_hours_the_second_after_six_and_the_third_disables() {
    let mut rig = rig().await;

    // First pause: 3 hours.
    let paused_at = Instant::now();
    assert_eq!(rig.pause("order_ready").await, 200);
    let (raw, status, _) = rig.next_status().await;
    assert_eq!(status, "PAUSED");
    assert_eq!(raw["other_info"]["title"], "FIRST_PAUSE");
    assert!(
        raw["other_info"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("3 hours")),
        "{raw}"
    );
    assert_eq!(
        graph_error(&rig.send(&order_ready()).await.expect_err("paused")).0,
        132015
    );
    tokio::time::sleep_until(paused_at + HOUR).await;
    assert_eq!(
        rig.status_in_list("order_ready", "he").await.as_deref(),
        Some("PAUSED"),
        "one hour in, still paused"
    );
    let (raw, status, _) = rig.next_status().await;
    assert!(paused_at.elapsed() >= HOUR * 3, "lifted after 3 hours");
    assert_eq!(
        status, "APPROVED",
        "Meta approves a template again when a pause ends"
    );
    assert_eq!(raw["other_info"]["title"], "UNPAUSE");
    assert_eq!(
        rig.status_in_list("order_ready", "he").await.as_deref(),
        Some("APPROVED")
    );
    rig.send(&order_ready()).await.expect("sendable again");

    // Second pause: 6 hours, so still paused when the first one had lifted.
    let paused_at = Instant::now();
    assert_eq!(rig.pause("order_ready").await, 200);
    let (raw, status, _) = rig.next_status().await;
    assert_eq!(status, "PAUSED");
    assert_eq!(raw["other_info"]["title"], "SECOND_PAUSE");
    tokio::time::sleep_until(paused_at + HOUR * 4).await;
    assert_eq!(
        rig.status_in_list("order_ready", "he").await.as_deref(),
        Some("PAUSED"),
        "four hours in, still paused"
    );
    let (_, status, _) = rig.next_status().await;
    assert!(paused_at.elapsed() >= HOUR * 6, "lifted after 6 hours");
    assert_eq!(status, "APPROVED");
    rig.send(&order_ready()).await.expect("sendable again");

    // The third pause disables it for good.
    assert_eq!(rig.pause("order_ready").await, 200);
    let (raw, status, _) = rig.next_status().await;
    assert_eq!(status, "DISABLED");
    assert_eq!(raw["other_info"]["title"], "DISABLED");
    assert!(raw["disable_info"]["disable_date"].is_i64(), "{raw}");
    assert_eq!(
        graph_error(&rig.send(&order_ready()).await.expect_err("disabled")).0,
        132016
    );
    assert!(
        rig.next_within("message_template_status_update", HOUR * 7)
            .await
            .is_none(),
        "a disabled template is not lifted"
    );
    assert_eq!(
        rig.status_in_list("order_ready", "he").await.as_deref(),
        Some("DISABLED")
    );
    // Meta pauses only a template it sends.
    assert_eq!(rig.pause("order_ready").await, 409);
    assert_eq!(rig.pause("no_such_template").await, 404);
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_pause_ended_early_does_not_cut_the_next_one_short() {
    let mut rig = rig().await;
    let first = Instant::now();
    assert_eq!(rig.pause("order_ready").await, 200);
    assert_eq!(rig.next_status().await.1, "PAUSED");
    // Meta reinstates it early (an edit approved, an appeal won)...
    rig.sim.set_template_status(
        "order_ready",
        Some("he"),
        parley_core::template::TemplateStatus::Reinstated,
        None,
    );
    assert_eq!(rig.next_status().await.1, "REINSTATED");
    rig.send(&order_ready())
        .await
        .expect("a reinstated template sends");
    // ...and pauses it again: the first pause's end must not lift the second.
    assert_eq!(rig.pause("order_ready").await, 200);
    let (raw, _, _) = rig.next_status().await;
    assert_eq!(raw["other_info"]["title"], "SECOND_PAUSE");
    tokio::time::sleep_until(first + HOUR * 4).await;
    assert_eq!(
        rig.status_in_list("order_ready", "he").await.as_deref(),
        Some("PAUSED")
    );
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_template_deleted_in_whatsapp_manager_only_leaves_the_list() {
    let mut rig = rig().await;
    let answer = rig
        .control_with(
            reqwest::Method::DELETE,
            "/_sim/templates/order_ready?language=he",
            Value::Null,
        )
        .await;
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(answer.json::<Value>().await.expect("json")["deleted"], 1);
    assert_eq!(rig.status_in_list("order_ready", "he").await, None);
    assert_eq!(
        rig.status_in_list("hello_world", "en_US").await.as_deref(),
        Some("APPROVED"),
        "the others stay"
    );
    assert!(
        rig.next_within("message_template_status_update", Duration::from_millis(300))
            .await
            .is_none(),
        "no webhook tells"
    );
    assert_eq!(
        graph_error(&rig.send(&order_ready()).await.expect_err("gone")).0,
        132001
    );
    let again = rig
        .control_with(
            reqwest::Method::DELETE,
            "/_sim/templates/order_ready",
            Value::Null,
        )
        .await;
    assert_eq!(again.status().as_u16(), 404);
    assert_eq!(rig.sim.delete_template_in_console("hello_world", None), 1);
    assert_eq!(rig.status_in_list("hello_world", "en_US").await, None);
    rig.sim.shutdown().await;
}

#[tokio::test]
async fn a_customer_who_stopped_marketing_gets_no_marketing_template_131050() {
    let mut rig = rig().await;
    rig.client
        .create_template(&rig.waba, &autumn_offer())
        .await
        .expect("created");
    assert_eq!(rig.next_status().await.1, "APPROVED");

    // Before Dana stops, the marketing template goes through.
    let wamid = rig.send(&autumn_offer_send()).await.expect("accepted");
    assert_eq!(
        rig.next_message_status(&wamid).await,
        ("sent".to_owned(), None)
    );

    let answer = rig
        .control(
            &format!("/_sim/customers/{DANA}/marketing"),
            json!({"value": "stop"}),
        )
        .await;
    assert_eq!(answer.status().as_u16(), 204);
    let (raw, notices, _) = rig.next("user_preferences").await;
    assert_eq!(raw["user_preferences"][0]["category"], "marketing_messages");
    assert!(
        matches!(
            notices.as_slice(),
            [AccountNotice::MarketingPreference { wa_id, opted_out: true, .. }] if wa_id == DANA
        ),
        "{notices:?}"
    );

    // Accepted, then failed by webhook, as Meta does.
    let wamid = rig
        .send(&autumn_offer_send())
        .await
        .expect("accepted at first");
    assert_eq!(
        rig.next_message_status(&wamid).await,
        ("failed".to_owned(), Some(131050))
    );
    // A utility template still reaches them.
    let wamid = rig.send(&order_ready()).await.expect("accepted");
    assert_eq!(
        rig.next_message_status(&wamid).await,
        ("sent".to_owned(), None)
    );

    // They resume: marketing goes through again.
    rig.control(
        &format!("/_sim/customers/{DANA}/marketing"),
        json!({"value": "resume"}),
    )
    .await;
    let (_, notices, _) = rig.next("user_preferences").await;
    assert!(matches!(
        notices.as_slice(),
        [AccountNotice::MarketingPreference {
            opted_out: false,
            ..
        }]
    ));
    let wamid = rig.send(&autumn_offer_send()).await.expect("accepted");
    assert_eq!(
        rig.next_message_status(&wamid).await,
        ("sent".to_owned(), None)
    );

    // A stop the business never heard of still fails the send.
    rig.control(
        &format!("/_sim/customers/{DANA}/marketing"),
        json!({"value": "stop", "webhook": false}),
    )
    .await;
    let wamid = rig.send(&autumn_offer_send()).await.expect("accepted");
    assert_eq!(
        rig.next_message_status(&wamid).await,
        ("failed".to_owned(), Some(131050))
    );
    let bad = rig
        .control(
            &format!("/_sim/customers/{DANA}/marketing"),
            json!({"value": "maybe"}),
        )
        .await;
    assert!(bad.status().is_client_error());
    rig.sim.shutdown().await;
}
