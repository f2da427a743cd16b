//! `parley serve` killed with SIGKILL in the middle of a burst of webhooks loses nothing
//! it acknowledged and stores nothing twice once Meta redelivers.
//!
//! Each trial fires a burst of signed text-message deliveries from several client
//! threads, kills the server with `kill -9` after a random share of them were
//! acknowledged (so some requests are in flight, some maybe committed but not yet
//! answered), and then checks, straight after the crash, that every acknowledged message
//! is stored: in the inbox, or in the webhook journal the inbox is written from (`parley
//! export` lists those as unwritten deliveries). It restarts the server on the same directory, redelivers as Meta
//! would (everything not acknowledged, plus a sample of what was), and checks that every
//! delivery is stored exactly once and that unread counts count each message once.
//!
//! SIGKILL ends the process, not the machine: what it proves is that a 200 is sent only
//! after the commit, and that redelivery is idempotent. Power loss is another matter.
//!
//! `PARLEY_CRASH_TRIALS` (default 3) sets the number of trials and `PARLEY_CRASH_SEED`
//! replays the kill points of an earlier run (each run prints its seed).

#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

const PARLEY: &str = env!("CARGO_BIN_EXE_parley");

const ACCESS_TOKEN: &str = "EAA-crash-test";
const APP_SECRET: &str = "crash-test-app-secret";
const VERIFY_TOKEN: &str = "crash-test-verify";
const PHONE_NUMBER_ID: &str = "100000000000001";
const WABA_ID: &str = "200000000000002";

/// Deliveries per trial.
const DELIVERIES: usize = 400;
/// Concurrent senders, as Meta delivers in parallel.
const CLIENT_THREADS: usize = 8;
/// The customers writing, each a conversation.
const CUSTOMERS: [(&str, &str); 5] = [
    ("4915100000001", "Anna"),
    ("4915100000002", "Boris"),
    ("972501234567", "Noa"),
    ("37255500001", "Kadri"),
    ("15550009999", "Sam"),
];
/// Meta may redeliver what was acknowledged; this many of those are sent again.
const REDELIVERED_ACKNOWLEDGED: usize = 40;
/// Longest wait between reaching the kill point and sending SIGKILL.
const MAX_KILL_DELAY_MICROS: usize = 5_000;
/// Redelivery rounds before the test gives up on the restarted server.
const MAX_REDELIVERY_ROUNDS: usize = 5;

const DEFAULT_TRIALS: usize = 3;

#[test]
fn sigkill_mid_burst_loses_no_acknowledged_delivery_and_redelivery_stores_each_once() {
    let trials = std::env::var("PARLEY_CRASH_TRIALS")
        .ok()
        .map(|n| n.parse::<usize>().expect("PARLEY_CRASH_TRIALS is a number"))
        .unwrap_or(DEFAULT_TRIALS);
    let seed = std::env::var("PARLEY_CRASH_SEED")
        .ok()
        .map(|n| n.parse::<u64>().expect("PARLEY_CRASH_SEED is a number"))
        .unwrap_or_else(seed_from_clock);
    eprintln!("crash test: {trials} trials of {DELIVERIES} deliveries, PARLEY_CRASH_SEED={seed}");

    let mut rng = Prng(seed);
    let started = Instant::now();
    let mut totals = Figures::default();
    for trial in 1..=trials {
        let (kill_point, figures) = run_trial(trial, &mut rng);
        eprintln!("crash test: trial {trial}: {kill_point}; {figures}");
        totals.add(&figures);
    }
    eprintln!(
        "crash test: {trials} trials in {:.1} s; totals: {totals}",
        started.elapsed().as_secs_f64()
    );
}

