//! Quick replies: saved answers an agent drops into the composer by typing `/shortcut`,
//! with `{{variables}}` filled in for the conversation at hand.

use serde::{Deserialize, Serialize};

use crate::QuickReplyId;
use crate::media::MediaKind;
use crate::message::MAX_TEXT_CHARS;

/// A saved reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct QuickReply {
    pub id: QuickReplyId,
    /// Without the slash.
    pub shortcut: String,
    pub text: String,
    /// Words and phrases the picker also matches ("price", "opening hours").
    pub keywords: Vec<String>,
    pub attachment: Option<QuickReplyAttachment>,
}

/// A file sent with the reply (the text becomes its caption where WhatsApp allows one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct QuickReplyAttachment {
    /// Parley's own copy, under the data directory.
    pub path: String,
    pub filename: String,
    pub mime_type: String,
    pub kind: MediaKind,
    pub size: i64,
}

pub const MAX_SHORTCUT_CHARS: usize = 32;
pub const MAX_KEYWORDS: usize = 20;
pub const MAX_KEYWORD_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuickReplyError {
    #[error("a quick reply needs a shortcut")]
    EmptyShortcut,
    #[error("a shortcut has no spaces (try \"{suggestion}\")")]
    SpaceInShortcut { suggestion: String },
    #[error("shortcuts are letters, digits, '-' and '_' (not {character:?})")]
    ShortcutCharacter { character: char },
    #[error("shortcuts are at most {MAX_SHORTCUT_CHARS} characters")]
    ShortcutTooLong,
    #[error("a quick reply needs a text or an attachment")]
    Empty,
    #[error("a message is at most {MAX_TEXT_CHARS} characters")]
    TextTooLong,
    #[error("at most {MAX_KEYWORDS} keywords")]
    TooManyKeywords,
    #[error("keywords are at most {MAX_KEYWORD_CHARS} characters")]
    KeywordTooLong,
}

/// The shortcut as stored: without a leading slash, letters (any script), digits, `-`
/// and `_`, no spaces.
pub fn shortcut(text: &str) -> Result<String, QuickReplyError> {
    let text = text.trim();
    let text = text.strip_prefix('/').unwrap_or(text);
    if text.is_empty() {
        return Err(QuickReplyError::EmptyShortcut);
    }
    if text.chars().any(char::is_whitespace) {
        return Err(QuickReplyError::SpaceInShortcut {
            suggestion: text.split_whitespace().collect::<Vec<_>>().join("-"),
        });
    }
    if let Some(character) = text
        .chars()
        .find(|c| !(c.is_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(QuickReplyError::ShortcutCharacter { character });
    }
    if text.chars().count() > MAX_SHORTCUT_CHARS {
        return Err(QuickReplyError::ShortcutTooLong);
    }
    Ok(text.to_owned())
}

/// What makes two shortcuts the same: case does not count, in any script.
pub fn shortcut_key(shortcut: &str) -> String {
    shortcut.to_lowercase()
}

/// Keywords as stored: trimmed, empty ones dropped, duplicates (ignoring case) removed.
pub fn keywords(list: &[String]) -> Result<Vec<String>, QuickReplyError> {
    let mut out: Vec<String> = Vec::new();
    for keyword in list {
        let keyword = keyword.split_whitespace().collect::<Vec<_>>().join(" ");
        if keyword.is_empty() {
            continue;
        }
        if keyword.chars().count() > MAX_KEYWORD_CHARS {
            return Err(QuickReplyError::KeywordTooLong);
        }
        let key = keyword.to_lowercase();
        if !out.iter().any(|k| k.to_lowercase() == key) {
            out.push(keyword);
        }
    }
    if out.len() > MAX_KEYWORDS {
        return Err(QuickReplyError::TooManyKeywords);
    }
    Ok(out)
}

/// The text as stored: trimmed at the ends; may be empty only with an attachment.
pub fn reply_text(text: &str, has_attachment: bool) -> Result<String, QuickReplyError> {
    let text = text.trim();
    if text.is_empty() && !has_attachment {
        return Err(QuickReplyError::Empty);
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(QuickReplyError::TextTooLong);
    }
    Ok(text.to_owned())
}

/// The values `{{variables}}` are filled with, for one conversation and agent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    /// The contact's name as the business sees it (saved, else WhatsApp profile).
    pub contact_name: Option<String>,
    pub agent_name: Option<String>,
    /// The business's verified WhatsApp name.
    pub business_name: Option<String>,
}

