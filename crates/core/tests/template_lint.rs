//! Every lint rule on both sides of its threshold, spans, fixes, subcodes, rule 16, and the
//! send-side helpers.

use parley_core::template::{
    Diagnostic, LocationComponent, Severity, Span, TemplateDefinition, TemplateStatus, lint, rule,
};
use serde_json::{Value, json};
use std::ops::Not;

fn parse(value: Value) -> TemplateDefinition {
    serde_json::from_value(value).expect("test template parses")
}

/// A clean UTILITY template with the given components.
fn with_components(components: Value) -> TemplateDefinition {
    parse(
        json!({"name": "order_update", "language": "en_US", "category": "UTILITY", "components": components}),
    )
}

fn with_body(text: &str) -> TemplateDefinition {
    with_components(json!([{"type": "BODY", "text": text}]))
}

fn with_body_examples(text: &str, examples: &[&str]) -> TemplateDefinition {
    with_components(json!([{"type": "BODY", "text": text, "example": {"body_text": [examples]}}]))
}

fn with_header(header: Value) -> TemplateDefinition {
    with_components(
        json!([header, {"type": "BODY", "text": "Your order has shipped and will arrive soon."}]),
    )
}

fn with_footer(text: &str) -> TemplateDefinition {
    with_components(json!([
        {"type": "BODY", "text": "Your order has shipped and will arrive soon."},
        {"type": "FOOTER", "text": text}
    ]))
}

fn with_buttons(category: &str, buttons: Value) -> TemplateDefinition {
    parse(json!({
        "name": "order_update", "language": "en_US", "category": category,
        "components": [
            {"type": "BODY", "text": "Your order has shipped and will arrive soon. Reply STOP to opt out."},
            {"type": "BUTTONS", "buttons": buttons}
        ]
    }))
}

fn rules(template: &TemplateDefinition) -> Vec<String> {
    lint(template, None).into_iter().map(|d| d.rule).collect()
}

fn find(template: &TemplateDefinition, rule_id: &str) -> Option<Diagnostic> {
    lint(template, None).into_iter().find(|d| d.rule == rule_id)
}

fn has(template: &TemplateDefinition, rule_id: &str) -> bool {
    find(template, rule_id).is_some()
}

fn expect(template: &TemplateDefinition, rule_id: &str) -> Diagnostic {
    find(template, rule_id)
        .unwrap_or_else(|| panic!("expected {rule_id}, got {:?}", rules(template)))
}

fn utf16_span(text: &str, needle: &str) -> Span {
    let byte = text.find(needle).expect("needle in text");
    let start = text[..byte].encode_utf16().count() as u32;
    Span {
        start,
        end: start + needle.encode_utf16().count() as u32,
    }
}

// ---- baseline -------------------------------------------------------------------------

#[test]
fn a_clean_template_has_no_diagnostics() {
    let template = parse(json!({
        "name": "order_update", "language": "en_US", "category": "UTILITY",
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": {"header_text": ["335628"]}},
            {"type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped and will arrive tomorrow morning.",
             "example": {"body_text": [["Mark", "335628"]]}},
            {"type": "FOOTER", "text": "Thanks for shopping with us"},
            {"type": "BUTTONS", "buttons": [
                {"type": "URL", "text": "Track order", "url": "https://shop.example.com/track/{{1}}",
                 "example": ["https://shop.example.com/track/335628"]},
                {"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "+15550051234"}
            ]}
        ]
    }));
    assert_eq!(lint(&template, None), vec![]);
}

// ---- rule 1: name ---------------------------------------------------------------------

#[test]
fn name_format() {
    assert!(!has(
        &with_body("Your order has shipped."),
        rule::NAME_FORMAT
    ));
    let mut template = with_body("Your order has shipped.");
    template.name = "Order-Update".into();
    let diagnostic = expect(&template, rule::NAME_FORMAT);
    assert_eq!(diagnostic.severity, Severity::Error);
    assert_eq!(diagnostic.span, Some(Span { start: 0, end: 1 }));
    assert_eq!(diagnostic.fix.as_deref(), Some("rename it to order_update"));
    template.name = String::new();
    assert!(has(&template, rule::NAME_EMPTY));
}