/// What one trial saw, for the log.
#[derive(Default)]
struct Figures {
    /// Deliveries answered 200 before the kill.
    acknowledged_before_kill: usize,
    /// Requests between connect and answer when the kill was sent.
    in_flight_at_kill: usize,
    /// Requests that were sent but never answered (the kill cut them off).
    unanswered: usize,
    /// Of those, how many had been committed anyway: redelivery must not double them.
    committed_unanswered: usize,
    /// Deliveries in the journal but not yet in the inbox at the kill: the restart
    /// writes them.
    left_in_journal: usize,
    /// Deliveries that found the port already closed.
    refused: usize,
    /// Deliveries not yet attempted when the server died.
    not_sent: usize,
    /// Requests made to the restarted server, and in how many rounds.
    redelivered: usize,
    redelivery_rounds: usize,
    seconds: f64,
}

impl Figures {
    fn add(&mut self, other: &Figures) {
        self.acknowledged_before_kill += other.acknowledged_before_kill;
        self.in_flight_at_kill += other.in_flight_at_kill;
        self.unanswered += other.unanswered;
        self.committed_unanswered += other.committed_unanswered;
        self.left_in_journal += other.left_in_journal;
        self.refused += other.refused;
        self.not_sent += other.not_sent;
        self.redelivered += other.redelivered;
        self.redelivery_rounds += other.redelivery_rounds;
        self.seconds += other.seconds;
    }
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "acknowledged before kill {}, in flight at kill {}, unanswered {} \
             ({} of them committed), left in the journal {}, refused {}, not sent {}, \
             redelivered {} in {} rounds, {:.1} s",
            self.acknowledged_before_kill,
            self.in_flight_at_kill,
            self.unanswered,
            self.committed_unanswered,
            self.left_in_journal,
            self.refused,
            self.not_sent,
            self.redelivered,
            self.redelivery_rounds,
            self.seconds
        )
    }
}

