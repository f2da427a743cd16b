//! What other crates rely on: the wire shape of diagnostics, Meta's creation subcodes
//! explained, and the send-side helpers.

use serde_json::json;

use super::{expect, parse, with_body_examples};
use parley_core::template::{
    ParameterValueProblem, SlotComponent, check_parameter_value, explain_creation_error,
    parameters, rule,
};

// ---- wire shape, explanations, send-side helpers --------------------------------------

#[test]
fn diagnostics_serialise_in_camel_case() {
    let template = with_body_examples("Your order number is {{1}}", &["42"]);
    let diagnostic = expect(&template, rule::BODY_ENDS_WITH_PARAMETER);
    let value = serde_json::to_value(&diagnostic).unwrap();
    assert_eq!(value["rule"], "body.ends_with_parameter");
    assert_eq!(value["severity"], "error");
    assert_eq!(
        value["location"],
        json!({"component": "body", "button": null, "field": "text"})
    );
    assert_eq!(value["span"], json!({"start": 21, "end": 26}));
    assert_eq!(value["metaSubcode"], 2_388_299);
    assert_eq!(value["params"]["parameter"], "{{1}}");
    assert_eq!(
        diagnostic.location.text_in(&template),
        Some("Your order number is {{1}}")
    );
}

#[test]
fn creation_errors_are_explained() {
    for (subcode, rule_id) in [
        (2_388_040, rule::BODY_TOO_LONG),
        (2_388_047, rule::HEADER_FORMATTING),
        (2_388_073, rule::FOOTER_PARAMETER),
        (2_388_293, rule::BODY_PARAMETER_RATIO),
        (2_388_299, rule::BODY_ENDS_WITH_PARAMETER),
        (2_388_019, rule::ACCOUNT_TOO_MANY_TEMPLATES),
    ] {
        let explanation = explain_creation_error(subcode).expect("known subcode");
        assert_eq!(explanation.rule, rule_id);
        assert!(!explanation.message.is_empty() && !explanation.fix.is_empty());
    }
    assert_eq!(explain_creation_error(100), None);
}

#[test]
fn parameter_values_4_vs_5_spaces_newline_tab_empty() {
    assert_eq!(check_parameter_value("Mark    Smith"), Ok(()));
    assert_eq!(
        check_parameter_value("Mark     Smith"),
        Err(ParameterValueProblem::TooManySpaces { run: 5 })
    );
    assert_eq!(
        check_parameter_value("Mark\nSmith"),
        Err(ParameterValueProblem::Newline)
    );
    assert_eq!(
        check_parameter_value("Mark\tSmith"),
        Err(ParameterValueProblem::Tab)
    );
    assert_eq!(check_parameter_value(""), Err(ParameterValueProblem::Empty));
    assert_eq!(
        check_parameter_value("  "),
        Err(ParameterValueProblem::Empty)
    );
    assert_eq!(check_parameter_value("שלום"), Ok(()));
}

#[test]
fn parameters_list_what_a_send_form_asks() {
    let template = parse(json!({
        "name": "order_update", "language": "en_US", "category": "UTILITY",
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": {"header_text": ["335628"]}},
            {"type": "BODY", "text": "Hi {{1}}, order {{2}} ships {{1}} today.", "example": {"body_text": [["Mark", "335628"]]}},
            {"type": "BUTTONS", "buttons": [
                {"type": "QUICK_REPLY", "text": "Thanks"},
                {"type": "URL", "text": "Track", "url": "https://shop.example.com/track/{{1}}", "example": ["https://shop.example.com/track/335628"]}
            ]}
        ]
    }));
    let slots = parameters(&template);
    let summary: Vec<_> = slots
        .iter()
        .map(|s| (s.component, s.button, s.name.as_str(), s.example.as_deref()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (SlotComponent::Header, None, "1", Some("335628")),
            (SlotComponent::Body, None, "1", Some("Mark")),
            (SlotComponent::Body, None, "2", Some("335628")),
            (SlotComponent::Button, Some(1), "1", Some("335628")),
        ]
    );
    let value = serde_json::to_value(&slots[3]).unwrap();
    assert_eq!(
        value,
        json!({"component": "button", "button": 1, "name": "1", "example": "335628"})
    );

    let named = parse(json!({
        "name": "order_update", "language": "en_US", "category": "UTILITY", "parameter_format": "NAMED",
        "components": [{"type": "BODY", "text": "Hi {{first_name}}, order {{order_id}} shipped.",
            "example": {"body_text_named_params": [
                {"param_name": "order_id", "example": "42"}, {"param_name": "first_name", "example": "Mark"}]}}]
    }));
    let names: Vec<_> = parameters(&named)
        .into_iter()
        .map(|s| (s.name, s.example))
        .collect();
    assert_eq!(
        names,
        vec![
            ("first_name".to_string(), Some("Mark".to_string())),
            ("order_id".to_string(), Some("42".to_string()))
        ]
    );
}
