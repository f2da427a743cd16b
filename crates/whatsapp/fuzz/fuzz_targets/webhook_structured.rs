//! Structure-aware fuzzing of the webhook parser.
//!
//! Random bytes almost never get past JSON syntax, so this target spends the fuzzer's
//! input on *choices*: it grows a delivery shaped like Meta's (object, entry, changes,
//! field, value, messages of every kind, statuses, errors, contacts, account notices)
//! where any field may be missing, repeated, of the wrong type, a huge or negative or
//! fractional number, null, an array, or a deeply nested value, and writes it out as
//! JSON text by hand. Writing the text ourselves (rather than through
//! `serde_json::Value`) lets numbers like `1e400`, `-0` or 40-digit integers, duplicate
//! keys, `\u` escapes and lone surrogates reach the parser exactly as a sender could put
//! them on the wire. Those syntax-level oddities are rare on purpose: one of them
//! anywhere makes the whole body a JSON error, and the point is to reach the fields.
//!
//! The property is the parser's contract: it returns, and never panics.

#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Meta's message types, plus ones Parley has never heard of.
const MESSAGE_KINDS: &[&str] = &[
    "text",
    "image",
    "audio",
    "voice",
    "video",
    "document",
    "sticker",
    "location",
    "contacts",
    "interactive",
    "button",
    "reaction",
    "order",
    "system",
    "edit",
    "revoke",
    "unsupported",
    "unknown",
    "hologram",
];

/// `field`s of changes: messages, account and template notices, and made-up ones.
const CHANGE_FIELDS: &[&str] = &[
    "messages",
    "account_update",
    "phone_number_quality_update",
    "message_template_status_update",
    "message_template_quality_update",
    "template_category_update",
    "user_preferences",
    "account_alerts",
    "security",
    "",
    "MESSAGES",
];

/// Keys found inside message contents and notices, so nested objects hit the paths the
/// parser reads (`/interactive/button_reply/id`, `/location/latitude`, ...).
const CONTENT_KEYS: &[&str] = &[
    "body",
    "caption",
    "id",
    "mime_type",
    "sha256",
    "filename",
    "file_size",
    "url",
    "voice",
    "animated",
    "latitude",
    "longitude",
    "name",
    "address",
    "emoji",
    "message_id",
    "type",
    "button_reply",
    "list_reply",
    "nfm_reply",
    "title",
    "description",
    "response_json",
    "payload",
    "text",
    "catalog_id",
    "product_items",
    "product_retailer_id",
    "quantity",
    "item_price",
    "currency",
    "new_wa_id",
    "wa_id",
    "original_message_id",
    "message",
    "phones",
    "emails",
    "phone",
    "email",
    "org",
    "company",
    "first_name",
    "last_name",
    "formatted_name",
    "source_url",
    "source_id",
    "source_type",
    "headline",
    "media_type",
    "image_url",
    "video_url",
    "ctwa_clid",
    "referred_product",
    "event",
    "reason",
    "message_template_id",
    "message_template_name",
    "message_template_language",
    "previous_quality_score",
    "new_quality_score",
    "current_limit",
    "max_daily_conversations_per_business",
    "ban_info",
    "waba_ban_state",
    "restriction_info",
    "restriction_type",
    "violation_info",
    "violation_type",
    "rejection_info",
    "recommendation",
    "other_info",
    "previous_category",
    "new_category",
    "correct_category",
    "category",
    "detail",
    "user_preferences",
    "marketing_messages",
    "timestamp",
    "stop",
    "resume",
    "value",
    "forwarded",
    "frequently_forwarded",
    "from_user_id",
];

/// Strings with meaning to the parser: type names, field names, numbers as text.
const INTERESTING_STRINGS: &[&str] = &[
    "",
    "whatsapp_business_account",
    "page",
    "messages",
    "text",
    "image",
    "button_reply",
    "list_reply",
    "nfm_reply",
    "customer_changed_number",
    "user_changed_number",
    "sent",
    "delivered",
    "read",
    "failed",
    "deleted",
    "APPROVED",
    "REJECTED",
    "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
    "16505551234",
    "106540352242922",
    "1749416383",
    " 1749416383 ",
    "-1",
    "0",
    "253402300799",
    "253402300800",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "1e3",
    "NaN",
    "{\"not\":\"parsed\"}",
    "שלום",
    "مرحبا",
    "\u{0}",
    "\u{feff}",
];

/// Numbers as JSON text that serde_json reads, including ones `i64` and `u64` cannot
/// hold (they become floats) and floats that saturate when cast to integers.
const INTERESTING_NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-0.0",
    "1749416383",
    "1749416383.999",
    "-1",
    "253402300799",
    "253402300800",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "123456789012345678901234567890",
    "1e300",
    "-1e300",
    "1.7976931348623157e308",
    "4.9e-324",
    "1e-400",
    "131047",
    "131026",
];

