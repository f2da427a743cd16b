//! A search's matches marked in a result's indexed text, as FTS5's `highlight()` marks
//! them, for the few results shown.
//!
//! `highlight()` in the search query itself ran for every ranked match (up to the
//! store's 2,000), retokenizing each: a third of a common word's search. Marking here,
//! after the ranking, costs microseconds per shown result. The marks are FTS5's: the
//! same tokens (`unicode61`), the same words matched, overlapping matches joined.

use super::unicode61::{Token, tokens};
use super::{MATCH_END, MATCH_START, SearchQuery, word_forms};

/// What one word of a query matches: any of its forms (the word, and its forms with
/// Hebrew and Arabic prefixes joined on), the query's last word also as the start of a
/// longer word, because it may still be being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatch {
    pub forms: Vec<String>,
    pub prefix: bool,
}

impl SearchQuery {
    /// Each word's match, in order: every one must match somewhere.
    pub fn word_matches(&self) -> Vec<WordMatch> {
        let last = self.terms().len().saturating_sub(1);
        self.terms()
            .iter()
            .enumerate()
            .map(|(i, term)| WordMatch {
                forms: word_forms(term),
                prefix: i == last,
            })
            .collect()
    }
}

/// One form as FTS5 reads it from a quoted string: its tokens in a row (a phrase:
/// "e-mail" is "e" then "mail"), the last one a prefix for the last word.
#[derive(Debug)]
struct Phrase {
    words: Vec<String>,
    prefix: bool,
}

impl Phrase {
    fn matches_at(&self, text: &[Token], at: usize) -> bool {
        let Some(found) = text.get(at..at + self.words.len()) else {
            return false;
        };
        let last = self.words.len() - 1;
        self.words
            .iter()
            .zip(found)
            .enumerate()
            .all(|(i, (word, token))| {
                if self.prefix && i == last {
                    token.word.starts_with(word.as_str())
                } else {
                    token.word == *word
                }
            })
    }
}

/// Marks a search's words in indexed (folded) text.
#[derive(Debug)]
pub struct MatchMarker {
    phrases: Vec<Phrase>,
}

impl MatchMarker {
    pub fn new(query: &SearchQuery) -> Self {
        let phrases = query
            .word_matches()
            .into_iter()
            .flat_map(|word| {
                let prefix = word.prefix;
                word.forms.into_iter().map(move |form| Phrase {
                    words: tokens(&form).into_iter().map(|t| t.word).collect(),
                    prefix,
                })
            })
            .filter(|phrase| !phrase.words.is_empty())
            .collect();
        Self { phrases }
    }

    /// `folded` with every match between [`MATCH_START`] and [`MATCH_END`]: what
    /// `highlight(table, column, MATCH_START, MATCH_END)` returns for it.
    pub fn mark(&self, folded: &str) -> String {
        let text = tokens(folded);
        // Token positions [first, last] of each match, in order; FTS5 joins those that
        // overlap into one mark (not those merely next to each other).
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for at in 0..text.len() {
            let longest = self
                .phrases
                .iter()
                .filter(|phrase| phrase.matches_at(&text, at))
                .map(|phrase| phrase.words.len())
                .max();
            let Some(length) = longest else { continue };
            let last = at + length - 1;
            match spans.last_mut() {
                Some(span) if at <= span.1 => span.1 = span.1.max(last),
                _ => spans.push((at, last)),
            }
        }
        let mut marked = String::with_capacity(folded.len() + spans.len() * 6);
        let mut copied = 0;
        for (first, last) in spans {
            let (start, end) = (text[first].start, text[last].end);
            marked.push_str(&folded[copied..start]);
            marked.push(MATCH_START);
            marked.push_str(&folded[start..end]);
            marked.push(MATCH_END);
            copied = end;
        }
        marked.push_str(&folded[copied..]);
        marked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fold_text;

    fn marked(query: &str, text: &str) -> String {
        let query = SearchQuery::parse(query).unwrap();
        MatchMarker::new(&query)
            .mark(&fold_text(text))
            .replace(MATCH_START, "[")
            .replace(MATCH_END, "]")
    }

    #[test]
    fn every_word_is_marked_where_it_occurs_and_the_last_as_a_prefix() {
        assert_eq!(
            marked("where order", "Where is my Order? orders, ordering"),
            "[Where] is my [Order]? [orders], [ordering]"
        );
        // Only the last word is a prefix.
        assert_eq!(marked("where order", "whereas order"), "whereas [order]");
    }

    #[test]
    fn a_word_with_a_separator_is_a_phrase() {
        assert_eq!(
            marked("e-mail", "my e-mail, e mail, e and mail"),
            "my [e-mail], [e mail], e and mail"
        );
    }

    #[test]
    fn overlapping_matches_are_one_mark_and_neighbours_two() {
        assert_eq!(marked("order", "order order"), "[order] [order]");
        assert_eq!(
            marked("new-order order", "new-order now"),
            "[new-order] now"
        );
        assert_eq!(marked("a-b b-c", "a-b-c"), "[a-b-c]");
    }

    #[test]
    fn hebrew_prefixes_and_accents_match_as_the_index_matches() {
        assert_eq!(
            marked("הזמנה", "וההזמנה שלי, ההזמנה"),
            "[וההזמנה] שלי, [ההזמנה]"
        );
        assert_eq!(marked("cafe", "Café CAFÉ"), "[Café] [CAFÉ]");
        assert_eq!(marked("заказ", "Заказы и заказ"), "[Заказы] и [заказ]");
    }
}
