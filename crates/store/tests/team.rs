//! Several people at one number, in the store: per-agent unread counts, views,
//! assignment and status, labels with their filter and counts, notes, quick replies.

#[allow(dead_code)]
mod support;

use parley_core::agent::{Role, SentBy};
use parley_core::label::{LabelColor, LabelFilter, LabelMatch};
use parley_core::quick_reply::QuickReplyAttachment;
use parley_core::triage::{ConversationFilter, ConversationStatus, View};
use parley_core::{AgentId, ConversationId, LabelId, Timestamp};
use parley_store::{NewQuickReply, Outbound, Quoting, Store, StoreError};
use support::{T0, customer_writes, store, text};

const OWNER: AgentId = AgentId(1);

fn view(view: View) -> ConversationFilter {
    ConversationFilter {
        view,
        ..ConversationFilter::default()
    }
}

fn labelled(labels: &[LabelId], mode: LabelMatch) -> ConversationFilter {
    ConversationFilter {
        labels: LabelFilter {
            labels: labels.to_vec(),
            mode,
        },
        ..ConversationFilter::default()
    }
}

async fn listed(store: &Store, agent: AgentId, filter: &ConversationFilter) -> Vec<ConversationId> {
    store
        .list_conversations(agent, filter, None, 100)
        .await
        .expect("list")
        .into_iter()
        .map(|c| c.id)
        .collect()
}

#[tokio::test]
async fn unread_counts_belong_to_each_agent() {
    let (_dir, store) = store().await;
    let avi = store
        .add_agent("Avi", Role::Agent, None, Timestamp(T0))
        .await
        .expect("agent")
        .id;
    let dana = customer_writes(&store, "w1", "9721", "one", T0 + 1).await;
    customer_writes(&store, "w2", "9721", "two", T0 + 2).await;

    let for_owner = store.conversation_for(dana, OWNER).await.expect("owner");
    let for_avi = store.conversation_for(dana, avi).await.expect("avi");
    assert_eq!((for_owner.unread_count, for_avi.unread_count), (2, 2));

    let read = store
        .mark_conversation_read(dana, avi, Timestamp(T0 + 3))
        .await
        .expect("read");
    assert_eq!(read.unread_count, 0, "read by Avi");
    assert_eq!(
        store
            .conversation_for(dana, OWNER)
            .await
            .expect("owner")
            .unread_count,
        2
    );
    assert_eq!(
        store
            .view_counts(OWNER)
            .await
            .expect("counts")
            .unread_conversations,
        1
    );
    assert_eq!(
        store
            .view_counts(avi)
            .await
            .expect("counts")
            .unread_conversations,
        0
    );

    customer_writes(&store, "w3", "9721", "three", T0 + 4).await;
    assert_eq!(
        store
            .conversation_for(dana, avi)
            .await
            .expect("avi")
            .unread_count,
        1
    );

    // Answering reads it, for whoever answered.
    store
        .enqueue(
            &Outbound {
                conversation_id: dana,
                content: &text("hi"),
                quoting: Quoting::default(),
                file: None,
                payload: "{}",
                sent_by: &SentBy::agent(OWNER),
            },
            Timestamp(T0 + 5),
        )
        .await
        .expect("enqueue");
    assert_eq!(
        store
            .conversation_for(dana, OWNER)
            .await
            .expect("owner")
            .unread_count,
        0
    );
    assert_eq!(
        store
            .conversation_for(dana, avi)
            .await
            .expect("avi")
            .unread_count,
        1
    );
}

