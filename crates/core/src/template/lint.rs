//! The linter: every rule of Meta's template review that can be checked before submitting,
//! each with a stable id, a severity, the exact span in the field (UTF-16 code units, as a
//! JavaScript string indexes it), a plain-English explanation and a concrete fix.

mod buttons;
mod languages;
mod parameters;
mod placeholders;
pub mod rule;
mod structure;
mod text;
mod text_fields;

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{Component, TemplateButton, TemplateDefinition, TemplateStatus};

pub use buttons::COPY_CODE_MAX_CHARS;
pub use languages::{SUPPORTED_LANGUAGES, is_supported_language};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Which part of the template a diagnostic is about, in the order the parts are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum LocationComponent {
    /// The template as a whole: Meta's refusal of it when no one part is to blame (a text
    /// too long somewhere, the account's template limit).
    Template,
    Name,
    Language,
    Category,
    Header,
    Body,
    Footer,
    /// The BUTTONS component as a whole (count, grouping).
    Buttons,
    /// One button, by its index in the BUTTONS component.
    Button,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
// A message's shared location is `Location` in the UI already; the container's name
// is not part of the JSON, only of the generated TypeScript.
#[serde(rename = "DiagnosticLocation", rename_all = "camelCase")]
pub struct Location {
    pub component: LocationComponent,
    pub button: Option<u32>,
    /// `text`, `url`, `example`, `phone_number`, ... when the problem is in one field.
    pub field: Option<String>,
}

impl Location {
    pub fn of(component: LocationComponent) -> Self {
        Self {
            component,
            button: None,
            field: None,
        }
    }

    pub fn field(component: LocationComponent, field: &str) -> Self {
        Self {
            component,
            button: None,
            field: Some(field.to_string()),
        }
    }

    pub fn button(index: usize, field: Option<&str>) -> Self {
        Self {
            component: LocationComponent::Button,
            button: Some(u32::try_from(index).unwrap_or(u32::MAX)),
            field: field.map(str::to_string),
        }
    }

    /// The text a diagnostic's span indexes into, so a caller can turn the span into a
    /// line and column or highlight it.
    pub fn text_in<'a>(&self, template: &'a TemplateDefinition) -> Option<&'a str> {
        let field = self.field.as_deref();
        match self.component {
            LocationComponent::Template => None,
            LocationComponent::Name => Some(&template.name),
            LocationComponent::Language => Some(&template.language),
            LocationComponent::Category => None,
            LocationComponent::Header => template.components.iter().find_map(|c| match c {
                Component::Header(h) if field == Some("text") => h.text.as_deref(),
                _ => None,
            }),
            LocationComponent::Body => template.components.iter().find_map(|c| match c {
                Component::Body(b) if field == Some("text") => Some(b.text.as_str()),
                _ => None,
            }),
            LocationComponent::Footer => template.components.iter().find_map(|c| match c {
                Component::Footer(f) if field == Some("text") => Some(f.text.as_str()),
                _ => None,
            }),
            LocationComponent::Buttons => None,
            LocationComponent::Button => {
                let index = usize::try_from(self.button?).ok()?;
                let button = template.components.iter().find_map(|c| match c {
                    Component::Buttons(b) => b.buttons.get(index),
                    _ => None,
                })?;
                match (button, field?) {
                    (TemplateButton::QuickReply { text }, "text")
                    | (TemplateButton::Url { text, .. }, "text")
                    | (TemplateButton::PhoneNumber { text, .. }, "text") => Some(text),
                    (TemplateButton::Url { url, .. }, "url") => Some(url),
                    (TemplateButton::PhoneNumber { phone_number, .. }, "phone_number") => {
                        Some(phone_number)
                    }
                    (TemplateButton::CopyCode { example }, "example") => Some(example),
                    (TemplateButton::Otp { text, .. }, "text") => text.as_deref(),
                    _ => None,
                }
            }
        }
    }
}

/// A half-open range `[start, end)` in UTF-16 code units of the located field's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// Stable id, e.g. `body.ends_with_parameter`; see [`rule`].
    pub rule: String,
    pub severity: Severity,
    pub location: Location,
    pub span: Option<Span>,
    /// Plain English: what is wrong.
    pub message: String,
    /// Plain English: what to do about it.
    pub fix: Option<String>,
    /// The values interpolated into `message` and `fix`, so the UI can translate by rule id.
    pub params: BTreeMap<String, String>,
    /// The creation error subcode Meta answers with for this problem, when there is one.
    pub meta_subcode: Option<u32>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Builds a diagnostic step by step; the rule modules read as a list of checks.
pub(crate) struct DiagnosticBuilder(Diagnostic);

impl DiagnosticBuilder {
    fn new(rule: &str, severity: Severity, location: Location, message: String) -> Self {
        Self(Diagnostic {
            rule: rule.to_string(),
            severity,
            location,
            span: None,
            message,
            fix: None,
            params: BTreeMap::new(),
            meta_subcode: None,
        })
    }

    pub(crate) fn error(rule: &str, location: Location, message: impl Into<String>) -> Self {
        Self::new(rule, Severity::Error, location, message.into())
    }

    pub(crate) fn warning(rule: &str, location: Location, message: impl Into<String>) -> Self {
        Self::new(rule, Severity::Warning, location, message.into())
    }

    pub(crate) fn span(mut self, span: Span) -> Self {
        self.0.span = Some(span);
        self
    }

    pub(crate) fn fix(mut self, fix: impl Into<String>) -> Self {
        self.0.fix = Some(fix.into());
        self
    }

    pub(crate) fn param(mut self, key: &str, value: impl ToString) -> Self {
        self.0.params.insert(key.to_string(), value.to_string());
        self
    }

    pub(crate) fn subcode(mut self, subcode: u32) -> Self {
        self.0.meta_subcode = Some(subcode);
        self
    }

    pub(crate) fn build(self) -> Diagnostic {
        self.0
    }
}

/// Lints a template the way Meta's review would judge it.
///
/// `status` is the template's current status at Meta when known: an APPROVED template is
/// never shown errors (Meta applied some rules later and its own samples break them), only
/// warnings.
pub fn lint(template: &TemplateDefinition, status: Option<TemplateStatus>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    structure::check(template, &mut diagnostics);
    text_fields::check(template, &mut diagnostics);
    parameters::check(template, &mut diagnostics);
    buttons::check(template, &mut diagnostics);
    if status == Some(TemplateStatus::Approved) {
        diagnostics.retain(|d| !d.is_error());
    }
    // Reading order, like a compiler: part of the template, then position in its text.
    diagnostics.sort_by_key(|d| {
        (
            d.location.component,
            d.location.button,
            d.span.map(|s| s.start),
        )
    });
    diagnostics
}

/// Names of the well-formed placeholders in a text, in order (`"1"`, `"first_name"`).
pub(crate) fn placeholders_in(text: &str) -> Vec<String> {
    placeholders::scan(text)
        .valid()
        .map(|p| p.name.to_string())
        .collect()
}
