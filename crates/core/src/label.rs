//! Labels: named, colored tags on conversations, as in the WhatsApp Business app, and the
//! rule for filtering the list by them.

use serde::{Deserialize, Serialize};

use crate::LabelId;

/// The palette labels are drawn from. Named, not hex, so the UI can pick shades that
/// read well on its own backgrounds (and in a dark theme).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum LabelColor {
    Sky,
    Blue,
    Indigo,
    Violet,
    Purple,
    Pink,
    Rose,
    Red,
    Orange,
    Amber,
    Yellow,
    Lime,
    Green,
    Emerald,
    Teal,
    Cyan,
    Brown,
    Slate,
    Gray,
    Black,
}

impl LabelColor {
    pub const ALL: [LabelColor; 20] = [
        Self::Sky,
        Self::Blue,
        Self::Indigo,
        Self::Violet,
        Self::Purple,
        Self::Pink,
        Self::Rose,
        Self::Red,
        Self::Orange,
        Self::Amber,
        Self::Yellow,
        Self::Lime,
        Self::Green,
        Self::Emerald,
        Self::Teal,
        Self::Cyan,
        Self::Brown,
        Self::Slate,
        Self::Gray,
        Self::Black,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sky => "sky",
            Self::Blue => "blue",
            Self::Indigo => "indigo",
            Self::Violet => "violet",
            Self::Purple => "purple",
            Self::Pink => "pink",
            Self::Rose => "rose",
            Self::Red => "red",
            Self::Orange => "orange",
            Self::Amber => "amber",
            Self::Yellow => "yellow",
            Self::Lime => "lime",
            Self::Green => "green",
            Self::Emerald => "emerald",
            Self::Teal => "teal",
            Self::Cyan => "cyan",
            Self::Brown => "brown",
            Self::Slate => "slate",
            Self::Gray => "gray",
            Self::Black => "black",
        }
    }

    pub fn parse(text: &str) -> Option<LabelColor> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The color a new label gets: the first of the palette no label uses yet, so the
    /// first labels are told apart at a glance; past 20, the palette repeats.
    pub fn next_unused(used: &[LabelColor]) -> LabelColor {
        Self::ALL
            .into_iter()
            .find(|c| !used.contains(c))
            .unwrap_or(Self::ALL[used.len() % Self::ALL.len()])
    }
}

/// A label with how many conversations carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Label {
    pub id: LabelId,
    pub name: String,
    pub color: LabelColor,
    pub conversation_count: i64,
}

/// Longer names do not fit a chip in the conversation list.
pub const MAX_LABEL_CHARS: usize = 40;
/// The WhatsApp Business app allows 20; a shop with more has stopped using them as labels.
pub const MAX_LABELS: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    #[error("a label needs a name")]
    EmptyName,
    #[error("label names are at most {MAX_LABEL_CHARS} characters")]
    NameTooLong,
    #[error("there can be at most {MAX_LABELS} labels")]
    TooMany,
}

/// The name as stored: trimmed, inner runs of white space collapsed.
pub fn label_name(name: &str) -> Result<String, LabelError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(LabelError::EmptyName);
    }
    if name.chars().count() > MAX_LABEL_CHARS {
        return Err(LabelError::NameTooLong);
    }
    Ok(name)
}

/// What makes two names the same label: case does not count, in any script.
pub fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// How several selected labels combine when filtering the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum LabelMatch {
    /// Conversations with at least one of them ("VIP" or "New order").
    #[default]
    Any,
    /// Conversations with every one of them ("VIP" and "Unpaid").
    All,
}

/// The labels the list is filtered by; empty means no label filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LabelFilter {
    pub labels: Vec<LabelId>,
    #[serde(default)]
    pub mode: LabelMatch,
}

impl LabelFilter {
    /// Whether a conversation carrying `labels` passes. The store filters in SQL; this is
    /// the rule it must agree with (and what live updates are checked against).
    pub fn matches(&self, labels: &[LabelId]) -> bool {
        if self.labels.is_empty() {
            return true;
        }
        match self.mode {
            LabelMatch::Any => self.labels.iter().any(|l| labels.contains(l)),
            LabelMatch::All => self.labels.iter().all(|l| labels.contains(l)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VIP: LabelId = LabelId(1);
    const UNPAID: LabelId = LabelId(2);
    const NEW: LabelId = LabelId(3);

    #[test]
    fn label_filters_combine_by_any_or_all() {
        let any = |labels: &[LabelId]| LabelFilter {
            labels: labels.to_vec(),
            mode: LabelMatch::Any,
        };
        let all = |labels: &[LabelId]| LabelFilter {
            labels: labels.to_vec(),
            mode: LabelMatch::All,
        };
        let table: [(LabelFilter, &[LabelId], bool); 9] = [
            (LabelFilter::default(), &[], true),
            (LabelFilter::default(), &[VIP], true),
            (any(&[VIP]), &[], false),
            (any(&[VIP]), &[VIP, NEW], true),
            (any(&[VIP, UNPAID]), &[UNPAID], true),
            (any(&[VIP, UNPAID]), &[NEW], false),
            (all(&[VIP, UNPAID]), &[UNPAID], false),
            (all(&[VIP, UNPAID]), &[UNPAID, NEW, VIP], true),
            (all(&[]), &[NEW], true),
        ];
        for (filter, labels, expected) in table {
            assert_eq!(filter.matches(labels), expected, "{filter:?} on {labels:?}");
        }
    }

    #[test]
    fn names_are_tidied_and_compared_without_case() {
        assert_eq!(label_name("  New   order "), Ok("New order".to_owned()));
        assert_eq!(label_name("   "), Err(LabelError::EmptyName));
        assert_eq!(
            label_name(&"x".repeat(MAX_LABEL_CHARS + 1)),
            Err(LabelError::NameTooLong)
        );
        assert_eq!(name_key("VIP"), name_key("vip"));
        assert_eq!(name_key("Постоянный"), name_key("постоянный"));
        assert_ne!(name_key("לקוח"), name_key("לקוחה"));
    }

    #[test]
    fn new_labels_get_colors_not_used_yet() {
        assert_eq!(LabelColor::next_unused(&[]), LabelColor::Sky);
        assert_eq!(
            LabelColor::next_unused(&[LabelColor::Sky, LabelColor::Indigo]),
            LabelColor::Blue
        );
        assert_eq!(LabelColor::next_unused(&LabelColor::ALL), LabelColor::Sky);
        for color in LabelColor::ALL {
            assert_eq!(LabelColor::parse(color.as_str()), Some(color));
        }
    }
}
