//! The address book: editing, consent, blocking, CSV import and export, and finding
//! contacts by name, number and notes.

use parley_core::contact::{ConsentChange, ConsentState, ContactEdit, ContactGroup};
use parley_core::contact_csv::{self, ContactImportReport};
use parley_core::content::MessageContent;
use parley_core::message::KIND_TEXT;
use parley_core::notice::AccountNotice;
use parley_core::{ContactId, Timestamp};
use parley_store::{InboundRecord, IngestBatch, NoticeRecord, Store, StoreError};

const T0: i64 = 1_750_000_000_000;
const DAY: i64 = 86_400_000;

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    (dir, store)
}

fn inbound(wamid: &str, wa_id: &str, name: Option<&str>, body: &str, at: i64) -> InboundRecord {
    InboundRecord {
        wamid: wamid.into(),
        wa_id: wa_id.into(),
        user_id: None,
        profile_name: name.map(Into::into),
        kind: KIND_TEXT.into(),
        content: MessageContent::Text {
            body: body.into(),
            preview_url: false,
        },
        edited: None,
        context: None,
        referral: None,
        sent_at: Timestamp(at),
        payload: "{}".into(),
    }
}

async fn customer_writes(store: &Store, wa_id: &str, name: Option<&str>, at: i64) -> ContactId {
    store
        .ingest(
            &IngestBatch {
                inbound: vec![inbound(
                    &format!("w.{wa_id}.{at}"),
                    wa_id,
                    name,
                    "hello",
                    at,
                )],
                ..IngestBatch::default()
            },
            Timestamp(at),
        )
        .await
        .expect("ingest");
    let list = store
        .list_contacts(ContactGroup::All, None, 0, 1_000)
        .await
        .expect("list");
    list.iter()
        .find(|c| c.contact.wa_id == wa_id)
        .expect("contact")
        .contact
        .id
}

fn edit(name: &str, notes: &str) -> ContactEdit {
    ContactEdit::new(name, notes).expect("valid edit")
}

async fn names(store: &Store, group: ContactGroup, text: Option<&str>) -> Vec<String> {
    store
        .list_contacts(group, text, 0, 100)
        .await
        .expect("list")
        .into_iter()
        .map(|c| c.contact.display_name)
        .collect()
}

#[tokio::test]
async fn the_conversation_list_shows_the_saved_name_and_blocking() {
    let (_dir, store) = store().await;
    let id = customer_writes(&store, "972501234567", Some("dana_l"), T0).await;
    let conversation = store.contact(id).await.expect("contact").conversation_id;
    let summary = &store
        .conversation(conversation.expect("conversation"))
        .await
        .expect("summary");
    assert_eq!(summary.contact.display_name, "dana_l");
    assert_eq!(summary.contact.saved_name, None);
    assert!(!summary.contact.blocked);

    let saved = store
        .update_contact(
            id,
            &edit("  Dana Levi ", " VIP\ncustomer "),
            Timestamp(T0 + 1),
        )
        .await
        .expect("update");
    assert_eq!(saved.contact.display_name, "Dana Levi");
    assert_eq!(saved.notes.as_deref(), Some("VIP\ncustomer"));
    assert_eq!(saved.saved_at, Some(Timestamp(T0 + 1)));
    assert_eq!(saved.conversation_id, Some(summary.id));

    store
        .set_contact_blocked(id, true, Timestamp(T0 + 2))
        .await
        .expect("block");
    let summary = store.conversation(summary.id).await.expect("summary");
    assert_eq!(summary.contact.display_name, "Dana Levi");
    assert_eq!(summary.contact.profile_name.as_deref(), Some("dana_l"));
    assert!(summary.contact.blocked);
}

