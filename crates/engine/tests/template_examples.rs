//! Header examples for Meta's review go up with Meta's resumable upload, which is
//! addressed to the account's Meta app: the app id comes from the account settings, and
//! without one nothing is read or sent.

#[allow(dead_code)]
mod support;

use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use parley_core::AgentId;
use parley_engine::EngineError;
use parley_engine::templates::TemplateError;
use support::{Rig, rig_with, sim_account};

const OWNER: AgentId = AgentId(1);
const APP_ID: &str = "1234567890123456";
/// A PNG's signature and then some: the simulator keeps whatever bytes arrive.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\nParley header example";

/// Stands between the engine and the simulator and notes every request's method and
/// path, so a test can see which app an upload was addressed to.
#[derive(Default)]
struct Recorder {
    target: OnceLock<String>,
    seen: Mutex<Vec<String>>,
    http: reqwest::Client,
}

impl Recorder {
    fn seen(&self) -> Vec<String> {
        self.seen.lock().expect("recorder lock").clone()
    }

    fn uploads(&self) -> Vec<String> {
        self.seen()
            .into_iter()
            .filter(|r| r.ends_with("/uploads"))
            .collect()
    }
}

async fn forward(
    State(recorder): State<Arc<Recorder>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    recorder
        .seen
        .lock()
        .expect("recorder lock")
        .push(format!("{method} {}", uri.path()));
    let target = recorder.target.get().expect("the simulator's address");
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let method = reqwest::Method::from_bytes(method.as_str().as_bytes()).expect("method");
    let mut request = recorder
        .http
        .request(method, format!("{target}{path}"))
        .body(body);
    for (name, value) in &headers {
        if name != axum::http::header::HOST && name != axum::http::header::CONTENT_LENGTH {
            request = request.header(name.as_str(), value.as_bytes());
        }
    }
    let Ok(answer) = request.send().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = StatusCode::from_u16(answer.status().as_u16()).expect("status");
    let content_type = answer
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .to_owned();
    let bytes = answer.bytes().await.unwrap_or_default();
    (
        status,
        [(axum::http::header::CONTENT_TYPE, content_type)],
        bytes,
    )
        .into_response()
}

/// The engine and the simulator with the recorder between them; `app_id` as saved in
/// the account settings.
async fn rig(app_id: Option<&str>) -> (Rig, Arc<Recorder>) {
    let recorder = Arc::new(Recorder::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let app = axum::Router::new()
        .fallback(forward)
        .with_state(recorder.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let app_id = app_id.map(str::to_owned);
    let target = recorder.clone();
    let rig = rig_with(move |sim| {
        target
            .target
            .set(sim.base_url().to_owned())
            .expect("set once");
        let (mut settings, token) = sim_account(sim);
        settings.api_base_url = format!("http://{address}");
        settings.app_id = app_id;
        (settings.normalized().expect("valid settings"), token)
    })
    .await;
    (rig, recorder)
}

fn example_file(rig: &Rig) -> std::path::PathBuf {
    let path = rig.dir.path().join("shop_front.png");
    std::fs::write(&path, PNG).expect("write the example");
    path
}

#[tokio::test]
async fn a_live_upload_is_addressed_to_the_configured_meta_app() {
    let (rig, recorder) = rig(Some(APP_ID)).await;
    let path = example_file(&rig);
    let handle = rig
        .engine
        .upload_header_example(OWNER, &path)
        .await
        .expect("uploaded");
    assert_eq!(
        recorder.uploads(),
        vec![format!("POST /v26.0/{APP_ID}/uploads")],
        "every request: {:?}",
        recorder.seen()
    );
    assert_eq!(
        rig.sim.uploaded_template_media(&handle).as_deref(),
        Some(PNG),
        "the simulator holds the file under the handle the engine answered"
    );
    rig.shutdown().await;
}

#[tokio::test]
async fn without_an_app_id_the_upload_is_refused_in_plain_words_and_nothing_is_sent() {
    let (rig, recorder) = rig(None).await;
    let path = example_file(&rig);
    let err = rig
        .engine
        .upload_header_example(OWNER, &path)
        .await
        .expect_err("no app id to address the upload to");
    assert!(
        matches!(err, EngineError::Template(TemplateError::AppIdMissing)),
        "{err:?}"
    );
    let words = err.to_string();
    assert!(words.contains("Settings → Account"), "{words}");
    assert!(words.contains("App ID"), "{words}");
    assert!(recorder.uploads().is_empty(), "{:?}", recorder.seen());
    // The file is untouched: nothing was lost by the refusal.
    assert_eq!(std::fs::read(&path).expect("still there"), PNG);
    rig.shutdown().await;
}