#[tokio::test]
async fn views_follow_assignment_and_status_and_a_customer_reopens() {
    let (_dir, store) = store().await;
    let avi = store
        .add_agent("Avi", Role::Agent, None, Timestamp(T0))
        .await
        .expect("agent")
        .id;
    let a = customer_writes(&store, "w1", "9721", "a", T0 + 1).await;
    let b = customer_writes(&store, "w2", "9722", "b", T0 + 2).await;
    let c = customer_writes(&store, "w3", "9723", "c", T0 + 3).await;

    store
        .assign_conversation(a, Some(OWNER))
        .await
        .expect("assign");
    store
        .assign_conversation(b, Some(avi))
        .await
        .expect("assign");
    store
        .set_conversation_status(c, ConversationStatus::Resolved, Timestamp(T0 + 4))
        .await
        .expect("resolve");

    assert_eq!(listed(&store, OWNER, &view(View::All)).await, [b, a]);
    assert_eq!(listed(&store, OWNER, &view(View::Mine)).await, [a]);
    assert_eq!(listed(&store, avi, &view(View::Mine)).await, [b]);
    assert_eq!(
        listed(&store, OWNER, &view(View::Unassigned)).await,
        Vec::<ConversationId>::new()
    );
    assert_eq!(listed(&store, OWNER, &view(View::Resolved)).await, [c]);
    let counts = store.view_counts(OWNER).await.expect("counts");
    assert_eq!(
        (counts.all, counts.mine, counts.unassigned, counts.resolved),
        (2, 1, 0, 1)
    );

    let row = store.conversation_for(b, OWNER).await.expect("row");
    assert_eq!(row.assignee.map(|a| a.name), Some("Avi".to_owned()));

    customer_writes(&store, "w4", "9723", "one more thing", T0 + 5).await;
    let reopened = store.conversation_for(c, OWNER).await.expect("row");
    assert_eq!(reopened.status, ConversationStatus::Open);
    assert_eq!(listed(&store, OWNER, &view(View::Unassigned)).await, [c]);

    store
        .delete_agent(avi, Timestamp(T0 + 6))
        .await
        .expect("delete");
    let row = store.conversation_for(b, OWNER).await.expect("row");
    assert!(
        row.assignee.is_none(),
        "a removed profile's conversations are unassigned"
    );
}

#[tokio::test]
async fn labels_filter_count_and_vanish_everywhere_when_deleted() {
    let (_dir, store) = store().await;
    let vip = store
        .add_label("VIP", "vip", LabelColor::Purple, Timestamp(T0))
        .await
        .expect("label");
    let unpaid = store
        .add_label("Unpaid", "unpaid", LabelColor::Red, Timestamp(T0))
        .await
        .expect("label");
    let taken = store
        .add_label("vip", "vip", LabelColor::Sky, Timestamp(T0))
        .await;
    assert!(matches!(taken, Err(StoreError::Duplicate(_))), "{taken:?}");

    let a = customer_writes(&store, "w1", "9721", "a", T0 + 1).await;
    let b = customer_writes(&store, "w2", "9722", "b", T0 + 2).await;
    let c = customer_writes(&store, "w3", "9723", "c", T0 + 3).await;
    for (conversation, label) in [(a, vip), (a, unpaid), (b, unpaid), (b, unpaid)] {
        store
            .set_conversation_label(conversation, label, true, Timestamp(T0 + 4))
            .await
            .expect("label on");
    }
    let missing = store
        .set_conversation_label(c, LabelId(999), true, Timestamp(T0 + 4))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );

    assert_eq!(
        listed(&store, OWNER, &labelled(&[vip], LabelMatch::Any)).await,
        [a]
    );
    assert_eq!(
        listed(&store, OWNER, &labelled(&[vip, unpaid], LabelMatch::Any)).await,
        [b, a]
    );
    assert_eq!(
        listed(&store, OWNER, &labelled(&[vip, unpaid], LabelMatch::All)).await,
        [a]
    );
    assert_eq!(
        listed(&store, OWNER, &labelled(&[vip, vip], LabelMatch::All)).await,
        [a],
        "a label listed twice is still one label"
    );
    let mut on_a = store
        .conversation_for(a, OWNER)
        .await
        .expect("row")
        .label_ids;
    on_a.sort();
    assert_eq!(on_a, [vip, unpaid]);
    let counts: Vec<_> = store
        .labels()
        .await
        .expect("labels")
        .into_iter()
        .map(|l| (l.name, l.conversation_count))
        .collect();
    assert_eq!(counts, [("VIP".to_owned(), 1), ("Unpaid".to_owned(), 2)]);

    store
        .set_conversation_label(a, unpaid, false, Timestamp(T0 + 5))
        .await
        .expect("label off");
    store.delete_label(vip).await.expect("delete");
    assert!(
        store
            .conversation_for(a, OWNER)
            .await
            .expect("row")
            .label_ids
            .is_empty()
    );
    store
        .reorder_labels(&[unpaid], Timestamp(T0 + 6))
        .await
        .expect("reorder");
    assert_eq!(store.labels().await.expect("labels").len(), 1);
}

