//! Serves the inbox's media files to the desktop window over loopback HTTP.
//!
//! Tauri's asset protocol would be the obvious way, but WebKitGTK hands the URL of an
//! `<audio>` or `<video>` straight to GStreamer, which has no source for an app's custom
//! URI scheme (WebKit bug 146351, tauri#3725): voice notes and videos never load on Linux.
//! Plain HTTP plays everywhere, and its Range requests stream a long video instead of
//! loading it whole.
//!
//! Nothing else on the machine should read a customer's photos through this, so it
//! listens on 127.0.0.1 only, answers only under a random per-process token, and serves
//! only files inside the directories allowed with [`MediaServer::allow_directory`]
//! (checked after resolving symlinks and `..`).

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rand::Rng;
use subtle::ConstantTimeEq;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::services::ServeFile;

pub struct MediaServer {
    base_url: String,
    allowed: Arc<RwLock<Vec<PathBuf>>>,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

struct Shared {
    token: String,
    allowed: Arc<RwLock<Vec<PathBuf>>>,
}

impl MediaServer {
    /// Listens on a free loopback port. Serves nothing until a directory is allowed.
    pub async fn start() -> io::Result<MediaServer> {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let addr = listener.local_addr()?;
        let token = format!("{:032x}", rand::rng().random::<u128>());
        let allowed = Arc::new(RwLock::new(Vec::new()));
        let shared = Arc::new(Shared {
            token: token.clone(),
            allowed: allowed.clone(),
        });
        let app = Router::new()
            .route("/{token}/{*path}", get(serve))
            .with_state(shared);
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serving = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(e) = serving.await {
                tracing::warn!("the media server stopped: {e}");
            }
        });
        Ok(MediaServer {
            base_url: format!("http://{addr}/{token}"),
            allowed,
            shutdown,
            task,
        })
    }

    /// `http://127.0.0.1:PORT/TOKEN`; a file's URL is this, `/`, and its absolute path
    /// percent-encoded as one segment (JavaScript's `encodeURIComponent`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The URL of a file (which is served only if it lies in an allowed directory).
    pub fn url_for(&self, path: &Path) -> String {
        format!(
            "{}/{}",
            self.base_url,
            percent_encode(&path.to_string_lossy())
        )
    }

    /// Serves the files inside `dir` (created if missing) from now on.
    pub fn allow_directory(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let dir = dir.canonicalize()?;
        let mut allowed = self.allowed.write().unwrap_or_else(|e| e.into_inner());
        if !allowed.contains(&dir) {
            allowed.push(dir);
        }
        Ok(())
    }

    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = self.task.await;
    }
}

async fn serve(
    State(shared): State<Arc<Shared>>,
    UrlPath((token, path)): UrlPath<(String, String)>,
    request: Request<Body>,
) -> Response {
    if !bool::from(token.as_bytes().ct_eq(shared.token.as_bytes())) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(file) = allowed_file(&shared, Path::new(&path)).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match ServeFile::new(&file).try_call(request).await {
        Ok(response) => {
            let mut response = response.map(Body::new);
            let headers = response.headers_mut();
            // A customer's file is data to show, never a page to run or a type to guess.
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; sandbox"),
            );
            response
        }
        Err(e) => {
            tracing::warn!("cannot serve {}: {e}", file.display());
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The file, resolved, if it is a regular file inside an allowed directory.
async fn allowed_file(shared: &Shared, path: &Path) -> Option<PathBuf> {
    if !path.is_absolute() {
        return None;
    }
    let resolved = tokio::fs::canonicalize(path).await.ok()?;
    let inside = {
        let allowed = shared.allowed.read().unwrap_or_else(|e| e.into_inner());
        allowed.iter().any(|dir| resolved.starts_with(dir))
    };
    let is_file = tokio::fs::metadata(&resolved).await.ok()?.is_file();
    (inside && is_file).then_some(resolved)
}

/// Like `encodeURIComponent`: everything but unreserved characters, as UTF-8 bytes.
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_encoded_as_one_segment_like_encode_uri_component() {
        assert_eq!(
            percent_encode("/home/dana/media/voice note (1).ogg"),
            "%2Fhome%2Fdana%2Fmedia%2Fvoice%20note%20(1).ogg"
        );
        assert_eq!(percent_encode("שלום.jpg"), "%D7%A9%D7%9C%D7%95%D7%9D.jpg");
        assert_eq!(percent_encode(r"C:\Users\a b"), "C%3A%5CUsers%5Ca%20b");
    }
}
