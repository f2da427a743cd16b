//! Labels and quick replies through the engine: who may manage them, the errors a user
//! sees, attachments kept as copies, `{{variables}}` filled per conversation, CSV in and
//! out.

use std::path::Path;

use parley_core::agent::Role;
use parley_core::label::LabelColor;
use parley_core::{AgentId, ConversationId};
use parley_engine::quick_replies::{AttachmentChange, QuickReplyInput};
use parley_engine::{EngineError, agents, labels, quick_replies, triage};
use parley_store::{InboundRecord, IngestBatch, Store};

const OWNER: AgentId = AgentId(1);

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(&dir.path().join("inbox"))
        .await
        .expect("store");
    (dir, store)
}

async fn customer(store: &Store, wa_id: &str, name: Option<&str>) -> ConversationId {
    let wamid = format!("wamid.{wa_id}");
    let outcome = store
        .ingest(
            &IngestBatch {
                inbound: vec![InboundRecord {
                    wamid: wamid.clone(),
                    wa_id: wa_id.into(),
                    user_id: None,
                    profile_name: name.map(str::to_owned),
                    kind: "text".into(),
                    content: parley_core::content::MessageContent::Text {
                        body: "hi".into(),
                        preview_url: false,
                    },
                    edited: None,
                    context: None,
                    referral: None,
                    sent_at: parley_engine::now(),
                    payload: "{}".into(),
                }],
                ..IngestBatch::default()
            },
            parley_engine::now(),
        )
        .await
        .expect("ingest");
    store
        .message(outcome.new_messages[0])
        .await
        .expect("message")
        .conversation_id
}

fn input(shortcut: &str, text: &str, attachment: AttachmentChange) -> QuickReplyInput {
    QuickReplyInput {
        shortcut: shortcut.into(),
        text: text.into(),
        keywords: vec!["price".into()],
        attachment,
    }
}

#[tokio::test]
async fn labels_get_free_colors_unique_names_and_need_a_manager() {
    let (_dir, store) = store().await;
    let avi = agents::add(&store, OWNER, "Avi", Role::Agent, None)
        .await
        .expect("agent")
        .id;
    let first = labels::add(&store, OWNER, "  New   order ", None)
        .await
        .expect("add");
    assert_eq!(first.name, "New order");
    assert_eq!(first.color, LabelColor::Sky);
    let second = labels::add(&store, OWNER, "VIP", None).await.expect("add");
    assert_eq!(second.color, LabelColor::Blue, "the next unused color");

    let taken = labels::add(&store, OWNER, "new ORDER", None).await;
    assert!(
        matches!(&taken, Err(EngineError::Duplicate(m)) if m.contains("new ORDER")),
        "{taken:?}"
    );
    let refused = labels::add(&store, avi, "Mine", None).await;
    assert!(
        matches!(refused, Err(EngineError::Forbidden(_))),
        "{refused:?}"
    );
    let empty = labels::add(&store, OWNER, "   ", None).await;
    assert!(matches!(empty, Err(EngineError::Label(_))), "{empty:?}");

    let dana = customer(&store, "972501", Some("Dana")).await;
    labels::set_on_conversation(&store, dana, second.id, true)
        .await
        .expect("any agent labels a conversation");
    let renamed = labels::update(&store, OWNER, second.id, "V.I.P.", LabelColor::Purple)
        .await
        .expect("rename");
    assert_eq!(
        (renamed.name.as_str(), renamed.conversation_count),
        ("V.I.P.", 1)
    );
}

