//! Rules on the placeholders of the header and body (DOMAIN rules 3, 4, 5, 7, 9).

use std::collections::BTreeSet;

use super::placeholders::{Placeholder, PlaceholderKind, Scan, scan};
use super::rule;
use super::structure::parts;
use super::{Diagnostic, DiagnosticBuilder, Location, LocationComponent};
use crate::template::model::{HeaderFormat, NamedExample, ParameterFormat, TemplateDefinition};

/// A text that may hold parameters, with the example values given for them.
struct ParameterText<'a> {
    component: LocationComponent,
    text: &'a str,
    positional_examples: Option<&'a [String]>,
    named_examples: Option<&'a [NamedExample]>,
}

impl ParameterText<'_> {
    fn location(&self) -> Location {
        Location::field(self.component, "text")
    }

    fn example_for(&self, placeholder: &Placeholder<'_>) -> Option<&str> {
        let value = match placeholder.kind {
            PlaceholderKind::Positional(number) => {
                let index = usize::try_from(number).ok()?.checked_sub(1)?;
                self.positional_examples?.get(index).map(String::as_str)
            }
            PlaceholderKind::Named => self
                .named_examples?
                .iter()
                .find(|e| e.param_name == placeholder.name)
                .map(|e| e.example.as_str()),
            _ => None,
        };
        value.filter(|v| !v.trim().is_empty())
    }
}

fn parameter_texts(template: &TemplateDefinition) -> Vec<ParameterText<'_>> {
    let parts = parts(template);
    let mut texts = Vec::new();
    if let Some(header) = parts.header.filter(|h| h.format == HeaderFormat::Text) {
        let example = header.example.as_ref();
        texts.push(ParameterText {
            component: LocationComponent::Header,
            text: header.text.as_deref().unwrap_or(""),
            positional_examples: example.and_then(|e| e.header_text.as_deref()),
            named_examples: example.and_then(|e| e.header_text_named_params.as_deref()),
        });
    }
    if let Some(body) = parts.body {
        let example = body.example.as_ref();
        texts.push(ParameterText {
            component: LocationComponent::Body,
            text: &body.text,
            positional_examples: example
                .and_then(|e| e.body_text.as_ref())
                .and_then(|rows| rows.first())
                .map(Vec::as_slice),
            named_examples: example.and_then(|e| e.body_text_named_params.as_deref()),
        });
    }
    texts
}

pub(crate) fn check(template: &TemplateDefinition, out: &mut Vec<Diagnostic>) {
    let texts = parameter_texts(template);
    let scans: Vec<Scan<'_>> = texts.iter().map(|t| scan(t.text)).collect();
    let declared = template
        .parameter_format
        .unwrap_or(ParameterFormat::Positional);
    let uses_positional = scans
        .iter()
        .flat_map(|s| &s.placeholders)
        .any(|p| matches!(p.kind, PlaceholderKind::Positional(_)));
    let uses_named = scans
        .iter()
        .flat_map(|s| &s.placeholders)
        .any(|p| p.kind == PlaceholderKind::Named);
    for (text, scanned) in texts.iter().zip(&scans) {
        check_syntax(text, scanned, out);
        check_format(text, scanned, declared, uses_positional && uses_named, out);
        if declared == ParameterFormat::Positional {
            check_numbering(text, scanned, out);
        }
        check_examples(text, scanned, declared, out);
        check_adjacent(text, scanned, out);
    }
}

fn check_syntax(text: &ParameterText<'_>, scanned: &Scan<'_>, out: &mut Vec<Diagnostic>) {
    for stray in &scanned.stray {
        let (message, fix) = if stray.opening {
            (
                "A '{{' is never closed.",
                "close the parameter with '}}', e.g. {{1}}",
            )
        } else {
            (
                "A '}}' has no matching '{{'.",
                "open the parameter with '{{', e.g. {{1}}",
            )
        };
        out.push(
            DiagnosticBuilder::error(rule::PARAMS_UNBALANCED_BRACES, text.location(), message)
                .span(stray.span)
                .fix(fix)
                .build(),
        );
    }
    for placeholder in &scanned.placeholders {
        match placeholder.kind {
            PlaceholderKind::ForbiddenCharacter(character) => out.push(
                DiagnosticBuilder::error(
                    rule::PARAMS_INVALID_CHARACTER,
                    text.location(),
                    format!("The parameter {} contains '{character}'; parameters cannot contain #, $ or %.", placeholder.written),
                )
                .span(placeholder.span)
                .fix(format!("remove '{character}' from {}", placeholder.written))
                .param("parameter", placeholder.written)
                .param("character", character)
                .build(),
            ),
            PlaceholderKind::InvalidName => out.push(
                DiagnosticBuilder::error(
                    rule::PARAMS_INVALID_NAME,
                    text.location(),
                    format!("{} is not a valid parameter: use a number such as {{{{1}}}} or a name of lowercase letters, digits and underscores such as {{{{first_name}}}}.", placeholder.written),
                )
                .span(placeholder.span)
                .fix(format!("rename it to {{{{{}}}}}", suggested_name(placeholder.name)))
                .param("parameter", placeholder.written)
                .build(),
            ),
            PlaceholderKind::Positional(_) | PlaceholderKind::Named => {}
        }
    }
}

fn suggested_name(name: &str) -> String {
    let mut suggestion: String = name
        .trim()
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !suggestion.starts_with(|c: char| c.is_ascii_lowercase()) {
        suggestion.insert_str(0, "param_");
    }
    suggestion
}

