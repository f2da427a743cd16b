//! Meta's template-creation error subcodes, explained with the same words as the lint rule
//! that predicts them, so a rejection at submit reads like the lint would have.

use std::collections::BTreeMap;

use serde::Serialize;

use super::lint::rule::{self, subcode};
use super::lint::{Diagnostic, Location, LocationComponent, Severity};

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

impl CreationErrorExplanation {
    /// The refusal as the editor lists the lint: an error under the rule that predicts
    /// it, so the UI words it by rule id (with no `params`: Meta does not say which
    /// parameter or how many characters), and with Meta's subcode to show.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic {
            rule: self.rule.clone(),
            severity: Severity::Error,
            location: Location::of(refused_part(self.subcode)),
            span: None,
            message: self.message.clone(),
            fix: Some(self.fix.clone()),
            params: BTreeMap::new(),
            meta_subcode: Some(self.subcode),
        }
    }
}

/// The part of the template a subcode blames. Meta names the part for some subcodes;
/// "a text is too long" may be the header, body or footer, and the template limit is
/// the account's: those belong to the template as a whole.
fn refused_part(code: u32) -> LocationComponent {
    match code {
        subcode::HEADER_FORMAT => LocationComponent::Header,
        subcode::FOOTER_FORMAT => LocationComponent::Footer,
        subcode::PARAMETER_RATIO | subcode::LEADING_OR_TRAILING_PARAMETER => {
            LocationComponent::Body
        }
        _ => LocationComponent::Template,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const EXPLAINED: [u32; 6] = [
        subcode::LENGTH,
        subcode::HEADER_FORMAT,
        subcode::FOOTER_FORMAT,
        subcode::PARAMETER_RATIO,
        subcode::LEADING_OR_TRAILING_PARAMETER,
        subcode::TOO_MANY_TEMPLATES,
    ];

    #[test]
    fn every_explained_subcode_becomes_an_error_diagnostic_with_its_code() {
        for code in EXPLAINED {
            let explanation = explain_creation_error(code).expect("explained");
            let diagnostic = explanation.diagnostic();
            assert_eq!(diagnostic.rule, explanation.rule);
            assert!(diagnostic.is_error(), "{code}");
            assert_eq!(diagnostic.meta_subcode, Some(code));
            assert_eq!(diagnostic.message, explanation.message);
            assert_eq!(diagnostic.fix.as_deref(), Some(explanation.fix.as_str()));
            assert_eq!(diagnostic.span, None, "Meta does not say where");
            assert!(diagnostic.params.is_empty());
        }
    }

    #[test]
    fn a_refusal_points_at_the_part_meta_names_or_at_the_whole_template() {
        let part = |code| {
            explain_creation_error(code)
                .expect("explained")
                .diagnostic()
                .location
        };
        assert_eq!(
            part(subcode::LEADING_OR_TRAILING_PARAMETER),
            Location::of(LocationComponent::Body)
        );
        assert_eq!(
            part(subcode::HEADER_FORMAT),
            Location::of(LocationComponent::Header)
        );
        assert_eq!(
            part(subcode::FOOTER_FORMAT),
            Location::of(LocationComponent::Footer)
        );
        assert_eq!(
            part(subcode::LENGTH),
            Location::of(LocationComponent::Template)
        );
        assert_eq!(
            part(subcode::TOO_MANY_TEMPLATES),
            Location::of(LocationComponent::Template)
        );
    }

    #[test]
    fn an_unknown_subcode_is_not_explained() {
        assert_eq!(explain_creation_error(2_388_024), None);
        assert_eq!(explain_creation_error(0), None);
    }
}