#[test]
fn name_length_512_vs_513() {
    let mut template = with_body("Your order has shipped.");
    template.name = "a".repeat(512);
    assert!(!has(&template, rule::NAME_TOO_LONG));
    template.name = "a".repeat(513);
    let diagnostic = expect(&template, rule::NAME_TOO_LONG);
    assert_eq!(
        diagnostic.span,
        Some(Span {
            start: 512,
            end: 513
        })
    );
    assert_eq!(
        diagnostic.fix.as_deref(),
        Some("shorten the name by 1 character")
    );
}

// ---- rule 2: language (category is enforced by parsing) -------------------------------

#[test]
fn language_codes() {
    for code in [
        "en_US", "he", "ar", "ru", "et", "pt_BR", "en", "zh_CN", "es_MX",
    ] {
        let mut template = with_body("Your order has shipped.");
        template.language = code.into();
        assert!(!has(&template, rule::LANGUAGE_UNKNOWN), "{code}");
    }
    let mut template = with_body("Your order has shipped.");
    template.language = "en-US".into();
    let diagnostic = expect(&template, rule::LANGUAGE_UNKNOWN);
    assert_eq!(diagnostic.fix.as_deref(), Some("use the code en_US"));
    template.language = "iw".into();
    assert_eq!(
        expect(&template, rule::LANGUAGE_UNKNOWN).params["suggestion"],
        "he"
    );
    template.language = "klingon".into();
    assert!(
        expect(&template, rule::LANGUAGE_UNKNOWN)
            .params
            .contains_key("suggestion")
            .not()
    );
}

#[test]
fn an_unknown_category_does_not_parse() {
    let result = serde_json::from_value::<TemplateDefinition>(json!({
        "name": "x", "language": "en_US", "category": "TRANSACTIONAL",
        "components": [{"type": "BODY", "text": "Hi"}]
    }));
    assert!(result.is_err());
}

// ---- rule 3: parameter format ---------------------------------------------------------

#[test]
fn named_parameters_need_the_named_format() {
    let named = parse(json!({
        "name": "order_update", "language": "en_US", "category": "UTILITY", "parameter_format": "NAMED",
        "components": [{"type": "BODY", "text": "Hi {{first_name}}, your order has shipped and arrives tomorrow.",
            "example": {"body_text_named_params": [{"param_name": "first_name", "example": "Mark"}]}}]
    }));
    assert_eq!(rules(&named), Vec::<String>::new());
    let undeclared = with_body_examples(
        "Hi {{first_name}}, your order has shipped and arrives tomorrow.",
        &["Mark"],
    );
    let diagnostic = expect(&undeclared, rule::PARAMS_FORMAT_MISMATCH);
    assert_eq!(
        diagnostic.span,
        Some(utf16_span(&undeclared_body(&undeclared), "{{first_name}}"))
    );
}

fn undeclared_body(template: &TemplateDefinition) -> String {
    template
        .components
        .iter()
        .find_map(|c| match c {
            parley_core::template::Component::Body(b) => Some(b.text.clone()),
            _ => None,
        })
        .expect("body")
}

#[test]
fn mixing_numbered_and_named_parameters() {
    let mixed = with_body_examples(
        "Hi {{1}}, your order {{order_id}} has shipped and arrives tomorrow.",
        &["Mark"],
    );
    assert!(has(&mixed, rule::PARAMS_MIXED_FORMAT));
    assert!(!has(&mixed, rule::PARAMS_FORMAT_MISMATCH));
}

#[test]
fn parameter_names_must_be_lowercase() {
    let bad = with_body_examples(
        "Hi {{First Name}}, your order has shipped today.",
        &["Mark"],
    );
    let diagnostic = expect(&bad, rule::PARAMS_INVALID_NAME);
    assert_eq!(
        diagnostic.fix.as_deref(),
        Some("rename it to {{first_name}}")
    );
}

// ---- rule 4: numbering ----------------------------------------------------------------

