//! The webhook journal beside the store: ids never handed out twice, and the inbox's
//! record of how far it is written from it.

#[allow(dead_code)]
mod support;

use parley_core::Timestamp;
use parley_store::{IngestBatch, JOURNAL_FILE, Journal, JournalMark, Store};
use support::{T0, inbound, store};

fn batch(wamid: &str) -> IngestBatch {
    IngestBatch {
        inbound: vec![inbound(wamid, "972501", "hi", T0)],
        ..IngestBatch::default()
    }
}

async fn append(journal: &Journal, bodies: &[&str]) -> Vec<i64> {
    let deliveries: Vec<(&[u8], Timestamp)> = bodies
        .iter()
        .map(|b| (b.as_bytes(), Timestamp(T0)))
        .collect();
    journal.append(&deliveries, None).await.expect("append")
}

/// Writes a group into the inbox as if read from the journal through `through`.
async fn project(store: &Store, wamids: &[&str], through: i64) {
    let batches: Vec<IngestBatch> = wamids.iter().map(|w| batch(w)).collect();
    let deliveries: Vec<(&IngestBatch, Timestamp)> =
        batches.iter().map(|b| (b, Timestamp(T0))).collect();
    let bodies: Vec<&[u8]> = wamids.iter().map(|w| w.as_bytes()).collect();
    let mark = JournalMark {
        through,
        bodies: &bodies,
    };
    let written = store
        .project_journal_group(&deliveries, mark, None)
        .await
        .expect("written");
    assert!(written.deliveries.iter().all(Result::is_ok));
}

#[tokio::test]
async fn the_inbox_records_how_far_it_is_written_and_the_export_sees_the_rest() {
    let (_dir, store) = store().await;
    let journal = Journal::open_beside(&store).await.expect("journal");
    let ids = append(&journal, &["a", "b", "c"]).await;
    assert_eq!(ids, [1, 2, 3], "consecutive, in the order given");

    project(&store, &["wamid.a", "wamid.b"], 2).await;
    assert_eq!(store.journal_projected_through().await.expect("mark"), 2);
    let rest = store.journaled_not_yet_written().await.expect("rest");
    assert_eq!(rest.len(), 1);
    assert_eq!((rest[0].id, rest[0].body.as_slice()), (3, b"c".as_slice()));

    // Appending trims what the inbox holds, in the same transaction.
    let ids = append_trimming(&journal, "d", 2).await;
    assert_eq!(ids, [4]);
    let held = held_ids(&journal).await;
    assert_eq!(held, [3, 4]);
}

/// The ids of the deliveries the journal holds.
async fn held_ids(journal: &Journal) -> Vec<i64> {
    let held = journal.read_from(0, 100).await.expect("read");
    held.iter().map(|d| d.id).collect()
}

async fn append_trimming(journal: &Journal, body: &str, through: i64) -> Vec<i64> {
    journal
        .append(&[(body.as_bytes(), Timestamp(T0))], Some(through))
        .await
        .expect("append")
}

#[tokio::test]
async fn a_journal_deleted_or_restored_never_hands_out_an_id_the_inbox_took_as_written() {
    let (dir, store) = store().await;
    let journal = Journal::open_beside(&store).await.expect("journal");
    append(&journal, &["a", "b", "c", "d", "e"]).await;
    project(
        &store,
        &["wamid.a", "wamid.b", "wamid.c", "wamid.d", "wamid.e"],
        5,
    )
    .await;
    journal.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("{JOURNAL_FILE}{suffix}")));
    }

    let journal = Journal::open_beside(&store).await.expect("a new journal");
    assert_eq!(journal.last_id().await.expect("last"), 5);
    assert_eq!(append(&journal, &["f"]).await, [6]);
    let rest = store.journaled_not_yet_written().await.expect("rest");
    assert_eq!(rest.iter().map(|d| d.id).collect::<Vec<_>>(), [6]);
}

#[tokio::test]
async fn opening_the_journal_drops_what_the_inbox_already_holds() {
    let (_dir, store) = store().await;
    let journal = Journal::open_beside(&store).await.expect("journal");
    append(&journal, &["a", "b", "c"]).await;
    project(&store, &["wamid.a", "wamid.b"], 2).await;
    journal.close().await;

    let journal = Journal::open_beside(&store).await.expect("reopened");
    let held = held_ids(&journal).await;
    assert_eq!(held, [3]);
}
