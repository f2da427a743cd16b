//! Rules on the text of the header, body and footer (DOMAIN rules 6, 8, 10, 11, 12).

use super::placeholders::{Placeholder, scan};
use super::rule::{self, subcode};
use super::structure::parts;
use super::text::{
    byte_at_char, char_len, characters, emoji_ranges, first_whitespace_run, span_of, word_count,
};
use super::{Diagnostic, DiagnosticBuilder, Location, LocationComponent};
use crate::template::model::{
    BodyComponent, FooterComponent, HeaderComponent, HeaderFormat, TemplateCategory,
    TemplateDefinition,
};

pub(crate) const HEADER_MAX_CHARS: usize = 60;
pub(crate) const BODY_MAX_CHARS: usize = 1024;
pub(crate) const FOOTER_MAX_CHARS: usize = 60;
/// More consecutive spaces than this in a body is flagged (Meta rejects them in values).
pub(crate) const MAX_CONSECUTIVE_SPACES: usize = 4;
/// Meta's range for an AUTHENTICATION footer's `code_expiration_minutes`.
pub(crate) const CODE_EXPIRATION_MINUTES: std::ops::RangeInclusive<u32> = 1..=90;

pub(crate) fn check(template: &TemplateDefinition, out: &mut Vec<Diagnostic>) {
    let parts = parts(template);
    if let Some(header) = parts.header {
        check_header(header, out);
    }
    if let Some(body) = parts.body {
        check_body(body, out);
    }
    if let Some(footer) = parts.footer {
        check_footer(footer, out);
        check_code_expiration(template.category, footer, out);
    }
}

fn too_long(
    rule_id: &str,
    component: LocationComponent,
    label: &str,
    text: &str,
    limit: usize,
) -> Option<Diagnostic> {
    let length = char_len(text);
    if length <= limit {
        return None;
    }
    let excess = length - limit;
    Some(
        DiagnosticBuilder::error(
            rule_id,
            Location::field(component, "text"),
            format!("The {label} is {length} characters long; Meta allows at most {limit}."),
        )
        .span(span_of(text, byte_at_char(text, limit), text.len()))
        .fix(format!("shorten the {label} by {}", characters(excess)))
        .param("length", length)
        .param("limit", limit)
        .param("excess", excess)
        .subcode(subcode::LENGTH)
        .build(),
    )
}

fn check_header(header: &HeaderComponent, out: &mut Vec<Diagnostic>) {
    let location = || Location::field(LocationComponent::Header, "text");
    match header.format {
        HeaderFormat::Text => {}
        HeaderFormat::Location => return,
        HeaderFormat::Image | HeaderFormat::Video | HeaderFormat::Document => {
            let has_handle = header
                .example
                .as_ref()
                .and_then(|e| e.header_handle.as_ref())
                .is_some_and(|handles| handles.iter().any(|h| !h.trim().is_empty()));
            if !has_handle {
                let kind = format!("{:?}", header.format).to_lowercase();
                out.push(
                    DiagnosticBuilder::error(
                        rule::HEADER_MISSING_MEDIA_EXAMPLE,
                        Location::field(LocationComponent::Header, "example"),
                        format!("A {kind} header needs a sample {kind} for Meta's reviewers."),
                    )
                    .fix(format!("upload a sample {kind}"))
                    .param("format", kind)
                    .build(),
                );
            }
            return;
        }
    }
    let text = header.text.as_deref().unwrap_or("");
    if text.trim().is_empty() {
        out.push(
            DiagnosticBuilder::error(
                rule::HEADER_MISSING_TEXT,
                location(),
                "A TEXT header needs text.",
            )
            .fix("write the header text, or choose no header")
            .build(),
        );
        return;
    }
    out.extend(too_long(
        rule::HEADER_TOO_LONG,
        LocationComponent::Header,
        "header",
        text,
        HEADER_MAX_CHARS,
    ));
    let scanned = scan(text);
    if let Some(second) = scanned.placeholders.get(1) {
        let count = scanned.placeholders.len();
        out.push(
            DiagnosticBuilder::error(
                rule::HEADER_TOO_MANY_PARAMETERS,
                location(),
                format!("The header has {count} parameters; Meta allows at most one."),
            )
            .span(second.span)
            .fix(format!(
                "remove {} from the header and keep one parameter",
                second.written
            ))
            .param("count", count)
            .param("parameter", second.written)
            .subcode(subcode::HEADER_FORMAT)
            .build(),
        );
    }
    for (start, end) in emoji_ranges(text) {
        let emoji = &text[start..end];
        out.push(
            DiagnosticBuilder::error(
                rule::HEADER_EMOJI,
                location(),
                "Headers cannot contain emoji.",
            )
            .span(span_of(text, start, end))
            .fix(format!(
                "remove {emoji} from the header (emoji are allowed in the body)"
            ))
            .param("emoji", emoji)
            .subcode(subcode::HEADER_FORMAT)
            .build(),
        );
    }
    if let Some((start, mark)) = formatting_mark(text, &scanned.placeholders) {
        out.push(
            DiagnosticBuilder::error(
                rule::HEADER_FORMATTING,
                location(),
                format!("Headers cannot use formatting characters such as '{mark}' (bold, italic, strikethrough)."),
            )
            .span(span_of(text, start, start + 1))
            .fix(format!("remove '{mark}' from the header"))
            .param("character", mark)
            .subcode(subcode::HEADER_FORMAT)
            .build(),
        );
    }
    if let Some(start) = text.find(['\n', '\r']) {
        out.push(
            DiagnosticBuilder::error(
                rule::HEADER_NEWLINE,
                location(),
                "Headers must be a single line.",
            )
            .span(span_of(text, start, start + 1))
            .fix("remove the line break from the header")
            .subcode(subcode::HEADER_FORMAT)
            .build(),
        );
    }
}

