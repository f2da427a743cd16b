//! Text measurements the rules share: UTF-16 spans, emoji, whitespace runs, words.

use unicode_segmentation::UnicodeSegmentation;

use super::Span;

/// UTF-16 offset of a byte offset (which must be on a char boundary).
pub(crate) fn utf16_offset(text: &str, byte: usize) -> u32 {
    let units: usize = text
        .get(..byte)
        .map_or(0, |prefix| prefix.encode_utf16().count());
    u32::try_from(units).unwrap_or(u32::MAX)
}

pub(crate) fn span_of(text: &str, byte_start: usize, byte_end: usize) -> Span {
    Span {
        start: utf16_offset(text, byte_start),
        end: utf16_offset(text, byte_end),
    }
}

/// Length as Meta counts it in its limits: characters (Unicode scalar values).
pub(crate) fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// The byte offset where the character number `limit` starts: the text beyond a limit.
pub(crate) fn byte_at_char(text: &str, limit: usize) -> usize {
    text.char_indices()
        .nth(limit)
        .map_or(text.len(), |(i, _)| i)
}

/// Whether a character is drawn as an emoji (the pictographic blocks of Unicode plus the
/// emoji presentation selector). Letters of any script, digits and punctuation are not.
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF     // mahjong, cards, enclosed, pictographs, emoticons, transport, symbols
        | 0x2600..=0x27BF     // miscellaneous symbols, dingbats
        | 0x231A..=0x231B | 0x2328 | 0x23CF | 0x23E9..=0x23F3 | 0x23F8..=0x23FA
        | 0x2B05..=0x2B07 | 0x2B1B..=0x2B1C | 0x2B50 | 0x2B55
        | 0x2934..=0x2935 | 0x203C | 0x2049 | 0x3030 | 0x303D | 0x3297 | 0x3299
        | 0xFE0F)
}

/// Byte ranges of the emoji in `text`, each a whole grapheme (skin tones, flags and ZWJ
/// sequences are one emoji).
pub(crate) fn emoji_ranges(text: &str) -> Vec<(usize, usize)> {
    if text.is_ascii() {
        return Vec::new();
    }
    text.grapheme_indices(true)
        .filter(|(_, grapheme)| grapheme.chars().any(is_emoji))
        .map(|(start, grapheme)| (start, start + grapheme.len()))
        .collect()
}

/// Byte range of the first run of more than `max_spaces` consecutive spaces, or of a tab.
pub(crate) fn first_whitespace_run(text: &str, max_spaces: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'\t' => {
                let end = index + bytes[index..].iter().take_while(|b| **b == b'\t').count();
                return Some((index, end));
            }
            b' ' => {
                let run = bytes[index..].iter().take_while(|b| **b == b' ').count();
                if run > max_spaces {
                    return Some((index, index + run));
                }
                index += run;
            }
            _ => index += 1,
        }
    }
    None
}

/// "1 character", "12 characters".
pub(crate) fn characters(count: usize) -> String {
    if count == 1 {
        "1 character".to_string()
    } else {
        format!("{count} characters")
    }
}

pub(crate) fn word_count(text: &str) -> usize {
    text.unicode_words().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_utf16_units() {
        // "שלום 😀 x": the emoji is two UTF-16 units.
        let text = "שלום 😀 x";
        let emoji = emoji_ranges(text);
        assert_eq!(emoji.len(), 1);
        let span = span_of(text, emoji[0].0, emoji[0].1);
        assert_eq!((span.start, span.end), (5, 7));
        assert_eq!(utf16_offset(text, text.len()), 9);
    }

    #[test]
    fn emoji_sequences_are_one_range_and_scripts_are_not_emoji() {
        assert_eq!(emoji_ranges("ok 👍🏽!").len(), 1);
        assert_eq!(emoji_ranges("👨‍👩‍👧 family").len(), 1);
        assert_eq!(emoji_ranges("🇪🇪 Eesti").len(), 1);
        assert_eq!(emoji_ranges("❤️").len(), 1);
        for text in [
            "مرحبا",
            "Привет",
            "שלום",
            "Tere õhtust",
            "中文",
            "© 2024 – “quotes” …",
        ] {
            assert!(emoji_ranges(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn whitespace_runs_over_the_limit() {
        assert_eq!(first_whitespace_run("a    b", 4), None);
        assert_eq!(first_whitespace_run("a     b", 4), Some((1, 6)));
        assert_eq!(first_whitespace_run("a\tb", 4), Some((1, 2)));
    }
}
