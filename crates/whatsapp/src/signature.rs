//! Webhook signatures: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app_secret, body)>`.
//!
//! The HMAC must be computed over the bytes exactly as received: Meta escapes non-ASCII
//! characters as `\uXXXX`, so re-serialised JSON would not match.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The header Meta signs deliveries with.
pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the X-Hub-Signature-256 header is missing")]
    Missing,
    #[error("the X-Hub-Signature-256 header is not of the form sha256=<64 hex digits>")]
    Malformed,
    #[error("the signature does not match the body: wrong app secret, or the body was altered")]
    Mismatch,
    #[error("no app secret is configured, so no delivery can be trusted")]
    NoSecret,
}

fn mac(secret: &[u8], body: &[u8]) -> Result<HmacSha256, SignatureError> {
    if secret.is_empty() {
        return Err(SignatureError::NoSecret);
    }
    let mut mac = HmacSha256::new_from_slice(secret).map_err(|_| SignatureError::NoSecret)?;
    mac.update(body);
    Ok(mac)
}

/// The header value Meta would send for `body`.
pub fn sign(secret: &[u8], body: &[u8]) -> Result<String, SignatureError> {
    let digest = mac(secret, body)?.finalize().into_bytes();
    Ok(format!("sha256={}", hex::encode(digest)))
}

/// Checks a delivery's signature header against its raw body, in constant time.
pub fn verify(secret: &[u8], body: &[u8], header: Option<&str>) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let hex_digest = header
        .trim()
        .strip_prefix("sha256=")
        .ok_or(SignatureError::Malformed)?;
    if hex_digest.len() != 64 {
        return Err(SignatureError::Malformed);
    }
    let expected = hex::decode(hex_digest).map_err(|_| SignatureError::Malformed)?;
    // `verify_slice` compares in constant time.
    mac(secret, body)?
        .verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"app-secret";
    const BODY: &[u8] = br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"text":"\u05e9\u05dc\u05d5\u05dd"}}]}]}"#;

    #[test]
    fn a_signed_body_verifies() {
        let header = sign(SECRET, BODY).expect("sign");
        assert!(header.starts_with("sha256="));
        assert_eq!(verify(SECRET, BODY, Some(&header)), Ok(()));
    }

    #[test]
    fn known_vector_matches_hmac_sha256() {
        // RFC 4231 test case 2.
        let header = sign(b"Jefe", b"what do ya want for nothing?").expect("sign");
        assert_eq!(
            header,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn re_serialised_json_does_not_verify() {
        let header = sign(SECRET, BODY).expect("sign");
        let value: serde_json::Value = serde_json::from_slice(BODY).expect("json");
        let reserialised = serde_json::to_vec(&value).expect("json");
        assert_ne!(reserialised, BODY);
        assert_eq!(
            verify(SECRET, &reserialised, Some(&header)),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn wrong_secret_missing_and_garbled_headers_are_rejected() {
        let header = sign(SECRET, BODY).expect("sign");
        assert_eq!(
            verify(b"other", BODY, Some(&header)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(verify(SECRET, BODY, None), Err(SignatureError::Missing));
        assert_eq!(
            verify(SECRET, BODY, Some("sha1=abc")),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(SECRET, BODY, Some(&format!("sha256={}", "zz".repeat(32)))),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(b"", BODY, Some(&header)),
            Err(SignatureError::NoSecret)
        );
    }
}
