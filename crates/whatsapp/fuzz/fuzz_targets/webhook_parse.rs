//! Arbitrary bytes into the webhook parser: whatever Meta (or anyone who can reach the
//! receiver) sends, `parse` returns a value or an error and never panics.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let _ = parley_whatsapp::webhook::parse(body);
});
