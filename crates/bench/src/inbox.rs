//! The inbox at a busy shop's scale: a generated store of 100,000 conversations and
//! 2,000,000 messages, and how fast the calls behind the inbox answer on it: the list's
//! first page in every view, opening a thread and scrolling back (the calls `get_thread`
//! makes), full-text search and the counts behind the tabs and the tray.
//!
//! The store is generated, never committed. With `PARLEY_BENCH_STORE_DIR` set, it is
//! kept there (one directory per size and generator version) and reused by later runs.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use parley_core::label::{LabelFilter, LabelMatch};
use parley_core::message::MessageCursor;
use parley_core::triage::{ConversationFilter, View};
use parley_core::{AgentId, ConversationId};
use parley_store::Store;

use crate::Size;
use crate::report::Section;

mod generate;

/// Bump when the generated history changes, so cached stores are made again.
const GENERATOR_VERSION: u32 = 1;
const PAGE: u32 = 50;
const LIST_AND_THREAD_P95_MS: f64 = 5.0;
const SEARCH_P95_MS: f64 = 30.0;

struct Scale {
    conversations: usize,
    messages: usize,
    runs: usize,
}

fn scale(size: Size) -> Scale {
    match size {
        Size::Smoke => Scale {
            conversations: 1_000,
            messages: 20_000,
            runs: 10,
        },
        Size::Full => Scale {
            conversations: 100_000,
            messages: 2_000_000,
            runs: 200,
        },
    }
}

/// Generates the store of `size` in the kept directory (unless it is there already) for the
/// desktop benchmark, opening at the desk of the agent the figures are measured for; the
/// directory it is in.
pub async fn generate(size: Size) -> anyhow::Result<PathBuf> {
    let scale = scale(size);
    if std::env::var_os(STORE_DIR_VARIABLE).is_none() {
        anyhow::bail!("set {STORE_DIR_VARIABLE} to the directory the store is kept in");
    }
    let (dir, _) = store_dir(&scale)?;
    let ready_marker = dir.join(READY_MARKER);
    if ready_marker.exists() {
        eprintln!("the store in {} is there already", dir.display());
        return Ok(dir);
    }
    let store = Store::open_dir(&dir).await?;
    let started = Instant::now();
    let generated = generate::fill(&store, scale.conversations, scale.messages).await?;
    store
        .set_setting(
            parley_store::LAST_AT_DESK,
            &generated.me,
            parley_engine::now().0,
        )
        .await?;
    store.close().await;
    std::fs::write(&ready_marker, serde_json::to_vec(&generated)?)?;
    eprintln!(
        "generated {} conversations and {} messages in {:.0} s",
        scale.conversations,
        scale.messages,
        started.elapsed().as_secs_f64()
    );
    Ok(dir)
}

const READY_MARKER: &str = "generated.json";
const STORE_DIR_VARIABLE: &str = "PARLEY_BENCH_STORE_DIR";

pub async fn run(size: Size) -> anyhow::Result<Vec<Section>> {
    let scale = scale(size);
    let (dir, _temporary) = store_dir(&scale)?;
    let ready_marker = dir.join(READY_MARKER);
    let mut section = Section::new("Inbox at scale", "");
    let generated = if ready_marker.exists() {
        None
    } else {
        let store = Store::open_dir(&dir).await?;
        let started = Instant::now();
        let generated = generate::fill(&store, scale.conversations, scale.messages).await?;
        let fill = started.elapsed();
        store.close().await;
        section.figure("fill time", fill.as_secs_f64(), "s").figure(
            "fill rate",
            scale.messages as f64 / fill.as_secs_f64(),
            "/s",
        );
        Some(generated)
    };
    // Measure on a freshly opened store, as the app finds it after a start.
    let opened = Instant::now();
    let store = Store::open_dir(&dir).await?;
    let open_time = opened.elapsed();
    let generated = match generated {
        Some(generated) => {
            std::fs::write(&ready_marker, serde_json::to_vec(&generated)?)?;
            generated
        }
        None => {
            section.figure("fill time (cached store)", 0.0, "s");
            serde_json::from_slice(&std::fs::read(&ready_marker)?)?
        }
    };
    let database = std::fs::metadata(dir.join(parley_store::DATABASE_FILE))
        .map(|m| m.len())
        .unwrap_or(0);
    section
        .figure("database size", database as f64 / 1_048_576.0, "MiB")
        .figure("open store", open_time.as_secs_f64() * 1_000.0, "ms");
    section.setup = format!(
        "{} conversations, {} messages (Hebrew, Arabic, Russian, Estonian, English; media, labels, \
         assignments, statuses, per-agent reads); {} runs per figure after one cold run, pages of {PAGE}.",
        scale.conversations, scale.messages, scale.runs
    );
    measure_all(&store, &generated, scale.runs, &mut section).await?;
    store.close().await;
    Ok(vec![section])
}

