//! Ids that look like Meta's.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use rand::Rng;

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill(&mut bytes[..]);
    bytes
}

/// `wamid.` followed by base64, like the ids Meta gives messages.
pub fn wamid() -> String {
    format!("wamid.{}", STANDARD.encode(random_bytes::<33>()))
}

pub fn fbtrace_id() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<9>())
}

/// A pricing conversation id (32 hex digits).
pub fn conversation_id() -> String {
    random_bytes::<16>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An opaque challenge for the verification handshake.
pub fn challenge() -> String {
    rand::rng()
        .random_range(100_000_000u64..999_999_999)
        .to_string()
}

/// A media id: 16 digits, like Meta's.
pub fn media_id() -> String {
    rand::rng()
        .random_range(1_000_000_000_000_000u64..9_999_999_999_999_999)
        .to_string()
}