/// Runs one trial; returns where the kill was aimed, and what happened.
fn run_trial(trial: usize, rng: &mut Prng) -> (String, Figures) {
    let started = Instant::now();
    let data_dir = tempfile::tempdir().expect("tempdir");
    let deliveries: Vec<Delivery> = (0..DELIVERIES).map(|i| Delivery::new(trial, i)).collect();
    let kill_after = DELIVERIES * (20 + rng.below(61)) / 100;
    // Acknowledgements come a millisecond or so apart; a random delay lands the kill
    // anywhere in a request's life (reading, parsing, in the transaction, in the fsync,
    // between the commit and the answer), not always just after an answer.
    let kill_delay = Duration::from_micros(rng.below(MAX_KILL_DELAY_MICROS + 1) as u64);

    // The burst, cut short by SIGKILL.
    let server = Server::start(data_dir.path(), "first");
    let burst = burst_with_kill(&server, &deliveries, kill_after, kill_delay);
    let acknowledged: BTreeSet<usize> = burst.acknowledged();
    let unanswered: Vec<usize> = burst.indices(|o| o == Outcome::Unanswered);
    assert!(
        acknowledged.len() >= kill_after,
        "the kill came before {kill_after} acknowledgements: {:?}",
        burst.outcomes
    );
    let answered_otherwise = burst.indices(|o| matches!(o, Outcome::Status(_)));
    assert!(
        answered_otherwise.is_empty(),
        "the server answered other than 200 before the kill: {:?}",
        answered_otherwise
            .iter()
            .map(|&i| (&deliveries[i].wamid, burst.outcomes[i]))
            .collect::<Vec<_>>()
    );
    drop(server);

    // Straight after the crash, before any redelivery could hide a loss.
    let after_crash = Export::read(data_dir.path());
    after_crash.assert_consistent("after the kill");
    let missing: Vec<&str> = acknowledged
        .iter()
        .map(|&i| deliveries[i].wamid.as_str())
        .filter(|wamid| !after_crash.holds(wamid))
        .collect();
    assert!(
        missing.is_empty(),
        "trial {trial}: {} acknowledged deliveries are not in the database after kill -9: {missing:?}",
        missing.len()
    );
    let committed_unanswered = unanswered
        .iter()
        .filter(|&&i| after_crash.holds(&deliveries[i].wamid))
        .count();

    // Meta redelivers what got no 200, and sometimes what did.
    let server = Server::start(data_dir.path(), "restarted");
    let mut pending: Vec<usize> = (0..DELIVERIES)
        .filter(|i| !acknowledged.contains(i))
        .collect();
    let already_acknowledged: Vec<usize> = acknowledged.iter().copied().collect();
    for _ in 0..REDELIVERED_ACKNOWLEDGED.min(already_acknowledged.len()) {
        pending.push(*rng.pick(&already_acknowledged));
    }
    let mut redelivered = 0;
    let mut rounds = 0;
    while !pending.is_empty() {
        rounds += 1;
        assert!(
            rounds <= MAX_REDELIVERY_ROUNDS,
            "trial {trial}: the restarted server still refuses {} deliveries after {MAX_REDELIVERY_ROUNDS} rounds",
            pending.len()
        );
        redelivered += pending.len();
        let outcomes = send_all(server.addr, &deliveries, &pending, &AtomicBool::new(false));
        pending = pending
            .iter()
            .zip(&outcomes)
            .filter(|(_, outcome)| **outcome != Outcome::Acknowledged)
            .map(|(&i, _)| i)
            .collect();
    }
    server.stop_gracefully();

    let last = Export::read(data_dir.path());
    last.assert_consistent("after redelivery");
    assert!(
        last.journaled.is_empty(),
        "trial {trial}: a graceful stop writes the whole journal into the inbox: {:?}",
        last.journaled
    );
    assert_eq!(
        last.messages.len(),
        DELIVERIES,
        "trial {trial}: every delivery is stored once"
    );
    for delivery in &deliveries {
        let stored = last
            .messages
            .get(&delivery.wamid)
            .unwrap_or_else(|| panic!("trial {trial}: {} is not stored", delivery.wamid));
        assert_eq!(stored.text, delivery.text, "{}", delivery.wamid);
        assert_eq!(stored.wa_id, delivery.wa_id, "{}", delivery.wamid);
    }
    let mut expected_unread: BTreeMap<&str, i64> = BTreeMap::new();
    for delivery in &deliveries {
        *expected_unread.entry(delivery.wa_id).or_default() += 1;
    }
    let unread: BTreeMap<&str, i64> = last
        .unread_by_customer
        .iter()
        .map(|(wa_id, count)| (wa_id.as_str(), *count))
        .collect();
    assert_eq!(
        unread, expected_unread,
        "trial {trial}: unread counts equal the distinct messages per customer"
    );

    let kill_point = format!(
        "SIGKILL {} µs after ack {kill_after}",
        kill_delay.as_micros()
    );
    let figures = Figures {
        acknowledged_before_kill: acknowledged.len(),
        in_flight_at_kill: burst.in_flight_at_kill,
        unanswered: unanswered.len(),
        committed_unanswered,
        left_in_journal: after_crash.journaled.len(),
        refused: burst.indices(|o| o == Outcome::Refused).len(),
        not_sent: burst.indices(|o| o == Outcome::NotSent).len(),
        redelivered,
        redelivery_rounds: rounds,
        seconds: started.elapsed().as_secs_f64(),
    };
    (kill_point, figures)
}

/// One webhook delivery: one customer's text message.
struct Delivery {
    wamid: String,
    wa_id: &'static str,
    text: String,
    body: Vec<u8>,
    signature: String,
}

