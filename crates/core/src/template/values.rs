//! What sending a template needs: the parameters a send form asks for, and the check
//! Meta applies to each value (error 132018).

use serde::Serialize;

use super::lint::placeholders_in;
use super::model::{Component, HeaderFormat, ParameterFormat, TemplateButton, TemplateDefinition};

/// Meta refuses a value with more consecutive spaces than this (132018).
pub const MAX_CONSECUTIVE_SPACES_IN_VALUE: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ParameterValueProblem {
    #[error("a value is required")]
    Empty,
    #[error("values cannot contain line breaks")]
    Newline,
    #[error("values cannot contain tabs")]
    Tab,
    #[error("values cannot contain more than 4 spaces in a row ({run} found)")]
    TooManySpaces { run: u32 },
}

/// Checks one parameter value the way Meta does when sending (132018).
pub fn check_parameter_value(value: &str) -> Result<(), ParameterValueProblem> {
    if value.trim().is_empty() {
        return Err(ParameterValueProblem::Empty);
    }
    if value.contains(['\n', '\r']) {
        return Err(ParameterValueProblem::Newline);
    }
    if value.contains('\t') {
        return Err(ParameterValueProblem::Tab);
    }
    let longest_run = value.split(|c| c != ' ').map(str::len).max().unwrap_or(0);
    if longest_run > MAX_CONSECUTIVE_SPACES_IN_VALUE {
        return Err(ParameterValueProblem::TooManySpaces {
            run: u32::try_from(longest_run).unwrap_or(u32::MAX),
        });
    }
    Ok(())
}

/// Where a parameter goes when sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum SlotComponent {
    Header,
    Body,
    Button,
}

/// One value a send form asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ParameterSlot {
    pub component: SlotComponent,
    /// The button's index in the BUTTONS component (Meta's `index` when sending).
    pub button: Option<u32>,
    /// `"1"` for `{{1}}`, `"first_name"` for `{{first_name}}`.
    pub name: String,
    /// The example value the template was submitted with.
    pub example: Option<String>,
}

/// The parameters of a template in the order Meta expects them when sending: header,
/// body (positional by number, named in order of first appearance), then URL buttons.
pub fn parameters(template: &TemplateDefinition) -> Vec<ParameterSlot> {
    let named = template.parameter_format == Some(ParameterFormat::Named);
    let mut slots = Vec::new();
    for component in &template.components {
        match component {
            Component::Header(header) if header.format == HeaderFormat::Text => {
                let example = header.example.as_ref();
                let names = distinct_names(header.text.as_deref().unwrap_or(""), named);
                for name in names {
                    let value = if named {
                        example
                            .and_then(|e| e.header_text_named_params.as_ref())
                            .and_then(|list| list.iter().find(|e| e.param_name == name))
                            .map(|e| e.example.clone())
                    } else {
                        positional_example(example.and_then(|e| e.header_text.as_deref()), &name)
                    };
                    slots.push(slot(SlotComponent::Header, None, name, value));
                }
            }
            Component::Body(body) => {
                let example = body.example.as_ref();
                for name in distinct_names(&body.text, named) {
                    let value = if named {
                        example
                            .and_then(|e| e.body_text_named_params.as_ref())
                            .and_then(|list| list.iter().find(|e| e.param_name == name))
                            .map(|e| e.example.clone())
                    } else {
                        let row = example
                            .and_then(|e| e.body_text.as_ref())
                            .and_then(|rows| rows.first());
                        positional_example(row.map(Vec::as_slice), &name)
                    };
                    slots.push(slot(SlotComponent::Body, None, name, value));
                }
            }
            Component::Buttons(buttons) => {
                for (index, button) in buttons.buttons.iter().enumerate() {
                    let TemplateButton::Url { url, example, .. } = button else {
                        continue;
                    };
                    // A URL takes at most one variable; its value is the URL's dynamic suffix.
                    let Some(variable) = placeholders_in(url).into_iter().next() else {
                        continue;
                    };
                    let prefix = &url[..url.find("{{").unwrap_or(url.len())];
                    let value = example
                        .as_ref()
                        .and_then(|e| e.first())
                        .map(|full| full.strip_prefix(prefix).unwrap_or(full).to_string());
                    let index = u32::try_from(index).unwrap_or(u32::MAX);
                    slots.push(slot(SlotComponent::Button, Some(index), variable, value));
                }
            }
            _ => {}
        }
    }
    slots
}

fn slot(
    component: SlotComponent,
    button: Option<u32>,
    name: String,
    example: Option<String>,
) -> ParameterSlot {
    ParameterSlot {
        component,
        button,
        name,
        example,
    }
}

/// Distinct parameter names of a text: numbers sorted ascending, names by first appearance.
fn distinct_names(text: &str, named: bool) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in placeholders_in(text) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if !named {
        names.sort_by_key(|name| name.parse::<u64>().unwrap_or(u64::MAX));
    }
    names
}

fn positional_example(values: Option<&[String]>, name: &str) -> Option<String> {
    let index = name.parse::<usize>().ok()?.checked_sub(1)?;
    values?.get(index).cloned()
}
