//! What the Cloud API checks when a business sends a template message: that the
//! template exists approved in that language, is not paused or disabled, that the
//! values match its parameters in number, names and form, that a media header names
//! media the account uploaded (a location header, a place), and that a copy-code button
//! has its coupon code.

use parley_core::template::{Component, HeaderFormat, TemplateButton, TemplateStatus};
use serde_json::Value;

use super::{StoredTemplate, TemplateStore};
use crate::graph_error::MetaError;
use crate::media_store::MediaStore;

/// Meta's limit for a copy-code button's coupon code.
const MAX_COUPON_CODE_CHARS: usize = 15;

/// Meta's 132018: values must be one line, without tabs or runs of more than 4 spaces.
fn value_is_well_formed(value: &str) -> bool {
    !value.contains(['\n', '\r', '\t']) && !value.contains("     ")
}

/// The distinct parameter names of `text` in order of first appearance: `"1"`,
/// `"first_name"`...
pub(crate) fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            break;
        };
        let name = after[..close].trim().to_owned();
        if !names.contains(&name) {
            names.push(name);
        }
        rest = &after[close + 2..];
    }
    names
}

/// What the request's `template.components` give for one component.
fn sent_component<'a>(request: &'a Value, kind: &str, index: Option<usize>) -> Option<&'a Value> {
    request
        .pointer("/template/components")
        .and_then(Value::as_array)?
        .iter()
        .find(|c| {
            c.get("type").and_then(Value::as_str) == Some(kind)
                && index.is_none_or(|i| {
                    let sent = c.get("index");
                    sent.and_then(Value::as_str) == Some(i.to_string().as_str())
                        || sent.and_then(Value::as_u64) == Some(i as u64)
                })
        })
}

