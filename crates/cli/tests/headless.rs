//! The real `parley` binary: `sim` and `serve` as two processes talking Meta's protocol
//! over loopback, then `export` reading what `serve` stored.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::{Duration, Instant};

use parley_tunnel::testing::BoreServer;

const PARLEY: &str = env!("CARGO_BIN_EXE_parley");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Kills the child when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_until(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn http_post(url: &str, body: &str) -> Option<String> {
    let output = Command::new("curl")
        .args([
            "-sf",
            "-X",
            "POST",
            "-H",
            "content-type: application/json",
            "-d",
            body,
            url,
        ])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn export(data_dir: &std::path::Path) -> Vec<serde_json::Value> {
    let output = Command::new(PARLEY)
        .args(["export", "--data-dir"])
        .arg(data_dir)
        .output()
        .expect("run export");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn serve_receives_from_sim_and_export_writes_json_lines() {
    let data_dir = tempfile::tempdir().expect("tempdir");
    let (sim_port, serve_port) = (free_port(), free_port());
    let secrets = [
        ("PARLEY_ACCESS_TOKEN", "EAA-headless-test"),
        ("PARLEY_APP_SECRET", "headless-app-secret"),
        ("PARLEY_VERIFY_TOKEN", "headless-verify"),
    ];

    let sim = Running(
        Command::new(PARLEY)
            .args([
                "sim",
                "--scenario",
                "none",
                "--listen",
                &format!("127.0.0.1:{sim_port}"),
            ])
            .args([
                "--webhook-url",
                &format!("http://127.0.0.1:{serve_port}/webhook"),
            ])
            .envs(secrets)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sim"),
    );
    let _serve = Running(
        Command::new(PARLEY)
            .args(["serve", "--data-dir"])
            .arg(data_dir.path())
            .args(["--listen", &format!("127.0.0.1:{serve_port}")])
            .args([
                "--phone-number-id",
                "100000000000001",
                "--waba-id",
                "200000000000002",
            ])
            .args(["--api-base-url", &format!("http://127.0.0.1:{sim_port}")])
            .envs(secrets)
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve"),
    );

    // The simulator says when its handshake with `serve` succeeded.
    let mut sim = sim;
    let stdout = sim.0.stdout.take().expect("sim stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with("Webhooks go to") {
                let _ = tx.send(());
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(30))
        .expect("sim verified serve's webhook URL");

    let customer = format!("http://127.0.0.1:{sim_port}/_sim/customers/972501234567/messages");
    let answer = http_post(
        &customer,
        r#"{"text":"שלום from the CLI test","name":"Dana","deliveries":2}"#,
    )
    .expect("the simulator takes the customer's message");
    assert!(answer.contains("wamid."));

    wait_until("the message in the export", Duration::from_secs(20), || {
        export(data_dir.path())
            .iter()
            .any(|l| l["type"] == "message")
    });
    let lines = export(data_dir.path());
    let conversations: Vec<_> = lines
        .iter()
        .filter(|l| l["type"] == "conversation")
        .collect();
    let messages: Vec<_> = lines.iter().filter(|l| l["type"] == "message").collect();
    assert_eq!(conversations.len(), 1);
    assert_eq!(conversations[0]["contact"]["waId"], "972501234567");
    assert_eq!(messages.len(), 1, "delivered twice, stored once");
    assert_eq!(messages[0]["text"], "שלום from the CLI test");
    assert_eq!(messages[0]["direction"], "inbound");
}

/// The first line of `stream` that starts with `prefix`, read on a thread so a silent
/// process cannot hang the test.
fn line_starting_with(stream: ChildStderr, prefix: &'static str, timeout: Duration) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if line.starts_with(prefix) {
                let _ = tx.send(line);
            }
        }
    });
    rx.recv_timeout(timeout)
        .unwrap_or_else(|_| panic!("no line starting with {prefix:?}"))
}

