//! Auto-reply settings and decisions against a real SQLite file.

use parley_core::agent::{Automation, SentBy};
use parley_core::auto_reply::{AutoReplySettings, OptOut, Verdict};
use parley_core::content::MessageContent;
use parley_core::{AgentId, ConversationId, MessageId, Timestamp};
use parley_store::{
    AutoReplyContext, AutoReplyRecord, InboundRecord, IngestBatch, Outbound, QueuedReply, Quoting,
    Store,
};

const T0: i64 = 1_750_000_000_000;
const DANA: &str = "972501234567";

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    (dir, store)
}

/// A second connection for what only other features write (blocking, saving contacts).
async fn raw(dir: &tempfile::TempDir) -> sqlx::SqlitePool {
    let path = dir.path().join(parley_store::DATABASE_FILE);
    sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("raw connection")
}

fn text(body: &str) -> MessageContent {
    MessageContent::Text {
        body: body.into(),
        preview_url: false,
    }
}

fn inbound(wamid: &str, content: MessageContent, at: i64) -> InboundRecord {
    InboundRecord {
        wamid: wamid.into(),
        wa_id: DANA.into(),
        user_id: None,
        profile_name: Some("Dana".into()),
        kind: content.api_type().to_owned(),
        content,
        edited: None,
        context: None,
        referral: None,
        sent_at: Timestamp(at),
        payload: format!(r#"{{"id":"{wamid}"}}"#),
    }
}

/// Stores a customer's message; returns its id.
async fn customer_writes(
    store: &Store,
    wamid: &str,
    content: MessageContent,
    at: i64,
) -> MessageId {
    customer_sends(store, wamid, content, at).await[0]
}

/// Stores a customer's message; returns the messages new in the thread.
async fn customer_sends(
    store: &Store,
    wamid: &str,
    content: MessageContent,
    at: i64,
) -> Vec<MessageId> {
    let outcome = store
        .ingest(
            &IngestBatch {
                inbound: vec![inbound(wamid, content, at)],
                ..IngestBatch::default()
            },
            Timestamp(at),
        )
        .await
        .expect("ingest");
    outcome.new_messages
}

fn reply(automation: Automation, body: &str) -> AutoReplyRecord {
    AutoReplyRecord {
        verdict: match automation {
            Automation::Away => Verdict::Away,
            Automation::Greeting => Verdict::Greeting,
            Automation::Keyword => Verdict::Keyword,
            Automation::OptOutConfirmation => Verdict::OptedOut,
        },
        opt_out: None,
        reply: Some(QueuedReply {
            automation,
            content: text(body),
            payload: format!(r#"{{"to":"{DANA}","text":{{"body":"{body}"}}}}"#),
        }),
        not_sent: None,
    }
}

fn nothing(verdict: Verdict) -> AutoReplyRecord {
    AutoReplyRecord {
        verdict,
        opt_out: None,
        reply: None,
        not_sent: None,
    }
}

/// Decides with `record`, returning the facts the store gave the rules.
async fn decide(
    store: &Store,
    id: MessageId,
    at: i64,
    record: AutoReplyRecord,
) -> (AutoReplyContext, Option<parley_store::AutoReplyOutcome>) {
    let mut seen = None;
    let outcome = store
        .decide_auto_reply(id, Timestamp(at), |context| {
            seen = Some(context.clone());
            record
        })
        .await
        .expect("decide");
    (seen.expect("the rules were asked"), outcome)
}

#[tokio::test]
async fn settings_default_until_saved_then_round_trip() {
    let (_dir, store) = store().await;
    assert_eq!(
        store.auto_reply_settings().await.expect("load"),
        AutoReplySettings::default()
    );
    let mut settings = AutoReplySettings {
        time_zone: "Europe/Tallinn".into(),
        ..AutoReplySettings::default()
    };
    settings.away.enabled = true;
    settings.greeting.quiet_days = 30;
    store
        .save_auto_reply_settings(&settings, Timestamp(T0))
        .await
        .expect("save");
    assert_eq!(store.auto_reply_settings().await.expect("load"), settings);
}

#[tokio::test]
async fn a_decision_reads_the_history_and_queues_one_automatic_reply() {
    let (_dir, store) = store().await;
    let first = customer_writes(&store, "wamid.1", text("hi"), T0).await;
    let (context, outcome) = decide(
        &store,
        first,
        T0 + 10,
        reply(Automation::Greeting, "Hello!"),
    )
    .await;
    assert_eq!(
        context.facts.previous_activity_at, None,
        "the first message ever"
    );
    assert_eq!(context.facts.last_greeting_at, None);
    assert_eq!(context.wa_id, DANA);
    assert_eq!(context.last_inbound_at, Some(Timestamp(T0)));
    assert!(!context.facts.in_contacts && !context.facts.blocked && !context.facts.opted_out);

    let outcome = outcome.expect("decided");
    let greeting = outcome.reply.expect("queued");
    assert_eq!(
        greeting.sent_by,
        Some(SentBy::Automation {
            automation: Automation::Greeting
        })
    );
    assert_eq!(greeting.text.as_deref(), Some("Hello!"));
    let due = store
        .claim_due_sends(Timestamp(T0 + 20), 10)
        .await
        .expect("claim");
    assert_eq!(due.len(), 1, "the greeting waits in the outbox");
    assert_eq!(due[0].message_id, greeting.id);
    let conversation = store
        .conversation(outcome.conversation_id)
        .await
        .expect("conversation");
    assert_eq!(
        conversation.unread_count, 1,
        "an automatic reply leaves it unread"
    );

    let recorded = store
        .auto_reply_decision(first)
        .await
        .expect("read")
        .expect("recorded");
    assert_eq!(recorded.verdict, Verdict::Greeting);
    assert_eq!(recorded.automation, Some(Automation::Greeting));
    assert_eq!(recorded.reply_message_id, Some(greeting.id));

    // The next message sees the first one and the greeting.
    let second = customer_writes(&store, "wamid.2", text("are you there?"), T0 + 1_000).await;
    let (context, _) = decide(&store, second, T0 + 1_010, nothing(Verdict::NothingApplies)).await;
    assert_eq!(context.facts.previous_activity_at, Some(Timestamp(T0 + 10)));
    assert_eq!(context.facts.last_greeting_at, Some(Timestamp(T0 + 10)));
    assert_eq!(context.facts.last_away_at, None);
}

#[tokio::test]
async fn a_message_is_decided_once() {
    let (_dir, store) = store().await;
    let id = customer_writes(&store, "wamid.1", text("hi"), T0).await;
    decide(&store, id, T0, reply(Automation::Away, "Closed")).await;
    let again = store
        .decide_auto_reply(id, Timestamp(T0 + 5), |_| panic!("not asked again"))
        .await
        .expect("decide");
    assert_eq!(again, None);
    let due = store
        .claim_due_sends(Timestamp(T0 + 20), 10)
        .await
        .expect("claim");
    assert_eq!(due.len(), 1, "one away message, not two");
}

#[tokio::test]
async fn cooldowns_count_only_replies_that_were_queued() {
    let (_dir, store) = store().await;
    let first = customer_writes(&store, "wamid.1", text("hi"), T0).await;
    let mut unsent = nothing(Verdict::Away);
    unsent.not_sent = Some((Automation::Away, "the 24-hour window had closed".into()));
    decide(&store, first, T0, unsent).await;
    let second = customer_writes(&store, "wamid.2", text("hello?"), T0 + 1_000).await;
    let (context, _) = decide(
        &store,
        second,
        T0 + 1_000,
        reply(Automation::Away, "Closed"),
    )
    .await;
    assert_eq!(context.facts.last_away_at, None);
    let third = customer_writes(&store, "wamid.3", text("anyone?"), T0 + 2_000).await;
    let (context, _) = decide(&store, third, T0 + 2_000, nothing(Verdict::AwayCooldown)).await;
    assert_eq!(context.facts.last_away_at, Some(Timestamp(T0 + 1_000)));
    let recorded = store
        .auto_reply_decision(first)
        .await
        .expect("read")
        .expect("recorded");
    assert_eq!(
        recorded.not_sent.as_deref(),
        Some("the 24-hour window had closed")
    );
    assert_eq!(recorded.reply_message_id, None);
}

#[tokio::test]
async fn an_opt_out_marks_the_contact_with_its_source() {
    let (dir, store) = store().await;
    let id = customer_writes(&store, "wamid.1", text("STOP"), T0).await;
    let mut record = reply(Automation::OptOutConfirmation, "Unsubscribed");
    record.opt_out = Some(OptOut {
        keyword: "STOP".into(),
    });
    let (_, outcome) = decide(&store, id, T0 + 10, record).await;
    let outcome = outcome.expect("decided");
    assert!(outcome.opted_out);
    assert!(outcome.reply.is_some());
    let conversation = store
        .conversation(outcome.conversation_id)
        .await
        .expect("conversation");
    assert!(conversation.contact.marketing_opt_out);
    let (source, changed_at): (Option<String>, Option<i64>) =
        sqlx::query_as("SELECT consent_source, opt_out_changed_at FROM contacts WHERE wa_id = ?")
            .bind(DANA)
            .fetch_one(&raw(&dir).await)
            .await
            .expect("contact");
    assert_eq!(source.as_deref(), Some("keyword STOP"));
    assert_eq!(changed_at, Some(T0), "as of when they wrote");

    let again = customer_writes(&store, "wamid.2", text("stop"), T0 + 1_000).await;
    let (context, _) = decide(&store, again, T0 + 1_000, nothing(Verdict::AlreadyOptedOut)).await;
    assert!(context.facts.opted_out);
}

#[tokio::test]
async fn a_newer_preference_wins_over_a_late_opt_out_keyword() {
    let (dir, store) = store().await;
    let id = customer_writes(&store, "wamid.1", text("STOP"), T0).await;
    sqlx::query("UPDATE contacts SET opt_out_changed_at = ? WHERE wa_id = ?")
        .bind(T0 + 60_000)
        .bind(DANA)
        .execute(&raw(&dir).await)
        .await
        .expect("a resume recorded later");
    let mut record = reply(Automation::OptOutConfirmation, "Unsubscribed");
    record.opt_out = Some(OptOut {
        keyword: "STOP".into(),
    });
    let (_, outcome) = decide(&store, id, T0 + 120_000, record).await;
    let outcome = outcome.expect("decided");
    assert!(!outcome.opted_out);
    assert_eq!(
        outcome.reply, None,
        "no confirmation of what did not happen"
    );
}

#[tokio::test]
async fn facts_about_the_contact_and_the_agents() {
    let (dir, store) = store().await;
    let first = customer_writes(&store, "wamid.1", text("hi"), T0).await;
    decide(&store, first, T0, nothing(Verdict::NothingApplies)).await;
    let conversation = ConversationId(1);
    store
        .enqueue(
            &Outbound {
                conversation_id: conversation,
                content: &text("Hi Dana, how can I help?"),
                quoting: Quoting::default(),
                file: None,
                payload: "{}",
                sent_by: &SentBy::agent(AgentId(1)),
            },
            Timestamp(T0 + 500),
        )
        .await
        .expect("an agent answers");
    sqlx::query("UPDATE contacts SET saved_at = ?, blocked_at = ? WHERE wa_id = ?")
        .bind(T0)
        .bind(T0)
        .bind(DANA)
        .execute(&raw(&dir).await)
        .await
        .expect("saved and blocked");
    let second = customer_writes(&store, "wamid.2", text("thanks"), T0 + 1_000).await;
    let (context, _) = decide(&store, second, T0 + 1_000, nothing(Verdict::Blocked)).await;
    assert!(context.facts.in_contacts);
    assert!(context.facts.blocked);
    assert_eq!(
        context.facts.last_agent_message_at,
        Some(Timestamp(T0 + 500))
    );
    assert_eq!(
        context.facts.previous_activity_at,
        Some(Timestamp(T0 + 500))
    );
}

#[tokio::test]
async fn messages_a_crash_left_undecided_are_found() {
    let (_dir, store) = store().await;
    let decided = customer_writes(&store, "wamid.1", text("hi"), T0).await;
    decide(&store, decided, T0, nothing(Verdict::NothingApplies)).await;
    let undecided = customer_writes(&store, "wamid.2", text("hello"), T0 + 1_000).await;
    let reaction = MessageContent::Reaction {
        target_wamid: "wamid.1".into(),
        emoji: Some("👍".into()),
    };
    let shown = customer_sends(&store, "wamid.3", reaction, T0 + 2_000).await;
    assert!(
        shown.is_empty(),
        "a reaction is not a message of the thread"
    );
    let awaiting = store
        .inbound_awaiting_auto_reply(Timestamp(T0 - 1))
        .await
        .expect("list");
    assert_eq!(awaiting, [undecided]);
    let awaiting = store
        .inbound_awaiting_auto_reply(Timestamp(T0 + 1_500))
        .await
        .expect("list");
    assert!(awaiting.is_empty(), "only recent ones");
}

#[tokio::test]
async fn outbound_messages_are_not_decided() {
    let (_dir, store) = store().await;
    customer_writes(&store, "wamid.1", text("hi"), T0).await;
    let sent = store
        .enqueue(
            &Outbound {
                conversation_id: ConversationId(1),
                content: &text("Hello"),
                quoting: Quoting::default(),
                file: None,
                payload: "{}",
                sent_by: &SentBy::agent(AgentId(1)),
            },
            Timestamp(T0 + 1),
        )
        .await
        .expect("send");
    let outcome = store
        .decide_auto_reply(sent.id, Timestamp(T0 + 2), |_| {
            panic!("not a customer's message")
        })
        .await
        .expect("decide");
    assert_eq!(outcome, None);
}