impl Delivery {
    fn new(trial: usize, index: usize) -> Self {
        let (wa_id, name) = CUSTOMERS[index % CUSTOMERS.len()];
        let wamid = format!("wamid.crash.{trial}.{index:04}");
        let text = format!("crash test message {index} of trial {trial}");
        let timestamp = 1_750_000_000 + index;
        // Shaped as Meta sends it (see `text_webhook` in the engine's loopback tests).
        let body = format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"id":"{WABA_ID}","changes":[{{"field":"messages","value":{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550100100","phone_number_id":"{PHONE_NUMBER_ID}"}},"contacts":[{{"profile":{{"name":"{name}"}},"wa_id":"{wa_id}"}}],"messages":[{{"from":"{wa_id}","id":"{wamid}","timestamp":"{timestamp}","type":"text","text":{{"body":"{text}"}}}}]}}}}]}}]}}"#
        )
        .into_bytes();
        let signature =
            parley_whatsapp::signature::sign(APP_SECRET.as_bytes(), &body).expect("sign");
        Self {
            wamid,
            wa_id,
            text,
            body,
            signature,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    NotSent,
    /// 200: Meta would consider it delivered and never send it again (though it may).
    Acknowledged,
    /// Any other HTTP status.
    Status(u16),
    /// No connection: the server was already gone.
    Refused,
    /// Connected, but no complete answer: cut off by the kill.
    Unanswered,
}

struct Burst {
    outcomes: Vec<Outcome>,
    in_flight_at_kill: usize,
}

impl Burst {
    fn indices(&self, wanted: impl Fn(Outcome) -> bool) -> Vec<usize> {
        (0..self.outcomes.len())
            .filter(|&i| wanted(self.outcomes[i]))
            .collect()
    }

    fn acknowledged(&self) -> BTreeSet<usize> {
        self.indices(|o| o == Outcome::Acknowledged)
            .into_iter()
            .collect()
    }
}

/// Sends every delivery from `CLIENT_THREADS` threads while a separate thread kills the
/// server with SIGKILL `kill_delay` after `kill_after` of them were acknowledged.
fn burst_with_kill(
    server: &Server,
    deliveries: &[Delivery],
    kill_after: usize,
    kill_delay: Duration,
) -> Burst {
    let all: Vec<usize> = (0..deliveries.len()).collect();
    let killed = AtomicBool::new(false);
    let acknowledged = AtomicUsize::new(0);
    let in_flight = AtomicUsize::new(0);
    let senders_done = AtomicBool::new(false);
    let mut in_flight_at_kill = 0;
    let outcomes = std::thread::scope(|scope| {
        let killer = scope.spawn(|| {
            while acknowledged.load(Ordering::SeqCst) < kill_after {
                if senders_done.load(Ordering::SeqCst) {
                    return 0;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
            std::thread::sleep(kill_delay);
            // Senders stop taking new deliveries first, so what the kill cuts off is
            // what was under way, not a queue drained against a closed port.
            killed.store(true, Ordering::SeqCst);
            let in_flight_now = in_flight.load(Ordering::SeqCst);
            server.kill();
            in_flight_now
        });
        let outcomes = send_all_counting(
            server.addr,
            deliveries,
            &all,
            &killed,
            &acknowledged,
            &in_flight,
        );
        senders_done.store(true, Ordering::SeqCst);
        in_flight_at_kill = killer.join().expect("killer thread");
        outcomes
    });
    Burst {
        outcomes,
        in_flight_at_kill,
    }
}

/// Sends `which` of `deliveries` concurrently; stops taking new ones once `stop` is set.
fn send_all(
    addr: SocketAddr,
    deliveries: &[Delivery],
    which: &[usize],
    stop: &AtomicBool,
) -> Vec<Outcome> {
    send_all_counting(
        addr,
        deliveries,
        which,
        stop,
        &AtomicUsize::new(0),
        &AtomicUsize::new(0),
    )
}

fn send_all_counting(
    addr: SocketAddr,
    deliveries: &[Delivery],
    which: &[usize],
    stop: &AtomicBool,
    acknowledged: &AtomicUsize,
    in_flight: &AtomicUsize,
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let outcomes = Mutex::new(vec![Outcome::NotSent; which.len()]);
    std::thread::scope(|scope| {
        for _ in 0..CLIENT_THREADS {
            scope.spawn(|| {
                loop {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let slot = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&index) = which.get(slot) else {
                        return;
                    };
                    let outcome = post_webhook(addr, &deliveries[index], in_flight);
                    if outcome == Outcome::Acknowledged {
                        acknowledged.fetch_add(1, Ordering::SeqCst);
                    }
                    outcomes.lock().expect("outcomes")[slot] = outcome;
                }
            });
        }
    });
    outcomes.into_inner().expect("outcomes")
}

/// One POST over a fresh connection, in plain HTTP/1.1: the test needs nothing more, and
/// a connection per request means a kill cuts off exactly the requests under way.
fn post_webhook(addr: SocketAddr, delivery: &Delivery, in_flight: &AtomicUsize) -> Outcome {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return Outcome::Refused;
    };
    in_flight.fetch_add(1, Ordering::SeqCst);
    let answer = exchange(&mut stream, addr, delivery);
    in_flight.fetch_sub(1, Ordering::SeqCst);
    match answer {
        Some(200) => Outcome::Acknowledged,
        Some(status) => Outcome::Status(status),
        None => Outcome::Unanswered,
    }
}

/// The status of the answer, or `None` when the connection broke first.
fn exchange(stream: &mut TcpStream, addr: SocketAddr, delivery: &Delivery) -> Option<u16> {
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .ok()?;
    let head = format!(
        "POST /webhook HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         X-Hub-Signature-256: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        delivery.signature,
        delivery.body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(&delivery.body).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    // "HTTP/1.1 200 OK": only a complete status line counts as an answer.
    let status_line = answer.split(|&b| b == b'\n').next()?;
    let status = std::str::from_utf8(status_line)
        .ok()?
        .split_whitespace()
        .nth(1)?;
    status.parse().ok()
}

/// A running `parley serve`, killed when dropped so a failing test leaves no process.
struct Server {
    child: Mutex<Child>,
    addr: SocketAddr,
    log: PathBuf,
}

impl Server {
    fn start(data_dir: &Path, run: &str) -> Self {
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port())
            .parse()
            .expect("address");
        // Nothing listens there: the sender and the health poller fail quietly, and the
        // test stays off the network.
        let unused_api = format!("http://127.0.0.1:{}", free_port());
        let log = data_dir.join(format!("serve-{run}.log"));
        let child = Command::new(PARLEY)
            .args(["serve", "--data-dir"])
            .arg(data_dir)
            .args(["--listen", &addr.to_string()])
            .args(["--phone-number-id", PHONE_NUMBER_ID, "--waba-id", WABA_ID])
            .args(["--api-base-url", &unused_api])
            .env("PARLEY_ACCESS_TOKEN", ACCESS_TOKEN)
            .env("PARLEY_APP_SECRET", APP_SECRET)
            .env("PARLEY_VERIFY_TOKEN", VERIFY_TOKEN)
            // Never a real keyring, even if a secret were missing.
            .env(
                "PARLEY_KEYRING_SERVICE",
                format!("dev.parley.test.crash.{}", std::process::id()),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&log).expect("serve log"))
            .spawn()
            .expect("start parley serve");
        let server = Server {
            child: Mutex::new(child),
            addr,
            log,
        };
        server.wait_until_listening();
        server
    }

    fn wait_until_listening(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = self.child.lock().expect("child").try_wait() {
                panic!(
                    "parley serve exited with {status} before listening:\n{}",
                    self.log_text()
                );
            }
            assert!(
                Instant::now() < deadline,
                "parley serve did not listen on {} within 30 s:\n{}",
                self.addr,
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `kill -9`: no shutdown code runs.
    fn kill(&self) {
        let mut child = self.child.lock().expect("child");
        // `Child::kill` sends SIGKILL on Unix.
        child.kill().expect("SIGKILL parley serve");
        child.wait().expect("reap parley serve");
    }

    /// SIGTERM, as a service manager would stop it, and a clean exit.
    fn stop_gracefully(self) {
        let pid = self.child.lock().expect("child").id();
        let sent = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -TERM {pid}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.lock().expect("child").try_wait().expect("wait") {
                assert!(
                    status.success(),
                    "parley serve exited with {status} on SIGTERM:\n{}",
                    self.log_text()
                );
                return;
            }
            assert!(
                Instant::now() < deadline,
                "parley serve did not stop within 20 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(child) = self.child.get_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// What `parley export` says is stored.
struct Export {
    /// Inbound messages by wamid; a second message with the same wamid is a duplicate.
    messages: BTreeMap<String, StoredMessage>,
    /// Messages of deliveries in the webhook journal, not yet written into the inbox.
    journaled: BTreeSet<String>,
    duplicates: Vec<String>,
    unread_by_customer: BTreeMap<String, i64>,
}

struct StoredMessage {
    text: String,
    wa_id: &'static str,
}

impl Export {
    fn read(data_dir: &Path) -> Self {
        let output = Command::new(PARLEY)
            .args(["export", "--data-dir"])
            .arg(data_dir)
            .output()
            .expect("run parley export");
        assert!(
            output.status.success(),
            "parley export failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let lines: Vec<Value> = String::from_utf8(output.stdout)
            .expect("utf-8")
            .lines()
            .map(|line| serde_json::from_str(line).expect("each line is JSON"))
            .collect();

        let mut customer_of_conversation = BTreeMap::new();
        let mut unread_by_customer = BTreeMap::new();
        for conversation in lines.iter().filter(|l| l["type"] == "conversation") {
            let wa_id = conversation["contact"]["waId"]
                .as_str()
                .expect("contact.waId")
                .to_owned();
            let unread = conversation["unreadCount"].as_i64().expect("unreadCount");
            customer_of_conversation.insert(conversation["id"].to_string(), wa_id.clone());
            assert!(
                unread_by_customer.insert(wa_id.clone(), unread).is_none(),
                "two conversations for {wa_id}"
            );
        }

        let mut messages = BTreeMap::new();
        let mut duplicates = Vec::new();
        for message in lines.iter().filter(|l| l["type"] == "message") {
            assert_eq!(message["direction"], "inbound", "{message}");
            let wamid = message["wamid"].as_str().expect("wamid").to_owned();
            let customer = &customer_of_conversation[&message["conversationId"].to_string()];
            let wa_id = CUSTOMERS
                .iter()
                .map(|(wa_id, _)| *wa_id)
                .find(|wa_id| wa_id == customer)
                .unwrap_or_else(|| panic!("a conversation with a stranger: {customer}"));
            let stored = StoredMessage {
                text: message["text"].as_str().unwrap_or_default().to_owned(),
                wa_id,
            };
            if messages.insert(wamid.clone(), stored).is_some() {
                duplicates.push(wamid);
            }
        }
        let journaled = lines
            .iter()
            .filter(|l| l["type"] == "unwritten_delivery")
            .flat_map(|delivery| {
                let messages = &delivery["body"]["entry"][0]["changes"][0]["value"]["messages"];
                messages.as_array().cloned().unwrap_or_default()
            })
            .map(|message| message["id"].as_str().expect("wamid").to_owned())
            .collect();
        Export {
            messages,
            journaled,
            duplicates,
            unread_by_customer,
        }
    }

    /// Whether the message is stored, in the inbox or in the journal.
    fn holds(&self, wamid: &str) -> bool {
        self.messages.contains_key(wamid) || self.journaled.contains(wamid)
    }

    /// No message twice, and each conversation's unread count is its number of
    /// messages: a transaction cut in half by the kill would break one or the other.
    fn assert_consistent(&self, when: &str) {
        assert!(
            self.duplicates.is_empty(),
            "{when}: stored more than once: {:?}",
            self.duplicates
        );
        let mut messages_by_customer: BTreeMap<&str, i64> = BTreeMap::new();
        for message in self.messages.values() {
            *messages_by_customer.entry(message.wa_id).or_default() += 1;
        }
        let unread: BTreeMap<&str, i64> = self
            .unread_by_customer
            .iter()
            .map(|(wa_id, count)| (wa_id.as_str(), *count))
            .collect();
        assert_eq!(
            unread, messages_by_customer,
            "{when}: unread counts equal the messages stored per customer"
        );
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

fn seed_from_clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
}

/// SplitMix64: the kill points and redelivery samples, reproducible from the seed.
struct Prng(u64);

impl Prng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
