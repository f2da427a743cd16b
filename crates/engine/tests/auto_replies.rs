//! Auto-replies through the engine and the simulator on loopback: real signed webhooks
//! in, real Cloud API requests out.

// Shared by the test files here; each uses part of it.
#[allow(dead_code)]
mod support;

use std::path::Path;

use parley_core::agent::{Automation, Role, SentBy};
use parley_core::auto_reply::{AutoReplyError, AutoReplySettings, Verdict};
use parley_core::content::MessageContent;
use parley_core::message::{Direction, Message};
use parley_core::status::DeliveryStatus;
use parley_core::{AgentId, Timestamp};
use parley_engine::{Engine, EngineError, EngineOptions, agents, auto_replies, now};
use parley_sim::Simulator;
use parley_store::{InboundRecord, IngestBatch, Store};
use support::{DANA, Rig, VERIFY_TOKEN, by_owner, rig, sim_account};

const OWNER: AgentId = AgentId(1);
const AWAY: &str = "We are closed now and answer tomorrow from 9:00.";
const GREETING: &str = "Welcome to the shop!";

async fn configure(rig: &Rig, change: impl FnOnce(&mut AutoReplySettings)) {
    let mut settings = AutoReplySettings::default();
    change(&mut settings);
    auto_replies::save(rig.engine.store(), OWNER, &settings)
        .await
        .expect("valid settings, saved by the owner");
}

fn away_always(settings: &mut AutoReplySettings) {
    settings.away.enabled = true;
    settings.away.text = AWAY.to_owned();
}

fn greeting_on(settings: &mut AutoReplySettings) {
    settings.greeting.enabled = true;
    settings.greeting.text = GREETING.to_owned();
}

fn by(automation: Automation) -> Option<SentBy> {
    Some(SentBy::Automation { automation })
}

/// The next automatic reply the engine queues.
async fn automatic_reply(rig: &mut Rig, automation: Automation) -> Message {
    rig.message_where(&format!("an automatic {automation:?} reply"), |m| {
        m.direction == Direction::Outbound && m.sent_by == by(automation)
    })
    .await
}

/// The texts the simulated Cloud API accepted for Dana, oldest first.
fn texts_sent_to_dana(sim: &Simulator) -> Vec<String> {
    sim.sends_to(DANA)
        .iter()
        .map(|request| {
            request["text"]["body"]
                .as_str()
                .unwrap_or("(not a text)")
                .to_owned()
        })
        .collect()
}

async fn verdict(rig: &Rig, message: &Message) -> Verdict {
    auto_replies::decision(rig.engine.store(), message.id)
        .await
        .expect("read")
        .expect("decided")
        .verdict
}

/// The customer writes; returns once the engine has stored, decided and acknowledged it.
async fn customer_writes(rig: &mut Rig, text: &str) -> Message {
    let message = rig.customer_message(text).await;
    rig.sim.wait_for_deliveries().await;
    message
}

#[tokio::test]
async fn an_away_message_reaches_the_customer_through_the_cloud_api() {
    let mut rig = rig().await;
    configure(&rig, away_always).await;
    let question = rig.customer_message("Hi, are you open?").await;
    let away = automatic_reply(&mut rig, Automation::Away).await;
    assert_eq!(away.text.as_deref(), Some(AWAY));
    assert_eq!(away.conversation_id, question.conversation_id);
    rig.status_of(&away, DeliveryStatus::Delivered).await;
    assert_eq!(texts_sent_to_dana(&rig.sim), [AWAY]);
    assert_eq!(verdict(&rig, &question).await, Verdict::Away);
    let thread = rig
        .engine
        .store()
        .conversation(question.conversation_id)
        .await
        .expect("conversation");
    assert_eq!(thread.unread_count, 1, "nobody at the desk has read it yet");

    // Within the cooldown, the next message gets nothing.
    let again = customer_writes(&mut rig, "Hello?").await;
    assert_eq!(verdict(&rig, &again).await, Verdict::AwayCooldown);
    assert_eq!(texts_sent_to_dana(&rig.sim), [AWAY]);
    rig.shutdown().await;
}

#[tokio::test]
async fn settings_saved_while_webhooks_arrive_apply_to_the_next_message() {
    // The receiver keeps the rules between groups of deliveries: a save must reach it.
    let mut rig = rig().await;
    let before = rig.customer_message("Hi, are you open?").await;
    assert_eq!(verdict(&rig, &before).await, Verdict::NothingApplies);
    configure(&rig, away_always).await;
    let after = rig.customer_message("Hello?").await;
    let away = automatic_reply(&mut rig, Automation::Away).await;
    assert_eq!(away.text.as_deref(), Some(AWAY));
    assert_eq!(verdict(&rig, &after).await, Verdict::Away);
    rig.shutdown().await;
}