/// The directory to keep the store in, and the temporary directory that owns it when
/// nothing is cached (removed when dropped).
fn store_dir(scale: &Scale) -> anyhow::Result<(PathBuf, Option<tempfile::TempDir>)> {
    match std::env::var_os(STORE_DIR_VARIABLE) {
        Some(root) => {
            let dir = Path::new(&root).join(format!(
                "inbox-v{GENERATOR_VERSION}-{}-{}",
                scale.conversations, scale.messages
            ));
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            Ok((dir, None))
        }
        None => {
            let temporary = tempfile::tempdir()?;
            Ok((temporary.path().to_owned(), Some(temporary)))
        }
    }
}

/// How long `call` takes for each of `runs`, one after the other.
async fn timed<F, Fut>(runs: std::ops::Range<usize>, mut call: F) -> anyhow::Result<Vec<Duration>>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    let mut times = Vec::with_capacity(runs.len());
    for run in runs {
        let started = Instant::now();
        call(run).await?;
        times.push(started.elapsed());
    }
    Ok(times)
}

/// Runs `call` once cold and `runs` times more: the cold time and the warm samples.
async fn sample<F, Fut>(runs: usize, mut call: F) -> anyhow::Result<(Duration, Vec<Duration>)>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    let cold = timed(0..1, &mut call).await?[0];
    Ok((cold, timed(1..runs + 1, call).await?))
}

/// Each of `count` threads visited once, timed, before the warm runs: like every other
/// figure, a thread's p50/p95 is over runs after a first one. The first visits are their
/// own figures (the very first is the cold one): they read from disk whatever the
/// machine's page cache let go since the store was written, which on the build machine
/// (a VM whose DAMON reclaim pages out file pages idle for a minute) is all of it.
async fn first_visits<F, Fut>(
    section: &mut Section,
    name: &str,
    count: usize,
    visit: F,
) -> anyhow::Result<()>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    let mut firsts = timed(0..count, visit).await?;
    section.figure(
        format!("{name} cold"),
        firsts[0].as_secs_f64() * 1_000.0,
        "ms",
    );
    section.latencies(&format!("{name}, first visits"), &mut firsts, None);
    Ok(())
}

fn record(
    section: &mut Section,
    name: &str,
    target_ms: Option<f64>,
    (cold, mut warm): (Duration, Vec<Duration>),
) {
    section.figure(format!("{name} cold"), cold.as_secs_f64() * 1_000.0, "ms");
    section.latencies(name, &mut warm, target_ms);
}

async fn open_thread(
    store: &Store,
    me: AgentId,
    id: ConversationId,
) -> anyhow::Result<Option<MessageCursor>> {
    // What get_thread does: the list row, the newest page (+1 to know of older), notes.
    store.conversation_for(id, me).await?;
    let mut messages = store.thread(id, None, PAGE + 1).await?;
    let has_older = messages.len() > PAGE as usize;
    if has_older {
        messages.remove(0);
    }
    let oldest = messages.first().map(|m| MessageCursor {
        timestamp: m.timestamp,
        id: m.id,
    });
    store
        .notes(
            id,
            has_older.then(|| oldest.map(|c| c.timestamp)).flatten(),
            None,
        )
        .await?;
    Ok(has_older.then_some(oldest).flatten())
}

async fn scroll_back(
    store: &Store,
    id: ConversationId,
    before: MessageCursor,
) -> anyhow::Result<()> {
    let mut messages = store.thread(id, Some(before), PAGE + 1).await?;
    let has_older = messages.len() > PAGE as usize;
    if has_older {
        messages.remove(0);
    }
    let from = if has_older {
        messages.first().map(|m| m.timestamp)
    } else {
        None
    };
    store.notes(id, from, Some(before.timestamp)).await?;
    Ok(())
}

