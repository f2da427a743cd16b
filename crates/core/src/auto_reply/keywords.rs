//! Matching what customers type against keywords, in any script.
//!
//! Both sides are reduced to a list of words first:
//! - compatibility-normalised (NFKC), so presentation forms and full-width letters match
//!   their plain letters;
//! - Hebrew points and cantillation, Arabic harakat and tatweel removed (`הָסֵר` is
//!   `הסר`); Arabic hamza carriers fold to their bare letter (`أ`, `إ`, `آ` are `ا`), `ى`
//!   to `ي` and `ة` to `ه`, as Arabic search does;
//! - lowercased with Unicode's rules (`СТОП` is `стоп`, `ÕHTU` is `õhtu`), `ё` read as
//!   `е`; Latin accents are kept, because in Estonian `ä` and `a` are different letters;
//! - split into words by Unicode's word boundaries (UAX #29): punctuation, spaces and
//!   emoji separate words and are otherwise ignored.
//!
//! A keyword matches when its words appear consecutively in the message's words
//! ([`KeywordMatch::Anywhere`](super::KeywordMatch)) or are exactly the message's words
//! ([`KeywordMatch::WholeMessage`](super::KeywordMatch), always used for opt-outs).
//!
//! Words are not stemmed: Hebrew and Arabic attach prefixes (`ה`, `ו`, `ال`) to words, so
//! `פתיחה` does not match `הפתיחה`; the business adds the forms it expects as keywords.

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::content::MessageContent;

/// Hebrew points and cantillation marks (not letters, not punctuation like maqaf).
fn is_hebrew_mark(c: char) -> bool {
    matches!(c, '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}'..='\u{05C2}' | '\u{05C4}'..='\u{05C5}' | '\u{05C7}')
}

/// Arabic harakat, Quranic annotation marks and tatweel (the elongation stroke).
fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{0640}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}')
}

fn fold(c: char) -> char {
    match c {
        'ё' => 'е',
        'ى' => 'ي',
        'ة' => 'ه',
        other => other,
    }
}

/// The text as keywords compare it (see the module's documentation).
pub fn normalize(text: &str) -> String {
    // Decomposing first exposes the marks inside precomposed letters (`أ` is `ا` + hamza).
    let stripped: String = text
        .nfkd()
        .filter(|&c| !is_hebrew_mark(c) && !is_arabic_mark(c))
        .collect();
    stripped
        .nfc()
        .collect::<String>()
        .to_lowercase()
        .chars()
        .map(fold)
        .collect()
}

/// The words of `text`, normalised.
pub fn words(text: &str) -> Vec<String> {
    normalize(text).unicode_words().map(str::to_owned).collect()
}

/// Whether `phrase` appears in `message` as consecutive whole words.
pub fn contains_phrase(message: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && message.windows(phrase.len()).any(|window| window == phrase)
}

/// What the customer typed, when the message has text a keyword can match: the body of
/// a text, the caption of a photo or file, the title of a tapped button or list row.
pub fn customer_text(content: &MessageContent) -> Option<&str> {
    match content {
        MessageContent::Text { body, .. } => Some(body),
        MessageContent::ButtonReply { text, .. } => Some(text),
        MessageContent::InteractiveReply { reply } => reply.title.as_deref(),
        MessageContent::Media { media } => media.caption.as_deref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<String> {
        words(text)
    }

    #[test]
    fn words_ignore_case_punctuation_and_emoji() {
        assert_eq!(w("STOP!!"), ["stop"]);
        assert_eq!(w("  Stop 🛑. "), ["stop"]);
        assert_eq!(
            w("What's the PRICE, please?"),
            ["what's", "the", "price", "please"]
        );
        assert_eq!(w("🙂🙂"), Vec::<String>::new());
        assert_eq!(w("order #1042"), ["order", "1042"]);
    }

    #[test]
    fn scripts_are_normalised_as_their_readers_expect() {
        let table = [
            // Hebrew with niqqud is the same word without it.
            ("הָסֵר", "הסר"),
            ("שָׁלוֹם", "שלום"),
            // Arabic harakat and tatweel go; hamza carriers, alef maqsura and ta marbuta fold.
            ("مَرْحَبًا", "مرحبا"),
            ("مـــرحبا", "مرحبا"),
            ("أهلا", "اهلا"),
            ("إلغاء", "الغاء"),
            ("مكتبة", "مكتبه"),
            ("على", "علي"),
            // Cyrillic lowercases, and ё reads as е.
            ("СТОП", "стоп"),
            ("ЕЩЁ", "еще"),
            // Estonian keeps its letters, only lowercased.
            ("ÕHTU", "õhtu"),
            ("Tänan", "tänan"),
            // Compatibility forms: full-width Latin.
            ("ＳＴＯＰ", "stop"),
        ];
        for (typed, expected) in table {
            assert_eq!(normalize(typed), expected, "{typed}");
        }
        assert_ne!(normalize("sääd"), normalize("saad"), "ä is not a");
    }

    #[test]
    fn decomposed_and_precomposed_letters_are_one_word() {
        let decomposed = "o\u{0303}htu";
        assert_eq!(w(decomposed), ["õhtu"]);
    }

    #[test]
    fn phrases_match_whole_consecutive_words() {
        let message = w("Hi! What are your opening hours today?");
        assert!(contains_phrase(&message, &w("opening hours")));
        assert!(contains_phrase(&message, &w("HOURS")));
        assert!(!contains_phrase(&message, &w("hour")), "not part of a word");
        assert!(!contains_phrase(&message, &w("hours opening")), "in order");
        assert!(!contains_phrase(&message, &w("your hours")), "consecutive");
        assert!(
            !contains_phrase(&message, &[]),
            "an empty phrase matches nothing"
        );

        let hebrew = w("מה שעות הפתיחה שלכם?");
        assert!(contains_phrase(&hebrew, &w("שעות הפתיחה")));
        assert!(!contains_phrase(&hebrew, &w("שעות פתיחה")));
        let russian = w("Можно оплатить КАРТОЙ?");
        assert!(contains_phrase(&russian, &w("картой")));
        let arabic = w("متى تفتحون يوم الجمعة؟");
        assert!(contains_phrase(&arabic, &w("الجمعة")));
    }

    #[test]
    fn text_comes_from_bodies_captions_and_buttons() {
        let text = MessageContent::Text {
            body: "hi".into(),
            preview_url: false,
        };
        assert_eq!(customer_text(&text), Some("hi"));
        let button = MessageContent::ButtonReply {
            text: "Stop promotions".into(),
            payload: None,
        };
        assert_eq!(customer_text(&button), Some("Stop promotions"));
        let system = MessageContent::System {
            kind: "user_changed_number".into(),
            body: "stop".into(),
            new_wa_id: None,
        };
        assert_eq!(customer_text(&system), None);
    }
}