/// The variables a quick reply may use.
pub const VARIABLES: [&str; 4] = [
    "contact.name",
    "contact.first_name",
    "agent.name",
    "business.name",
];

/// A quick reply's text for one conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Expansion {
    pub text: String,
    /// Variables that had no value and no fallback: left in the text as `{{name}}`, so
    /// the agent sees (and the composer highlights) what to fill in before sending.
    pub missing: Vec<String>,
    /// `{{...}}` that is not a known variable: left as written.
    pub unknown: Vec<String>,
}

/// Fills in `{{variable}}` and `{{variable|fallback}}` (the fallback is used when the
/// value is missing: `Hi {{contact.first_name|there}}`). Spaces inside the braces are
/// allowed. Nothing else in the text changes.
pub fn expand(text: &str, values: &Values) -> Expansion {
    let mut out = String::with_capacity(text.len());
    let mut missing = Vec::new();
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open + 2..].find("}}") else {
            break;
        };
        out.push_str(&rest[..open]);
        let written = &rest[open..open + 2 + close + 2];
        let inner = &rest[open + 2..open + 2 + close];
        let (name, fallback) = match inner.split_once('|') {
            Some((name, fallback)) => (name.trim(), Some(fallback.trim())),
            None => (inner.trim(), None),
        };
        match (value_of(name, values), fallback) {
            (Lookup::Value(value), _) => out.push_str(&value),
            (Lookup::Missing, Some(fallback)) => out.push_str(fallback),
            (Lookup::Missing, None) => {
                out.push_str(&format!("{{{{{name}}}}}"));
                push_once(&mut missing, name);
            }
            (Lookup::Unknown, _) => {
                out.push_str(written);
                push_once(&mut unknown, name);
            }
        }
        rest = &rest[open + 2 + close + 2..];
    }
    out.push_str(rest);
    Expansion {
        text: out,
        missing,
        unknown,
    }
}

enum Lookup {
    Value(String),
    Missing,
    Unknown,
}

fn value_of(name: &str, values: &Values) -> Lookup {
    let filled = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let found = match name {
        "contact.name" => filled(&values.contact_name),
        "contact.first_name" => filled(&values.contact_name)
            .and_then(|name| name.split_whitespace().next().map(str::to_owned)),
        "agent.name" => filled(&values.agent_name),
        "business.name" => filled(&values.business_name),
        _ => return Lookup::Unknown,
    };
    found.map_or(Lookup::Missing, Lookup::Value)
}