async fn measure_all(
    store: &Store,
    generated: &generate::Generated,
    runs: usize,
    section: &mut Section,
) -> anyhow::Result<()> {
    let me = generated.me;
    let [vip, paid] = generated.labels;
    let label_filter = |labels: Vec<_>, mode| ConversationFilter {
        view: View::All,
        labels: LabelFilter { labels, mode },
    };
    let views = [
        ("list: all", ConversationFilter::default()),
        (
            "list: mine",
            ConversationFilter {
                view: View::Mine,
                ..ConversationFilter::default()
            },
        ),
        (
            "list: unassigned",
            ConversationFilter {
                view: View::Unassigned,
                ..ConversationFilter::default()
            },
        ),
        (
            "list: resolved",
            ConversationFilter {
                view: View::Resolved,
                ..ConversationFilter::default()
            },
        ),
        ("list: label VIP", label_filter(vec![vip], LabelMatch::Any)),
        (
            "list: labels VIP and Paid",
            label_filter(vec![vip, paid], LabelMatch::All),
        ),
    ];
    for (name, filter) in &views {
        let samples = sample(runs, |_| async {
            let page = store.list_conversations(me, filter, None, PAGE).await?;
            anyhow::ensure!(!page.is_empty(), "{name}: an empty page measures nothing");
            Ok(())
        })
        .await?;
        record(section, name, Some(LIST_AND_THREAD_P95_MS), samples);
    }

    let threads: Vec<ConversationId> = generated
        .busy
        .iter()
        .chain(&generated.typical)
        .copied()
        .collect();
    let open = |run: usize| {
        let id = threads[run % threads.len()];
        async move {
            open_thread(store, me, id).await?;
            Ok(())
        }
    };
    // Warm runs only: the first visits above were each thread's cold one.
    first_visits(section, "open thread (latest 50)", threads.len(), open).await?;
    let mut warm = timed(0..runs, open).await?;
    section.latencies(
        "open thread (latest 50)",
        &mut warm,
        Some(LIST_AND_THREAD_P95_MS),
    );

    let mut cursors = Vec::new();
    for &id in &generated.busy {
        if let Some(cursor) = open_thread(store, me, id).await? {
            cursors.push((id, cursor));
        }
    }
    anyhow::ensure!(!cursors.is_empty(), "no thread has an older page");
    let scroll = |run: usize| {
        let (id, cursor) = cursors[run % cursors.len()];
        async move { scroll_back(store, id, cursor).await }
    };
    first_visits(section, "scroll back (older 50)", cursors.len(), scroll).await?;
    let mut warm = timed(0..runs, scroll).await?;
    section.latencies(
        "scroll back (older 50)",
        &mut warm,
        Some(LIST_AND_THREAD_P95_MS),
    );

    let phone_prefix = format!("+{} {}", &generated.phone[..3], &generated.phone[3..5]);
    let searches: [(&str, Vec<String>); 4] = [
        (
            "search: common words",
            [
                "order",
                "заказ",
                "ההזמנה",
                "طلبي",
                "tellimus",
                "sneakers size",
            ]
            .map(String::from)
            .to_vec(),
        ),
        (
            "search: rare words",
            generate::RARE_WORDS.map(String::from).to_vec(),
        ),
        (
            "search: phone number",
            vec![generated.phone.clone(), phone_prefix],
        ),
        (
            "search: no match",
            vec!["qwertyuiopasdf".to_owned(), "זזזזזזז".to_owned()],
        ),
    ];
    for (name, queries) in &searches {
        for query in queries {
            let results = store.search(query, PAGE).await?;
            let hits = results.messages.len() + results.contacts.len();
            let expect_hits = !name.ends_with("no match");
            anyhow::ensure!((hits > 0) == expect_hits, "{name}: {query:?} found {hits}");
        }
        let samples = sample(runs, |run| {
            let query = &queries[run % queries.len()];
            async move {
                store.search(query, PAGE).await?;
                Ok(())
            }
        })
        .await?;
        record(section, name, Some(SEARCH_P95_MS), samples);
    }

    // The tabs' and the tray's counts (asked on every inbox change, beside the list's
    // page: the list's target), and the label counts of the sidebar.
    let samples = sample(runs, |_| async {
        store.view_counts(me).await?;
        Ok(())
    })
    .await?;
    record(
        section,
        "view and unread counts",
        Some(LIST_AND_THREAD_P95_MS),
        samples,
    );
    let samples = sample(runs, |_| async {
        store.labels().await?;
        Ok(())
    })
    .await?;
    record(section, "labels with counts", None, samples);
    Ok(())
}
