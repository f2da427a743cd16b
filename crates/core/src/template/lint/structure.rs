//! Rules about the template as a whole: name, language, which components it has, and the
//! opt-out line marketing templates should carry.

use super::languages::{is_supported_language, suggestion};
use super::rule;
use super::text::{byte_at_char, char_len, characters, span_of};
use super::{Diagnostic, DiagnosticBuilder, Location, LocationComponent};
use crate::template::model::{
    BodyComponent, ButtonsComponent, Component, FooterComponent, HeaderComponent, TemplateButton,
    TemplateCategory, TemplateDefinition,
};

pub(crate) const NAME_MAX_CHARS: usize = 512;

/// The first component of each kind (duplicates are reported, not linted twice).
#[derive(Default)]
pub(crate) struct Parts<'a> {
    pub(crate) header: Option<&'a HeaderComponent>,
    pub(crate) body: Option<&'a BodyComponent>,
    pub(crate) footer: Option<&'a FooterComponent>,
    pub(crate) buttons: Option<&'a ButtonsComponent>,
}

pub(crate) fn parts(template: &TemplateDefinition) -> Parts<'_> {
    let mut parts = Parts::default();
    for component in &template.components {
        match component {
            Component::Header(h) => {
                parts.header.get_or_insert(h);
            }
            Component::Body(b) => {
                parts.body.get_or_insert(b);
            }
            Component::Footer(f) => {
                parts.footer.get_or_insert(f);
            }
            Component::Buttons(b) => {
                parts.buttons.get_or_insert(b);
            }
        }
    }
    parts
}

pub(crate) fn check(template: &TemplateDefinition, out: &mut Vec<Diagnostic>) {
    check_name(&template.name, out);
    check_language(&template.language, out);
    check_components(template, out);
    check_marketing_opt_out(template, out);
}

fn check_name(name: &str, out: &mut Vec<Diagnostic>) {
    let location = || Location::of(LocationComponent::Name);
    if name.is_empty() {
        out.push(
            DiagnosticBuilder::error(rule::NAME_EMPTY, location(), "The template has no name.")
                .fix("give it a name of lowercase letters, digits and underscores, e.g. order_update")
                .build(),
        );
        return;
    }
    let length = char_len(name);
    if length > NAME_MAX_CHARS {
        let excess = length - NAME_MAX_CHARS;
        out.push(
            DiagnosticBuilder::error(
                rule::NAME_TOO_LONG,
                location(),
                format!(
                    "The name is {length} characters long; Meta allows at most {NAME_MAX_CHARS}."
                ),
            )
            .span(span_of(
                name,
                byte_at_char(name, NAME_MAX_CHARS),
                name.len(),
            ))
            .fix(format!("shorten the name by {}", characters(excess)))
            .param("length", length)
            .param("limit", NAME_MAX_CHARS)
            .param("excess", excess)
            .build(),
        );
    }
    let is_allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    if let Some((start, bad)) = name.char_indices().find(|(_, c)| !is_allowed(*c)) {
        let suggested: String = name
            .chars()
            .map(|c| c.to_ascii_lowercase())
            .map(|c| if is_allowed(c) { c } else { '_' })
            .collect();
        out.push(
            DiagnosticBuilder::error(
                rule::NAME_FORMAT,
                location(),
                format!("The name contains '{bad}'; names may only use lowercase letters a-z, digits and underscores."),
            )
            .span(span_of(name, start, start + bad.len_utf8()))
            .fix(format!("rename it to {suggested}"))
            .param("character", bad)
            .param("suggestion", suggested)
            .build(),
        );
    }
}