#[test]
fn positional_parameters_without_gaps() {
    let good = with_body_examples(
        "Hi {{1}}, your order {{2}} has shipped and will arrive tomorrow morning.",
        &["Mark", "335628"],
    );
    assert!(!has(&good, rule::PARAMS_GAP));
    let text = "Hi {{1}}, your order {{3}} has shipped and will arrive tomorrow morning.";
    let gap = with_body_examples(text, &["Mark", "x", "335628"]);
    let diagnostic = expect(&gap, rule::PARAMS_GAP);
    assert_eq!(diagnostic.fix.as_deref(), Some("renumber to {{1}} {{2}}"));
    assert_eq!(diagnostic.span, Some(utf16_span(text, "{{3}}")));
    let zero = with_body_examples(
        "Hi {{0}}, your order has shipped and will arrive soon.",
        &["Mark"],
    );
    assert!(has(&zero, rule::PARAMS_GAP));
}

#[test]
fn positional_parameters_in_order() {
    let text = "Hi {{2}}, your order {{1}} has shipped and will arrive tomorrow morning.";
    let swapped = with_body_examples(text, &["335628", "Mark"]);
    let diagnostic = expect(&swapped, rule::PARAMS_OUT_OF_ORDER);
    assert_eq!(diagnostic.span, Some(utf16_span(text, "{{1}}")));
    let repeated_in_order = with_body_examples(
        "Hi {{1}}, hello again {{1}}, your order {{2}} has shipped and arrives tomorrow.",
        &["Mark", "335628"],
    );
    assert!(!has(&repeated_in_order, rule::PARAMS_OUT_OF_ORDER));
    let repeated_out_of_order = with_body_examples(
        "Hi {{1}}, your order {{2}} has shipped, {{1}}, and it arrives tomorrow.",
        &["Mark", "335628"],
    );
    assert!(has(&repeated_out_of_order, rule::PARAMS_OUT_OF_ORDER));
}

// ---- rule 5: examples -----------------------------------------------------------------

#[test]
fn every_parameter_needs_an_example() {
    let text = "Hi {{1}}, your order {{2}} has shipped and will arrive tomorrow morning.";
    assert!(!has(
        &with_body_examples(text, &["Mark", "335628"]),
        rule::PARAMS_MISSING_EXAMPLE
    ));
    let one_missing = with_body_examples(text, &["Mark"]);
    let diagnostics: Vec<_> = lint(&one_missing, None)
        .into_iter()
        .filter(|d| d.rule == rule::PARAMS_MISSING_EXAMPLE)
        .collect();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].params["parameter"], "{{2}}");
    assert_eq!(diagnostics[0].span, Some(utf16_span(text, "{{2}}")));
    let blank = with_body_examples(text, &["Mark", "  "]);
    assert!(has(&blank, rule::PARAMS_MISSING_EXAMPLE));

    let header_without =
        with_header(json!({"type": "HEADER", "format": "TEXT", "text": "Order {{1}}"}));
    let diagnostic = expect(&header_without, rule::PARAMS_MISSING_EXAMPLE);
    assert_eq!(diagnostic.location.component, LocationComponent::Header);
    let header_with = with_header(
        json!({"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": {"header_text": ["335628"]}}),
    );
    assert!(!has(&header_with, rule::PARAMS_MISSING_EXAMPLE));

    let named_missing = parse(json!({
        "name": "order_update", "language": "en_US", "category": "UTILITY", "parameter_format": "NAMED",
        "components": [{"type": "BODY", "text": "Hi {{first_name}}, your order {{order_id}} has shipped and arrives tomorrow.",
            "example": {"body_text_named_params": [{"param_name": "first_name", "example": "Mark"}]}}]
    }));
    assert_eq!(
        expect(&named_missing, rule::PARAMS_MISSING_EXAMPLE).params["parameter"],
        "{{order_id}}"
    );
}

// ---- rule 6: leading / trailing parameter ---------------------------------------------