fn push_once(list: &mut Vec<String>, name: &str) {
    if !list.iter().any(|n| n == name) {
        list.push(name.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values {
            contact_name: Some("Dana Levi".to_owned()),
            agent_name: Some("Avi".to_owned()),
            business_name: Some("Sneaker Corner".to_owned()),
        }
    }

    /// Text, values, expected text, missing variables, unknown variables.
    type Case<'a> = (&'a str, &'a Values, &'a str, &'a [&'a str], &'a [&'a str]);

    #[test]
    fn variables_expand_with_fallbacks_and_visible_gaps() {
        let nobody = Values::default();
        let table: [Case; 10] = [
            (
                "Hi {{contact.first_name}}!",
                &values(),
                "Hi Dana!",
                &[],
                &[],
            ),
            ("{{ contact.name }}", &values(), "Dana Levi", &[], &[]),
            (
                "— {{agent.name}}, {{business.name}}",
                &values(),
                "— Avi, Sneaker Corner",
                &[],
                &[],
            ),
            (
                "Hi {{contact.first_name|there}}",
                &nobody,
                "Hi there",
                &[],
                &[],
            ),
            (
                "Hi {{contact.first_name}}",
                &nobody,
                "Hi {{contact.first_name}}",
                &["contact.first_name"],
                &[],
            ),
            (
                "{{order.id}} {{contact.name}}",
                &values(),
                "{{order.id}} Dana Levi",
                &[],
                &["order.id"],
            ),
            ("no variables", &nobody, "no variables", &[], &[]),
            (
                "open {{ but never closed",
                &values(),
                "open {{ but never closed",
                &[],
                &[],
            ),
            (
                "{{agent.name}} {{agent.name}}",
                &nobody,
                "{{agent.name}} {{agent.name}}",
                &["agent.name"],
                &[],
            ),
            ("{{contact.name|}}x", &nobody, "x", &[], &[]),
        ];
        for (text, values, expected, missing, unknown) in table {
            let expansion = expand(text, values);
            assert_eq!(expansion.text, expected, "{text}");
            assert_eq!(expansion.missing, missing, "{text}");
            assert_eq!(expansion.unknown, unknown, "{text}");
        }
    }

    #[test]
    fn first_names_work_in_every_script() {
        let named = |name: &str| Values {
            contact_name: Some(name.to_owned()),
            ..Values::default()
        };
        assert_eq!(
            expand("{{contact.first_name}}", &named("נועה כהן")).text,
            "נועה"
        );
        assert_eq!(
            expand("{{contact.first_name}}", &named("عمر حداد")).text,
            "عمر"
        );
        assert_eq!(
            expand("{{contact.first_name}}", &named("  Ольга Смирнова ")).text,
            "Ольга"
        );
        assert_eq!(
            expand("{{contact.first_name|friend}}", &named("   ")).text,
            "friend"
        );
    }

    #[test]
    fn shortcuts_are_single_words_in_any_script() {
        assert_eq!(shortcut("/hours"), Ok("hours".to_owned()));
        assert_eq!(shortcut(" שעות "), Ok("שעות".to_owned()));
        assert_eq!(shortcut("доставка_2"), Ok("доставка_2".to_owned()));
        assert_eq!(shortcut("/"), Err(QuickReplyError::EmptyShortcut));
        assert_eq!(
            shortcut("opening hours"),
            Err(QuickReplyError::SpaceInShortcut {
                suggestion: "opening-hours".to_owned()
            })
        );
        assert_eq!(
            shortcut("price?"),
            Err(QuickReplyError::ShortcutCharacter { character: '?' })
        );
        assert_eq!(
            shortcut(&"a".repeat(MAX_SHORTCUT_CHARS + 1)),
            Err(QuickReplyError::ShortcutTooLong)
        );
        assert_eq!(shortcut_key("Hours"), shortcut_key("hOURS"));
    }

    #[test]
    fn keywords_and_text_are_tidied_and_bounded() {
        let list = |words: &[&str]| words.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            keywords(&list(&[" price ", "", "Price", "opening  hours"])),
            Ok(list(&["price", "opening hours"]))
        );
        assert_eq!(
            keywords(&list(&[&"k".repeat(MAX_KEYWORD_CHARS + 1)])),
            Err(QuickReplyError::KeywordTooLong)
        );
        let many: Vec<String> = (0..=MAX_KEYWORDS).map(|i| format!("k{i}")).collect();
        assert_eq!(keywords(&many), Err(QuickReplyError::TooManyKeywords));
        assert_eq!(reply_text("  ", false), Err(QuickReplyError::Empty));
        assert_eq!(reply_text("  ", true), Ok(String::new()));
        assert_eq!(
            reply_text(&"x".repeat(MAX_TEXT_CHARS + 1), false),
            Err(QuickReplyError::TextTooLong)
        );
    }
}
