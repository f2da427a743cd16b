//! Why a template could not be submitted, edited or sent, in the words the UI shows.

use parley_core::media::{MB, MediaKind, size_limit};
use parley_core::template::{
    COPY_CODE_MAX_CHARS, CreationErrorExplanation, Diagnostic, ParameterValueProblem,
};

use super::send::header_file_types;

/// Meta allows this many edits of an approved template per 30 days.
pub const MAX_EDITS_PER_WINDOW: u32 = 10;

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The linter found errors: nothing was sent to Meta. Every diagnostic is kept
    /// (warnings too) so the editor can highlight them.
    #[error("{}", lint_summary(.0))]
    Lint(Vec<Diagnostic>),
    /// Meta refused the submission with a creation subcode Parley can explain.
    #[error("Meta refused the template: {} Fix: {}.", .0.message, .0.fix)]
    Refused(CreationErrorExplanation),
    /// Meta refused it for a reason without an explanation of Parley's own (a name
    /// already used in that language, ...): Meta's words.
    #[error("Meta refused the template: {0}")]
    RefusedByMeta(String),
    #[error(
        "an approved template can be edited {MAX_EDITS_PER_WINDOW} times in 30 days, and this one has been: edit it again when the 30 days are over, or create a new template"
    )]
    EditLimit,
    #[error("a {0} template cannot be edited: only approved, rejected or paused ones can")]
    NotEditable(String),
    #[error("an edit cannot change the name or the language: submit it as a new template")]
    RenamedInEdit,
    /// Meta's resumable upload is addressed to the Meta app, whose id is optional in the
    /// account settings.
    #[error(
        "uploading a header example needs your Meta app's id: enter it in Settings → Account (Meta's App Dashboard → App settings → Basic → App ID)"
    )]
    AppIdMissing,
    /// 132001 / 132015 / 132016, explained before Meta is asked.
    #[error("{}", not_sendable(.name, .language, .status.as_deref()))]
    NotSendable {
        name: String,
        language: String,
        /// `None`: Parley does not know this template in this language.
        status: Option<String>,
    },
    /// 132000.
    #[error(
        "this template needs {expected} value{}, {given} given: fill in every parameter",
        if *.expected == 1 { "" } else { "s" }
    )]
    ParameterCount { expected: usize, given: usize },
    /// 132018.
    #[error("the value for {{{{{parameter}}}}} cannot be sent: {problem}")]
    Value {
        parameter: String,
        problem: ParameterValueProblem,
    },
    #[error(
        "this customer stopped marketing messages: a marketing template cannot be sent to them (WhatsApp would refuse it too, error 131050)"
    )]
    MarketingOptOut,
    /// The template's header is an image, video or document and no file was chosen.
    #[error("this template's header is {}: {}", media_kind(*.0), header_file_rule(*.0))]
    MediaHeaderNeeded(MediaKind),
    #[error(
        "{file} cannot be this template's header, which is {}: {}",
        media_kind(*.kind),
        header_file_rule(*.kind)
    )]
    MediaHeaderType { kind: MediaKind, file: String },
    #[error(
        "{file} is {size_text}, too large for this template's header, which is {}: {}",
        media_kind(*.kind),
        header_file_rule(*.kind)
    )]
    MediaHeaderTooLarge {
        kind: MediaKind,
        file: String,
        size_text: String,
    },
    #[error(
        "{file} is empty: this template's header is {}, {}",
        media_kind(*.kind),
        header_file_rule(*.kind)
    )]
    MediaHeaderEmpty { kind: MediaKind, file: String },
    #[error(
        "this template's header is a place on a map: it needs a place, with its latitude and longitude"
    )]
    LocationHeaderNeeded,
    #[error(
        "the header's place needs a latitude between -90 and 90 and a longitude between -180 and 180"
    )]
    LocationHeaderInvalid,
    /// A file or place was given for a template whose header is text (`text: true`) or
    /// that has no header.
    #[error(
        "{}: send it without a file or place",
        if *.text { "this template's header is text, filled from its values" } else { "this template has no header" }
    )]
    HeaderNotTaken { text: bool },
    #[error(
        "this template has a copy-code button: enter the code the customer will copy (at most {COPY_CODE_MAX_CHARS} characters)"
    )]
    CopyCodeNeeded,
    #[error(
        "the code to copy has {length} characters: WhatsApp allows at most {COPY_CODE_MAX_CHARS}"
    )]
    CopyCodeTooLong { length: usize },
    /// 132018, for the code.
    #[error("the code to copy cannot be sent: {0}")]
    CopyCodeValue(ParameterValueProblem),
    #[error("this template has no copy-code button: send it without a code")]
    CopyCodeNotTaken,
}

/// "an image", "a video", "a document".
fn media_kind(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Image => "an image",
        MediaKind::Video => "a video",
        MediaKind::Document => "a document",
        MediaKind::Audio | MediaKind::Voice => "audio",
        MediaKind::Sticker => "a sticker",
    }
}

/// What to choose for a media header, e.g. "choose a JPEG or PNG file of at most 5 MB".
fn header_file_rule(kind: MediaKind) -> String {
    format!(
        "choose {} file of at most {} MB",
        header_file_types(kind).1,
        size_limit(kind, false) / MB
    )
}

fn lint_summary(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let first = errors.first().map_or(String::new(), |d| match &d.fix {
        Some(fix) => format!(": {} Fix: {fix}.", d.message),
        None => format!(": {}", d.message),
    });
    format!(
        "the template has {} problem{} to fix before Meta would accept it{first}",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    )
}

fn not_sendable(name: &str, language: &str, status: Option<&str>) -> String {
    match status {
        None => format!(
            "there is no template {name} in {language}: create it, or sync the templates if it was made elsewhere (Meta's error 132001)"
        ),
        Some("PAUSED") => format!(
            "{name} is paused by Meta because customers reported or ignored it: it can be sent again when the pause ends (Meta's error 132015)"
        ),
        Some("DISABLED") => format!(
            "{name} was disabled by Meta after repeated low quality: edit it into a new version or create another template (Meta's error 132016)"
        ),
        Some(status) => format!(
            "{name} in {language} is not approved (it is {status}): only approved templates can be sent (Meta's error 132001)"
        ),
    }
}