#[test]
fn body_must_not_end_with_a_parameter() {
    let text = "Thank you for your order, {{1}}! Your order number is {{2}}.";
    let template = with_body_examples(text, &["Mark", "335628"]);
    let diagnostic = expect(&template, rule::BODY_ENDS_WITH_PARAMETER);
    assert_eq!(diagnostic.span, Some(utf16_span(text, "{{2}}")));
    assert_eq!(diagnostic.fix.as_deref(), Some("add words after {{2}}"));
    assert_eq!(diagnostic.meta_subcode, Some(2_388_299));
    let fixed = with_body_examples(
        "Thank you for your order, {{1}}! Your order number is {{2}}, see you soon.",
        &["Mark", "335628"],
    );
    assert!(!has(&fixed, rule::BODY_ENDS_WITH_PARAMETER));
}

#[test]
fn body_must_not_start_with_a_parameter() {
    let template = with_body_examples(
        "{{1}}, your order has shipped and will arrive tomorrow.",
        &["Mark"],
    );
    let diagnostic = expect(&template, rule::BODY_STARTS_WITH_PARAMETER);
    assert_eq!(diagnostic.span, Some(Span { start: 0, end: 5 }));
    assert_eq!(diagnostic.fix.as_deref(), Some("add words before {{1}}"));
    let fixed = with_body_examples(
        "Hi {{1}}, your order has shipped and will arrive tomorrow.",
        &["Mark"],
    );
    assert!(!has(&fixed, rule::BODY_STARTS_WITH_PARAMETER));
}

#[test]
fn spans_count_utf16_in_right_to_left_text() {
    let text = "שלום {{1}}, ההזמנה שלך 📦 נשלחה ותגיע מחר בבוקר אל {{2}}";
    let template = with_body_examples(text, &["דנה", "תל אביב"]);
    let diagnostic = expect(&template, rule::BODY_ENDS_WITH_PARAMETER);
    assert_eq!(diagnostic.span, Some(utf16_span(text, "{{2}}")));
}

// ---- rule 7: adjacent parameters ------------------------------------------------------

#[test]
fn parameters_side_by_side() {
    let text = "Dear customer {{1}} {{2}}, your order has shipped and arrives tomorrow.";
    let adjacent = with_body_examples(text, &["Mark", "Smith"]);
    let diagnostic = expect(&adjacent, rule::PARAMS_ADJACENT);
    assert_eq!(diagnostic.span, Some(utf16_span(text, "{{1}} {{2}}")));
    let separated = with_body_examples(
        "Dear customer {{1}} of {{2}}, your order has shipped and arrives tomorrow.",
        &["Mark", "Tallinn"],
    );
    assert!(!has(&separated, rule::PARAMS_ADJACENT));
}

// ---- rule 8: parameter ratio ----------------------------------------------------------

#[test]
fn parameter_ratio_three_words_per_parameter_plus_one() {
    // 2 parameters need 7 words.
    let enough = with_body_examples(
        "Hello {{1}} your order {{2}} ships out today friend",
        &["a", "b"],
    );
    assert!(!has(&enough, rule::BODY_PARAMETER_RATIO));
    let short = with_body_examples(
        "Hello {{1}} your order {{2}} ships today friend",
        &["a", "b"],
    );
    let diagnostic = expect(&short, rule::BODY_PARAMETER_RATIO);
    assert_eq!(diagnostic.severity, Severity::Warning);
    assert_eq!(diagnostic.meta_subcode, Some(2_388_293));
    assert_eq!(diagnostic.params["words"], "6");
    assert_eq!(diagnostic.params["needed"], "7");
    assert_eq!(
        diagnostic.fix.as_deref(),
        Some("add at least 1 more word, or use fewer parameters")
    );
}

// ---- rule 9: placeholder syntax -------------------------------------------------------