fn check_format(
    text: &ParameterText<'_>,
    scanned: &Scan<'_>,
    declared: ParameterFormat,
    mixed: bool,
    out: &mut Vec<Diagnostic>,
) {
    for placeholder in scanned.valid() {
        let is_named = placeholder.kind == PlaceholderKind::Named;
        let fits = is_named == (declared == ParameterFormat::Named);
        if fits {
            continue;
        }
        let (declared_name, example) = match declared {
            ParameterFormat::Positional => ("POSITIONAL", "{{1}}"),
            ParameterFormat::Named => ("NAMED", "{{first_name}}"),
        };
        let builder = if mixed {
            DiagnosticBuilder::error(
                rule::PARAMS_MIXED_FORMAT,
                text.location(),
                format!("The template mixes numbered and named parameters; {} does not match its {declared_name} format.", placeholder.written),
            )
            .fix(format!("use only {declared_name} parameters like {example}"))
        } else {
            let other = if is_named { "NAMED" } else { "POSITIONAL" };
            DiagnosticBuilder::error(
                rule::PARAMS_FORMAT_MISMATCH,
                text.location(),
                format!("{} is a {other} parameter but the template's parameter_format is {declared_name}.", placeholder.written),
            )
            .fix(format!("set parameter_format to {other}, or write parameters like {example}"))
        };
        out.push(
            builder
                .span(placeholder.span)
                .param("parameter", placeholder.written)
                .param("format", declared_name)
                .build(),
        );
    }
}

fn check_numbering(text: &ParameterText<'_>, scanned: &Scan<'_>, out: &mut Vec<Diagnostic>) {
    let numbered: Vec<(u32, &Placeholder<'_>)> = scanned
        .placeholders
        .iter()
        .filter_map(|p| match p.kind {
            PlaceholderKind::Positional(number) => Some((number, p)),
            _ => None,
        })
        .collect();
    let distinct: BTreeSet<u32> = numbered.iter().map(|(n, _)| *n).collect();
    let expected: Vec<String> = (1..=distinct.len())
        .map(|n| format!("{{{{{n}}}}}"))
        .collect();
    let first_stray = numbered.iter().find(|(number, _)| {
        usize::try_from(*number).map_or(true, |n| n == 0 || n > distinct.len())
    });
    if let Some((_, placeholder)) = first_stray {
        let renumbered = expected.join(" ");
        out.push(
            DiagnosticBuilder::error(
                rule::PARAMS_GAP,
                text.location(),
                format!(
                    "Parameters must be numbered 1 to {} without gaps; {} breaks the sequence.",
                    distinct.len(),
                    placeholder.written
                ),
            )
            .span(placeholder.span)
            .fix(format!("renumber to {renumbered}"))
            .param("parameter", placeholder.written)
            .param("expected", renumbered)
            .build(),
        );
    }
    let out_of_order = numbered
        .windows(2)
        .find(|pair| pair[1].0 < pair[0].0)
        .map(|pair| (pair[0].1, pair[1].1));
    if let Some((previous, placeholder)) = out_of_order {
        out.push(
            DiagnosticBuilder::error(
                rule::PARAMS_OUT_OF_ORDER,
                text.location(),
                format!(
                    "{} comes after {}; numbered parameters must appear in order.",
                    placeholder.written, previous.written
                ),
            )
            .span(placeholder.span)
            .fix(format!(
                "renumber to {} in reading order",
                expected.join(" ")
            ))
            .param("parameter", placeholder.written)
            .param("previous", previous.written)
            .build(),
        );
    }
}

fn check_examples(
    text: &ParameterText<'_>,
    scanned: &Scan<'_>,
    declared: ParameterFormat,
    out: &mut Vec<Diagnostic>,
) {
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for placeholder in scanned.valid() {
        let is_named = placeholder.kind == PlaceholderKind::Named;
        // A parameter of the wrong format is already an error; its example is moot.
        if is_named != (declared == ParameterFormat::Named) {
            continue;
        }
        if text.example_for(placeholder).is_some() || !reported.insert(placeholder.name) {
            continue;
        }
        let field = match (text.component, is_named) {
            (LocationComponent::Header, false) => "example.header_text",
            (LocationComponent::Header, true) => "example.header_text_named_params",
            (_, false) => "example.body_text",
            (_, true) => "example.body_text_named_params",
        };
        out.push(
            DiagnosticBuilder::error(
                rule::PARAMS_MISSING_EXAMPLE,
                text.location(),
                format!(
                    "{} has no example value; Meta's reviewers need one for every parameter.",
                    placeholder.written
                ),
            )
            .span(placeholder.span)
            .fix(format!(
                "add an example value for {} (in {field})",
                placeholder.written
            ))
            .param("parameter", placeholder.written)
            .param("field", field)
            .build(),
        );
    }
}

fn check_adjacent(text: &ParameterText<'_>, scanned: &Scan<'_>, out: &mut Vec<Diagnostic>) {
    for pair in scanned.placeholders.windows(2) {
        let between = &text.text[pair[0].byte_end..pair[1].byte_start];
        if !between.trim().is_empty() {
            continue;
        }
        out.push(
            DiagnosticBuilder::error(
                rule::PARAMS_ADJACENT,
                text.location(),
                format!(
                    "{} and {} stand side by side with no words between them.",
                    pair[0].written, pair[1].written
                ),
            )
            .span(super::Span {
                start: pair[0].span.start,
                end: pair[1].span.end,
            })
            .fix(format!(
                "put words between {} and {}",
                pair[0].written, pair[1].written
            ))
            .param("first", pair[0].written)
            .param("second", pair[1].written)
            .build(),
        );
    }
}
