//! The webhook signature check under arbitrary secrets, bodies and headers.
//!
//! Beyond "never panics", three properties that can fail:
//! - a header made by `sign` always verifies for the same secret and body;
//! - `verify` accepts a header only if it is that signature (no forgery passes);
//! - changing one hex digit of a good signature makes it a mismatch.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use parley_whatsapp::signature::{SignatureError, sign, verify};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    secret: &'a [u8],
    body: &'a [u8],
    header: Option<&'a str>,
    /// Which hex digit of a good signature to alter.
    digit_to_alter: usize,
}

fuzz_target!(|input: Input<'_>| {
    let Input {
        secret,
        body,
        header,
        digit_to_alter,
    } = input;

    let verdict = verify(secret, body, header);
    let signed = sign(secret, body);

    // No header passes unless it is the signature itself (hex is case-insensitive and
    // surrounding whitespace is tolerated).
    if verdict.is_ok() {
        let expected = signed.as_ref().expect("verify accepted, so sign must work");
        let given = header.expect("verify accepted without a header").trim();
        assert!(
            given.eq_ignore_ascii_case(expected),
            "verify accepted {given:?}, but the signature is {expected:?}"
        );
    }

    match signed {
        Ok(good) => {
            assert_eq!(verify(secret, body, Some(&good)), Ok(()));

            let hex_start = "sha256=".len();
            let position = hex_start + digit_to_alter % (good.len() - hex_start);
            let mut altered = good.into_bytes();
            altered[position] = if altered[position] == b'0' {
                b'1'
            } else {
                b'0'
            };
            let altered = String::from_utf8(altered).expect("still ASCII");
            assert_eq!(
                verify(secret, body, Some(&altered)),
                Err(SignatureError::Mismatch)
            );
        }
        // The only reason `sign` may refuse is a missing secret.
        Err(e) => {
            assert!(secret.is_empty(), "sign failed with a secret: {e}");
            assert_eq!(e, SignatureError::NoSecret);
        }
    }
});
