//! What submitting answers the editor: refusals Parley's lint or Meta explain come back
//! as diagnostics (Meta's with its subcode), the draft kept; Meta's other refusals stay
//! errors in Meta's words.

#[allow(dead_code)]
mod support;

use parley_core::AgentId;
use parley_core::template::{
    LocationComponent, Severity, TemplateDefinition, explain_creation_error, rule,
};
use parley_engine::EngineError;
use parley_engine::templates::{self, Refuser, SubmitOutcome, TemplateError};
use serde_json::json;
use support::{Rig, rig};

const OWNER: AgentId = AgentId(1);

fn utility(name: &str, body: &str) -> TemplateDefinition {
    serde_json::from_value(json!({
        "name": name, "language": "en_US", "category": "UTILITY",
        "components": [
            {"type": "BODY", "text": body, "example": {"body_text": [["Dana", "#1042"]]}},
        ]
    }))
    .expect("template JSON")
}

fn ready(name: &str) -> TemplateDefinition {
    utility(
        name,
        "Hello {{1}}, your order {{2}} is ready for pickup at our shop on Viru street today.",
    )
}

async fn draft(rig: &Rig, definition: &TemplateDefinition) -> i64 {
    templates::save_draft(rig.engine.store(), OWNER, None, definition, None)
        .await
        .expect("draft")
        .id
}

async fn drafts_named(rig: &Rig, name: &str) -> usize {
    templates::drafts(rig.engine.store())
        .await
        .expect("drafts")
        .iter()
        .filter(|d| d.definition.name == name)
        .count()
}

#[tokio::test]
async fn lint_errors_come_back_as_the_editors_diagnostics_and_keep_the_draft() {
    let rig = rig().await;
    let dangling = utility("order_ready_dangling", "Hello {{1}}, your order is {{2}}");
    let id = draft(&rig, &dangling).await;
    let outcome = rig
        .engine
        .submit_template_outcome(OWNER, id)
        .await
        .expect("an outcome, not an error");
    let SubmitOutcome::Refused { by, diagnostics } = outcome else {
        panic!("a body ending with a parameter must be refused: {outcome:?}");
    };
    assert_eq!(by, Refuser::Lint);
    let ends = diagnostics
        .iter()
        .find(|d| d.rule == rule::BODY_ENDS_WITH_PARAMETER)
        .unwrap_or_else(|| panic!("{diagnostics:?}"));
    assert_eq!(ends.severity, Severity::Error);
    assert!(ends.span.is_some(), "the lint marks the text");
    assert_eq!(drafts_named(&rig, "order_ready_dangling").await, 1);
    let at_meta = templates::list(rig.engine.store()).await.expect("list");
    assert!(
        at_meta.iter().all(|t| t.name != "order_ready_dangling"),
        "nothing was sent to Meta"
    );

    // The fixed body goes through, and the draft becomes the submitted template.
    let fixed = ready("order_ready_dangling");
    let id = templates::save_draft(rig.engine.store(), OWNER, Some(id), &fixed, None)
        .await
        .expect("fixed")
        .id;
    let outcome = rig
        .engine
        .submit_template_outcome(OWNER, id)
        .await
        .expect("submitted");
    let SubmitOutcome::Submitted { template } = outcome else {
        panic!("the fixed template must be submitted: {outcome:?}");
    };
    assert_eq!(template.name, "order_ready_dangling");
    assert_eq!(template.status, "PENDING");
    assert_eq!(drafts_named(&rig, "order_ready_dangling").await, 0);
    rig.shutdown().await;
}

