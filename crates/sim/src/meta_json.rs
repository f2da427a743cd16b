//! JSON encoded the way Meta's webhooks are: non-ASCII characters as `\uXXXX` escapes
//! and `/` as `\/`. A receiver that re-serialises the body before checking the signature
//! fails against this, exactly as it would against Meta.

use serde::Serialize;

pub fn to_vec<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising our own plain data types cannot fail.
    let plain = serde_json::to_string(value).unwrap_or_default();
    escape(&plain).into_bytes()
}

/// Rewrites serialised JSON. Non-ASCII characters and `/` can only occur inside string
/// literals, so escaping them everywhere keeps the document valid and equal in value.
fn escape(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    for c in json.chars() {
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_meta_and_stays_equal_in_value() {
        let value = serde_json::json!({"text": "שלום 👍 https://x.y/z", "n": 1});
        let bytes = to_vec(&value);
        let text = String::from_utf8(bytes.clone()).expect("ascii");
        assert!(text.is_ascii());
        assert!(text.contains("\\u05e9"));
        assert!(
            text.contains("\\ud83d\\udc4d"),
            "astral characters become surrogate pairs"
        );
        assert!(text.contains("https:\\/\\/x.y\\/z"));
        let back: serde_json::Value = serde_json::from_slice(&bytes).expect("valid json");
        assert_eq!(back, value);
    }
}