#[tokio::test]
async fn blocked_contacts_messages_are_still_stored() {
    let (_dir, store) = store().await;
    let id = customer_writes(&store, "972501234567", Some("Spam"), T0).await;
    let blocked = store
        .set_contact_blocked(id, true, Timestamp(T0 + 1))
        .await
        .expect("block");
    assert_eq!(blocked.blocked_at, Some(Timestamp(T0 + 1)));
    let again = store
        .set_contact_blocked(id, true, Timestamp(T0 + 5))
        .await
        .expect("block again");
    assert_eq!(
        again.blocked_at,
        Some(Timestamp(T0 + 1)),
        "the first block time stays"
    );

    customer_writes(&store, "972501234567", Some("Spam"), T0 + 10).await;
    let conversation = blocked.conversation_id.expect("conversation");
    assert_eq!(
        store
            .thread(conversation, None, 10)
            .await
            .expect("thread")
            .len(),
        2
    );
    assert_eq!(names(&store, ContactGroup::Blocked, None).await, ["Spam"]);

    let unblocked = store
        .set_contact_blocked(id, false, Timestamp(T0 + 20))
        .await
        .expect("unblock");
    assert_eq!(unblocked.blocked_at, None);
    assert!(!unblocked.contact.blocked);
    assert!(names(&store, ContactGroup::Blocked, None).await.is_empty());
}

#[tokio::test]
async fn contacts_can_be_added_before_they_write() {
    let (_dir, store) = store().await;
    let added = store
        .add_contact(
            "37251234567",
            &edit("Tõnu", "met at the fair"),
            Timestamp(T0),
        )
        .await
        .expect("add");
    assert_eq!(added.conversation_id, None);
    assert_eq!(added.contact.display_name, "Tõnu");
    assert!(matches!(
        store
            .add_contact("37251234567", &edit("Again", ""), Timestamp(T0))
            .await,
        Err(StoreError::Duplicate(_))
    ));
    let hits = store.search("tonu", 10).await.expect("search").contacts;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].conversation_id, None);

    // When they write, the contact (and its saved name) is theirs.
    customer_writes(&store, "37251234567", Some("T. Tamm"), T0 + 1).await;
    let contact = store.contact(added.contact.id).await.expect("contact");
    assert_eq!(contact.contact.display_name, "Tõnu");
    assert!(contact.conversation_id.is_some());
}

#[tokio::test]
async fn the_address_book_sorts_by_shown_name_in_any_script_and_filters() {
    let (_dir, store) = store().await;
    for (wa_id, name) in [
        ("972501000001", Some("bob")),
        ("972501000002", Some("Анна")),
        ("972501000003", None),
        ("972501000004", Some("alice")),
        ("972501000005", Some("Борис")),
        ("972501000006", Some("אבי")),
        ("972501000007", Some("анатолий")),
    ] {
        customer_writes(&store, wa_id, name, T0).await;
    }
    assert_eq!(
        names(&store, ContactGroup::All, None).await,
        [
            "alice",
            "bob",
            "анатолий",
            "Анна",
            "Борис",
            "אבי",
            "+972501000003"
        ]
    );
    let page = store
        .list_contacts(ContactGroup::All, None, 2, 2)
        .await
        .expect("page");
    let page: Vec<&str> = page
        .iter()
        .map(|c| c.contact.display_name.as_str())
        .collect();
    assert_eq!(page, ["анатолий", "Анна"]);
    assert_eq!(
        store
            .count_contacts(ContactGroup::All, None)
            .await
            .expect("count"),
        7
    );

    assert_eq!(
        names(&store, ContactGroup::All, Some("ан")).await,
        ["анатолий", "Анна"]
    );
    assert_eq!(
        store
            .count_contacts(ContactGroup::All, Some("ан"))
            .await
            .expect("count"),
        2
    );
    assert_eq!(
        names(&store, ContactGroup::All, Some("000003")).await,
        ["+972501000003"]
    );
    assert!(
        names(&store, ContactGroup::All, Some("\"*"))
            .await
            .is_empty()
    );
    assert!(names(&store, ContactGroup::Saved, None).await.is_empty());
}