/// Numbers serde_json refuses ("number out of range"): the whole body is then an error.
const OVERFLOWING_NUMBERS: &[&str] = &["1e309", "1e400", "-1e400", "1e999"];

/// Deeper than serde_json's recursion limit (128), so both sides of it are exercised.
const MAX_DEPTH: u32 = 140;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let mut body = Vec::new();
    // Running out of input just ends the document early; whatever was written is
    // still worth parsing.
    let _ = delivery(&mut u, &mut body);
    let _ = parley_whatsapp::webhook::parse(&body);
});

/// How often a part is missing or of the wrong type. The skeleton (delivery, entry,
/// change) is wrong rarely: each mistake there ends parsing at once, and those paths are
/// shallow. Below it, in what `parse` interprets, wrong is common.
#[derive(Clone, Copy)]
enum Oddness {
    Skeleton,
    Content,
}

impl Oddness {
    /// `ratio` arguments for "as expected".
    fn usual(self) -> (u32, u32) {
        match self {
            Oddness::Skeleton => (63, 64),
            Oddness::Content => (7, 8),
        }
    }
}

// A note on `Unstructured::ratio`: once the input is used up it answers `true`, so the
// `true` branch is always the well-formed one and an exhausted input still ends as a
// delivery rather than as noise.

/// A whole delivery, usually with Meta's top-level shape.
fn delivery(u: &mut Unstructured, out: &mut Vec<u8>) -> Result<()> {
    if !u.ratio(63, 64)? {
        return any_value(u, out, 0);
    }
    let expected = ["object", "entry"];
    object(
        u,
        out,
        0,
        Oddness::Skeleton,
        &expected,
        |u, out, key| match key {
            "object" => {
                if u.ratio(15, 16)? {
                    string(out, "whatsapp_business_account");
                    Ok(())
                } else if u.ratio(15, 16)? {
                    let text = string_content(u)?;
                    string(out, &text);
                    Ok(())
                } else {
                    any_value(u, out, 1)
                }
            }
            "entry" => array_of(u, out, 1, Oddness::Skeleton, 3, entry),
            _ => any_value(u, out, 1),
        },
    )
}

fn entry(u: &mut Unstructured, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    let expected = ["id", "changes"];
    object(
        u,
        out,
        depth,
        Oddness::Skeleton,
        &expected,
        |u, out, key| match key {
            "id" => maybe_string(u, out, depth + 1),
            "changes" => array_of(u, out, depth + 1, Oddness::Skeleton, 3, change),
            _ => any_value(u, out, depth + 1),
        },
    )
}

fn change(u: &mut Unstructured, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    let field = if u.ratio(3, 4)? {
        "messages"
    } else {
        *u.choose(CHANGE_FIELDS)?
    };
    let expected = ["field", "value"];
    object(
        u,
        out,
        depth,
        Oddness::Skeleton,
        &expected,
        |u, out, key| match key {
            "field" => {
                if u.ratio(63, 64)? {
                    string(out, field);
                    Ok(())
                } else {
                    any_value(u, out, depth + 1)
                }
            }
            "value" if field == "messages" => messages_value(u, out, depth + 1),
            "value" => content(u, out, depth + 1),
            _ => any_value(u, out, depth + 1),
        },
    )
}

/// The `value` of a `messages` change.
fn messages_value(u: &mut Unstructured, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    let expected = [
        "messaging_product",
        "metadata",
        "contacts",
        "messages",
        "statuses",
        "errors",
    ];
    object(
        u,
        out,
        depth,
        Oddness::Content,
        &expected,
        |u, out, key| match key {
            "metadata" => {
                let keys = ["display_phone_number", "phone_number_id"];
                object(u, out, depth + 1, Oddness::Content, &keys, |u, out, _| {
                    maybe_string(u, out, depth + 2)
                })
            }
            "contacts" => array_of(u, out, depth + 1, Oddness::Content, 3, contact),
            "messages" => array_of(u, out, depth + 1, Oddness::Content, 4, message),
            "statuses" => array_of(u, out, depth + 1, Oddness::Content, 4, status),
            "errors" => array_of(u, out, depth + 1, Oddness::Content, 2, error),
            _ => maybe_string(u, out, depth + 1),
        },
    )
}

fn contact(u: &mut Unstructured, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    object(
        u,
        out,
        depth,
        Oddness::Content,
        &["profile", "wa_id", "user_id"],
        |u, out, key| match key {
            "profile" => object(
                u,
                out,
                depth + 1,
                Oddness::Content,
                &["name"],
                |u, out, _| maybe_string(u, out, depth + 2),
            ),
            _ => maybe_string(u, out, depth + 1),
        },
    )
}

