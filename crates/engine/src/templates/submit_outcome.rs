//! What submitting a draft answers the editor: submitted, or refused with diagnostics it
//! lists like the lint's, whether Parley's lint or Meta refused it. Refusals Parley cannot
//! explain stay errors, in Meta's words.

use parley_core::AgentId;
use parley_core::template::Diagnostic;
use serde::Serialize;

use super::{TemplateError, TemplateSummary};
use crate::{Engine, EngineError};

/// Who refused a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Refuser {
    /// Parley's lint found errors: nothing was sent to Meta.
    Lint,
    /// Meta refused it with a creation subcode Parley explains.
    Meta,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum SubmitOutcome {
    /// Meta has it for review; the draft is gone.
    Submitted { template: Box<TemplateSummary> },
    /// Nothing changed at Meta and the draft is kept. Every lint diagnostic (warnings
    /// too), or Meta's refusal as one error carrying its subcode.
    Refused {
        by: Refuser,
        diagnostics: Vec<Diagnostic>,
    },
}

impl SubmitOutcome {
    /// Turns a submission's explained refusals into an outcome; every other error stays
    /// one.
    pub fn of(result: Result<TemplateSummary, EngineError>) -> Result<Self, EngineError> {
        match result {
            Ok(template) => Ok(Self::Submitted {
                template: Box::new(template),
            }),
            Err(EngineError::Template(TemplateError::Lint(diagnostics))) => Ok(Self::Refused {
                by: Refuser::Lint,
                diagnostics,
            }),
            Err(EngineError::Template(TemplateError::Refused(explanation))) => Ok(Self::Refused {
                by: Refuser::Meta,
                diagnostics: vec![explanation.diagnostic()],
            }),
            Err(other) => Err(other),
        }
    }
}

impl Engine {
    /// [`Engine::submit_template`], answering its explained refusals as diagnostics.
    pub async fn submit_template_outcome(
        &self,
        actor: AgentId,
        draft_id: i64,
    ) -> Result<SubmitOutcome, EngineError> {
        SubmitOutcome::of(self.submit_template(actor, draft_id).await)
    }
}
