//! Measures the team inbox on a large generated store: how fast it fills, how fast full-text
//! search answers (in Hebrew, Arabic, Russian, Estonian and English), and how fast the list,
//! its views and label filters load. Prints figures; asserts nothing about time.
//!
//!     cargo run --release -p parley-store --example inbox_bench -- [contacts] [messages]
//!
//! Defaults: 5,000 contacts and 200,000 messages, in a temporary directory.

use std::time::{Duration, Instant};

use parley_core::content::MessageContent;
use parley_core::label::{LabelColor, LabelFilter, LabelMatch};
use parley_core::triage::{ConversationFilter, View};
use parley_core::{AgentId, ConversationId, LabelId, Timestamp};
use parley_store::{InboundRecord, IngestBatch, Store};

const T0: i64 = 1_750_000_000_000;
const BATCH: usize = 1_000;
const RUNS: usize = 50;

/// Phrases a shop's customers write, so the index holds realistic words in every script.
const PHRASES: &[&str] = &[
    "Hi, do you have the blue sneakers in size 38?",
    "When will my order arrive? The tracking link does not open",
    "שלום, האם יש לכם את הנעליים הכחולות במידה 38?",
    "מתי ההזמנה שלי תגיע? תודה רבה",
    "مرحبا، هل لديكم الحذاء الأزرق بمقاس ٣٨؟",
    "متى سيصل طلبي؟ شكرا جزيلا",
    "Здравствуйте, есть ли синие кроссовки 38 размера?",
    "Когда придёт мой заказ? Спасибо большое",
    "Tere, kas teil on siniseid tosse suuruses 38?",
    "Millal minu tellimus kohale jõuab? Suur aitäh",
    "Can I pay by card when the courier comes?",
    "I would like to return the jacket, it is too small",
];

/// What agents search for: whole words, a prefix being typed, words in each script, a miss.
const QUERIES: &[&str] = &[
    "sneakers",
    "track",
    "order arrive",
    "הנעליים",
    "הזמנה",
    "الحذاء",
    "طلبي",
    "кроссовки",
    "заказ",
    "tellimus",
    "aitah",
    "972500001234",
    "nothing-matches-this",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let contacts: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let messages: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run(contacts, messages));
}

async fn run(contacts: usize, messages: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_dir(dir.path()).await.expect("open");

    let started = Instant::now();
    let mut written = 0;
    while written < messages {
        let inbound = (written..(written + BATCH).min(messages))
            .map(|i| record(i, contacts))
            .collect();
        let batch = IngestBatch {
            inbound,
            ..IngestBatch::default()
        };
        store
            .ingest(&batch, Timestamp(T0 + written as i64))
            .await
            .expect("ingest");
        written += BATCH;
    }
    let fill = started.elapsed();
    println!(
        "filled {messages} messages from {contacts} contacts in {:.1} s ({:.0} messages/s)",
        fill.as_secs_f64(),
        messages as f64 / fill.as_secs_f64()
    );

    let labels = label_some(&store, contacts).await;
    let database = std::fs::metadata(dir.path().join(parley_store::DATABASE_FILE))
        .map(|m| m.len())
        .unwrap_or(0);
    println!("database: {:.1} MiB", database as f64 / 1_048_576.0);

    println!("\nsearch, {RUNS} runs each (limit 50):");
    println!(
        "{:<24} {:>8} {:>9} {:>9} {:>9}",
        "query", "hits", "p50 ms", "p95 ms", "max ms"
    );
    for query in QUERIES {
        let (times, hits) = measure(|| async {
            let results = store.search(query, 50).await.expect("search");
            results.messages.len() + results.contacts.len()
        })
        .await;
        print_row(query, hits, &times);
    }

    println!("\nconversation list, first page of 50, {RUNS} runs each:");
    let owner = AgentId(1);
    let filters = [
        ("all", ConversationFilter::default()),
        (
            "mine",
            ConversationFilter {
                view: View::Mine,
                ..ConversationFilter::default()
            },
        ),
        (
            "label VIP",
            ConversationFilter {
                labels: LabelFilter {
                    labels: vec![labels[0]],
                    mode: LabelMatch::Any,
                },
                ..ConversationFilter::default()
            },
        ),
        (
            "labels all of 2",
            ConversationFilter {
                labels: LabelFilter {
                    labels: labels.clone(),
                    mode: LabelMatch::All,
                },
                ..ConversationFilter::default()
            },
        ),
    ];
    for (name, filter) in &filters {
        let (times, rows) = measure(|| async {
            store
                .list_conversations(owner, filter, None, 50)
                .await
                .expect("list")
                .len()
        })
        .await;
        print_row(name, rows, &times);
    }
    let (times, _) = measure(|| async {
        store.view_counts(owner).await.expect("counts");
        5
    })
    .await;
    print_row("view counts", 5, &times);
    let (times, _) = measure(|| async { store.labels().await.expect("labels").len() }).await;
    print_row("labels with counts", labels.len(), &times);

    println!("\npeak memory (VmHWM): {}", peak_memory());
    store.close().await;
}

fn record(i: usize, contacts: usize) -> InboundRecord {
    let contact = i % contacts;
    let wa_id = format!("97250{:07}", contact);
    let body = format!("{} #{i}", PHRASES[i % PHRASES.len()]);
    let content = MessageContent::Text {
        body,
        preview_url: false,
    };
    InboundRecord {
        wamid: format!("wamid.bench.{i}"),
        wa_id,
        user_id: None,
        profile_name: Some(format!("Customer {contact}")),
        kind: content.api_type().to_owned(),
        content,
        edited: None,
        context: None,
        referral: None,
        sent_at: Timestamp(T0 + i as i64 * 1_000),
        payload: "{}".into(),
    }
}

/// Two labels, on every 10th and every 25th conversation; every 7th is assigned to the owner.
async fn label_some(store: &Store, contacts: usize) -> Vec<LabelId> {
    let now = Timestamp(T0);
    let vip = store
        .add_label("VIP", "vip", LabelColor::Purple, now)
        .await
        .expect("label");
    let paid = store
        .add_label("Paid", "paid", LabelColor::Green, now)
        .await
        .expect("label");
    for id in 1..=contacts as i64 {
        let conversation = ConversationId(id);
        if id % 10 == 0 {
            store
                .set_conversation_label(conversation, vip, true, now)
                .await
                .expect("set");
        }
        if id % 25 == 0 {
            store
                .set_conversation_label(conversation, paid, true, now)
                .await
                .expect("set");
        }
        if id % 7 == 0 {
            store
                .assign_conversation(conversation, Some(AgentId(1)))
                .await
                .expect("assign");
        }
    }
    vec![vip, paid]
}

/// Runs `f` [`RUNS`] times: the sorted durations and what the last run counted.
async fn measure<F, Fut>(mut f: F) -> (Vec<Duration>, usize)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let mut times = Vec::with_capacity(RUNS);
    let mut counted = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        counted = f().await;
        times.push(started.elapsed());
    }
    times.sort();
    (times, counted)
}

fn print_row(name: &str, count: usize, sorted: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
    let p95 = sorted[(sorted.len() * 95 / 100).min(sorted.len() - 1)];
    println!(
        "{:<24} {:>8} {:>9.2} {:>9.2} {:>9.2}",
        name,
        count,
        ms(sorted[sorted.len() / 2]),
        ms(p95),
        ms(*sorted.last().expect("runs"))
    );
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}