#[tokio::test]
async fn metas_explained_refusal_is_a_diagnostic_with_its_subcode_and_the_draft_stays() {
    let rig = rig().await;
    // Meta allows 100 creations an hour per account; the next is refused with 2388019.
    for n in 0..100 {
        let id = draft(&rig, &ready(&format!("order_ready_{n}"))).await;
        let outcome = rig
            .engine
            .submit_template_outcome(OWNER, id)
            .await
            .unwrap_or_else(|e| panic!("creation {n}: {e}"));
        assert!(
            matches!(outcome, SubmitOutcome::Submitted { .. }),
            "creation {n}: {outcome:?}"
        );
    }
    let id = draft(&rig, &ready("one_too_many")).await;
    let outcome = rig
        .engine
        .submit_template_outcome(OWNER, id)
        .await
        .expect("an outcome, not an error");
    let SubmitOutcome::Refused { by, diagnostics } = &outcome else {
        panic!("the 101st creation in an hour must be refused: {outcome:?}");
    };
    assert_eq!(*by, Refuser::Meta);
    let [refusal] = diagnostics.as_slice() else {
        panic!("one diagnostic for Meta's one refusal: {diagnostics:?}");
    };
    assert_eq!(refusal.rule, rule::ACCOUNT_TOO_MANY_TEMPLATES);
    assert_eq!(refusal.severity, Severity::Error);
    assert_eq!(refusal.meta_subcode, Some(2_388_019));
    assert_eq!(refusal.location.component, LocationComponent::Template);
    assert!(refusal.fix.is_some());
    assert_eq!(drafts_named(&rig, "one_too_many").await, 1, "no data lost");

    // As the UI receives it.
    let wire = serde_json::to_value(&outcome).expect("JSON");
    assert_eq!(wire["outcome"], "refused");
    assert_eq!(wire["by"], "meta");
    assert_eq!(wire["diagnostics"][0]["metaSubcode"], 2_388_019);
    assert_eq!(wire["diagnostics"][0]["location"]["component"], "template");
    rig.shutdown().await;
}

#[tokio::test]
async fn a_refusal_parley_cannot_explain_stays_an_error_in_metas_words() {
    let rig = rig().await;
    let first = draft(&rig, &ready("pickup_today")).await;
    rig.engine
        .submit_template_outcome(OWNER, first)
        .await
        .expect("first");
    let again = draft(&rig, &ready("pickup_today")).await;
    let err = rig
        .engine
        .submit_template_outcome(OWNER, again)
        .await
        .expect_err("the name is taken in that language");
    assert!(
        matches!(&err, EngineError::Template(TemplateError::RefusedByMeta(_))),
        "{err:?}"
    );
    assert_eq!(
        drafts_named(&rig, "pickup_today").await,
        1,
        "the draft stays"
    );
    rig.shutdown().await;
}

#[test]
fn every_explained_subcode_maps_to_a_refusal_by_meta() {
    for code in [
        2_388_040, 2_388_047, 2_388_073, 2_388_293, 2_388_299, 2_388_019,
    ] {
        let explanation = explain_creation_error(code).expect("explained");
        let outcome = SubmitOutcome::of(Err(TemplateError::Refused(explanation.clone()).into()))
            .expect("an outcome");
        assert_eq!(
            outcome,
            SubmitOutcome::Refused {
                by: Refuser::Meta,
                diagnostics: vec![explanation.diagnostic()],
            },
            "{code}"
        );
    }
    let ends = explain_creation_error(2_388_299).expect("explained");
    let SubmitOutcome::Refused { diagnostics, .. } =
        SubmitOutcome::of(Err(TemplateError::Refused(ends).into())).expect("an outcome")
    else {
        panic!("refused");
    };
    assert_eq!(diagnostics[0].rule, rule::BODY_ENDS_WITH_PARAMETER);
    assert_eq!(diagnostics[0].location.component, LocationComponent::Body);
}

#[test]
fn other_errors_stay_errors() {
    for error in [
        TemplateError::EditLimit,
        TemplateError::RenamedInEdit,
        TemplateError::RefusedByMeta("Template name already exists".to_owned()),
    ] {
        let outcome = SubmitOutcome::of(Err(error.into()));
        assert!(
            matches!(outcome, Err(EngineError::Template(_))),
            "{outcome:?}"
        );
    }
}