fn message(u: &mut Unstructured, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    let kind = *u.choose(MESSAGE_KINDS)?;
    let expected = [
        "from",
        "id",
        "timestamp",
        "type",
        kind,
        "context",
        "errors",
        "from_user_id",
    ];
    object(
        u,
        out,
        depth,
        Oddness::Content,
        &expected,
        |u, out, key| match key {
            "type" => {
                if u.ratio(15, 16)? {
                    string(out, kind);
                    Ok(())
                } else {
                    any_value(u, out, depth + 1)
                }
            }
            "timestamp" => timestamp(u, out, depth + 1),
            "errors" => array_of(u, out, depth + 1, Oddness::Content, 2, error),
            // A contacts message carries a list of cards.
            "contacts" => array_of(u, out, depth + 1, Oddness::Content, 3, content),
            "context" | "referral" => content(u, out, depth + 1),
            key if key == kind => content(u, out, depth + 1),
            _ => maybe_string(u, out, depth + 1),
        },
    )
}

fn status(u: &mut Unstructured, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    let expected = ["id", "status", "timestamp", "recipient_id", "errors"];
    object(
        u,
        out,
        depth,
        Oddness::Content,
        &expected,
        |u, out, key| match key {
            "timestamp" => timestamp(u, out, depth + 1),
            "errors" => array_of(u, out, depth + 1, Oddness::Content, 2, error),
            _ => maybe_string(u, out, depth + 1),
        },
    )
}

fn error(u: &mut Unstructured, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    let expected = ["code", "title", "message", "error_data"];
    object(
        u,
        out,
        depth,
        Oddness::Content,
        &expected,
        |u, out, key| match key {
            "code" => number_or_any(u, out, depth + 1),
            "error_data" => object(
                u,
                out,
                depth + 1,
                Oddness::Content,
                &["details"],
                |u, out, _| maybe_string(u, out, depth + 2),
            ),
            _ => maybe_string(u, out, depth + 1),
        },
    )
}

/// The inside of a message of some kind, a contact card or a notice: keys from
/// `CONTENT_KEYS`, nested a few levels the way Meta nests them.
fn content(u: &mut Unstructured, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    let count = u.int_in_range(0..=6)?;
    let mut keys = Vec::with_capacity(count);
    for _ in 0..count {
        keys.push(*u.choose(CONTENT_KEYS)?);
    }
    object(
        u,
        out,
        depth,
        Oddness::Content,
        &keys,
        |u, out, _| match u.choose_index(8)? {
            0 | 1 if depth < 6 => content(u, out, depth + 1),
            2 if depth < 6 => array_of(u, out, depth + 1, Oddness::Content, 3, content),
            3 => number_or_any(u, out, depth + 1),
            _ => maybe_string(u, out, depth + 1),
        },
    )
}

/// A timestamp: text or a number, sometimes out of any sensible range.
fn timestamp(u: &mut Unstructured, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    match u.choose_index(4)? {
        0 | 1 => {
            let digits = number_text(u)?;
            string(out, &digits);
            Ok(())
        }
        2 => number(u, out),
        _ => any_value(u, out, depth),
    }
}

/// An object with `expected` keys (each usually present) and now and then a stray one,
/// filled by `field`. Keys may repeat, as JSON allows and serde_json resolves.
fn object(
    u: &mut Unstructured,
    out: &mut Vec<u8>,
    depth: u32,
    oddness: Oddness,
    expected: &[&str],
    mut field: impl FnMut(&mut Unstructured, &mut Vec<u8>, &str) -> Result<()>,
) -> Result<()> {
    if depth >= MAX_DEPTH {
        out.extend_from_slice(b"{}");
        return Ok(());
    }
    let mut keys: Vec<String> = Vec::with_capacity(expected.len() + 2);
    let (usual, out_of) = oddness.usual();
    for key in expected {
        if u.ratio(usual, out_of)? {
            keys.push((*key).to_owned());
        }
    }
    while !u.ratio(3, 4)? {
        keys.push(stray_key(u)?);
    }
    out.push(b'{');
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        string(out, key);
        out.push(b':');
        field(u, out, key)?;
    }
    out.push(b'}');
    Ok(())
}

