//! The inbox writer yields the CPU: its thread runs niced, the readers' and the webhook
//! journal's do not (Linux, where threads are named). Its own test binary, so the process
//! holds only this test's threads.

#![cfg(target_os = "linux")]

use parley_store::writer_priority::WRITER_NICENESS;
use parley_store::{Journal, Store, WRITER_THREAD};

/// The niceness of each of this process's threads whose name `matches`.
fn niceness_of_threads(matches: impl Fn(&str) -> bool) -> Vec<i32> {
    let mut found = Vec::new();
    for task in std::fs::read_dir("/proc/self/task").expect("/proc") {
        let path = task.expect("task").path();
        let Ok(comm) = std::fs::read_to_string(path.join("comm")) else {
            continue;
        };
        if !matches(comm.trim_end()) {
            continue;
        }
        found.push(niceness_in(&path.join("stat")));
    }
    found
}

/// The niceness in a `/proc/…/stat` file.
fn niceness_in(stat: &std::path::Path) -> i32 {
    let stat = std::fs::read_to_string(stat).expect("stat");
    // Fields after the command's closing parenthesis start at the third; nice is the 19th.
    let fields: Vec<&str> = stat[stat.rfind(')').expect(")") + 2..].split(' ').collect();
    fields[16].parse().expect("nice")
}

#[tokio::test]
async fn only_the_inbox_writer_runs_niced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");
    let journal = Journal::open_beside(&store).await.expect("journal");
    store.agents().await.expect("a read");

    // The tests may run under `nice` themselves: the others keep the process's niceness.
    let started_with = niceness_in(std::path::Path::new("/proc/self/stat"));
    assert_eq!(
        niceness_of_threads(|name| name == WRITER_THREAD),
        vec![WRITER_NICENESS.max(started_with)]
    );
    let readers = niceness_of_threads(|name| name.starts_with("inbox-reader"));
    assert!(
        !readers.is_empty() && readers.iter().all(|&nice| nice == started_with),
        "readers: {readers:?}"
    );
    assert_eq!(
        niceness_of_threads(|name| name == "journal-writer"),
        vec![started_with]
    );
    journal.close().await;
    store.close().await;
}
