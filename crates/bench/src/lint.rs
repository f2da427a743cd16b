//! How long one lint takes on a template at Meta's limits: a 1,024-character body with
//! parameters, a text header with a parameter, a footer and ten buttons. The budget is
//! 1 ms for lint and preview together (the editor lints on every keystroke); the preview
//! is rendered by the UI and measured by `ui/scripts/bench-preview` (see `scripts/bench`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use crate::Size;
use crate::report::{Section, Target};
use parley_core::template::{
    BodyComponent, BodyExample, ButtonsComponent, Component, FooterComponent, HeaderComponent,
    HeaderExample, HeaderFormat, TemplateButton, TemplateCategory, TemplateDefinition, lint,
};

const BODY_CHARS: usize = 1024;

fn body_text() -> (String, Vec<String>) {
    let mut text = String::from("Hello {{1}}, ");
    let mut examples = vec!["Mark".to_string()];
    let mut number = 2;
    // Mixed scripts and an emoji so the UTF-16 and emoji paths are measured too.
    let sentences = [
        "your order has shipped and will arrive soon. ",
        "ההזמנה שלך בדרך אליך 📦 ",
        "ваш заказ уже в пути. ",
        "teie tellimus on teel. ",
    ];
    while text.chars().count() < BODY_CHARS - 60 {
        for sentence in sentences {
            text.push_str(sentence);
        }
        text.push_str(&format!("Reference {{{{{number}}}}} noted. "));
        examples.push(format!("value {number}"));
        number += 1;
    }
    text.push_str("Thank you for shopping with us, see you again soon!");
    let padding = BODY_CHARS.saturating_sub(text.chars().count());
    text.push_str(&".".repeat(padding));
    (text, examples)
}

fn template() -> TemplateDefinition {
    let (text, examples) = body_text();
    assert_eq!(text.chars().count(), BODY_CHARS);
    let mut buttons: Vec<TemplateButton> = (1..=8)
        .map(|i| TemplateButton::QuickReply {
            text: format!("Choice number {i}"),
        })
        .collect();
    buttons.push(TemplateButton::Url {
        text: "Track order".into(),
        url: "https://shop.example.com/track/{{1}}".into(),
        example: Some(vec!["https://shop.example.com/track/335628".into()]),
    });
    buttons.push(TemplateButton::PhoneNumber {
        text: "Call us".into(),
        phone_number: "+15550051234".into(),
    });
    TemplateDefinition {
        name: "lint_benchmark".into(),
        language: "en_US".into(),
        category: TemplateCategory::Marketing,
        parameter_format: None,
        components: vec![
            Component::Header(HeaderComponent {
                format: HeaderFormat::Text,
                text: Some("Your order {{1}} is on its way".into()),
                example: Some(HeaderExample {
                    header_text: Some(vec!["335628".into()]),
                    header_text_named_params: None,
                    header_handle: None,
                }),
            }),
            Component::Body(BodyComponent {
                text,
                example: Some(BodyExample {
                    body_text: Some(vec![examples]),
                    body_text_named_params: None,
                }),
                add_security_recommendation: None,
            }),
            Component::Footer(FooterComponent {
                text: "Reply STOP to unsubscribe".into(),
                code_expiration_minutes: None,
            }),
            Component::Buttons(ButtonsComponent { buttons }),
        ],
    }
}

pub fn run(size: Size) -> Section {
    let (iterations, warm_up) = match size {
        Size::Smoke => (200, 20),
        Size::Full => (20_000, 1_000),
    };
    let template = template();
    let diagnostics = lint(&template, None);
    for _ in 0..warm_up {
        black_box(lint(black_box(&template), None));
    }
    let mut timings: Vec<Duration> = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        black_box(lint(black_box(&template), None));
        timings.push(start.elapsed());
    }
    let mut section = Section::new(
        "Template lint",
        format!(
            "A {BODY_CHARS}-character body in four scripts with {} parameters, a text header, a footer and 10 buttons ({} diagnostics); {iterations} runs.",
            template_parameters(&template),
            diagnostics.len()
        ),
    );
    let p50 = crate::report::percentile(&mut timings, 50.0);
    let p95 = crate::report::percentile(&mut timings, 95.0);
    section.figure("lint p50", micros(p50), "µs").checked(
        "lint p95",
        micros(p95),
        "µs",
        Target::AtMost(1_000.0),
    );
    section
}

/// The studio lints and previews on every keystroke: both together are held to 1 ms. The
/// preview is measured by the UI's script (a section titled "Template preview").
pub fn add_lint_and_preview(sections: &mut [Section]) {
    let p95_of = |sections: &[Section], figure: &str| {
        sections
            .iter()
            .flat_map(|s| &s.figures)
            .find(|f| f.name == figure && f.unit == "µs")
            .map(|f| f.value)
    };
    let (Some(lint), Some(preview)) = (
        p95_of(sections, "lint p95"),
        p95_of(sections, "preview p95"),
    ) else {
        return;
    };
    if let Some(section) = sections.iter_mut().find(|s| s.title == "Template lint") {
        section.checked(
            "lint p95 + preview p95",
            lint + preview,
            "µs",
            Target::AtMost(1_000.0),
        );
    }
}

fn template_parameters(template: &TemplateDefinition) -> usize {
    parley_core::template::parameters(template).len()
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}