#[test]
fn placeholder_syntax() {
    let unclosed = with_body("Hi {{1, your order has shipped and arrives tomorrow.");
    let diagnostic = expect(&unclosed, rule::PARAMS_UNBALANCED_BRACES);
    assert_eq!(diagnostic.span, Some(Span { start: 3, end: 5 }));
    let unopened = with_body("Hi 1}}, your order has shipped and arrives tomorrow.");
    assert!(has(&unopened, rule::PARAMS_UNBALANCED_BRACES));
    let balanced = with_body_examples(
        "Hi {{1}}, your order has shipped and arrives tomorrow.",
        &["Mark"],
    );
    assert!(!has(&balanced, rule::PARAMS_UNBALANCED_BRACES));
    for bad in ["{{#1}}", "{{$1}}", "{{1%}}"] {
        let template = with_body_examples(
            &format!("Hi {bad}, your order has shipped and arrives tomorrow."),
            &["Mark"],
        );
        assert!(has(&template, rule::PARAMS_INVALID_CHARACTER), "{bad}");
    }
}

// ---- rule 10: header ------------------------------------------------------------------

#[test]
fn header_length_60_vs_61() {
    let ok = with_header(json!({"type": "HEADER", "format": "TEXT", "text": "h".repeat(60)}));
    assert!(!has(&ok, rule::HEADER_TOO_LONG));
    let long = with_header(json!({"type": "HEADER", "format": "TEXT", "text": "h".repeat(61)}));
    let diagnostic = expect(&long, rule::HEADER_TOO_LONG);
    assert_eq!(diagnostic.span, Some(Span { start: 60, end: 61 }));
    assert_eq!(diagnostic.meta_subcode, Some(2_388_040));
}

#[test]
fn header_one_parameter_vs_two() {
    let one = with_header(
        json!({"type": "HEADER", "format": "TEXT", "text": "Order {{1}} shipped", "example": {"header_text": ["1"]}}),
    );
    assert!(!has(&one, rule::HEADER_TOO_MANY_PARAMETERS));
    let two = with_header(
        json!({"type": "HEADER", "format": "TEXT", "text": "Order {{1}} for {{2}}", "example": {"header_text": ["1", "2"]}}),
    );
    let diagnostic = expect(&two, rule::HEADER_TOO_MANY_PARAMETERS);
    assert_eq!(diagnostic.meta_subcode, Some(2_388_047));
    assert_eq!(
        diagnostic.span,
        Some(utf16_span("Order {{1}} for {{2}}", "{{2}}"))
    );
}

#[test]
fn header_emoji_formatting_and_newline() {
    let emoji =
        with_header(json!({"type": "HEADER", "format": "TEXT", "text": "Big sale 🎉 today"}));
    let diagnostic = expect(&emoji, rule::HEADER_EMOJI);
    assert_eq!(diagnostic.span, Some(Span { start: 9, end: 11 }));
    assert_eq!(diagnostic.meta_subcode, Some(2_388_047));
    assert!(!has(
        &with_header(json!({"type": "HEADER", "format": "TEXT", "text": "Big sale today"})),
        rule::HEADER_EMOJI
    ));
    assert!(!has(
        &with_header(json!({"type": "HEADER", "format": "TEXT", "text": "מבצע גדול היום"})),
        rule::HEADER_EMOJI
    ));

    let bold = with_header(json!({"type": "HEADER", "format": "TEXT", "text": "Big *sale* today"}));
    assert_eq!(
        expect(&bold, rule::HEADER_FORMATTING).span,
        Some(Span { start: 4, end: 5 })
    );
    let named = parse(json!({
        "name": "order_update", "language": "en_US", "category": "UTILITY", "parameter_format": "NAMED",
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Hello {{first_name}}",
             "example": {"header_text_named_params": [{"param_name": "first_name", "example": "Mark"}]}},
            {"type": "BODY", "text": "Your order has shipped and will arrive soon."}
        ]
    }));
    assert_eq!(rules(&named), Vec::<String>::new());

    let newline =
        with_header(json!({"type": "HEADER", "format": "TEXT", "text": "Big sale\ntoday"}));
    assert!(has(&newline, rule::HEADER_NEWLINE));
    let missing = with_header(json!({"type": "HEADER", "format": "TEXT"}));
    assert!(has(&missing, rule::HEADER_MISSING_TEXT));
}

