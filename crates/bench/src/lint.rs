//! How long one lint takes on a template at Meta's limits: a 1,024-character body with
//! parameters, a text header with a parameter, a footer and ten buttons.
//!
//! `cargo run --release -p parley-core --example lint_bench`
//! The budget is well under 1 ms per lint (the editor lints on every keystroke).

use std::hint::black_box;
use std::time::{Duration, Instant};

use parley_core::template::{
    BodyComponent, BodyExample, ButtonsComponent, Component, FooterComponent, HeaderComponent,
    HeaderExample, HeaderFormat, TemplateButton, TemplateCategory, TemplateDefinition, lint,
};

const BODY_CHARS: usize = 1024;
const ITERATIONS: usize = 20_000;
const WARM_UP: usize = 1_000;

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

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() - 1) as f64 * fraction).round() as usize;
    sorted[index]
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

fn main() {
    let template = template();
    let diagnostics = lint(&template, None);
    for _ in 0..WARM_UP {
        black_box(lint(black_box(&template), None));
    }
    let mut timings = Vec::with_capacity(ITERATIONS);
    for _ in 0..ITERATIONS {
        let start = Instant::now();
        black_box(lint(black_box(&template), None));
        timings.push(start.elapsed());
    }
    timings.sort_unstable();
    let body_chars = match &template.components[1] {
        Component::Body(body) => body.text.chars().count(),
        _ => 0,
    };
    println!(
        "lint of a {body_chars}-character body template (header, footer, {} buttons, {} diagnostics), {ITERATIONS} runs:",
        10,
        diagnostics.len()
    );
    println!(
        "  p50 {:.1} µs   p95 {:.1} µs   max {:.1} µs   (budget: well under 1000 µs)",
        micros(percentile(&timings, 0.50)),
        micros(percentile(&timings, 0.95)),
        micros(timings[timings.len() - 1]),
    );
}
