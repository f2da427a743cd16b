//! Rules 13 and 14: the buttons as a group, and each button's text, URL and number.

use serde_json::{Value, json};

use super::{expect, has, parse, rules, utf16_span, with_body, with_buttons};
use parley_core::template::{LocationComponent, Span, rule};

fn quick_replies(count: usize) -> Value {
    Value::Array(
        (0..count)
            .map(|i| json!({"type": "QUICK_REPLY", "text": format!("Option {i}")}))
            .collect(),
    )
}

// ---- rule 13: buttons -----------------------------------------------------------------

#[test]
fn at_most_ten_buttons() {
    assert!(!has(
        &with_buttons("UTILITY", quick_replies(10)),
        rule::BUTTONS_TOO_MANY
    ));
    let diagnostic = expect(
        &with_buttons("UTILITY", quick_replies(11)),
        rule::BUTTONS_TOO_MANY,
    );
    assert_eq!(diagnostic.location.component, LocationComponent::Buttons);
    assert_eq!(diagnostic.fix.as_deref(), Some("remove 1 button"));
}

fn url_button(text: &str) -> Value {
    json!({"type": "URL", "text": text, "url": "https://shop.example.com"})
}

#[test]
fn at_most_two_url_buttons() {
    let two = with_buttons("UTILITY", json!([url_button("Shop"), url_button("Help")]));
    assert!(!has(&two, rule::BUTTONS_TOO_MANY_URL));
    let three = with_buttons(
        "UTILITY",
        json!([url_button("Shop"), url_button("Help"), url_button("More")]),
    );
    let diagnostic = expect(&three, rule::BUTTONS_TOO_MANY_URL);
    assert_eq!(diagnostic.location.button, Some(2));
}

#[test]
fn at_most_one_phone_and_one_copy_code() {
    let phone = |t: &str| json!({"type": "PHONE_NUMBER", "text": t, "phone_number": "15550051234"});
    assert!(!has(
        &with_buttons("UTILITY", json!([phone("Call")])),
        rule::BUTTONS_TOO_MANY_PHONE
    ));
    assert!(has(
        &with_buttons("UTILITY", json!([phone("Call"), phone("Call again")])),
        rule::BUTTONS_TOO_MANY_PHONE
    ));
    let code = json!({"type": "COPY_CODE", "example": "SAVE20"});
    assert!(!has(
        &with_buttons("MARKETING", json!([code.clone()])),
        rule::BUTTONS_TOO_MANY_COPY_CODE
    ));
    assert!(has(
        &with_buttons("MARKETING", json!([code.clone(), code.clone()])),
        rule::BUTTONS_TOO_MANY_COPY_CODE
    ));
    assert!(has(
        &with_buttons("UTILITY", json!([code])),
        rule::BUTTONS_COPY_CODE_IN_UTILITY
    ));
}

#[test]
fn quick_replies_grouped() {
    let qr = |t: &str| json!({"type": "QUICK_REPLY", "text": t});
    let grouped = with_buttons("UTILITY", json!([qr("Yes"), qr("No"), url_button("Shop")]));
    assert!(!has(&grouped, rule::BUTTONS_QUICK_REPLY_NOT_GROUPED));
    let grouped_after = with_buttons("UTILITY", json!([url_button("Shop"), qr("Yes"), qr("No")]));
    assert!(!has(&grouped_after, rule::BUTTONS_QUICK_REPLY_NOT_GROUPED));
    let interleaved = with_buttons("UTILITY", json!([qr("Yes"), url_button("Shop"), qr("No")]));
    assert_eq!(
        expect(&interleaved, rule::BUTTONS_QUICK_REPLY_NOT_GROUPED)
            .location
            .button,
        Some(2)
    );
}

#[test]
fn authentication_uses_only_an_otp_button() {
    let auth = |buttons: Value| {
        parse(json!({
            "name": "login_code", "language": "en_US", "category": "AUTHENTICATION",
            "components": [
                {"type": "BODY", "add_security_recommendation": true},
                {"type": "BUTTONS", "buttons": buttons}
            ]
        }))
    };
    assert_eq!(
        rules(&auth(
            json!([{"type": "OTP", "otp_type": "COPY_CODE", "text": "Copy code"}])
        )),
        Vec::<String>::new()
    );
    assert!(has(
        &auth(json!([{"type": "QUICK_REPLY", "text": "Yes"}])),
        rule::BUTTONS_AUTHENTICATION_OTP_ONLY
    ));
    assert!(has(
        &auth(json!([{"type": "OTP", "otp_type": "MAGIC"}])),
        rule::BUTTON_OTP_TYPE
    ));
    let no_buttons = parse(
        json!({"name": "login_code", "language": "en_US", "category": "AUTHENTICATION",
        "components": [{"type": "BODY", "add_security_recommendation": true}]}),
    );
    assert!(has(&no_buttons, rule::BUTTONS_AUTHENTICATION_OTP_ONLY));
    let otp_in_marketing = with_buttons(
        "MARKETING",
        json!([{"type": "OTP", "otp_type": "COPY_CODE"}]),
    );
    assert!(has(
        &otp_in_marketing,
        rule::BUTTONS_OTP_OUTSIDE_AUTHENTICATION
    ));
    assert!(has(
        &with_buttons("UTILITY", json!([])),
        rule::BUTTONS_EMPTY
    ));
}

