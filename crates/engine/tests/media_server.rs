//! The loopback server the desktop window loads media from: Range requests for players,
//! and nothing outside the allowed folders or without the token.

use std::path::Path;

use parley_engine::media_server::MediaServer;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_RANGE, CONTENT_TYPE, RANGE};

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
}

fn voice_note_bytes() -> Vec<u8> {
    (0..=255u8).cycle().take(10_000).collect()
}

struct Folders {
    _root: tempfile::TempDir,
    media: std::path::PathBuf,
    private: std::path::PathBuf,
}

fn folders() -> Folders {
    let root = tempfile::tempdir().expect("tempdir");
    let media = root.path().join("media");
    let private = root.path().join("private");
    std::fs::create_dir_all(media.join("inbound")).expect("media");
    std::fs::create_dir_all(&private).expect("private");
    std::fs::write(
        media.join("inbound").join("voice note.ogg"),
        voice_note_bytes(),
    )
    .expect("ogg");
    std::fs::write(private.join("secrets.txt"), "not for the window").expect("secret");
    Folders {
        _root: root,
        media,
        private,
    }
}

async fn get(url: &str) -> reqwest::Response {
    http().get(url).send().await.expect("request")
}

#[tokio::test]
async fn allowed_files_are_served_whole_and_by_range_with_their_type() {
    let folders = folders();
    let server = MediaServer::start().await.expect("start");
    server.allow_directory(&folders.media).expect("allow");
    let url = server.url_for(&folders.media.join("inbound").join("voice note.ogg"));

    let whole = get(&url).await;
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.headers()[CONTENT_TYPE], "audio/ogg");
    assert_eq!(whole.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        whole.bytes().await.expect("body").as_ref(),
        voice_note_bytes()
    );

    let part = http()
        .get(&url)
        .header(RANGE, "bytes=100-199")
        .send()
        .await
        .expect("range");
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.headers()[CONTENT_RANGE], "bytes 100-199/10000");
    assert_eq!(
        part.bytes().await.expect("body").as_ref(),
        &voice_note_bytes()[100..200]
    );
    server.stop().await;
}

#[tokio::test]
async fn nothing_is_served_without_the_token_or_outside_the_allowed_folders() {
    let folders = folders();
    let server = MediaServer::start().await.expect("start");
    let file = folders.media.join("inbound").join("voice note.ogg");
    assert_eq!(
        get(&server.url_for(&file)).await.status(),
        StatusCode::NOT_FOUND,
        "not yet allowed"
    );
    server.allow_directory(&folders.media).expect("allow");

    let base = server.base_url();
    let other_last_digit = if base.ends_with('0') { "1" } else { "0" };
    let wrong_base = format!("{}{other_last_digit}", &base[..base.len() - 1]);
    let wrong_token = server.url_for(&file).replacen(base, &wrong_base, 1);
    assert_eq!(get(&wrong_token).await.status(), StatusCode::NOT_FOUND);

    let outside = folders.private.join("secrets.txt");
    let escaping = folders.media.join("..").join("private").join("secrets.txt");
    let missing = folders.media.join("inbound").join("gone.jpg");
    for path in [&outside, &escaping, &missing, &folders.media] {
        assert_eq!(
            get(&server.url_for(path)).await.status(),
            StatusCode::NOT_FOUND,
            "{}",
            path.display()
        );
    }
    let relative = format!("{}/{}", server.base_url(), "inbound%2Fvoice%20note.ogg");
    assert_eq!(get(&relative).await.status(), StatusCode::NOT_FOUND);
    server.stop().await;
}

#[cfg(unix)]
#[tokio::test]
async fn a_symlink_out_of_the_media_folder_is_not_followed() {
    let folders = folders();
    let server = MediaServer::start().await.expect("start");
    server.allow_directory(&folders.media).expect("allow");
    let link = folders.media.join("inbound").join("photo.jpg");
    std::os::unix::fs::symlink(folders.private.join("secrets.txt"), &link).expect("symlink");
    assert_eq!(
        get(&server.url_for(Path::new(&link))).await.status(),
        StatusCode::NOT_FOUND
    );
    server.stop().await;
}