#[test]
fn media_headers_need_a_sample() {
    for format in ["IMAGE", "VIDEO", "DOCUMENT"] {
        let without = with_header(json!({"type": "HEADER", "format": format}));
        assert!(
            has(&without, rule::HEADER_MISSING_MEDIA_EXAMPLE),
            "{format}"
        );
        let with = with_header(
            json!({"type": "HEADER", "format": format, "example": {"header_handle": ["4::aW1hZ2UvanBn:AR"]}}),
        );
        assert!(!has(&with, rule::HEADER_MISSING_MEDIA_EXAMPLE), "{format}");
    }
    let location = with_header(json!({"type": "HEADER", "format": "LOCATION"}));
    assert_eq!(rules(&location), Vec::<String>::new());
}

// ---- rule 11: body --------------------------------------------------------------------

#[test]
fn body_length_1024_vs_1025() {
    assert!(!has(&with_body(&"a".repeat(1024)), rule::BODY_TOO_LONG));
    let long = with_body(&"é".repeat(1025));
    let diagnostic = expect(&long, rule::BODY_TOO_LONG);
    assert_eq!(
        diagnostic.span,
        Some(Span {
            start: 1024,
            end: 1025
        })
    );
    assert_eq!(diagnostic.meta_subcode, Some(2_388_040));
    assert_eq!(
        diagnostic.fix.as_deref(),
        Some("shorten the body by 1 character")
    );
    let longer = with_body(&"a".repeat(1036));
    assert_eq!(
        expect(&longer, rule::BODY_TOO_LONG).fix.as_deref(),
        Some("shorten the body by 12 characters")
    );
}

#[test]
fn body_is_required() {
    let no_body = with_components(json!([{"type": "FOOTER", "text": "Thanks"}]));
    assert!(has(&no_body, rule::BODY_MISSING));
    assert!(has(&with_body("   "), rule::BODY_EMPTY));
    assert!(!has(&with_body("Hello there"), rule::BODY_EMPTY));
}

#[test]
fn body_spaces_4_vs_5_and_tabs() {
    assert!(!has(
        &with_body("Your order    has shipped."),
        rule::BODY_WHITESPACE
    ));
    let five = expect(
        &with_body("Your order     has shipped."),
        rule::BODY_WHITESPACE,
    );
    assert_eq!(five.severity, Severity::Warning);
    assert_eq!(five.span, Some(Span { start: 10, end: 15 }));
    assert!(has(
        &with_body("Your order\thas shipped."),
        rule::BODY_WHITESPACE
    ));
    assert!(!has(
        &with_body("Your order\nhas shipped."),
        rule::BODY_WHITESPACE
    ));
}

// ---- rule 12: footer ------------------------------------------------------------------

#[test]
fn footer_rules() {
    assert!(!has(&with_footer(&"f".repeat(60)), rule::FOOTER_TOO_LONG));
    assert_eq!(
        expect(&with_footer(&"f".repeat(61)), rule::FOOTER_TOO_LONG).span,
        Some(Span { start: 60, end: 61 })
    );
    let parameter = expect(&with_footer("Code {{1}}"), rule::FOOTER_PARAMETER);
    assert_eq!(parameter.meta_subcode, Some(2_388_073));
    assert_eq!(parameter.span, Some(Span { start: 5, end: 10 }));
    let emoji = expect(&with_footer("Thanks 🙏"), rule::FOOTER_EMOJI);
    assert_eq!(emoji.severity, Severity::Warning);
    assert_eq!(emoji.span, Some(Span { start: 7, end: 9 }));
    assert_eq!(
        rules(&with_footer("Thanks for shopping")),
        Vec::<String>::new()
    );
}