// ---- rule 14: button text and URL -----------------------------------------------------

#[test]
fn button_text_25_vs_26_emoji_newline() {
    let label = |t: String| with_buttons("UTILITY", json!([{"type": "QUICK_REPLY", "text": t}]));
    assert!(!has(&label("b".repeat(25)), rule::BUTTON_TEXT_TOO_LONG));
    let long = expect(&label("b".repeat(26)), rule::BUTTON_TEXT_TOO_LONG);
    assert_eq!(long.location.button, Some(0));
    assert_eq!(long.location.field.as_deref(), Some("text"));
    assert_eq!(long.span, Some(Span { start: 25, end: 26 }));
    assert_eq!(
        expect(&label("Yes 👍".into()), rule::BUTTON_TEXT_EMOJI).span,
        Some(Span { start: 4, end: 6 })
    );
    assert!(has(&label("Yes\nplease".into()), rule::BUTTON_TEXT_NEWLINE));
    assert!(has(&label(" ".into()), rule::BUTTON_TEXT_EMPTY));
}

#[test]
fn url_length_2000_vs_2001() {
    let url = |len: usize| {
        let base = "https://shop.example.com/";
        format!("{base}{}", "p".repeat(len - base.len()))
    };
    let button = |u: String| {
        with_buttons(
            "UTILITY",
            json!([{"type": "URL", "text": "Shop", "url": u}]),
        )
    };
    assert!(!has(&button(url(2000)), rule::BUTTON_URL_TOO_LONG));
    assert_eq!(
        expect(&button(url(2001)), rule::BUTTON_URL_TOO_LONG).span,
        Some(Span {
            start: 2000,
            end: 2001
        })
    );
}

#[test]
fn url_variable_only_at_the_end_with_an_example() {
    let button = |url: &str, example: Option<&str>| {
        let mut b = json!({"type": "URL", "text": "Track", "url": url});
        if let Some(e) = example {
            b["example"] = json!([e]);
        }
        with_buttons("UTILITY", json!([b]))
    };
    let good = button(
        "https://shop.example.com/track/{{1}}",
        Some("https://shop.example.com/track/42"),
    );
    assert_eq!(rules(&good), Vec::<String>::new());
    let no_example = button("https://shop.example.com/track/{{1}}", None);
    let diagnostic = expect(&no_example, rule::BUTTON_URL_MISSING_EXAMPLE);
    assert_eq!(diagnostic.location.field.as_deref(), Some("example"));
    let middle = button(
        "https://shop.example.com/{{1}}/track",
        Some("https://shop.example.com/42/track"),
    );
    assert_eq!(
        expect(&middle, rule::BUTTON_URL_VARIABLE).span,
        Some(utf16_span("https://shop.example.com/{{1}}/track", "{{1}}"))
    );
    let two = button(
        "https://shop.example.com/{{1}}?x={{2}}",
        Some("https://shop.example.com/a?x=b"),
    );
    assert!(has(&two, rule::BUTTON_URL_VARIABLE));
    assert!(has(
        &button("ftp://shop.example.com", None),
        rule::BUTTON_URL_SCHEME
    ));
}

#[test]
fn buttons_must_not_link_to_whatsapp() {
    for url in [
        "https://wa.me/15550051234",
        "https://chat.whatsapp.com/AbCdEf",
        "https://api.whatsapp.com/send?phone=1555",
    ] {
        let template = with_buttons(
            "UTILITY",
            json!([{"type": "URL", "text": "Chat", "url": url}]),
        );
        assert!(has(&template, rule::BUTTON_LINKS_TO_WHATSAPP), "{url}");
    }
    let website = with_buttons(
        "UTILITY",
        json!([{"type": "URL", "text": "Chat", "url": "https://notwhatsapp.example.com/wa.me"}]),
    );
    assert!(!has(&website, rule::BUTTON_LINKS_TO_WHATSAPP));
    let in_body = with_body("Chat with us at https://wa.me/15550051234 any time.");
    assert!(!has(&in_body, rule::BUTTON_LINKS_TO_WHATSAPP));
}

#[test]
fn phone_numbers_and_copy_codes() {
    let phone = |n: &str| {
        with_buttons(
            "UTILITY",
            json!([{"type": "PHONE_NUMBER", "text": "Call", "phone_number": n}]),
        )
    };
    assert!(!has(&phone("+15550051234"), rule::BUTTON_PHONE_NUMBER));
    assert!(has(&phone("call me"), rule::BUTTON_PHONE_NUMBER));
    let code = |c: &str| with_buttons("MARKETING", json!([{"type": "COPY_CODE", "example": c}]));
    assert!(!has(&code(&"C".repeat(15)), rule::BUTTON_COPY_CODE_EXAMPLE));
    assert!(has(&code(&"C".repeat(16)), rule::BUTTON_COPY_CODE_EXAMPLE));
}