#[tokio::test]
async fn contacts_are_found_by_name_number_and_notes() {
    let (_dir, store) = store().await;
    let dana = customer_writes(&store, "972501234567", Some("dana_l"), T0).await;
    customer_writes(&store, "447911123456", Some("Oliver"), T0).await;
    store
        .update_contact(
            dana,
            &edit("דָּנָה לוי", "prefers Tuesday deliveries"),
            Timestamp(T0),
        )
        .await
        .expect("update");

    let find = |query: &'static str| {
        let store = store.clone();
        async move {
            store
                .search(query, 10)
                .await
                .expect("search")
                .contacts
                .into_iter()
                .map(|h| h.contact.wa_id)
                .collect::<Vec<_>>()
        }
    };
    for query in [
        "דנה", "לוי", "dana", "0501234", "050-123", "+972 50", "972501", "4567", "tuesday",
    ] {
        assert_eq!(find(query).await, ["972501234567"], "{query:?}");
    }
    assert_eq!(find("07911").await, ["447911123456"]);
    assert!(find("0999").await.is_empty());

    let hit = &store.search("דנה", 10).await.expect("search").contacts[0];
    assert_eq!(hit.name.text, "דָּנָה לוי");
    let units: Vec<u16> = hit.name.text.encode_utf16().collect();
    let range = hit.name.ranges[0];
    assert_eq!(
        String::from_utf16_lossy(&units[range.start as usize..range.end as usize]),
        "דָּנָה"
    );

    let hit = &store.search("+972 50", 10).await.expect("search").contacts[0];
    assert_eq!(hit.phone.text, "+972501234567");
    assert_eq!(hit.phone.ranges[0].start, 1);
    assert_eq!(hit.phone.ranges[0].end, 6);

    let hit = &store.search("dana", 10).await.expect("search").contacts[0];
    assert_eq!(hit.name.text, "דָּנָה לוי");
    assert!(
        hit.profile_name
            .as_ref()
            .is_some_and(|p| p.text == "dana_l")
    );

    let hit = &store.search("tuesday", 10).await.expect("search").contacts[0];
    assert!(hit.notes.as_ref().is_some_and(|n| n.has_matches()));

    // Renaming drops the old saved name from the index.
    store
        .update_contact(dana, &edit("Dana", ""), Timestamp(T0 + 1))
        .await
        .expect("rename");
    assert!(find("לוי").await.is_empty());
    assert!(find("tuesday").await.is_empty());
}

#[tokio::test]
async fn consent_is_recorded_with_its_source_and_time() {
    let (_dir, store) = store().await;
    let id = customer_writes(&store, "972501234567", Some("Dana"), T0).await;
    assert_eq!(
        store.contact(id).await.expect("c").consent.state,
        ConsentState::Unknown
    );

    let change = ConsentChange::opt_in("website form", Timestamp(T0 + DAY)).expect("change");
    let c = store
        .record_consent(id, &change, Timestamp(T0 + DAY))
        .await
        .expect("opt in");
    assert_eq!(c.consent.state, ConsentState::OptedIn);
    assert_eq!(c.consent.opted_in_at, Some(Timestamp(T0 + DAY)));
    assert_eq!(c.consent.source.as_deref(), Some("website form"));
    assert!(!c.contact.marketing_opt_out);
    assert_eq!(names(&store, ContactGroup::OptedIn, None).await, ["Dana"]);

    // A preference webhook from before the recorded consent does not undo it...
    let preference = |opted_out: bool, at: i64| NoticeRecord {
        field: "user_preferences".into(),
        notice: AccountNotice::MarketingPreference {
            wa_id: "972501234567".into(),
            opted_out,
            detail: None,
        },
        occurred_at: Timestamp(at),
        payload: "{}".into(),
    };
    let batch = |notice| IngestBatch {
        notices: vec![notice],
        ..IngestBatch::default()
    };
    store
        .ingest(&batch(preference(true, T0 + 1)), Timestamp(T0 + 2 * DAY))
        .await
        .expect("late webhook");
    assert_eq!(
        store.contact(id).await.expect("c").consent.state,
        ConsentState::OptedIn
    );
    // ...a later one does.
    store
        .ingest(
            &batch(preference(true, T0 + 3 * DAY)),
            Timestamp(T0 + 3 * DAY),
        )
        .await
        .expect("webhook");
    let c = store.contact(id).await.expect("c");
    assert_eq!(c.consent.state, ConsentState::OptedOut);
    assert_eq!(
        c.consent.opted_in_at,
        Some(Timestamp(T0 + DAY)),
        "kept as history"
    );

    let change = ConsentChange::opt_out("asked by phone", Timestamp(T0 + 4 * DAY)).expect("change");
    let c = store
        .record_consent(id, &change, Timestamp(T0 + 4 * DAY))
        .await
        .expect("opt out");
    assert_eq!(c.consent.state, ConsentState::OptedOut);
    assert_eq!(c.consent.changed_at, Some(Timestamp(T0 + 4 * DAY)));
    assert_eq!(c.consent.source.as_deref(), Some("asked by phone"));
    assert_eq!(names(&store, ContactGroup::OptedOut, None).await, ["Dana"]);

    assert!(matches!(
        store
            .record_consent(ContactId(999), &change, Timestamp(T0))
            .await,
        Err(StoreError::NotFound(_))
    ));
}