#[tokio::test]
async fn quick_replies_expand_per_conversation_with_visible_gaps() {
    let (_dir, store) = store().await;
    let reply = quick_replies::save(
        &store,
        OWNER,
        None,
        &input(
            "/thanks",
            "Thanks {{contact.first_name|friend}}! — {{agent.name}}, {{business.name}}",
            AttachmentChange::Keep,
        ),
    )
    .await
    .expect("save");
    assert_eq!(reply.shortcut, "thanks");

    let dana = customer(&store, "972501", Some("Dana Levi")).await;
    let named =
        quick_replies::expand_for(&store, reply.id, dana, OWNER, Some("Sneaker Corner".into()))
            .await
            .expect("expand");
    assert_eq!(named.text, "Thanks Dana! — Owner, Sneaker Corner");
    assert!(named.missing.is_empty());

    let anonymous = customer(&store, "972502", None).await;
    let gaps = quick_replies::expand_for(&store, reply.id, anonymous, OWNER, None)
        .await
        .expect("expand");
    assert_eq!(gaps.text, "Thanks friend! — Owner, {{business.name}}");
    assert_eq!(gaps.missing, ["business.name"]);

    // A name the business saved wins over the WhatsApp profile's.
    let contact = store.conversation(dana).await.expect("dana").contact.id;
    let edit = parley_core::contact::ContactEdit::new("Dana Cohen-Levi", "").expect("edit");
    store
        .update_contact(contact, &edit, parley_engine::now())
        .await
        .expect("save name");
    let saved = quick_replies::expand_for(&store, reply.id, dana, OWNER, None)
        .await
        .expect("expand");
    assert!(saved.text.starts_with("Thanks Dana! "), "{}", saved.text);
    let full = quick_replies::save(
        &store,
        OWNER,
        None,
        &input("hi", "Hello {{contact.name}}", AttachmentChange::Keep),
    )
    .await
    .expect("save");
    let greeted = quick_replies::expand_for(&store, full.id, dana, OWNER, None)
        .await
        .expect("expand");
    assert_eq!(greeted.text, "Hello Dana Cohen-Levi");
}

#[tokio::test]
async fn attachments_are_checked_copied_replaced_and_cleaned_up() {
    let (dir, store) = store().await;
    let menu = dir.path().join("menu.pdf");
    std::fs::write(&menu, b"%PDF-1.4 menu").expect("pdf");
    let set = |path: &Path| AttachmentChange::Set {
        path: path.to_string_lossy().into_owned(),
    };

    let reply = quick_replies::save(&store, OWNER, None, &input("menu", "", set(&menu)))
        .await
        .expect("an attachment alone is enough");
    let kept = reply.attachment.clone().expect("attachment");
    assert_eq!(kept.filename, "menu.pdf");
    assert_eq!(kept.mime_type, "application/pdf");
    assert!(
        kept.path
            .starts_with(&store.data_dir().to_string_lossy().into_owned())
    );
    std::fs::remove_file(&menu).expect("the original may go away");
    assert!(Path::new(&kept.path).exists(), "Parley keeps its own copy");

    let photo = dir.path().join("shoe.jpg");
    std::fs::write(&photo, vec![0xFF; 6 * 1024 * 1024]).expect("jpg");
    let too_big = quick_replies::save(
        &store,
        OWNER,
        Some(reply.id),
        &input("menu", "", set(&photo)),
    )
    .await;
    assert!(matches!(too_big, Err(EngineError::Media(_))), "{too_big:?}");
    assert!(
        Path::new(&kept.path).exists(),
        "a refused change keeps the old file"
    );

    let removed = quick_replies::save(
        &store,
        OWNER,
        Some(reply.id),
        &input("menu", "See the menu", AttachmentChange::Remove),
    )
    .await
    .expect("remove");
    assert!(removed.attachment.is_none());
    assert!(!Path::new(&kept.path).exists(), "nothing uses the old copy");

    let missing = quick_replies::save(
        &store,
        OWNER,
        None,
        &input("gone", "x", set(&dir.path().join("nope.pdf"))),
    )
    .await;
    assert!(matches!(missing, Err(EngineError::File(_))), "{missing:?}");
}