#[test]
fn code_expiration_only_in_authentication_and_within_1_to_90_minutes() {
    let footer = |category: &str, minutes: u32| {
        parse(json!({
            "name": "login_code", "language": "en_US", "category": category,
            "components": [
                {"type": "BODY", "add_security_recommendation": true},
                {"type": "FOOTER", "code_expiration_minutes": minutes},
                {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "COPY_CODE", "text": "Copy code"}]}
            ]
        }))
    };
    for minutes in [1, 10, 90] {
        assert_eq!(
            rules(&footer("AUTHENTICATION", minutes)),
            Vec::<String>::new()
        );
    }
    for minutes in [0, 91, 1440] {
        let diagnostic = expect(
            &footer("AUTHENTICATION", minutes),
            rule::FOOTER_CODE_EXPIRATION_RANGE,
        );
        assert_eq!(diagnostic.severity, Severity::Error);
        assert_eq!(diagnostic.location.component, LocationComponent::Footer);
        assert_eq!(
            diagnostic.location.field.as_deref(),
            Some("code_expiration_minutes")
        );
        assert_eq!(diagnostic.params["minutes"], minutes.to_string());
        assert!(
            has(
                &footer("AUTHENTICATION", minutes),
                rule::FOOTER_CODE_EXPIRATION_OUTSIDE_AUTHENTICATION
            )
            .not()
        );
    }
    let utility = parse(json!({
        "name": "order_update", "language": "en_US", "category": "UTILITY",
        "components": [
            {"type": "BODY", "text": "Your order has shipped and will arrive soon."},
            {"type": "FOOTER", "text": "Thanks", "code_expiration_minutes": 10}
        ]
    }));
    let outside = expect(
        &utility,
        rule::FOOTER_CODE_EXPIRATION_OUTSIDE_AUTHENTICATION,
    );
    assert_eq!(outside.severity, Severity::Error);
    assert!(has(&utility, rule::FOOTER_CODE_EXPIRATION_RANGE).not());
    assert!(has(
        &footer("MARKETING", 10),
        rule::FOOTER_CODE_EXPIRATION_OUTSIDE_AUTHENTICATION
    ));
    // Without the field, neither rule speaks.
    assert_eq!(
        rules(&with_footer("Thanks for shopping")),
        Vec::<String>::new()
    );
}

// ---- rule 15: marketing opt-out -------------------------------------------------------

#[test]
fn marketing_needs_an_opt_out() {
    let marketing = |footer: &str| {
        parse(
            json!({"name": "summer_sale", "language": "en_US", "category": "MARKETING", "components": [
                {"type": "BODY", "text": "Our summer sale is on: everything is 20% off this week."},
                {"type": "FOOTER", "text": footer}
            ]}),
        )
    };
    let diagnostic = expect(&marketing("See you soon"), rule::MARKETING_OPT_OUT);
    assert_eq!(diagnostic.severity, Severity::Warning);
    assert!(!has(
        &marketing("Reply STOP to unsubscribe"),
        rule::MARKETING_OPT_OUT
    ));
    assert!(!has(&marketing("להסרה השיבו הסר"), rule::MARKETING_OPT_OUT));
    assert!(!has(&with_footer("See you soon"), rule::MARKETING_OPT_OUT));
}

// ---- rule 16: approved templates ------------------------------------------------------

#[test]
fn approved_templates_show_no_errors_but_keep_warnings() {
    let template = parse(
        json!({"name": "summer_sale", "language": "en_US", "category": "MARKETING", "components": [
            {"type": "BODY", "text": "Our sale ends soon, use code {{1}}", "example": {"body_text": [["SAVE20"]]}},
            {"type": "FOOTER", "text": "See you 🙂"}
        ]}),
    );
    let pending = lint(&template, Some(TemplateStatus::Pending));
    assert!(
        pending
            .iter()
            .any(|d| d.rule == rule::BODY_ENDS_WITH_PARAMETER)
    );
    let approved = lint(&template, Some(TemplateStatus::Approved));
    assert!(approved.iter().all(|d| d.severity == Severity::Warning));
    assert!(approved.iter().any(|d| d.rule == rule::FOOTER_EMOJI));
    assert!(approved.iter().any(|d| d.rule == rule::MARKETING_OPT_OUT));
    assert_eq!(lint(&template, None), pending);
}

#[path = "template_lint/buttons.rs"]
mod buttons;
#[path = "template_lint/send.rs"]
mod send;

#[path = "template_corpus/check.rs"]
mod corpus;
