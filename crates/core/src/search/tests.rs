use super::*;

/// The text a highlight range covers, sliced by UTF-16 units as the UI will.
fn covered(h: &Highlighted) -> Vec<String> {
    let units: Vec<u16> = h.text.encode_utf16().collect();
    h.ranges
        .iter()
        .map(|r| String::from_utf16_lossy(&units[r.start as usize..r.end as usize]))
        .collect()
}

/// What FTS5 would return from `highlight()` when `words` of the folded text matched.
fn marked(original: &str, words: &[&str]) -> String {
    let mut text = fold_text(original);
    for word in words {
        text = text.replace(word, &format!("{MATCH_START}{word}{MATCH_END}"));
    }
    text
}

#[test]
fn hebrew_points_and_cantillation_are_dropped_but_maqaf_stays() {
    assert_eq!(fold_text("שָׁלוֹם"), "שלום");
    assert_eq!(fold_text("בְּרֵאשִׁ֖ית"), "בראשית");
    assert_eq!(fold_text("בית־ספר"), "בית־ספר");
}

#[test]
fn arabic_harakat_tatweel_and_letter_variants_fold() {
    assert_eq!(fold_text("مَرْحَبًا"), "مرحبا");
    assert_eq!(fold_text("مـــرحبا"), "مرحبا");
    assert_eq!(fold_text("أحمد إبراهيم آمال"), "احمد ابراهيم امال");
    assert_eq!(fold_text("مدرسة على"), "مدرسه علي");
    assert_eq!(fold_text("٠٥٠١٢٣"), "050123");
}

#[test]
fn cyrillic_yo_folds_but_short_i_does_not() {
    assert_eq!(fold_text("Ёлка ёж"), "Елка еж");
    assert_eq!(fold_text("мой"), "мой");
}

#[test]
fn estonian_letters_are_left_for_the_tokenizer() {
    // unicode61 with remove_diacritics 2 folds õ ä ö ü to o a o u itself.
    assert_eq!(fold_text("Tõnu öö"), "Tõnu öö");
}

#[test]
fn invisible_characters_do_not_split_words_and_markers_cannot_be_forged() {
    assert_eq!(fold_text("ab\u{00AD}cd\u{200F}"), "abcd");
    assert_eq!(fold_text("a\u{E000}b\u{E001}"), "a b ");
}

#[test]
fn queries_are_words_never_syntax() {
    let q = SearchQuery::parse(r#" "hello" AND (wor* -x "#).expect("query");
    assert_eq!(q.terms(), [r#""hello""#, "AND", "(wor*", "-x"]);
    assert_eq!(q.phone_digits(), None);
    assert_eq!(SearchQuery::parse("   \t\n"), None);
    assert_eq!(SearchQuery::parse(r#"" * - ( )"#), None);
    assert_eq!(SearchQuery::parse(""), None);
}

#[test]
fn queries_fold_like_the_index() {
    let q = SearchQuery::parse("שָׁלוֹם ёлка").expect("query");
    assert_eq!(q.terms(), ["שלום", "елка"]);
}

#[test]
fn queries_are_bounded() {
    let long = "word ".repeat(100);
    let q = SearchQuery::parse(&long).expect("query");
    assert_eq!(q.terms().len(), MAX_QUERY_TERMS);
}

#[test]
fn phone_like_queries_also_search_their_digits() {
    let q = SearchQuery::parse("+972 50-123").expect("query");
    assert_eq!(q.phone_digits(), Some("97250123"));
    assert_eq!(
        SearchQuery::parse("00972501").expect("q").phone_digits(),
        Some("972501")
    );
    assert_eq!(
        SearchQuery::parse("(050) 123").expect("q").phone_digits(),
        Some("050123")
    );
    assert_eq!(SearchQuery::parse("50").expect("q").phone_digits(), None);
    assert_eq!(
        SearchQuery::parse("call 050").expect("q").phone_digits(),
        None
    );
}

#[test]
fn highlights_map_back_over_dropped_marks() {
    let original = "אמר שָׁלוֹם לכולם";
    let h = highlight(original, &marked(original, &["שלום"]));
    assert_eq!(covered(&h), ["שָׁלוֹם"]);
    assert_eq!(h.text, original);

    let original = "قال مَرْحَبًا يا";
    let h = highlight(original, &marked(original, &["مرحبا"]));
    assert_eq!(covered(&h), ["مَرْحَبًا"]);
}

#[test]
fn highlight_ranges_count_utf16_units() {
    let original = "👋🏽 Ёлка and ёлка";
    let h = highlight(original, &marked(original, &["Елка", "елка"]));
    assert_eq!(covered(&h), ["Ёлка", "ёлка"]);
    // The waving hand with its skin tone is four UTF-16 units, then a space.
    assert_eq!(h.ranges[0], TextRange { start: 5, end: 9 });
}

#[test]
fn a_stale_index_highlights_nothing_rather_than_the_wrong_words() {
    let h = highlight("new text", &format!("{MATCH_START}old{MATCH_END} text"));
    assert_eq!(h.text, "new text");
    assert!(h.ranges.is_empty());
}

#[test]
fn short_texts_are_shown_whole() {
    let original = "line one\nline two";
    let s = snippet(original, &marked(original, &["two"]));
    assert_eq!(s.text, "line one line two");
    assert!(!s.cut_before && !s.cut_after);
    assert_eq!(covered(&s), ["two"]);
}

#[test]
fn long_texts_are_cut_around_the_first_match_between_words() {
    let before = "שָׁלוֹם ".repeat(40);
    let after = " עוד".repeat(60);
    let original = format!("{before}needle{after}");
    let s = snippet(&original, &marked(&original, &["needle"]));
    assert!(s.cut_before && s.cut_after);
    assert_eq!(covered(&s), ["needle"]);
    assert!(s.text.chars().count() <= SNIPPET_CHARS + WORD_SNAP);
    let first = s.text.chars().next().expect("text");
    assert!(
        !is_attached_mark(first),
        "starts with a letter, not its mark"
    );
    assert!(s.text.starts_with('ש'), "{}", s.text);
}

#[test]
fn a_match_near_the_end_still_fills_the_excerpt() {
    let original = format!("{} end", "word ".repeat(60));
    let s = snippet(&original, &marked(&original, &["end"]));
    assert!(s.cut_before && !s.cut_after);
    assert!(s.text.ends_with("end"));
    assert_eq!(covered(&s), ["end"]);
}

#[test]
fn trimming_moves_the_ranges_along() {
    let h = Highlighted::with_char_ranges("  דנה Levi ", &[(2, 5), (6, 10)]).trimmed();
    assert_eq!(h.text, "דנה Levi");
    assert_eq!(covered(&h), ["דנה", "Levi"]);
}
