//! Meta's template-creation error subcodes, explained with the same words as the lint rule
//! that predicts them, so a rejection at submit reads like the lint would have.

use serde::Serialize;

use super::lint::rule::{self, subcode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CreationErrorExplanation {
    pub subcode: u32,
    /// The lint rule that predicts this rejection (or `account.too_many_templates`).
    pub rule: String,
    pub message: String,
    pub fix: String,
}

/// Explains a creation error subcode from Meta (`error.error_subcode`), or `None` for a
/// subcode Parley has no explanation for.
pub fn explain_creation_error(subcode: u32) -> Option<CreationErrorExplanation> {
    let (rule, message, fix) = match subcode {
        subcode::LENGTH => (
            rule::BODY_TOO_LONG,
            "Meta rejected the template because a text is too long: the body allows 1,024 characters, the header and footer 60.",
            "shorten the text that is over its limit",
        ),
        subcode::HEADER_FORMAT => (
            rule::HEADER_FORMATTING,
            "Meta rejected the header's format: a text header is one line of at most 60 characters, with at most one parameter, no emoji and no formatting characters (* _ ~).",
            "simplify the header: one line, one parameter at most, no emoji or formatting",
        ),
        subcode::FOOTER_FORMAT => (
            rule::FOOTER_PARAMETER,
            "Meta rejected the footer's format: a footer is plain text of at most 60 characters, without parameters or emoji.",
            "remove parameters and emoji from the footer",
        ),
        subcode::PARAMETER_RATIO => (
            rule::BODY_PARAMETER_RATIO,
            "Meta rejected the template because it has too many parameters for the amount of text.",
            "add more words around the parameters, or use fewer parameters",
        ),
        subcode::LEADING_OR_TRAILING_PARAMETER => (
            rule::BODY_ENDS_WITH_PARAMETER,
            "Meta rejected the template because the body starts or ends with a parameter.",
            "add words before the first parameter and after the last one",
        ),
        subcode::TOO_MANY_TEMPLATES => (
            rule::ACCOUNT_TOO_MANY_TEMPLATES,
            "Meta refused to create the template because this business account reached its limit of templates (at most 100 new templates per hour, and a total cap per account).",
            "wait an hour before submitting again, or delete templates you no longer use",
        ),
        _ => return None,
    };
    Some(CreationErrorExplanation {
        subcode,
        rule: rule.to_string(),
        message: message.to_string(),
        fix: fix.to_string(),
    })
}
