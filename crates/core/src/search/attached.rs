//! Words as Hebrew and Arabic write them: with a conjunction, preposition or article
//! joined to the front ("ההזמנה" is "the order", "وطلبي" is "and my order"). Someone
//! searching for "הזמנה" or "طلبي" means those too, so a query word also matches its
//! forms with these prefixes. Only prefixes are handled: the tokenizer matches whole
//! words (and the last one as a prefix), not endings.

/// Hebrew's one-letter prefixes: ו (and), ה (the), ב (in), ל (to), מ (from), ש (that),
/// כ (like), and the pairs they commonly make.
const HEBREW: &[&str] = &[
    "ו", "ה", "ב", "ל", "מ", "ש", "כ", "וה", "וב", "ול", "ומ", "וש", "וכ", "שה", "שב", "של", "שמ",
    "שכ", "כש", "מה", "לכ", "ובה",
];

/// Arabic's article and the particles joined before it or before a bare word: و (and),
/// ف (so), ب (with), ل (for), ك (like); "لل" is ل before the article.
const ARABIC: &[&str] = &[
    "ال", "و", "ف", "ب", "ل", "ك", "وال", "فال", "بال", "كال", "لل", "ول", "وب", "فب", "فل", "ولل",
];

const ARABIC_ARTICLE: &str = "ال";

/// Fewest letters a word keeps after its prefixes come off: shorter stems match too
/// much ("לב" would find every word starting with a prefix and "לב").
const MIN_STEM_CHARS: usize = 2;

fn is_hebrew(c: char) -> bool {
    ('\u{05D0}'..='\u{05EA}').contains(&c)
}

fn is_arabic(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// The forms of a folded query word to match: the word itself first, then the word
/// with each prefix joined on. An Arabic word given with its article also matches
/// without it ("الحذاء" finds "حذاء" and "بالحذاء"). Other scripts: just the word.
pub fn word_forms(word: &str) -> Vec<String> {
    let Some(first) = word.chars().next() else {
        return Vec::new();
    };
    let mut forms = vec![word.to_owned()];
    if word.chars().count() < MIN_STEM_CHARS {
        return forms;
    }
    if is_hebrew(first) {
        forms.extend(HEBREW.iter().map(|p| format!("{p}{word}")));
    } else if is_arabic(first) {
        let stem = word
            .strip_prefix(ARABIC_ARTICLE)
            .filter(|s| s.chars().count() >= MIN_STEM_CHARS)
            .unwrap_or(word);
        if stem != word {
            forms.push(stem.to_owned());
        }
        forms.extend(
            ARABIC
                .iter()
                .map(|p| format!("{p}{stem}"))
                .filter(|form| form != word),
        );
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::word_forms;

    #[test]
    fn latin_and_cyrillic_words_match_as_written() {
        assert_eq!(word_forms("order"), ["order"]);
        assert_eq!(word_forms("заказ"), ["заказ"]);
        assert!(word_forms("").is_empty());
    }

    #[test]
    fn a_hebrew_word_also_matches_with_its_prefixes() {
        let forms = word_forms("הזמנה");
        assert_eq!(forms[0], "הזמנה");
        for expected in ["ההזמנה", "וההזמנה", "בהזמנה", "שההזמנה", "להזמנה"]
        {
            assert!(forms.iter().any(|f| f == expected), "{expected} missing");
        }
        // One letter is no stem.
        assert_eq!(word_forms("ב"), ["ב"]);
    }

    #[test]
    fn an_arabic_word_matches_with_and_without_its_article() {
        let bare = word_forms("طلبي");
        for expected in ["وطلبي", "الطلبي", "فطلبي"] {
            assert!(bare.iter().any(|f| f == expected), "{expected} missing");
        }
        let with_article = word_forms("الحذاء");
        assert_eq!(with_article[0], "الحذاء");
        for expected in ["حذاء", "بالحذاء", "والحذاء", "للحذاء"] {
            assert!(
                with_article.iter().any(|f| f == expected),
                "{expected} missing"
            );
        }
        // The word itself is listed once.
        assert_eq!(with_article.iter().filter(|f| *f == "الحذاء").count(), 1);
    }
}
