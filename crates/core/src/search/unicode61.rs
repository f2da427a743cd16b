//! The tokens SQLite's FTS5 `unicode61` tokenizer makes of a text, with the options the
//! store's indexes use (`remove_diacritics 2 categories 'L* N* Co Mn Mc'`, store
//! migration 0006): where each starts and ends, and the word it is indexed as.
//!
//! A port of `fts5UnicodeTokenize` with SQLite's own tables (`unicode61_tables.rs`),
//! not today's Unicode: SQLite's categories, case folding and diacritics are those of
//! the Unicode version it was generated from, and a search result's marks must be
//! exactly the words FTS5 matched. `crates/store/src/search_marks_tests.rs` checks every
//! code point against the SQLite the store is built with.

use super::unicode61_tables::{
    CATEGORY_BLOCKS, CATEGORY_RUNS, CATEGORY_STARTS, DIACRITIC_BASES, DIACRITIC_KEYS, FOLD_OFFSETS,
    FOLD_RANGES,
};

/// A word of a text as the index holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offsets of the word in the text.
    pub start: usize,
    pub end: usize,
    /// The word folded (lower case, Latin diacritics removed). Can be empty: a lone
    /// combining mark is a word of its own that folds to nothing, and still takes a
    /// position.
    pub word: String,
}

/// The words of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let code = code_point(c);
        if !is_word_char(code) {
            continue;
        }
        let mut word = String::new();
        push_folded(&mut word, code);
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            let code = code_point(next);
            let continues = is_word_char(code) || (code >= 0x80 && is_diacritic(code));
            if !continues {
                break;
            }
            push_folded(&mut word, code);
            end = at + next.len_utf8();
            chars.next();
        }
        tokens.push(Token { start, end, word });
    }
    tokens
}

/// The code point FTS5 reads: it reads U+FFFE and U+FFFF as U+FFFD (`READ_UTF8`).
fn code_point(c: char) -> u32 {
    let code = u32::from(c);
    if code & !1 == 0xFFFE { 0xFFFD } else { code }
}

fn push_folded(word: &mut String, code: u32) {
    if let Some(c) = char::from_u32(fold(code)).filter(|&c| c != '\0') {
        word.push(c);
    }
}

/// Whether the indexes' tokenizer counts the code point as part of a word: the
/// categories L*, N*, Co, Mn and Mc, and whatever SQLite's table has no category for
/// (SQLite always counts those). NUL never is.
fn is_word_char(code: u32) -> bool {
    code != 0 && matches!(category(code), 0 | 5..=10 | 12..=15 | 30 | 31)
}

/// SQLite's category number for a code point (`sqlite3Fts5UnicodeCategory`): 0 for
/// none, then Cc Cf Cn Cs, Ll Lm Lo Lt Lu, Mc Me Mn, Nd Nl No, P*, S*, Z*; 30 is LC
/// (alternating Lu and Ll), 31 Co.
fn category(code: u32) -> u16 {
    if code >= 1 << 20 {
        return 0;
    }
    let plane = (code >> 16) as usize;
    let (low, high) = (
        usize::from(CATEGORY_BLOCKS[plane]),
        usize::from(CATEGORY_BLOCKS[plane + 1]),
    );
    let key = (code & 0xFFFF) as u16;
    let before = CATEGORY_STARTS[low..high].partition_point(|&start| start <= key);
    if before == 0 {
        return 0;
    }
    let run = low + before - 1;
    let (start, data) = (CATEGORY_STARTS[run], CATEGORY_RUNS[run]);
    if u32::from(key) >= u32::from(start) + u32::from(data >> 5) {
        return 0;
    }
    match data & 0x1F {
        30 if (key - start) & 1 == 1 => 5,
        30 => 9,
        category => category,
    }
}

/// `sqlite3Fts5UnicodeIsdiacritic`: combining marks that continue a word whatever
/// their category.
fn is_diacritic(code: u32) -> bool {
    const LOW: u32 = 0x0802_9FDF;
    const HIGH: u32 = 0x0003_61F8;
    match code {
        768..800 => LOW & (1 << (code - 768)) != 0,
        800..=817 => HIGH & (1 << (code - 800)) != 0,
        _ => false,
    }
}

/// `sqlite3Fts5UnicodeFold` with diacritics removed the "2" way; 0 drops the code point.
fn fold(code: u32) -> u32 {
    if code < 128 {
        return if (u32::from(b'A')..=u32::from(b'Z')).contains(&code) {
            code + 32
        } else {
            code
        };
    }
    if code < 65536 {
        // FOLD_RANGES starts at 'A', so a code point past ASCII always has a range.
        let range = FOLD_RANGES.partition_point(|&(start, _, _)| u32::from(start) <= code) - 1;
        let (start, flags, count) = FOLD_RANGES[range];
        let (start, flags) = (u32::from(start), u32::from(flags));
        let mut folded = code;
        if code < start + u32::from(count) && 1 & flags & (start ^ code) == 0 {
            folded = (code + u32::from(FOLD_OFFSETS[(flags >> 1) as usize])) & 0xFFFF;
        }
        return without_diacritic(folded);
    }
    if (66560..66600).contains(&code) {
        return code + 40;
    }
    code
}

/// `fts5_remove_diacritic(c, 1)`: a Latin letter with a diacritic as its ASCII letter.
fn without_diacritic(code: u32) -> u32 {
    let key = (code << 3) | 7;
    // DIACRITIC_KEYS starts at 0, so every key has an entry at or below it.
    let entry = DIACRITIC_KEYS.partition_point(|&k| u32::from(k) <= key) - 1;
    let first = u32::from(DIACRITIC_KEYS[entry]);
    if code > (first >> 3) + (first & 7) {
        code
    } else {
        u32::from(DIACRITIC_BASES[entry] & 0x7F)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.word).collect()
    }

    #[test]
    fn words_are_folded_as_fts5_folds_them() {
        assert_eq!(words("Café NAÏVE, Tõnu!"), ["cafe", "naive", "tonu"]);
        assert_eq!(words("ЗАКАЗ №5 готов"), ["заказ", "5", "готов"]);
        // Cyrillic letters keep their marks: "й" is not "и".
        assert_eq!(words("Йогурт"), ["йогурт"]);
        assert_eq!(words("שלום, עולם"), ["שלום", "עולם"]);
    }

    #[test]
    fn offsets_are_bytes_of_the_original_text() {
        let text = "«заказ» e-mail";
        let found: Vec<&str> = tokens(text).iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(found, ["заказ", "e", "mail"]);
    }

    #[test]
    fn a_combining_mark_stays_in_its_word() {
        // "e" + COMBINING ACUTE ACCENT: one word, the mark folded away.
        assert_eq!(words("cafe\u{301} ok"), ["cafe", "ok"]);
        // A mark with nothing before it is a word that folds to nothing.
        assert_eq!(words("\u{301} ok"), ["", "ok"]);
    }

    #[test]
    fn punctuation_symbols_and_emoji_separate_words() {
        assert_eq!(words("a_b😀c/d"), ["a", "b", "c", "d"]);
        assert!(words("… — !?").is_empty());
    }
}
