//! Message templates: Meta's template JSON, the linter that predicts Meta's verdict before
//! submitting, and what a send form needs (parameter slots, value checks). Pure: no IO.

mod explain;
mod file;
pub mod lint;
mod model;
mod values;

pub use explain::{CreationErrorExplanation, explain_creation_error};
pub use file::{TemplateFileEntry, TemplateFileError, parse_template_file};
pub use lint::{
    COPY_CODE_MAX_CHARS, Diagnostic, Location, LocationComponent, Severity, Span, lint, rule,
};
pub use model::*;
pub use values::{
    MAX_CONSECUTIVE_SPACES_IN_VALUE, ParameterSlot, ParameterValueProblem, SlotComponent,
    check_parameter_value, parameters,
};