fn parameters(component: Option<&Value>) -> Vec<Value> {
    component
        .and_then(|c| c.get("parameters"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn count_mismatch(where_: &str, given: usize, expected: usize) -> MetaError {
    MetaError::template_send(
        132000,
        "Number of parameters does not match the expected number of params",
        format!(
            "{where_}: number of localizable_params ({given}) does not match the expected number of params ({expected})"
        ),
    )
}

/// Checks the text values given for `names` (a header's or body's parameters).
fn check_text_values(
    where_: &str,
    names: &[String],
    given: &[Value],
    named: bool,
) -> Result<(), MetaError> {
    if given.len() != names.len() {
        return Err(count_mismatch(where_, given.len(), names.len()));
    }
    for (position, parameter) in given.iter().enumerate() {
        let text = parameter
            .get("text")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                MetaError::template_send(
                    132012,
                    "Parameter format does not match format in the created template",
                    format!(
                        "{where_}: parameter {} must be non-empty text",
                        position + 1
                    ),
                )
            })?;
        if !value_is_well_formed(text) {
            return Err(MetaError::template_send(
                132018,
                "There was an issue with the parameters in your template.",
                format!(
                    "{where_}: Param text cannot have new-line/tab characters or more than 4 consecutive spaces"
                ),
            ));
        }
        if named {
            let name = parameter.get("parameter_name").and_then(Value::as_str);
            if !name.is_some_and(|n| names.iter().any(|known| known == n)) {
                return Err(MetaError::template_send(
                    132000,
                    "Number of parameters does not match the expected number of params",
                    format!(
                        "{where_}: parameter_name {} is not one of the template's parameters ({})",
                        name.unwrap_or("(missing)"),
                        names.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn format_mismatch(details: impl Into<String>) -> MetaError {
    MetaError::template_send(
        132012,
        "Parameter format does not match format in the created template",
        details,
    )
}

/// The one parameter of an image, video, document or location header: of that type, with
/// media the account uploaded (or a link), or a place on the map.
fn check_header_parameter(
    format: HeaderFormat,
    given: &[Value],
    media: &MediaStore,
) -> Result<(), MetaError> {
    let kind = match format {
        HeaderFormat::Image => "image",
        HeaderFormat::Video => "video",
        HeaderFormat::Document => "document",
        HeaderFormat::Location | HeaderFormat::Text => "location",
    };
    let parameter = match given {
        [parameter] => parameter,
        // Meta reads a missing media or place as a header of unknown format.
        [] => {
            return Err(format_mismatch(format!(
                "header: Format mismatch, expected {}, received UNKNOWN",
                kind.to_uppercase()
            )));
        }
        _ => return Err(count_mismatch("header", given.len(), 1)),
    };
    let received = parameter.get("type").and_then(Value::as_str);
    if received != Some(kind) {
        return Err(format_mismatch(format!(
            "header: Format mismatch, expected {}, received {}",
            kind.to_uppercase(),
            received.unwrap_or("UNKNOWN").to_uppercase()
        )));
    }
    let object = parameter
        .get(kind)
        .ok_or_else(|| format_mismatch(format!("header: the {kind} object is missing")))?;
    if kind == "location" {
        let coordinate = |key: &str, limit: f64| {
            object
                .get(key)
                .and_then(|v| match v {
                    Value::Number(n) => n.as_f64(),
                    Value::String(s) => s.trim().parse::<f64>().ok(),
                    _ => None,
                })
                .is_some_and(|v| v.abs() <= limit)
        };
        if !coordinate("latitude", 90.0) || !coordinate("longitude", 180.0) {
            return Err(format_mismatch(
                "header: location needs a valid latitude and longitude",
            ));
        }
        return Ok(());
    }
    let text = |key: &str| object.get(key).and_then(Value::as_str);
    match (text("id"), text("link")) {
        // As a media message with an unknown id is refused.
        (Some(id), _) if media.get(id).is_none() => Err(MetaError::invalid_parameter(format!(
            "(#100) Invalid parameter: media id {id} does not exist or has expired"
        ))),
        (Some(_), _) => Ok(()),
        (None, Some(link)) if link.starts_with("https://") || link.starts_with("http://") => Ok(()),
        _ => Err(format_mismatch(format!(
            "header: {kind} needs an id or a link"
        ))),
    }
}

/// A copy-code button's value: one `coupon_code` of at most 15 characters.
fn check_coupon_code(
    index: usize,
    component: Option<&Value>,
    parameter: &Value,
) -> Result<(), MetaError> {
    let sub_type = component
        .and_then(|c| c.get("sub_type"))
        .and_then(Value::as_str);
    let code = parameter
        .get("coupon_code")
        .and_then(Value::as_str)
        .filter(|_| parameter.get("type").and_then(Value::as_str) == Some("coupon_code"))
        .filter(|code| !code.is_empty());
    let Some(code) = code.filter(|_| sub_type == Some("copy_code")) else {
        return Err(MetaError::template_send(
            132000,
            "Number of parameters does not match the expected number of params",
            format!("button {index}: a copy_code button needs one coupon_code parameter"),
        ));
    };
    if code.chars().count() > MAX_COUPON_CODE_CHARS {
        return Err(MetaError::invalid_parameter(format!(
            "(#100) Param coupon_code must be at most {MAX_COUPON_CODE_CHARS} characters long."
        )));
    }
    Ok(())
}

fn check_values(
    template: &StoredTemplate,
    request: &Value,
    media: &MediaStore,
) -> Result<(), MetaError> {
    let named =
        template.definition.parameter_format == Some(parley_core::template::ParameterFormat::Named);
    for component in &template.definition.components {
        match component {
            Component::Header(header) => {
                let given = parameters(sent_component(request, "header", None));
                match header.format {
                    HeaderFormat::Text => {
                        let names = placeholders(header.text.as_deref().unwrap_or_default());
                        check_text_values("header", &names, &given, named)?;
                    }
                    format => check_header_parameter(format, &given, media)?,
                }
            }
            Component::Body(body) => {
                let given = parameters(sent_component(request, "body", None));
                check_text_values("body", &placeholders(&body.text), &given, named)?;
            }
            Component::Buttons(buttons) => {
                for (index, button) in buttons.buttons.iter().enumerate() {
                    let expected = match button {
                        TemplateButton::Url { url, .. } => placeholders(url).len(),
                        TemplateButton::CopyCode { .. } => 1,
                        _ => continue,
                    };
                    let component = sent_component(request, "button", Some(index));
                    let given = parameters(component);
                    if given.len() != expected {
                        return Err(count_mismatch(
                            &format!("button {index}"),
                            given.len(),
                            expected,
                        ));
                    }
                    if matches!(button, TemplateButton::CopyCode { .. }) {
                        check_coupon_code(index, component, &given[0])?;
                    }
                }
            }
            Component::Footer(_) => {}
        }
    }
    Ok(())
}

/// Checks a `type: template` send against the account's templates.
pub(crate) fn check_send(
    store: &TemplateStore,
    media: &MediaStore,
    request: &Value,
) -> Result<(), MetaError> {
    let name = request
        .pointer("/template/name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let language = request
        .pointer("/template/language/code")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let missing = || {
        MetaError::template_send(
            132001,
            "Template name does not exist in the translation",
            format!("template name ({name}) does not exist in {language}"),
        )
    };
    let template = store.find(name, language).ok_or_else(missing)?;
    match template.status {
        TemplateStatus::Approved | TemplateStatus::Reinstated => {}
        TemplateStatus::Paused => {
            return Err(MetaError::template_send(
                132015,
                "Template is Paused",
                format!(
                    "Template {name} is paused because of low quality; it cannot be sent until it is unpaused."
                ),
            ));
        }
        TemplateStatus::Disabled => {
            return Err(MetaError::template_send(
                132016,
                "Template is disabled",
                format!(
                    "Template {name} has been paused too many times because of low quality and is now permanently disabled."
                ),
            ));
        }
        _ => return Err(missing()),
    }
    check_values(&template, request, media)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_distinct_and_ordered() {
        assert_eq!(placeholders("Hi {{1}}, {{2}} and {{ 1 }}"), ["1", "2"]);
        assert_eq!(placeholders("Hi {{first_name}}"), ["first_name"]);
        assert!(placeholders("no params {{unclosed").is_empty());
    }

    #[test]
    fn values_follow_metas_whitespace_rule() {
        assert!(value_is_well_formed("Dana    Cohen"));
        assert!(!value_is_well_formed("Dana     Cohen"));
        assert!(!value_is_well_formed("Dana\nCohen"));
        assert!(!value_is_well_formed("Dana\tCohen"));
    }
}