fn array_of(
    u: &mut Unstructured,
    out: &mut Vec<u8>,
    depth: u32,
    oddness: Oddness,
    max_len: u32,
    mut element: impl FnMut(&mut Unstructured, &mut Vec<u8>, u32) -> Result<()>,
) -> Result<()> {
    // Sometimes not an array at all: the parser must cope with `"messages": 7`.
    let (usual, out_of) = oddness.usual();
    if !u.ratio(usual, out_of)? {
        return any_value(u, out, depth);
    }
    out.push(b'[');
    let len = u.int_in_range(0..=max_len)?;
    for i in 0..len {
        if i > 0 {
            out.push(b',');
        }
        if u.ratio(usual, out_of)? {
            element(u, out, depth + 1)?;
        } else {
            any_value(u, out, depth + 1)?;
        }
    }
    out.push(b']');
    Ok(())
}

/// Usually a string, as Meta sends ids and names, but not always.
fn maybe_string(u: &mut Unstructured, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    if u.ratio(3, 4)? {
        let text = string_content(u)?;
        string(out, &text);
        Ok(())
    } else {
        any_value(u, out, depth)
    }
}

fn number_or_any(u: &mut Unstructured, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    if u.ratio(3, 4)? {
        number(u, out)
    } else {
        any_value(u, out, depth)
    }
}

/// Any JSON value, nested up to `MAX_DEPTH`.
fn any_value(u: &mut Unstructured, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    let kinds = if depth >= MAX_DEPTH { 4 } else { 7 };
    match u.choose_index(kinds)? {
        0 => out.extend_from_slice(b"null"),
        1 => out.extend_from_slice(if u.arbitrary()? { b"true" } else { b"false" }),
        2 => number(u, out)?,
        3 => {
            let text = string_content(u)?;
            string(out, &text);
        }
        4 => {
            // A chain of single-element arrays: cheap depth, now and then past
            // serde_json's limit.
            let most = if u.ratio(1, 16)? {
                MAX_DEPTH - depth
            } else {
                4
            };
            let nesting = u.int_in_range(1..=most.max(1))?;
            out.extend(std::iter::repeat_n(b'[', nesting as usize));
            any_value(u, out, MAX_DEPTH)?;
            out.extend(std::iter::repeat_n(b']', nesting as usize));
        }
        5 => array_of(u, out, depth, Oddness::Content, 4, any_value)?,
        _ => object(u, out, depth, Oddness::Content, &[], |u, out, _| {
            any_value(u, out, depth + 1)
        })?,
    }
    Ok(())
}

fn stray_key(u: &mut Unstructured) -> Result<String> {
    if u.ratio(7, 8)? {
        Ok((*u.choose(CONTENT_KEYS)?).to_owned())
    } else {
        string_content(u)
    }
}

fn string_content(u: &mut Unstructured) -> Result<String> {
    if u.ratio(1, 2)? {
        Ok((*u.choose(INTERESTING_STRINGS)?).to_owned())
    } else {
        u.arbitrary()
    }
}

fn number(u: &mut Unstructured, out: &mut Vec<u8>) -> Result<()> {
    let text = number_text(u)?;
    out.extend_from_slice(text.as_bytes());
    Ok(())
}

fn number_text(u: &mut Unstructured) -> Result<String> {
    Ok(match u.choose_index(6)? {
        0 | 1 => (*u.choose(INTERESTING_NUMBERS)?).to_owned(),
        2 => u.arbitrary::<i64>()?.to_string(),
        3 => {
            let float: f64 = u.arbitrary()?;
            // NaN and infinity have no JSON spelling.
            if float.is_finite() {
                format!("{float:e}")
            } else {
                "-0.0".to_owned()
            }
        }
        4 if u.ratio(1, 32)? => (*u.choose(OVERFLOWING_NUMBERS)?).to_owned(),
        _ => {
            // Integers longer than any machine type.
            let len = u.int_in_range(1..=40)?;
            let mut digits = String::with_capacity(len + 1);
            if u.arbitrary()? {
                digits.push('-');
            }
            // A leading zero (`007`) is invalid JSON: only now and then.
            let first = if u.ratio(31, 32)? { 1 } else { 0 };
            digits.push(char::from(b'0' + u.int_in_range(first..=9)?));
            for _ in 1..len {
                digits.push(char::from(b'0' + u.int_in_range(0..=9)?));
            }
            digits
        }
    })
}

/// Writes a JSON string. Non-ASCII goes out as `\uXXXX` sometimes, as Meta writes it,
/// and a lone surrogate now and then, which JSON text can carry but a string cannot.
fn string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    for c in text.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            c if (c as u32) < 0x20 => {
                out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes())
            }
            // Arbitrary strings use the private-use area rarely; take it as the cue for
            // a lone surrogate so the fuzzer can reach that error path.
            '\u{e000}' => out.extend_from_slice(b"\\ud800"),
            // Half of the non-ASCII characters (by code point) escaped, half raw: both
            // spellings reach the parser, chosen by the input.
            c if !c.is_ascii() && (c as u32).is_multiple_of(2) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
                }
            }
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}