async fn import(store: &Store, csv: &str, now: i64) -> ContactImportReport {
    let parsed = contact_csv::parse_import(csv.as_bytes()).expect("parse");
    store
        .import_contacts(&parsed, "CSV import", Timestamp(now))
        .await
        .expect("import")
}

#[tokio::test]
async fn an_import_creates_updates_and_reports_rows() {
    let (_dir, store) = store().await;
    let known = customer_writes(&store, "972501234567", Some("dana_l"), T0).await;
    let opted_out = customer_writes(&store, "972501234568", Some("Ron"), T0).await;
    store
        .record_consent(
            opted_out,
            &ConsentChange::opt_out("STOP keyword", Timestamp(T0)).expect("change"),
            Timestamp(T0),
        )
        .await
        .expect("opt out");

    let report = import(
        &store,
        "phone,name,notes,opted_in,source,blocked\n\
         +972 50-123-4567,Dana Levi,,yes,,\n\
         +972 50-123-4568,Ron,,yes,,\n\
         +372 5123 4567,Tõnu,Likes tea,yes,fair 2025,\n\
         050-1234567,Local,,,,\n\
         +44 7911 123456,,,no,,yes\n",
        T0 + DAY,
    )
    .await;
    assert_eq!(
        (
            report.created,
            report.updated,
            report.unchanged,
            report.skipped
        ),
        (2, 2, 0, 1)
    );
    let problems: Vec<(u32, bool)> = report.problems.iter().map(|p| (p.row, p.skipped)).collect();
    assert_eq!(problems, [(3, false), (5, true)], "{:?}", report.problems);
    assert!(report.problems[0].message.contains("opted out"));

    let dana = store.contact(known).await.expect("dana");
    assert_eq!(dana.contact.display_name, "Dana Levi");
    assert_eq!(dana.contact.profile_name.as_deref(), Some("dana_l"));
    assert_eq!(dana.consent.state, ConsentState::OptedIn);
    assert_eq!(dana.consent.source.as_deref(), Some("CSV import"));
    assert_eq!(dana.consent.opted_in_at, Some(Timestamp(T0 + DAY)));
    assert_eq!(
        store.contact(opted_out).await.expect("ron").consent.state,
        ConsentState::OptedOut,
        "an import does not override a STOP"
    );

    let all = store
        .list_contacts(ContactGroup::All, None, 0, 100)
        .await
        .expect("list");
    let tonu = all
        .iter()
        .find(|c| c.contact.wa_id == "37251234567")
        .expect("tõnu");
    assert_eq!(tonu.conversation_id, None);
    assert_eq!(tonu.notes.as_deref(), Some("Likes tea"));
    assert_eq!(tonu.consent.source.as_deref(), Some("fair 2025"));
    let uk = all
        .iter()
        .find(|c| c.contact.wa_id == "447911123456")
        .expect("uk");
    assert!(uk.contact.blocked);
    assert_eq!(uk.consent.state, ConsentState::OptedOut);
    assert_eq!(uk.contact.display_name, "+447911123456");
    assert_eq!(
        store.search("tea", 5).await.expect("search").contacts.len(),
        1
    );

    // The same file again changes nothing.
    let again = import(
        &store,
        "phone,name,notes\n+972 50-123-4567,Dana Levi,\n+372 5123 4567,Tõnu,Likes tea\n",
        T0 + 2 * DAY,
    )
    .await;
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
}