/// The first `*`, `_` or `~` outside a placeholder (`{{first_name}}` is not italics).
fn formatting_mark(text: &str, placeholders: &[Placeholder<'_>]) -> Option<(usize, char)> {
    text.char_indices()
        .filter(|(_, c)| matches!(c, '*' | '_' | '~'))
        .find(|(index, _)| {
            !placeholders
                .iter()
                .any(|p| (p.byte_start..p.byte_end).contains(index))
        })
}

fn check_body(body: &BodyComponent, out: &mut Vec<Diagnostic>) {
    let text = body.text.as_str();
    if text.trim().is_empty() {
        return;
    }
    let location = || Location::field(LocationComponent::Body, "text");
    out.extend(too_long(
        rule::BODY_TOO_LONG,
        LocationComponent::Body,
        "body",
        text,
        BODY_MAX_CHARS,
    ));
    if let Some((start, end)) = first_whitespace_run(text, MAX_CONSECUTIVE_SPACES) {
        out.push(
            DiagnosticBuilder::warning(
                rule::BODY_WHITESPACE,
                location(),
                format!("The body has tabs or more than {MAX_CONSECUTIVE_SPACES} spaces in a row."),
            )
            .span(span_of(text, start, end))
            .fix("replace them with a single space")
            .param("limit", MAX_CONSECUTIVE_SPACES)
            .build(),
        );
    }
    let scanned = scan(text);
    let placeholders: Vec<&Placeholder<'_>> = scanned.valid().collect();
    let (Some(first), Some(last)) = (placeholders.first(), placeholders.last()) else {
        return;
    };
    if !text[..first.byte_start].chars().any(char::is_alphanumeric) {
        out.push(
            DiagnosticBuilder::error(
                rule::BODY_STARTS_WITH_PARAMETER,
                location(),
                format!("The body starts with the parameter {}; Meta rejects a body that starts or ends with a parameter.", first.written),
            )
            .span(first.span)
            .fix(format!("add words before {}", first.written))
            .param("parameter", first.written)
            .subcode(subcode::LEADING_OR_TRAILING_PARAMETER)
            .build(),
        );
    }
    if !text[last.byte_end..].chars().any(char::is_alphanumeric) {
        out.push(
            DiagnosticBuilder::error(
                rule::BODY_ENDS_WITH_PARAMETER,
                location(),
                format!("The body ends with the parameter {}; Meta rejects a body that starts or ends with a parameter (punctuation after it does not count).", last.written),
            )
            .span(last.span)
            .fix(format!("add words after {}", last.written))
            .param("parameter", last.written)
            .subcode(subcode::LEADING_OR_TRAILING_PARAMETER)
            .build(),
        );
    }
    check_parameter_ratio(text, &placeholders, out);
}

/// Meta gives no formula; the observed rule of thumb is at least 3 words per parameter
/// plus one.
pub(crate) fn words_needed(parameters: usize) -> usize {
    3 * parameters + 1
}

fn check_parameter_ratio(text: &str, placeholders: &[&Placeholder<'_>], out: &mut Vec<Diagnostic>) {
    let mut words = 0;
    let mut from = 0;
    for placeholder in placeholders {
        words += word_count(&text[from..placeholder.byte_start]);
        from = placeholder.byte_end;
    }
    words += word_count(&text[from..]);
    let parameters = placeholders.len();
    let needed = words_needed(parameters);
    if words >= needed {
        return;
    }
    let missing = needed - words;
    out.push(
        DiagnosticBuilder::warning(
            rule::BODY_PARAMETER_RATIO,
            Location::field(LocationComponent::Body, "text"),
            format!("The body has {parameters} parameters but only {words} words; Meta rejects bodies with too many parameters for their length."),
        )
        .fix(format!(
            "add at least {missing} more {}, or use fewer parameters",
            if missing == 1 { "word" } else { "words" }
        ))
        .param("parameters", parameters)
        .param("words", words)
        .param("needed", needed)
        .param("missing", missing)
        .subcode(subcode::PARAMETER_RATIO)
        .build(),
    );
}

fn check_footer(footer: &FooterComponent, out: &mut Vec<Diagnostic>) {
    let text = footer.text.as_str();
    let location = || Location::field(LocationComponent::Footer, "text");
    out.extend(too_long(
        rule::FOOTER_TOO_LONG,
        LocationComponent::Footer,
        "footer",
        text,
        FOOTER_MAX_CHARS,
    ));
    if let Some(placeholder) = scan(text).placeholders.first() {
        out.push(
            DiagnosticBuilder::error(
                rule::FOOTER_PARAMETER,
                location(),
                format!(
                    "Footers cannot contain parameters such as {}.",
                    placeholder.written
                ),
            )
            .span(placeholder.span)
            .fix(format!(
                "remove {} from the footer (move it to the body)",
                placeholder.written
            ))
            .param("parameter", placeholder.written)
            .subcode(subcode::FOOTER_FORMAT)
            .build(),
        );
    }
    for (start, end) in emoji_ranges(text) {
        let emoji = &text[start..end];
        out.push(
            DiagnosticBuilder::warning(
                rule::FOOTER_EMOJI,
                location(),
                "Footers should not contain emoji.",
            )
            .span(span_of(text, start, end))
            .fix(format!("remove {emoji} from the footer"))
            .param("emoji", emoji)
            .subcode(subcode::FOOTER_FORMAT)
            .build(),
        );
    }
}

/// `code_expiration_minutes` belongs to AUTHENTICATION templates only, within Meta's range.
fn check_code_expiration(
    category: TemplateCategory,
    footer: &FooterComponent,
    out: &mut Vec<Diagnostic>,
) {
    let Some(minutes) = footer.code_expiration_minutes else {
        return;
    };
    let location = || Location::field(LocationComponent::Footer, "code_expiration_minutes");
    if category != TemplateCategory::Authentication {
        out.push(
            DiagnosticBuilder::error(
                rule::FOOTER_CODE_EXPIRATION_OUTSIDE_AUTHENTICATION,
                location(),
                "Only AUTHENTICATION templates can have a code expiration footer.",
            )
            .fix("remove code_expiration_minutes, or make the template AUTHENTICATION")
            .param("minutes", minutes)
            .build(),
        );
        return;
    }
    if !CODE_EXPIRATION_MINUTES.contains(&minutes) {
        let (min, max) = (
            CODE_EXPIRATION_MINUTES.start(),
            CODE_EXPIRATION_MINUTES.end(),
        );
        out.push(
            DiagnosticBuilder::error(
                rule::FOOTER_CODE_EXPIRATION_RANGE,
                location(),
                format!("The code expires after {minutes} minutes; Meta allows {min} to {max}."),
            )
            .fix(format!(
                "set code_expiration_minutes between {min} and {max}"
            ))
            .param("minutes", minutes)
            .param("min", min)
            .param("max", max)
            .build(),
        );
    }
}