fn check_language(code: &str, out: &mut Vec<Diagnostic>) {
    if is_supported_language(code) {
        return;
    }
    let mut diagnostic = DiagnosticBuilder::error(
        rule::LANGUAGE_UNKNOWN,
        Location::of(LocationComponent::Language),
        format!("'{code}' is not one of Meta's template language codes."),
    )
    .param("language", code);
    diagnostic = match suggestion(code) {
        Some(known) => diagnostic
            .fix(format!("use the code {known}"))
            .param("suggestion", known),
        None => diagnostic.fix("pick a code from Meta's list, e.g. en_US, he, ar, ru, et, pt_BR"),
    };
    out.push(diagnostic.build());
}

fn check_components(template: &TemplateDefinition, out: &mut Vec<Diagnostic>) {
    let mut seen = [0usize; 4];
    for component in &template.components {
        let (slot, kind, location) = match component {
            Component::Header(_) => (0, "HEADER", LocationComponent::Header),
            Component::Body(_) => (1, "BODY", LocationComponent::Body),
            Component::Footer(_) => (2, "FOOTER", LocationComponent::Footer),
            Component::Buttons(_) => (3, "BUTTONS", LocationComponent::Buttons),
        };
        seen[slot] += 1;
        if seen[slot] == 2 {
            out.push(
                DiagnosticBuilder::error(
                    rule::COMPONENTS_DUPLICATE,
                    Location::of(location),
                    format!("The template has more than one {kind} component."),
                )
                .fix(format!("merge them into a single {kind}"))
                .param("component", kind)
                .build(),
            );
        }
    }
    let parts = parts(template);
    match parts.body {
        None => out.push(
            DiagnosticBuilder::error(
                rule::BODY_MISSING,
                Location::of(LocationComponent::Body),
                "Every template needs a BODY component.",
            )
            .fix("add a body with the message text")
            .build(),
        ),
        // Meta writes the text of authentication templates itself.
        Some(body)
            if body.text.trim().is_empty()
                && template.category != TemplateCategory::Authentication =>
        {
            out.push(
                DiagnosticBuilder::error(
                    rule::BODY_EMPTY,
                    Location::field(LocationComponent::Body, "text"),
                    "The body has no text.",
                )
                .fix("write the message text")
                .build(),
            );
        }
        Some(_) => {}
    }
}

/// Words that show a customer how to stop marketing messages, in the languages Parley's
/// users write in. Matched case-insensitively anywhere in the footer, body or a quick reply.
const OPT_OUT_WORDS: &[&str] = &[
    "stop",
    "unsubscribe",
    "opt out",
    "opt-out",
    "optout",
    "הסר",
    "הסרה",
    "להסרה",
    "إلغاء",
    "الغاء",
    "توقف",
    "отписаться",
    "отписка",
    "стоп",
    "loobu",
    "lõpeta",
    "peatu",
    "cancelar",
    "sair",
    "desinscrever",
    "abbestellen",
    "désabonner",
    "désinscrire",
];

fn check_marketing_opt_out(template: &TemplateDefinition, out: &mut Vec<Diagnostic>) {
    if template.category != TemplateCategory::Marketing {
        return;
    }
    let parts = parts(template);
    let mut texts: Vec<&str> = Vec::new();
    texts.extend(parts.footer.map(|f| f.text.as_str()));
    texts.extend(parts.body.map(|b| b.text.as_str()));
    if let Some(buttons) = parts.buttons {
        texts.extend(buttons.buttons.iter().filter_map(|b| match b {
            TemplateButton::QuickReply { text } => Some(text.as_str()),
            _ => None,
        }));
    }
    let offers_opt_out = texts.iter().any(|text| {
        let lower = text.to_lowercase();
        OPT_OUT_WORDS.iter().any(|word| lower.contains(word))
    });
    if !offers_opt_out {
        out.push(
            DiagnosticBuilder::warning(
                rule::MARKETING_OPT_OUT,
                Location::of(LocationComponent::Footer),
                "Marketing templates should tell customers how to stop receiving them.",
            )
            .fix("add a footer such as \"Reply STOP to unsubscribe\" or a \"Stop promotions\" quick reply")
            .build(),
        );
    }
}
