use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};

use super::*;

#[derive(Default)]
struct Seen {
    path: String,
    authorization: Option<String>,
    body: Vec<u8>,
}

type Shared = Arc<Mutex<Seen>>;

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

fn client(base_url: &str, http: reqwest::Client) -> CloudClient {
    let mut settings = AccountSettings::new("106540352242922", "419561257915477");
    settings.api_base_url = base_url.to_owned();
    CloudClient::new(http, &settings, Secret::new("EAAG-token"))
}

fn record(seen: &Shared, path: String, headers: &HeaderMap, body: Bytes) {
    let mut seen = seen.lock().expect("lock");
    seen.path = path;
    seen.authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    seen.body = body.to_vec();
}

#[tokio::test]
async fn send_posts_metas_shape_with_the_bearer_token() {
    let seen = Shared::default();
    let router = Router::new()
        .route(
            "/{version}/{phone}/messages",
            post(
                |State(seen): State<Shared>,
                 Path((version, phone)): Path<(String, String)>,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    record(&seen, format!("/{version}/{phone}/messages"), &headers, body);
                    (
                        StatusCode::OK,
                        r#"{"messaging_product":"whatsapp","contacts":[{"input":"972501234567","wa_id":"972501234567"}],"messages":[{"id":"wamid.X"}]}"#,
                    )
                },
            ),
        )
        .with_state(seen.clone());
    let base = serve(router).await;
    let response = client(&base, http_client())
        .send_message(
            "106540352242922",
            &SendMessageRequest::text("972501234567", "שלום"),
        )
        .await
        .expect("send");
    assert_eq!(response.messages[0].id, "wamid.X");

    let seen = seen.lock().expect("lock");
    assert_eq!(seen.path, "/v26.0/106540352242922/messages");
    assert_eq!(seen.authorization.as_deref(), Some("Bearer EAAG-token"));
    let body: serde_json::Value = serde_json::from_slice(&seen.body).expect("json");
    assert_eq!(
        body,
        serde_json::json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "972501234567",
            "type": "text",
            "text": {"body": "שלום", "preview_url": false}
        })
    );
}

#[tokio::test]
async fn graph_errors_are_decoded_with_code_and_details() {
    let router = Router::new().route(
        "/{version}/{phone}/messages",
        post(|| async {
            (
                StatusCode::UNAUTHORIZED,
                r#"{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463,"error_data":{"details":"expired"},"fbtrace_id":"AX"}}"#,
            )
        }),
    );
    let base = serve(router).await;
    let err = client(&base, http_client())
        .send_message("1", &SendMessageRequest::text("2", "hi"))
        .await
        .expect_err("must fail");
    let ApiError::Graph { http_status, error } = err else {
        panic!("expected a graph error, got {err:?}");
    };
    assert_eq!(http_status, 401);
    assert_eq!(error.code, 190);
    assert_eq!(error.error_subcode, Some(463));
    assert_eq!(error.details(), Some("expired"));
}

#[tokio::test]
async fn an_html_error_page_is_unexpected_not_a_crash() {
    let router = Router::new().route(
        "/{version}/{phone}",
        get(|| async { (StatusCode::BAD_GATEWAY, "<html>502 Bad Gateway</html>") }),
    );
    let base = serve(router).await;
    let err = client(&base, http_client())
        .phone_number_info("1")
        .await
        .expect_err("must fail");
    assert!(
        matches!(&err, ApiError::Unexpected { http_status: 502, body } if body.contains("502")),
        "{err:?}"
    );
    assert_eq!(err.http_status(), Some(502));
}

#[tokio::test]
async fn a_closed_port_is_unreachable_so_retrying_is_safe() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let err = client(&format!("http://{addr}"), http_client())
        .send_message("1", &SendMessageRequest::text("2", "hi"))
        .await
        .expect_err("must fail");
    assert!(matches!(err, ApiError::Unreachable(_)), "{err:?}");
}

#[tokio::test]
async fn a_silent_server_is_no_answer_so_the_outcome_is_unknown() {
    let router = Router::new().route(
        "/{version}/{phone}/messages",
        post(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "late"
        }),
    );
    let base = serve(router).await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");
    let err = client(&base, http)
        .send_message("1", &SendMessageRequest::text("2", "hi"))
        .await
        .expect_err("must fail");
    assert!(matches!(err, ApiError::NoAnswer(_)), "{err:?}");
}

#[tokio::test]
async fn phone_number_info_asks_for_the_health_fields() {
    let seen = Shared::default();
    let router = Router::new()
        .route(
            "/{version}/{phone}",
            get(
                |State(seen): State<Shared>,
                 axum::extract::RawQuery(query): axum::extract::RawQuery| async move {
                    seen.lock().expect("lock").path = query.unwrap_or_default();
                    r#"{"id":"1","display_phone_number":"+1 555-555-5555","verified_name":"Jaspers Market","quality_rating":"GREEN"}"#
                },
            ),
        )
        .with_state(seen.clone());
    let base = serve(router).await;
    let info = client(&base, http_client())
        .phone_number_info("1")
        .await
        .expect("info");
    assert_eq!(info.verified_name.as_deref(), Some("Jaspers Market"));
    assert_eq!(info.quality_rating.as_deref(), Some("GREEN"));
    assert!(seen.lock().expect("lock").path.contains("quality_rating"));
}

#[test]
fn sha256_is_accepted_in_hex_or_base64() {
    use sha2::Digest;
    let digest: [u8; 32] = sha2::Sha256::digest(b"voice note").into();
    let hex = hex::encode(digest);
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
    assert!(sha256_matches(&hex, &digest));
    assert!(sha256_matches(&hex.to_uppercase(), &digest));
    assert!(sha256_matches(&b64, &digest));
    assert!(sha256_matches(b64.trim_end_matches('='), &digest));
    assert!(!sha256_matches(
        "SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=",
        &digest
    ));
}

#[tokio::test]
async fn a_download_past_its_limit_stops_and_leaves_no_file() {
    let router = Router::new().route("/file", get(|| async { vec![7u8; 64 * 1024] }));
    let base = serve(router).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let dest = dir.path().join("media.bin");
    let client = client(&base, http_client());
    let err = client
        .download_media(&format!("{base}/file"), &dest, 1024)
        .await
        .expect_err("over the limit");
    assert!(
        matches!(err, DownloadError::TooLarge { limit: 1024 }),
        "{err:?}"
    );
    assert!(!dest.exists());

    let ok = client
        .download_media(&format!("{base}/file"), &dest, 1024 * 1024)
        .await
        .expect("within the limit");
    assert_eq!(ok.size, 64 * 1024);
    assert_eq!(std::fs::read(&dest).expect("file").len(), 64 * 1024);
}