#[tokio::test]
async fn a_first_message_is_greeted_once_and_the_away_message_waits_for_the_next() {
    let mut rig = rig().await;
    configure(&rig, |s| {
        greeting_on(s);
        away_always(s);
    })
    .await;
    let first = rig.customer_message("Hi!").await;
    let greeting = automatic_reply(&mut rig, Automation::Greeting).await;
    assert_eq!(greeting.text.as_deref(), Some(GREETING));
    rig.status_of(&greeting, DeliveryStatus::Delivered).await;
    assert_eq!(verdict(&rig, &first).await, Verdict::Greeting);

    let second = rig.customer_message("I'd like to order").await;
    let away = automatic_reply(&mut rig, Automation::Away).await;
    rig.status_of(&away, DeliveryStatus::Delivered).await;
    assert_eq!(verdict(&rig, &second).await, Verdict::Away);

    let third = customer_writes(&mut rig, "size 38 please").await;
    assert_eq!(verdict(&rig, &third).await, Verdict::AwayCooldown);
    assert_eq!(
        texts_sent_to_dana(&rig.sim),
        [GREETING, AWAY],
        "one greeting, then one away message"
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn a_blocked_contact_gets_no_auto_reply() {
    let mut rig = rig().await;
    let first = customer_writes(&mut rig, "hi").await;
    assert_eq!(verdict(&rig, &first).await, Verdict::NothingApplies);
    let contact = rig
        .engine
        .store()
        .conversation(first.conversation_id)
        .await
        .expect("conversation")
        .contact
        .id;
    rig.engine
        .store()
        .set_contact_blocked(contact, true, now())
        .await
        .expect("block");
    configure(&rig, |s| {
        greeting_on(s);
        away_always(s);
    })
    .await;
    let second = customer_writes(&mut rig, "HELLO??").await;
    assert_eq!(verdict(&rig, &second).await, Verdict::Blocked);
    assert!(rig.sim.sends_to(DANA).is_empty());
    rig.shutdown().await;
}

#[tokio::test]
async fn an_opt_out_keyword_opts_out_and_confirms_once() {
    let mut rig = rig().await;
    // Nothing configured: opt-out keywords are on by default.
    let stop = rig.customer_message("STOP").await;
    let confirmation = automatic_reply(&mut rig, Automation::OptOutConfirmation).await;
    rig.status_of(&confirmation, DeliveryStatus::Delivered)
        .await;
    let thread = rig
        .engine
        .store()
        .conversation(stop.conversation_id)
        .await
        .expect("conversation");
    assert!(thread.contact.marketing_opt_out);
    assert_eq!(verdict(&rig, &stop).await, Verdict::OptedOut);

    let again = customer_writes(&mut rig, "stop!").await;
    assert_eq!(verdict(&rig, &again).await, Verdict::AlreadyOptedOut);
    let hebrew = customer_writes(&mut rig, "הסר").await;
    assert_eq!(verdict(&rig, &hebrew).await, Verdict::AlreadyOptedOut);
    assert_eq!(
        texts_sent_to_dana(&rig.sim),
        [parley_core::auto_reply::DEFAULT_OPT_OUT_CONFIRMATION],
        "confirmed once"
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn a_recent_agent_reply_holds_the_away_message_back() {
    let mut rig = rig().await;
    let first = customer_writes(&mut rig, "hi").await;
    rig.engine
        .send_text(first.conversation_id, "Hi Dana, one moment", by_owner())
        .await
        .expect("the agent answers");
    configure(&rig, away_always).await;
    let second = customer_writes(&mut rig, "ok, thanks").await;
    assert_eq!(verdict(&rig, &second).await, Verdict::AgentActive);
    assert_eq!(texts_sent_to_dana(&rig.sim), ["Hi Dana, one moment"]);

    // With the check off, the same situation gets the away message.
    configure(&rig, |s| {
        away_always(s);
        s.agent_active_minutes = 0;
    })
    .await;
    customer_writes(&mut rig, "are you there?").await;
    automatic_reply(&mut rig, Automation::Away).await;
    rig.shutdown().await;
}

/// An engine on the inbox in `dir`, receiving the simulator's webhooks.
async fn engine_on(dir: &Path, sim: &Simulator) -> Engine {
    let (settings, token) = sim_account(sim);
    let engine = support::engine_on(sim, dir, settings, token, EngineOptions::default()).await;
    sim.subscribe_webhook(&engine.webhook_url(), VERIFY_TOKEN)
        .await
        .expect("handshake");
    engine
}

#[tokio::test]
async fn a_redelivered_webhook_is_not_answered_twice_even_after_a_restart() {
    let mut rig = rig().await;
    configure(&rig, away_always).await;
    let question = rig.customer_message("anyone there?").await;
    let away = automatic_reply(&mut rig, Automation::Away).await;
    rig.status_of(&away, DeliveryStatus::Delivered).await;
    let wamid = question.wamid.clone().expect("inbound wamid");

    assert!(rig.sim.redeliver(&wamid));
    rig.sim.wait_for_deliveries().await;
    assert_eq!(texts_sent_to_dana(&rig.sim), [AWAY]);

    let Rig {
        dir, sim, engine, ..
    } = rig;
    engine.shutdown().await;
    let engine = engine_on(dir.path(), &sim).await;
    assert!(sim.redeliver(&wamid));
    sim.wait_for_deliveries().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(texts_sent_to_dana(&sim), [AWAY], "still one away message");
    let automatic = engine
        .store()
        .thread(question.conversation_id, None, 50)
        .await
        .expect("thread")
        .into_iter()
        .filter(|m| m.sent_by == by(Automation::Away))
        .count();
    assert_eq!(automatic, 1);
    engine.shutdown().await;
    sim.shutdown().await;
}

#[tokio::test]
async fn a_message_stored_just_before_a_crash_is_answered_at_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        // The delivery was committed (and acknowledged), then Parley died before deciding.
        let store = Store::open_dir(dir.path()).await.expect("store");
        let mut settings = AutoReplySettings::default();
        away_always(&mut settings);
        store
            .save_auto_reply_settings(&settings.validated().expect("valid"), now())
            .await
            .expect("save");
        store
            .ingest(
                &IngestBatch {
                    inbound: vec![InboundRecord {
                        wamid: "wamid.before-the-crash".into(),
                        wa_id: DANA.into(),
                        user_id: None,
                        profile_name: Some("Dana Levi".into()),
                        kind: "text".into(),
                        content: MessageContent::Text {
                            body: "hello?".into(),
                            preview_url: false,
                        },
                        edited: None,
                        context: None,
                        referral: None,
                        sent_at: Timestamp(now().as_millis() - 30_000),
                        payload: "{}".into(),
                    }],
                    ..IngestBatch::default()
                },
                now(),
            )
            .await
            .expect("ingest");
        store.close().await;
    }
    let sim = support::start_sim(support::fast_sim()).await;
    let engine = engine_on(dir.path(), &sim).await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while texts_sent_to_dana(&sim).is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the away message never went out"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(texts_sent_to_dana(&sim), [AWAY]);
    engine.shutdown().await;
    sim.shutdown().await;
}

#[tokio::test]
async fn only_owners_and_managers_change_auto_replies_and_mistakes_are_explained() {
    let (_dir, store) = {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open_dir(dir.path()).await.expect("store");
        (dir, store)
    };
    let avi = agents::add(&store, OWNER, "Avi", Role::Agent, None)
        .await
        .expect("add an agent");
    let mut settings = AutoReplySettings::default();
    away_always(&mut settings);
    let refused = auto_replies::save(&store, avi.id, &settings).await;
    assert!(
        matches!(refused, Err(EngineError::Forbidden(_))),
        "{refused:?}"
    );

    settings.time_zone = "Europe/Atlantis".into();
    let refused = auto_replies::save(&store, OWNER, &settings).await;
    assert!(
        matches!(
            refused,
            Err(EngineError::AutoReply(AutoReplyError::UnknownTimeZone(_)))
        ),
        "{refused:?}"
    );
    assert_eq!(
        auto_replies::load(&store).await.expect("load"),
        AutoReplySettings::default(),
        "nothing was saved"
    );

    settings.time_zone = "europe/tallinn".into();
    let saved = auto_replies::save(&store, OWNER, &settings)
        .await
        .expect("saved");
    assert_eq!(saved.time_zone, "Europe/Tallinn");
    assert_eq!(auto_replies::load(&store).await.expect("load"), saved);
    let status = auto_replies::status(&saved, now()).expect("status");
    assert!(status.enabled && status.away_now);
}
