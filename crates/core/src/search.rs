//! Full-text search as people type it, in every script the inbox sees.
//!
//! SQLite's `unicode61` tokenizer (with `remove_diacritics 2`) already folds case and
//! Latin accents, so "Tõnu" is found by "tonu" and "cafe" finds "café". What it does not
//! fold is done here, identically for what is indexed and for what is searched:
//! Hebrew points and cantillation, Arabic harakat, tatweel and letter variants, and the
//! Cyrillic "ё". A result's matches are marked in its folded text by [`MatchMarker`],
//! exactly as FTS5's `highlight()` would mark them; [`highlight`] and [`snippet`] map
//! them back onto the original text.
//!
//! Highlight ranges count UTF-16 code units, the unit of JavaScript strings, so the UI
//! can slice the text it received with them directly.

use serde::{Deserialize, Serialize};

mod attached;
mod marks;
pub mod unicode61;
mod unicode61_tables;
pub use attached::word_forms;
pub use marks::{MatchMarker, WordMatch};

use crate::conversation::Contact;
use crate::message::Direction;
use crate::{ConversationId, MessageId, Timestamp};

/// Marks where a match starts and ends in marked text ([`MatchMarker`]'s output, in the
/// format of FTS5's `highlight()`). Private-use characters: folding replaces them in the
/// indexed text, so they can only come from the marker.
pub const MATCH_START: char = '\u{E000}';
pub const MATCH_END: char = '\u{E001}';

/// Longest query looked at; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most words a query is matched on.
pub const MAX_QUERY_TERMS: usize = 12;
/// How much of a long text a result shows around its first match.
pub const SNIPPET_CHARS: usize = 120;

/// How a character is indexed: kept, replaced, or dropped (`None`).
fn fold_char(c: char) -> Option<char> {
    match c {
        // Hebrew points (niqqud) and cantillation marks, but not the punctuation among
        // them (maqaf U+05BE, paseq U+05C0, sof pasuq U+05C3, nun hafukha U+05C6), which
        // separates words.
        '\u{0591}'..='\u{05BD}'
        | '\u{05BF}'
        | '\u{05C1}'
        | '\u{05C2}'
        | '\u{05C4}'
        | '\u{05C5}'
        | '\u{05C7}' => None,
        // Arabic harakat, the superscript alef, Quranic annotation marks, tatweel.
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'
        | '\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0640}' => None,
        // Arabic letters people write interchangeably (the usual Arabic search
        // normalisation): alef with hamza or madda and alef wasla as bare alef, alef
        // maksura as yeh, teh marbuta as heh.
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => Some('\u{0627}'),
        '\u{0649}' => Some('\u{064A}'),
        '\u{0629}' => Some('\u{0647}'),
        // Arabic-Indic and Persian digits as ASCII digits, so "٠٥٠" and "050" are one.
        '\u{0660}'..='\u{0669}' => char::from_u32(u32::from(c) - 0x0660 + u32::from('0')),
        '\u{06F0}'..='\u{06F9}' => char::from_u32(u32::from(c) - 0x06F0 + u32::from('0')),
        // Russian writes "е" for "ё" more often than not.
        'ё' => Some('е'),
        'Ё' => Some('Е'),
        // Invisible characters that would otherwise split a word in two: soft hyphen,
        // zero-width (non-)joiners, direction marks and embeddings, word joiner, BOM,
        // variation selectors.
        '\u{00AD}'
        | '\u{200C}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{FE00}'..='\u{FE0F}' => None,
        MATCH_START | MATCH_END => Some(' '),
        _ => Some(c),
    }
}

/// Dropped characters that belong to the letter before them: a highlight that ends on
/// that letter takes them along, so a vowelled word is highlighted whole.
fn is_attached_mark(c: char) -> bool {
    fold_char(c).is_none() && !matches!(c, '\u{00AD}' | '\u{200C}'..='\u{2069}' | '\u{FEFF}')
}

/// Text as the index holds it, and where each of its characters came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// For each character of `text`, the index of the original character it came from.
    origin: Vec<usize>,
}

/// Folds `text` for the index (see the module docs).
pub fn fold(text: &str) -> Folded {
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        if let Some(f) = fold_char(c) {
            folded.push(f);
            origin.push(i);
        }
    }
    Folded {
        text: folded,
        origin,
    }
}

/// The folded text alone, for writing to the index.
pub fn fold_text(text: &str) -> String {
    text.chars().filter_map(fold_char).collect()
}

/// What someone typed in the search box, as words to match. Never FTS syntax: every
/// word is matched as typed (quotes, `*`, `-`, `AND` are just text), all words must
/// match, and the last one also matches as the start of a longer word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    terms: Vec<String>,
    phone_digits: Option<String>,
}