#[tokio::test]
async fn notes_come_back_by_stretch_of_time_with_their_author() {
    let (_dir, store) = store().await;
    let a = customer_writes(&store, "w1", "9721", "a", T0).await;
    for (i, body) in ["first", "second", "third"].into_iter().enumerate() {
        store
            .add_note(a, OWNER, body, Timestamp(T0 + i as i64 * 1000))
            .await
            .expect("note");
    }
    let all = store.notes(a, None, None).await.expect("notes");
    assert_eq!(all.len(), 3);
    assert_eq!(
        all[0].author.as_ref().map(|a| a.name.as_str()),
        Some("Owner")
    );
    let middle = store
        .notes(a, Some(Timestamp(T0 + 500)), Some(Timestamp(T0 + 2000)))
        .await
        .expect("notes");
    assert_eq!(
        middle.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(),
        ["second"]
    );

    let edited = store
        .edit_note(all[0].id, "first, edited", Timestamp(T0 + 9000))
        .await
        .expect("edit");
    assert_eq!(edited.body, "first, edited");
    assert_eq!(edited.created_at, Timestamp(T0));
    store.delete_note(all[1].id).await.expect("delete");
    assert_eq!(store.notes(a, None, None).await.expect("notes").len(), 2);
    assert!(matches!(
        store
            .add_note(ConversationId(999), OWNER, "x", Timestamp(T0))
            .await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn quick_replies_keep_unique_shortcuts_keywords_and_attachments() {
    let (_dir, store) = store().await;
    let keywords = vec!["opening hours".to_owned(), "open".to_owned()];
    let attachment = QuickReplyAttachment {
        path: "/data/quick-replies/0001-menu.pdf".to_owned(),
        filename: "menu.pdf".to_owned(),
        mime_type: "application/pdf".to_owned(),
        kind: parley_core::media::MediaKind::Document,
        size: 1234,
    };
    let hours = store
        .add_quick_reply(
            &NewQuickReply {
                shortcut: "Hours",
                shortcut_key: "hours",
                text: "We're open 9–19",
                keywords: &keywords,
                attachment: Some(&attachment),
            },
            Timestamp(T0),
        )
        .await
        .expect("add");
    assert_eq!(hours.keywords, keywords);
    assert_eq!(hours.attachment.as_ref(), Some(&attachment));
    let taken = store
        .add_quick_reply(
            &NewQuickReply {
                shortcut: "hours",
                shortcut_key: "hours",
                text: "again",
                keywords: &[],
                attachment: None,
            },
            Timestamp(T0),
        )
        .await;
    assert!(matches!(taken, Err(StoreError::Duplicate(_))), "{taken:?}");
    assert!(
        store
            .quick_reply_attachment_in_use(&attachment.path)
            .await
            .expect("in use")
    );

    let updated = store
        .update_quick_reply(
            hours.id,
            &NewQuickReply {
                shortcut: "hours",
                shortcut_key: "hours",
                text: "We're open 9–20",
                keywords: &[],
                attachment: None,
            },
            Timestamp(T0 + 1),
        )
        .await
        .expect("update");
    assert!(updated.attachment.is_none());
    assert_eq!(
        store
            .quick_reply_by_key("hours")
            .await
            .expect("by key")
            .map(|r| r.text),
        Some("We're open 9–20".to_owned())
    );
    store.delete_quick_reply(hours.id).await.expect("delete");
    assert!(store.quick_replies().await.expect("list").is_empty());
}
