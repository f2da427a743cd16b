//! cloudflared tunnels against fake `cloudflared` shell scripts, which record their pid,
//! argv and `TUNNEL_TOKEN` into files and print what the real one prints.
//!
//! The scripts are passed through the `StartOptions::cloudflared_program` hook instead of
//! being put first on PATH, because tests run in parallel and PATH is process-wide.
#![cfg(unix)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use parley_core::account::Secret;
use parley_tunnel::{
    CloudflaredNamed, StartOptions, Tunnel, TunnelConfig, TunnelError, TunnelKind, TunnelState,
};

const LOCAL: &str = "127.0.0.1:8080";
const QUICK_URL: &str = "https://seasonal-deck-organisms-sf.trycloudflare.com";
const NAMED_TOKEN: &str = "eyJhIjoiMGM5ZTRmYjQ2NzQxIiwidCI6IjdmZGQ1ZDM1IiwicyI6Ik5UQmlaVEUifQ==";

/// What cloudflared 2025.x prints on stderr for a quick tunnel, up to its first connection.
const QUICK_BANNER: &str = r#"2026-03-01T10:00:00Z INF Thank you for trying Cloudflare Tunnel. Doing so, without a Cloudflare account, is a quick way to experiment and try it out. However, be aware that these account-less Tunnels have no uptime guarantee, are subject to the Cloudflare Online Services Terms of Use (https://www.cloudflare.com/website-terms/), and Cloudflare reserves the right to investigate your use of Tunnels for violations of such terms. If you intend to use Tunnels in production you should use a pre-created named tunnel by following: https://developers.cloudflare.com/cloudflare-one/connections/connect-apps
2026-03-01T10:00:00Z INF Requesting new quick Tunnel on trycloudflare.com...
2026-03-01T10:00:01Z INF +--------------------------------------------------------------------------------------------+
2026-03-01T10:00:01Z INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |
2026-03-01T10:00:01Z INF |  https://seasonal-deck-organisms-sf.trycloudflare.com                                      |
2026-03-01T10:00:01Z INF +--------------------------------------------------------------------------------------------+
2026-03-01T10:00:01Z INF Cannot determine default configuration path. No file [config.yml config.yaml] in [~/.cloudflared ~/.cloudflare-warp ~/cloudflare-warp /etc/cloudflared /usr/local/etc/cloudflared]
2026-03-01T10:00:01Z INF Version 2025.8.1 (Checksum 4b3f6a9c)
2026-03-01T10:00:01Z INF GOOS: linux, GOVersion: go1.24.4, GoArch: amd64
2026-03-01T10:00:01Z INF Settings: map[ha-connections:1 no-autoupdate:true protocol:quic url:http://127.0.0.1:8080]
2026-03-01T10:00:01Z INF Generated Connector ID: 6b1d2f0e-3c4a-4d5e-9f60-718293a4b5c6
2026-03-01T10:00:01Z INF Initial protocol quic
2026-03-01T10:00:01Z INF Starting metrics server on 127.0.0.1:20241/metrics"#;

const REGISTERED: &str = "2026-03-01T10:00:02Z INF Registered tunnel connection connIndex=0 connection=0c9e4fb4-6741-4a5e-8d39-2b7a1f0e6c55 event=0 ip=198.41.200.13 location=ams08 protocol=quic";

/// A fake `cloudflared` in its own temp dir.
struct FakeCloudflared {
    dir: tempfile::TempDir,
    program: PathBuf,
}

impl FakeCloudflared {
    /// `body` runs after the script has recorded its pid, argv and `TUNNEL_TOKEN`.
    fn new(body: &str) -> FakeCloudflared {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("cloudflared");
        let record = dir.path().display();
        let script = format!(
            "#!/bin/sh\n\
             echo $$ > '{record}/pid'\n\
             printf '%s\\n' \"$*\" > '{record}/args'\n\
             printf '%s\\n' \"${{TUNNEL_TOKEN-unset}}\" > '{record}/token'\n\
             {body}\n"
        );
        std::fs::write(&program, script).unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        FakeCloudflared { dir, program }
    }

    /// Prints `stderr` and then sleeps as the same process (so its pid is the one to kill).
    fn printing_then_sleeping(stderr: &str) -> FakeCloudflared {
        Self::new(&format!("cat >&2 <<'EOF'\n{stderr}\nEOF\nexec sleep 600"))
    }

    fn recorded(&self, name: &str) -> Option<String> {
        let text = std::fs::read_to_string(self.dir.path().join(name)).ok()?;
        Some(text.trim_end().to_owned())
    }

    fn pid(&self) -> u32 {
        self.recorded("pid")
            .expect("the fake ran")
            .parse()
            .expect("a pid")
    }

    async fn start(&self, named: Option<CloudflaredNamed>) -> Result<Tunnel, TunnelError> {
        self.start_within(named, Duration::from_secs(10)).await
    }

    async fn start_within(
        &self,
        named: Option<CloudflaredNamed>,
        start_timeout: Duration,
    ) -> Result<Tunnel, TunnelError> {
        const ETXTBSY: i32 = 26;
        let local: SocketAddr = LOCAL.parse().unwrap();
        for _attempt in 0..20 {
            let options = StartOptions {
                cloudflared_program: Some(self.program.clone()),
                start_timeout: Some(start_timeout),
                ..StartOptions::default()
            };
            let config = TunnelConfig::Cloudflared {
                named: named.clone(),
            };
            match Tunnel::start_with(config, local, options).await {
                // Another test thread forking while this script was open for writing keeps
                // a writable copy of its fd alive until that child execs; try again.
                Err(TunnelError::CloudflaredSpawn { source, .. })
                    if source.raw_os_error() == Some(ETXTBSY) =>
                {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                outcome => return outcome,
            }
        }
        panic!("the fake cloudflared stayed busy");
    }
}

fn process_exists(pid: u32) -> bool {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("kill -0 {pid} 2>/dev/null"))
        .status()
        .expect("sh runs")
        .success()
}

async fn wait_until_gone(pid: u32) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if !process_exists(pid) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

fn named(hostname: &str, token: &str) -> Option<CloudflaredNamed> {
    Some(CloudflaredNamed {
        token: Secret::new(token),
        hostname: hostname.to_owned(),
    })
}

#[tokio::test]
async fn a_quick_tunnel_comes_online_with_the_url_from_its_banner_and_stop_kills_it() {
    let fake = FakeCloudflared::printing_then_sleeping(&format!("{QUICK_BANNER}\n{REGISTERED}"));
    let tunnel = fake.start(None).await.expect("quick tunnel starts");

    assert_eq!(tunnel.public_url(), QUICK_URL);
    assert_eq!(tunnel.webhook_url(), format!("{QUICK_URL}/webhook"));
    let mut state = tunnel.state();
    assert_eq!(
        *state.borrow_and_update(),
        TunnelState::Online {
            public_url: QUICK_URL.to_owned()
        }
    );
    assert_eq!(
        fake.recorded("args").unwrap(),
        "tunnel --no-autoupdate --url http://127.0.0.1:8080"
    );
    assert_eq!(fake.recorded("token").unwrap(), "unset");

    let pid = fake.pid();
    assert!(process_exists(pid));
    tunnel.stop().await;
    assert!(
        !process_exists(pid),
        "cloudflared is killed and reaped by the time stop() returns"
    );
    assert_eq!(*state.borrow_and_update(), TunnelState::Stopped);
}

#[tokio::test]
async fn a_registration_logged_before_the_banner_still_counts() {
    let fake = FakeCloudflared::printing_then_sleeping(&format!("{REGISTERED}\n{QUICK_BANNER}"));
    let tunnel = fake.start(None).await.expect("quick tunnel starts");
    assert_eq!(tunnel.public_url(), QUICK_URL);
    tunnel.stop().await;
}

#[tokio::test]
async fn a_quick_tunnel_is_not_online_before_a_connection_registers() {
    let fake = FakeCloudflared::printing_then_sleeping(QUICK_BANNER);
    let started = Instant::now();
    let error = fake
        .start_within(None, Duration::from_millis(1500))
        .await
        .expect_err("no connection was registered");

    assert!(started.elapsed() < Duration::from_secs(5));
    let TunnelError::Timeout {
        kind, last_output, ..
    } = &error
    else {
        panic!("expected a timeout, got {error:?}");
    };
    assert_eq!(*kind, TunnelKind::Cloudflared);
    assert!(last_output.contains(QUICK_URL), "{last_output}");
    assert!(error.to_string().contains("did not come online"), "{error}");
    assert!(
        !process_exists(fake.pid()),
        "a timed-out cloudflared is not left running"
    );
}

#[tokio::test]
async fn cloudflared_exiting_during_start_is_an_error_with_its_last_words() {
    let fake = FakeCloudflared::new(
        "echo '2026-03-01T10:00:00Z INF Requesting new quick Tunnel on trycloudflare.com...' >&2\n\
         echo '2026-03-01T10:00:05Z ERR failed to request quick Tunnel: Post \"https://api.trycloudflare.com/tunnel\": dial tcp: lookup api.trycloudflare.com: no such host' >&2\n\
         exit 1",
    );
    let error = fake.start(None).await.expect_err("cloudflared exited");

    let TunnelError::CloudflaredExited {
        status,
        last_output,
    } = &error
    else {
        panic!("expected CloudflaredExited, got {error:?}");
    };
    assert!(status.contains('1'), "{status}");
    assert!(last_output.contains("no such host"), "{last_output}");
    let message = error.to_string();
    assert!(message.contains("cloudflared stopped before the tunnel came online"));
    assert!(message.contains("no such host"), "{message}");
}

#[tokio::test]
async fn cloudflared_dying_later_turns_the_state_failed_with_its_output() {
    let fake = FakeCloudflared::new(&format!(
        "cat >&2 <<'EOF'\n{QUICK_BANNER}\n{REGISTERED}\nEOF\n\
         sleep 1\n\
         echo '2026-03-01T10:00:09Z ERR Connection terminated error=\"the tunnel was deleted\"' >&2\n\
         exit 7"
    ));
    let tunnel = fake.start(None).await.expect("quick tunnel starts");
    let mut state = tunnel.state();

    let failed = tokio::time::timeout(
        Duration::from_secs(10),
        state.wait_for(|state| matches!(state, TunnelState::Failed { .. })),
    )
    .await
    .expect("the exit is reported")
    .expect("the tunnel still exists")
    .clone();
    let TunnelState::Failed { error } = failed else {
        unreachable!()
    };
    assert!(error.contains("cloudflared exited"), "{error}");
    assert!(error.contains('7'), "{error}");
    assert!(error.contains("the tunnel was deleted"), "{error}");

    tunnel.stop().await;
    assert_eq!(*state.borrow_and_update(), TunnelState::Stopped);
}

#[tokio::test]
async fn a_named_tunnel_gets_its_token_from_the_environment_not_argv() {
    let fake = FakeCloudflared::printing_then_sleeping(&format!(
        "2026-03-01T10:00:00Z INF Starting tunnel tunnelID=7fdd5d35-0c9e-4fb4-8741-2b7a1f0e6c55\n{REGISTERED}"
    ));
    let tunnel = fake
        .start(named(" https://Hooks.Example.com/ ", NAMED_TOKEN))
        .await
        .expect("named tunnel starts");

    assert_eq!(tunnel.public_url(), "https://hooks.example.com");
    assert_eq!(tunnel.webhook_url(), "https://hooks.example.com/webhook");
    assert_eq!(fake.recorded("token").unwrap(), NAMED_TOKEN);
    let args = fake.recorded("args").unwrap();
    assert_eq!(args, "tunnel --no-autoupdate run");
    assert!(!args.contains(NAMED_TOKEN));
    tunnel.stop().await;
}

#[tokio::test]
async fn a_token_echoed_by_cloudflared_is_redacted_from_errors() {
    let fake = FakeCloudflared::new(
        "echo \"2026-03-01T10:00:00Z ERR Provided Tunnel token is not valid: $TUNNEL_TOKEN\" >&2\n\
         exit 1",
    );
    let error = fake
        .start(named("hooks.example.com", NAMED_TOKEN))
        .await
        .expect_err("cloudflared refused the token");
    let message = error.to_string();
    assert!(message.contains("token is not valid"), "{message}");
    assert!(message.contains("[redacted]"), "{message}");
    assert!(!message.contains(NAMED_TOKEN), "{message}");
    assert!(!format!("{error:?}").contains(NAMED_TOKEN));
}

#[tokio::test]
async fn a_bad_named_tunnel_config_is_refused_without_starting_cloudflared() {
    let fake = FakeCloudflared::printing_then_sleeping(REGISTERED);

    let with_path = fake
        .start(named("https://hooks.example.com/webhook", NAMED_TOKEN))
        .await
        .expect_err("a path is not a hostname");
    assert!(
        matches!(with_path, TunnelError::InvalidHost { .. }),
        "{with_path:?}"
    );
    assert!(with_path.to_string().contains("without a path"));

    let pasted_command = fake
        .start(named(
            "hooks.example.com",
            &format!("sudo cloudflared service install {NAMED_TOKEN}"),
        ))
        .await
        .expect_err("a command is not a token");
    assert!(
        matches!(pasted_command, TunnelError::CloudflaredTokenMalformed(_)),
        "{pasted_command:?}"
    );

    let empty = fake
        .start(named("hooks.example.com", "  "))
        .await
        .expect_err("no token");
    assert!(matches!(empty, TunnelError::CloudflaredTokenMissing));

    assert_eq!(fake.recorded("pid"), None, "the fake never ran");
}

#[tokio::test]
async fn dropping_the_tunnel_kills_cloudflared() {
    let fake = FakeCloudflared::printing_then_sleeping(&format!("{QUICK_BANNER}\n{REGISTERED}"));
    let tunnel = fake.start(None).await.expect("quick tunnel starts");
    let pid = fake.pid();
    assert!(process_exists(pid));

    drop(tunnel);

    assert!(
        wait_until_gone(pid).await,
        "cloudflared {pid} survived the drop"
    );
}

#[tokio::test]
async fn a_missing_cloudflared_binary_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let options = StartOptions {
        cloudflared_program: Some(dir.path().join("cloudflared")),
        ..StartOptions::default()
    };
    let error = Tunnel::start_with(
        TunnelConfig::Cloudflared { named: None },
        LOCAL.parse().unwrap(),
        options,
    )
    .await
    .expect_err("there is no such program");
    assert!(
        matches!(error, TunnelError::CloudflaredNotFound),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("cloudflared is not installed or not on PATH"),
        "{message}"
    );
}

#[tokio::test]
async fn without_cloudflared_installed_the_public_api_says_so() {
    if parley_tunnel::cloudflared_on_path() {
        // A real cloudflared would open a real quick tunnel; this check is for machines
        // without one (like CI).
        return;
    }
    let error = Tunnel::start(
        TunnelConfig::Cloudflared { named: None },
        LOCAL.parse().unwrap(),
    )
    .await
    .expect_err("cloudflared is not installed");
    assert!(
        matches!(error, TunnelError::CloudflaredNotFound),
        "{error:?}"
    );
}