impl SearchQuery {
    /// `None` when there is nothing to search for (blank, or punctuation only).
    pub fn parse(input: &str) -> Option<SearchQuery> {
        let clipped: String = input.chars().take(MAX_QUERY_CHARS).collect();
        let folded = fold_text(&clipped);
        let terms: Vec<String> = folded
            .split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|word| word.chars().any(char::is_alphanumeric))
            .take(MAX_QUERY_TERMS)
            .map(str::to_owned)
            .collect();
        let phone_digits = phone_digits(&folded);
        if terms.is_empty() && phone_digits.is_none() {
            return None;
        }
        Some(SearchQuery {
            terms,
            phone_digits,
        })
    }

    /// The words, folded; the last one is matched as a prefix too.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// When the query looks like (part of) a phone number: its digits, joined, so
    /// "+972 50-123" looks for "97250123". An international "00" prefix is dropped.
    pub fn phone_digits(&self) -> Option<&str> {
        self.phone_digits.as_deref()
    }
}

/// Fewest digits a query needs before it is also tried as a phone number.
const MIN_PHONE_QUERY_DIGITS: usize = 3;

fn phone_digits(folded: &str) -> Option<String> {
    let trimmed = folded.trim();
    let phone_like = trimmed.chars().all(|c| {
        c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '.' | '/' | ' ' | '\u{A0}')
    });
    if !phone_like {
        return None;
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix("00") {
        Some(rest) if trimmed.starts_with("00") && rest.len() >= MIN_PHONE_QUERY_DIGITS => {
            rest.to_owned()
        }
        _ => digits,
    };
    (digits.len() >= MIN_PHONE_QUERY_DIGITS).then_some(digits)
}

/// A span of a result's text to highlight, in UTF-16 code units: `text.slice(start, end)`
/// in JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

/// A result's text with its matches. Untrusted (customer) text: render as text, with the
/// ranges wrapped in a highlight element, never as HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Highlighted {
    pub text: String,
    /// Sorted and disjoint, in UTF-16 code units of `text`.
    pub ranges: Vec<TextRange>,
    /// `text` is an excerpt: the original goes on before it (show "…").
    pub cut_before: bool,
    /// `text` is an excerpt: the original goes on after it (show "…").
    pub cut_after: bool,
}

impl Highlighted {
    /// Text without highlights.
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ranges: Vec::new(),
            cut_before: false,
            cut_after: false,
        }
    }

    /// `text` with the given character ranges (not UTF-16) highlighted.
    pub fn with_char_ranges(text: &str, ranges: &[(usize, usize)]) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let units = utf16_offsets(&chars);
        Self {
            text: text.to_owned(),
            ranges: ranges
                .iter()
                .filter(|(start, end)| start < end && *end <= chars.len())
                .map(|&(start, end)| TextRange {
                    start: units[start],
                    end: units[end],
                })
                .collect(),
            cut_before: false,
            cut_after: false,
        }
    }

    pub fn has_matches(&self) -> bool {
        !self.ranges.is_empty()
    }

    /// Without the whitespace around the text, the ranges moved along.
    pub fn trimmed(self) -> Self {
        let lead = self.text.len() - self.text.trim_start().len();
        let shift = self.text[..lead].encode_utf16().count() as u32;
        let text = self.text.trim().to_owned();
        let total = text.encode_utf16().count() as u32;
        Self {
            ranges: self
                .ranges
                .iter()
                .filter_map(|r| {
                    let start = r.start.saturating_sub(shift);
                    let end = r.end.saturating_sub(shift).min(total);
                    (start < end).then_some(TextRange { start, end })
                })
                .collect(),
            text,
            ..self
        }
    }
}

/// A message that matched, for the search palette.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MessageHit {
    pub message_id: MessageId,
    pub conversation_id: ConversationId,
    /// Who the conversation is with (its `displayName` is what to show).
    pub contact: Contact,
    pub direction: Direction,
    /// Meta's message type (`text`, `image`, ...): a caption matched for media.
    pub kind: String,
    pub timestamp: Timestamp,
    /// The text (or an excerpt around the first match, on one line) with the matches.
    pub snippet: Highlighted,
}

/// A contact that matched, for the search palette and the address book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactHit {
    pub contact: Contact,
    /// Their thread, when either side has written.
    pub conversation_id: Option<ConversationId>,
    /// The display name, with the matches in it.
    pub name: Highlighted,
    /// The number as `+` and digits, with the digits that matched.
    pub phone: Highlighted,
    /// Their WhatsApp profile name, when a saved name is shown and this one matched.
    pub profile_name: Option<Highlighted>,
    /// An excerpt of the notes, when they matched.
    pub notes: Option<Highlighted>,
}

/// Everything a search found, best first in each list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    pub contacts: Vec<ContactHit>,
    pub messages: Vec<MessageHit>,
}