#[tokio::test]
async fn an_import_that_fails_midway_leaves_nothing_behind() {
    let (dir, store) = store().await;
    // A database refusal on the second row, as a full disk or a constraint would.
    let db = dir.path().join(parley_store::DATABASE_FILE);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
        .await
        .expect("connect");
    sqlx::query(
        "CREATE TRIGGER refuse BEFORE INSERT ON contacts WHEN NEW.wa_id = '37251234567'
         BEGIN SELECT RAISE(ABORT, 'refused'); END",
    )
    .execute(&pool)
    .await
    .expect("trigger");
    pool.close().await;

    let parsed = contact_csv::parse_import(b"phone,name\n+972501234567,Dana\n+37251234567,Tonu\n")
        .expect("parse");
    assert_eq!(parsed.rows.len(), 2);
    assert!(matches!(
        store
            .import_contacts(&parsed, "CSV import", Timestamp(T0))
            .await,
        Err(StoreError::Database(_))
    ));
    assert_eq!(
        store
            .count_contacts(ContactGroup::All, None)
            .await
            .expect("count"),
        0
    );
    assert!(
        store
            .search("dana", 5)
            .await
            .expect("search")
            .contacts
            .is_empty()
    );
}

#[tokio::test]
async fn an_export_imports_into_an_identical_address_book() {
    let (_dir, store) = store().await;
    let dana = customer_writes(&store, "972501234567", Some("=cmd|' /C calc'!A0"), T0).await;
    store
        .update_contact(
            dana,
            &edit("דנה לוי", "-VIP, \"gold\"\nsecond line"),
            Timestamp(T0),
        )
        .await
        .expect("update");
    store
        .record_consent(
            dana,
            &ConsentChange::opt_in("website, form", Timestamp(T0 + 1_000)).expect("change"),
            Timestamp(T0 + 1_000),
        )
        .await
        .expect("consent");
    let ivan = customer_writes(&store, "79161234567", Some("Иван"), T0).await;
    store
        .set_contact_blocked(ivan, true, Timestamp(T0))
        .await
        .expect("block");
    store
        .record_consent(
            ivan,
            &ConsentChange::opt_out("STOP", Timestamp(T0 + 2_000)).expect("change"),
            Timestamp(T0 + 2_000),
        )
        .await
        .expect("opt out");
    store
        .add_contact("37251234567", &edit("Tõnu", ""), Timestamp(T0))
        .await
        .expect("add");

    let exported =
        contact_csv::export(&store.export_contacts().await.expect("export")).expect("csv");

    let (_dir2, copy) = self::store().await;
    let parsed = contact_csv::parse_import(&exported).expect("parse");
    let report = copy
        .import_contacts(&parsed, "CSV import", Timestamp(T0 + DAY))
        .await
        .expect("import");
    assert_eq!(report.created, 3);
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    let original = store.export_contacts().await.expect("original");
    let copied = copy.export_contacts().await.expect("copy");
    let essentials = |list: &[parley_core::contact::ContactDetails]| {
        list.iter()
            .map(|c| {
                (
                    c.contact.wa_id.clone(),
                    c.contact.saved_name.clone(),
                    c.notes.clone(),
                    c.contact.blocked,
                    c.consent.state,
                    c.consent.opted_in_at,
                    c.consent.source.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let mut original = original;
    let mut copied = copied;
    original.sort_by(|a, b| a.contact.wa_id.cmp(&b.contact.wa_id));
    copied.sort_by(|a, b| a.contact.wa_id.cmp(&b.contact.wa_id));
    assert_eq!(essentials(&copied), essentials(&original));
}