#[tokio::test]
async fn quick_replies_round_trip_through_csv_and_bad_rows_are_reported() {
    let (dir, store) = store().await;
    quick_replies::save(
        &store,
        OWNER,
        None,
        &input("hours", "9–19", AttachmentChange::Keep),
    )
    .await
    .expect("save");
    let csv = dir.path().join("replies.csv");
    std::fs::write(
        &csv,
        "shortcut,text,keywords\n\
         hours,\"Open 9–20, Fridays 9–14\",open; opening hours\n\
         שעות,פתוח 9–19,\n\
         bad shortcut,text,\n\
         empty,,\n\
         доставка,\"Доставка 2–4 дня\",delivery\n",
    )
    .expect("csv");
    let report = quick_replies::import_csv(&store, OWNER, &csv)
        .await
        .expect("import");
    assert_eq!((report.created, report.updated), (2, 1));
    let lines: Vec<u64> = report.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [4, 5], "{:?}", report.problems);
    assert!(
        report.problems[0].message.contains("bad-shortcut"),
        "{:?}",
        report.problems
    );

    let hours = store
        .quick_reply_by_key("hours")
        .await
        .expect("get")
        .expect("hours");
    assert_eq!(hours.text, "Open 9–20, Fridays 9–14");
    assert_eq!(hours.keywords, ["open", "opening hours"]);

    let out = dir.path().join("out.csv");
    assert_eq!(
        quick_replies::export_csv(&store, &out)
            .await
            .expect("export"),
        3
    );
    let (_other_dir, other) = self::store().await;
    let again = quick_replies::import_csv(&other, OWNER, &out)
        .await
        .expect("import");
    assert_eq!(
        (again.created, again.updated, again.problems.len()),
        (3, 0, 0)
    );
    assert_eq!(other.quick_replies().await.expect("list"), {
        let mut list = store.quick_replies().await.expect("list");
        for (theirs, ours) in list
            .iter_mut()
            .zip(other.quick_replies().await.expect("list"))
        {
            theirs.id = ours.id;
        }
        list
    });

    let not_csv = dir.path().join("photo.csv");
    std::fs::write(&not_csv, "name,phone\nDana,972501\n").expect("csv");
    let wrong = quick_replies::import_csv(&store, OWNER, &not_csv).await;
    assert!(matches!(wrong, Err(EngineError::Invalid(_))), "{wrong:?}");
    let avi = agents::add(&store, OWNER, "Avi", Role::Agent, None)
        .await
        .expect("agent")
        .id;
    let refused = quick_replies::import_csv(&store, avi, &csv).await;
    assert!(
        matches!(refused, Err(EngineError::Forbidden(_))),
        "{refused:?}"
    );
}

#[tokio::test]
async fn notes_belong_to_their_author_unless_a_manager_steps_in() {
    let (_dir, store) = store().await;
    let avi = agents::add(&store, OWNER, "Avi", Role::Agent, None)
        .await
        .expect("agent")
        .id;
    let maya = agents::add(&store, OWNER, "Maya", Role::Agent, None)
        .await
        .expect("agent")
        .id;
    let dana = customer(&store, "972501", Some("Dana")).await;
    let note = triage::add_note(&store, dana, avi, "  wants size 38  ")
        .await
        .expect("note");
    assert_eq!(note.body, "wants size 38");
    let refused = triage::edit_note(&store, maya, note.id, "hijack").await;
    assert!(
        matches!(refused, Err(EngineError::Forbidden(_))),
        "{refused:?}"
    );
    triage::edit_note(&store, OWNER, note.id, "wants size 38 in blue")
        .await
        .expect("an owner may");
    let empty = triage::add_note(&store, dana, avi, " ").await;
    assert!(matches!(empty, Err(EngineError::Note(_))), "{empty:?}");
    triage::delete_note(&store, avi, note.id)
        .await
        .expect("the author may");
    let nobody = triage::assign(&store, dana, Some(AgentId(99))).await;
    assert!(nobody.is_err(), "only existing profiles take conversations");
}