/// Splits marked text into its text and the character ranges it marks.
fn parse_marked(marked: &str) -> (String, Vec<(usize, usize)>) {
    let mut text = String::with_capacity(marked.len());
    let mut ranges = Vec::new();
    let mut chars = 0;
    let mut open = None;
    for c in marked.chars() {
        match c {
            MATCH_START => open = Some(chars),
            MATCH_END => {
                if let Some(start) = open.take()
                    && start < chars
                {
                    ranges.push((start, chars));
                }
            }
            _ => {
                text.push(c);
                chars += 1;
            }
        }
    }
    (text, ranges)
}

/// The matches marked in the folded text (`marked`, [`MatchMarker`]'s output), as
/// character ranges of `original`. Empty when the two do not belong together (marked
/// text that is not `original` folded), so marks never land on the wrong words.
fn original_ranges(original: &[char], marked: &str) -> Vec<(usize, usize)> {
    let (folded_text, folded_ranges) = parse_marked(marked);
    let folded = fold(&original.iter().collect::<String>());
    if folded.text != folded_text {
        return Vec::new();
    }
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(folded_ranges.len());
    for (start, end) in folded_ranges {
        let (Some(&first), Some(&last)) = (folded.origin.get(start), folded.origin.get(end - 1))
        else {
            continue;
        };
        let mut end = last + 1;
        while original.get(end).is_some_and(|&c| is_attached_mark(c)) {
            end += 1;
        }
        match out.last_mut() {
            Some(previous) if previous.1 >= first => previous.1 = previous.1.max(end),
            _ => out.push((first, end)),
        }
    }
    out
}

/// `original` in full, with the matches marked in its folded copy.
pub fn highlight(original: &str, marked: &str) -> Highlighted {
    let chars: Vec<char> = original.chars().collect();
    Highlighted::with_char_ranges(original, &original_ranges(&chars, marked))
}

/// An excerpt of `original` of about [`SNIPPET_CHARS`] characters around its first
/// match, on one line, with the matches marked in its folded copy.
pub fn snippet(original: &str, marked: &str) -> Highlighted {
    let chars: Vec<char> = original.chars().collect();
    let ranges = original_ranges(&chars, marked);
    let (start, end) = excerpt_window(&chars, ranges.first().map_or(0, |r| r.0));
    let window: Vec<char> = chars[start..end]
        .iter()
        .map(|&c| if c.is_control() { ' ' } else { c })
        .collect();
    let units = utf16_offsets(&window);
    let ranges = ranges
        .iter()
        .filter_map(|&(s, e)| {
            let (s, e) = (s.max(start), e.min(end));
            (s < e).then(|| TextRange {
                start: units[s - start],
                end: units[e - start],
            })
        })
        .collect();
    Highlighted {
        text: window.into_iter().collect(),
        ranges,
        cut_before: start > 0,
        cut_after: end < chars.len(),
    }
}

/// How many characters of context an excerpt shows before its first match.
const CONTEXT_BEFORE: usize = 30;
/// How far an excerpt's edge moves to land between words.
const WORD_SNAP: usize = 12;

/// Which characters an excerpt around `focus` covers: starting a little before it, on a
/// word boundary when one is near, never splitting a letter from its marks.
fn excerpt_window(chars: &[char], focus: usize) -> (usize, usize) {
    let len = chars.len();
    if len <= SNIPPET_CHARS {
        return (0, len);
    }
    let mut start = focus
        .saturating_sub(CONTEXT_BEFORE)
        .min(len - SNIPPET_CHARS);
    // The edges only move outwards, so the excerpt always holds the focus.
    let mut end = start + SNIPPET_CHARS;
    if start > 0 {
        if let Some(space) = (start.saturating_sub(WORD_SNAP)..start)
            .rev()
            .find(|&i| chars[i].is_whitespace())
        {
            start = space + 1;
        }
        while start > 0 && is_attached_mark(chars[start]) {
            start -= 1;
        }
    }
    if end < len {
        if let Some(space) = (end..(end + WORD_SNAP).min(len)).find(|&i| chars[i].is_whitespace()) {
            end = space;
        }
        while end < len && is_attached_mark(chars[end]) {
            end += 1;
        }
    }
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    (start, end)
}

/// UTF-16 offset of every character boundary: `out[i]` is where character `i` starts,
/// `out[chars.len()]` the total length.
fn utf16_offsets(chars: &[char]) -> Vec<u32> {
    let mut out = Vec::with_capacity(chars.len() + 1);
    let mut at = 0u32;
    out.push(0);
    for c in chars {
        at = at.saturating_add(c.len_utf16() as u32);
        out.push(at);
    }
    out
}

#[cfg(test)]
mod tests;
