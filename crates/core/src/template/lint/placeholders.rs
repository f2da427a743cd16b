//! Finds `{{...}}` placeholders in a text, and braces that do not pair up.

use super::Span;
use super::text::span_of;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PlaceholderKind {
    /// `{{1}}`
    Positional(u32),
    /// `{{first_name}}`
    Named,
    /// Contains `#`, `$` or `%`.
    ForbiddenCharacter(char),
    /// Anything else: `{{First Name}}`, `{{}}`, `{{1a}}`.
    InvalidName,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placeholder<'a> {
    /// The text between the braces, without surrounding spaces.
    pub(crate) name: &'a str,
    /// `{{name}}` as written, braces included.
    pub(crate) written: &'a str,
    pub(crate) kind: PlaceholderKind,
    pub(crate) byte_start: usize,
    pub(crate) byte_end: usize,
    pub(crate) span: Span,
}

impl Placeholder<'_> {
    pub(crate) fn is_valid(&self) -> bool {
        matches!(
            self.kind,
            PlaceholderKind::Positional(_) | PlaceholderKind::Named
        )
    }
}

/// A `{{` never closed or a `}}` never opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StrayBraces {
    pub(crate) opening: bool,
    pub(crate) span: Span,
}

#[derive(Debug, Default)]
pub(crate) struct Scan<'a> {
    pub(crate) placeholders: Vec<Placeholder<'a>>,
    pub(crate) stray: Vec<StrayBraces>,
}

impl Scan<'_> {
    pub(crate) fn valid(&self) -> impl Iterator<Item = &Placeholder<'_>> {
        self.placeholders.iter().filter(|p| p.is_valid())
    }
}

pub(crate) fn scan(text: &str) -> Scan<'_> {
    let mut result = Scan::default();
    let mut index = 0;
    // Braces are ASCII, so byte offsets found here are always char boundaries.
    while let Some(found) = next_double_brace(text, index) {
        if text[found..].starts_with("}}") {
            result.stray.push(StrayBraces {
                opening: false,
                span: span_of(text, found, found + 2),
            });
            index = found + 2;
            continue;
        }
        let inner_start = found + 2;
        let close = text[inner_start..].find("}}").map(|i| inner_start + i);
        let reopen = text[inner_start..].find("{{").map(|i| inner_start + i);
        match close {
            Some(close) if reopen.is_none_or(|reopen| reopen > close) => {
                let byte_end = close + 2;
                let name = text[inner_start..close].trim();
                result.placeholders.push(Placeholder {
                    name,
                    written: &text[found..byte_end],
                    kind: classify(name),
                    byte_start: found,
                    byte_end,
                    span: span_of(text, found, byte_end),
                });
                index = byte_end;
            }
            _ => {
                result.stray.push(StrayBraces {
                    opening: true,
                    span: span_of(text, found, inner_start),
                });
                index = inner_start;
            }
        }
    }
    result
}

fn next_double_brace(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    (from..bytes.len().saturating_sub(1)).find(|&i| {
        (bytes[i] == b'{' && bytes[i + 1] == b'{') || (bytes[i] == b'}' && bytes[i + 1] == b'}')
    })
}

fn classify(name: &str) -> PlaceholderKind {
    if let Some(forbidden) = name.chars().find(|c| matches!(c, '#' | '$' | '%')) {
        return PlaceholderKind::ForbiddenCharacter(forbidden);
    }
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
        return name
            .parse()
            .map_or(PlaceholderKind::InvalidName, PlaceholderKind::Positional);
    }
    let mut chars = name.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    if starts_with_letter && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        PlaceholderKind::Named
    } else {
        PlaceholderKind::InvalidName
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_positional_and_named_with_utf16_spans() {
        let scan = scan("שלום {{1}}, order {{order_id}}");
        assert!(scan.stray.is_empty());
        assert_eq!(scan.placeholders.len(), 2);
        assert_eq!(scan.placeholders[0].kind, PlaceholderKind::Positional(1));
        assert_eq!(scan.placeholders[0].span, Span { start: 5, end: 10 });
        assert_eq!(scan.placeholders[1].kind, PlaceholderKind::Named);
        assert_eq!(scan.placeholders[1].name, "order_id");
    }

    #[test]
    fn classifies_bad_names_and_characters() {
        let scan = scan("{{First Name}} {{$1}} {{}} {{2}}");
        let kinds: Vec<_> = scan.placeholders.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                PlaceholderKind::InvalidName,
                PlaceholderKind::ForbiddenCharacter('$'),
                PlaceholderKind::InvalidName,
                PlaceholderKind::Positional(2)
            ]
        );
    }

    #[test]
    fn reports_unclosed_and_unopened_braces() {
        let scan = scan("Hi {{1 and }} then {{2}} and {{3");
        assert_eq!(scan.placeholders.len(), 2);
        assert_eq!(
            scan.stray,
            vec![StrayBraces {
                opening: true,
                span: Span { start: 29, end: 31 }
            }]
        );
        let scan = super::scan("Hi 1}} there");
        assert_eq!(scan.stray.len(), 1);
        assert!(!scan.stray[0].opening);
        let scan = super::scan("Hi {{1 {{2}}");
        assert_eq!(scan.placeholders.len(), 1);
        assert!(scan.stray[0].opening);
    }
}
