//! What the Cloud API checks when a business sends a template message: that the
//! template exists approved in that language, is not paused or disabled, and that the
//! values match its parameters in number, names and form.

use parley_core::template::{Component, HeaderFormat, TemplateButton, TemplateStatus};
use serde_json::Value;

use super::{StoredTemplate, TemplateStore};
use crate::graph_error::MetaError;

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

fn check_values(template: &StoredTemplate, request: &Value) -> Result<(), MetaError> {
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
                    format => {
                        let kind = match format {
                            HeaderFormat::Image => "image",
                            HeaderFormat::Video => "video",
                            HeaderFormat::Document => "document",
                            _ => "location",
                        };
                        if given.len() != 1 {
                            return Err(count_mismatch("header", given.len(), 1));
                        }
                        if given[0].get("type").and_then(Value::as_str) != Some(kind) {
                            return Err(MetaError::template_send(
                                132012,
                                "Parameter format does not match format in the created template",
                                format!("header: format mismatch, expected {kind}"),
                            ));
                        }
                    }
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
                    let given = parameters(sent_component(request, "button", Some(index))).len();
                    if given != expected {
                        return Err(count_mismatch(&format!("button {index}"), given, expected));
                    }
                }
            }
            Component::Footer(_) => {}
        }
    }
    Ok(())
}

/// Checks a `type: template` send against the account's templates.
pub(crate) fn check_send(store: &TemplateStore, request: &Value) -> Result<(), MetaError> {
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
    check_values(&template, request)
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