#[test]
fn serve_with_a_bore_server_registers_the_tunnel_and_receives_through_it() {
    let data_dir = tempfile::tempdir().expect("tempdir");
    let bore = BoreServer::start(Some("bore-secret"));
    let (sim_port, serve_port) = (free_port(), free_port());
    let secrets = [
        ("PARLEY_ACCESS_TOKEN", "EAA-tunnel-test"),
        ("PARLEY_APP_SECRET", "tunnel-app-secret"),
        ("PARLEY_VERIFY_TOKEN", "tunnel-verify"),
        ("PARLEY_BORE_SECRET", "bore-secret"),
    ];
    // No --webhook-url: the simulator learns where to deliver only from `serve`.
    let _sim = Running(
        Command::new(PARLEY)
            .args(["sim", "--scenario", "none", "--listen"])
            .arg(format!("127.0.0.1:{sim_port}"))
            .envs(secrets)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sim"),
    );
    wait_until("the simulator", Duration::from_secs(20), || {
        std::net::TcpStream::connect(("127.0.0.1", sim_port)).is_ok()
    });
    let mut serve = Running(
        Command::new(PARLEY)
            .args(["serve", "--data-dir"])
            .arg(data_dir.path())
            .args(["--listen", &format!("127.0.0.1:{serve_port}")])
            .args([
                "--phone-number-id",
                "100000000000001",
                "--waba-id",
                "200000000000002",
            ])
            .args(["--api-base-url", &format!("http://127.0.0.1:{sim_port}")])
            .args(["--bore-server", &bore.ip.to_string()])
            .envs(secrets)
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve"),
    );

    let stderr = serve.0.stderr.take().expect("serve stderr");
    let registered = line_starting_with(
        stderr,
        "parley: Meta now delivers webhooks to",
        Duration::from_secs(30),
    );
    let through_bore = format!("http://{}:", bore.ip);
    assert!(registered.contains(&through_bore), "{registered}");

    let customer = format!("http://127.0.0.1:{sim_port}/_sim/customers/972501234567/messages");
    http_post(&customer, r#"{"text":"via the tunnel","name":"Dana"}"#)
        .expect("the simulator takes the customer's message");
    wait_until("the message in the export", Duration::from_secs(20), || {
        export(data_dir.path())
            .iter()
            .any(|l| l["type"] == "message" && l["text"] == "via the tunnel")
    });
}

#[test]
fn serve_with_a_tunnel_but_none_saved_says_how_to_choose_one() {
    let data_dir = tempfile::tempdir().expect("tempdir");
    let output = Command::new(PARLEY)
        .args(["serve", "--tunnel", "--data-dir"])
        .arg(data_dir.path())
        .args(["--listen", &format!("127.0.0.1:{}", free_port())])
        .args(["--phone-number-id", "1", "--waba-id", "2"])
        .env("PARLEY_ACCESS_TOKEN", "EAA-x")
        .env("PARLEY_APP_SECRET", "x")
        .env("PARLEY_VERIFY_TOKEN", "x")
        .env_remove("PARLEY_BORE_SERVER")
        .output()
        .expect("run serve");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no tunnel is saved"), "{stderr}");
}

#[test]
fn export_of_a_directory_without_a_database_fails_clearly() {
    let empty = tempfile::tempdir().expect("tempdir");
    let output = Command::new(PARLEY)
        .args(["export", "--data-dir"])
        .arg(empty.path())
        .output()
        .expect("run export");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no Parley database"));
}

#[test]
fn serve_without_secrets_names_what_is_missing() {
    let data_dir = tempfile::tempdir().expect("tempdir");
    let output = Command::new(PARLEY)
        .args(["serve", "--data-dir"])
        .arg(data_dir.path())
        .args(["--listen", &format!("127.0.0.1:{}", free_port())])
        .args(["--phone-number-id", "1", "--waba-id", "2"])
        .env_remove("PARLEY_ACCESS_TOKEN")
        .env_remove("PARLEY_APP_SECRET")
        .env_remove("PARLEY_VERIFY_TOKEN")
        .env(
            "PARLEY_KEYRING_SERVICE",
            format!("dev.parley.test.empty.{}", std::process::id()),
        )
        .output()
        .expect("run serve");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("PARLEY_APP_SECRET"), "{stderr}");
}
