//! Rules on buttons (DOMAIN rules 13 and 14).

use super::placeholders::scan;
use super::rule;
use super::structure::parts;
use super::text::{byte_at_char, char_len, characters, emoji_ranges, span_of};
use super::{Diagnostic, DiagnosticBuilder, Location, LocationComponent};
use crate::template::model::{TemplateButton, TemplateCategory, TemplateDefinition};

pub(crate) const MAX_BUTTONS: usize = 10;
pub(crate) const MAX_URL_BUTTONS: usize = 2;
pub(crate) const MAX_PHONE_BUTTONS: usize = 1;
pub(crate) const MAX_COPY_CODE_BUTTONS: usize = 1;
pub(crate) const BUTTON_TEXT_MAX_CHARS: usize = 25;
pub(crate) const URL_MAX_CHARS: usize = 2000;
/// Meta's limit for a copy-code button's code (a coupon code), in the template and in a send.
pub const COPY_CODE_MAX_CHARS: usize = 15;
const OTP_TYPES: [&str; 3] = ["COPY_CODE", "ONE_TAP", "ZERO_TAP"];

pub(crate) fn check(template: &TemplateDefinition, out: &mut Vec<Diagnostic>) {
    let buttons = parts(template)
        .buttons
        .map_or(&[][..], |b| b.buttons.as_slice());
    if parts(template).buttons.is_some() && buttons.is_empty() {
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTONS_EMPTY,
                Location::of(LocationComponent::Buttons),
                "The BUTTONS component has no buttons.",
            )
            .fix("add a button or remove the BUTTONS component")
            .build(),
        );
    }
    check_counts(template.category, buttons, out);
    for (index, button) in buttons.iter().enumerate() {
        check_button(index, button, out);
    }
}

fn kind_name(button: &TemplateButton) -> &'static str {
    match button {
        TemplateButton::QuickReply { .. } => "QUICK_REPLY",
        TemplateButton::Url { .. } => "URL",
        TemplateButton::PhoneNumber { .. } => "PHONE_NUMBER",
        TemplateButton::CopyCode { .. } => "COPY_CODE",
        TemplateButton::Otp { .. } => "OTP",
    }
}

fn check_counts(category: TemplateCategory, buttons: &[TemplateButton], out: &mut Vec<Diagnostic>) {
    if buttons.len() > MAX_BUTTONS {
        let excess = buttons.len() - MAX_BUTTONS;
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTONS_TOO_MANY,
                Location::of(LocationComponent::Buttons),
                format!(
                    "The template has {} buttons; Meta allows at most {MAX_BUTTONS}.",
                    buttons.len()
                ),
            )
            .fix(if excess == 1 {
                "remove 1 button".to_string()
            } else {
                format!("remove {excess} buttons")
            })
            .param("count", buttons.len())
            .param("limit", MAX_BUTTONS)
            .param("excess", excess)
            .build(),
        );
    }
    // Quick replies must form one block: count the switches between the two kinds.
    let is_quick_reply = |b: &TemplateButton| matches!(b, TemplateButton::QuickReply { .. });
    let mut blocks = 0;
    let mut breaking = None;
    for (index, button) in buttons.iter().enumerate() {
        let starts_block =
            index == 0 || is_quick_reply(&buttons[index - 1]) != is_quick_reply(button);
        if starts_block {
            blocks += 1;
            if blocks == 3 && breaking.is_none() {
                breaking = Some(index);
            }
        }
    }
    if let Some(index) = breaking {
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTONS_QUICK_REPLY_NOT_GROUPED,
                Location::button(index, None),
                "Quick reply buttons must be grouped together, not mixed between link, call or copy-code buttons.",
            )
            .fix("move all quick reply buttons next to each other (before or after the others)")
            .param("index", index)
            .build(),
        );
    }
    let limited = [
        ("URL", MAX_URL_BUTTONS, rule::BUTTONS_TOO_MANY_URL),
        (
            "PHONE_NUMBER",
            MAX_PHONE_BUTTONS,
            rule::BUTTONS_TOO_MANY_PHONE,
        ),
        (
            "COPY_CODE",
            MAX_COPY_CODE_BUTTONS,
            rule::BUTTONS_TOO_MANY_COPY_CODE,
        ),
    ];
    for (kind, limit, rule_id) in limited {
        let over = buttons
            .iter()
            .enumerate()
            .filter(|(_, b)| kind_name(b) == kind)
            .nth(limit);
        if let Some((index, _)) = over {
            let count = buttons.iter().filter(|b| kind_name(b) == kind).count();
            out.push(
                DiagnosticBuilder::error(
                    rule_id,
                    Location::button(index, None),
                    format!(
                        "The template has {count} {kind} buttons; Meta allows at most {limit}."
                    ),
                )
                .fix(format!("remove {} {kind} button(s)", count - limit))
                .param("kind", kind)
                .param("count", count)
                .param("limit", limit)
                .build(),
            );
        }
    }
    for (index, button) in buttons.iter().enumerate() {
        let kind = kind_name(button);
        let problem = match (category, button) {
            (TemplateCategory::Utility, TemplateButton::CopyCode { .. }) => Some((
                rule::BUTTONS_COPY_CODE_IN_UTILITY,
                "Copy-code buttons are not allowed in UTILITY templates.".to_string(),
                "remove the copy-code button or make the template MARKETING".to_string(),
            )),
            (TemplateCategory::Authentication, TemplateButton::Otp { .. }) => None,
            (TemplateCategory::Authentication, _) => Some((
                rule::BUTTONS_AUTHENTICATION_OTP_ONLY,
                format!("AUTHENTICATION templates can only have an OTP button, not {kind}."),
                format!("remove the {kind} button"),
            )),
            (_, TemplateButton::Otp { .. }) => Some((
                rule::BUTTONS_OTP_OUTSIDE_AUTHENTICATION,
                "OTP buttons are only for AUTHENTICATION templates.".to_string(),
                "change the category to AUTHENTICATION or remove the OTP button".to_string(),
            )),
            _ => None,
        };
        if let Some((rule_id, message, fix)) = problem {
            out.push(
                DiagnosticBuilder::error(rule_id, Location::button(index, None), message)
                    .fix(fix)
                    .param("kind", kind)
                    .build(),
            );
        }
    }
    let has_otp = buttons
        .iter()
        .any(|b| matches!(b, TemplateButton::Otp { .. }));
    if category == TemplateCategory::Authentication && !has_otp {
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTONS_AUTHENTICATION_OTP_ONLY,
                Location::of(LocationComponent::Buttons),
                "AUTHENTICATION templates need an OTP button (copy code, one-tap or zero-tap).",
            )
            .fix("add an OTP button with otp_type COPY_CODE")
            .build(),
        );
    }
}

fn check_button(index: usize, button: &TemplateButton, out: &mut Vec<Diagnostic>) {
    match button {
        TemplateButton::QuickReply { text } | TemplateButton::PhoneNumber { text, .. } => {
            check_label(index, text, out);
        }
        TemplateButton::Url { text, .. } => check_label(index, text, out),
        TemplateButton::Otp {
            text: Some(text), ..
        } => check_label(index, text, out),
        TemplateButton::Otp { text: None, .. } | TemplateButton::CopyCode { .. } => {}
    }
    match button {
        TemplateButton::Url { url, example, .. } => check_url(index, url, example.as_deref(), out),
        TemplateButton::PhoneNumber { phone_number, .. } => {
            check_phone_number(index, phone_number, out);
        }
        TemplateButton::CopyCode { example } => check_copy_code(index, example, out),
        TemplateButton::Otp { otp_type, .. } if !OTP_TYPES.contains(&otp_type.as_str()) => out
            .push(
                DiagnosticBuilder::error(
                    rule::BUTTON_OTP_TYPE,
                    Location::button(index, Some("otp_type")),
                    format!("'{otp_type}' is not an OTP button type."),
                )
                .fix("use COPY_CODE, ONE_TAP or ZERO_TAP")
                .param("otp_type", otp_type)
                .build(),
            ),
        _ => {}
    }
}

fn check_label(index: usize, text: &str, out: &mut Vec<Diagnostic>) {
    let location = || Location::button(index, Some("text"));
    if text.trim().is_empty() {
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTON_TEXT_EMPTY,
                location(),
                "The button has no text.",
            )
            .fix("write the button's label")
            .build(),
        );
        return;
    }
    let length = char_len(text);
    if length > BUTTON_TEXT_MAX_CHARS {
        let excess = length - BUTTON_TEXT_MAX_CHARS;
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTON_TEXT_TOO_LONG,
                location(),
                format!("The button text is {length} characters long; Meta allows at most {BUTTON_TEXT_MAX_CHARS}."),
            )
            .span(span_of(text, byte_at_char(text, BUTTON_TEXT_MAX_CHARS), text.len()))
            .fix(format!("shorten the button text by {}", characters(excess)))
            .param("length", length)
            .param("limit", BUTTON_TEXT_MAX_CHARS)
            .param("excess", excess)
            .build(),
        );
    }
    for (start, end) in emoji_ranges(text) {
        let emoji = &text[start..end];
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTON_TEXT_EMOJI,
                location(),
                "Button text cannot contain emoji.",
            )
            .span(span_of(text, start, end))
            .fix(format!("remove {emoji} from the button text"))
            .param("emoji", emoji)
            .build(),
        );
    }
    if let Some(start) = text.find(['\n', '\r']) {
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTON_TEXT_NEWLINE,
                location(),
                "Button text must be a single line.",
            )
            .span(span_of(text, start, start + 1))
            .fix("remove the line break from the button text")
            .build(),
        );
    }
}

fn check_url(index: usize, url: &str, example: Option<&[String]>, out: &mut Vec<Diagnostic>) {
    let location = || Location::button(index, Some("url"));
    let length = char_len(url);
    if length > URL_MAX_CHARS {
        let excess = length - URL_MAX_CHARS;
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTON_URL_TOO_LONG,
                location(),
                format!(
                    "The URL is {length} characters long; Meta allows at most {URL_MAX_CHARS}."
                ),
            )
            .span(span_of(url, byte_at_char(url, URL_MAX_CHARS), url.len()))
            .fix(format!("shorten the URL by {}", characters(excess)))
            .param("length", length)
            .param("limit", URL_MAX_CHARS)
            .param("excess", excess)
            .build(),
        );
    }
    let lower = url.trim().to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTON_URL_SCHEME,
                location(),
                "A URL button needs a web address starting with https:// or http://.",
            )
            .fix("start the URL with https://")
            .build(),
        );
        return;
    };
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or("")
        .trim_start_matches("www.");
    let is_whatsapp = host == "wa.me"
        || host == "wa.link"
        || host == "whatsapp.com"
        || host.ends_with(".whatsapp.com")
        || host == "whatsapp.net"
        || host.ends_with(".whatsapp.net");
    if is_whatsapp {
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTON_LINKS_TO_WHATSAPP,
                location(),
                format!(
                    "Buttons cannot link to WhatsApp ({host}): chats, groups or other numbers."
                ),
            )
            .fix("link to your website instead; a WhatsApp link may go in the body text")
            .param("host", host)
            .build(),
        );
    }
    let scanned = scan(url);
    let variables = &scanned.placeholders;
    if let Some(second) = variables.get(1) {
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTON_URL_VARIABLE,
                location(),
                format!(
                    "The URL has {} variables; Meta allows one, at the very end.",
                    variables.len()
                ),
            )
            .span(second.span)
            .fix(format!(
                "remove {} and keep a single {{{{1}}}} at the end",
                second.written
            ))
            .param("parameter", second.written)
            .build(),
        );
    }
    let Some(variable) = variables.first() else {
        return;
    };
    if variable.byte_end != url.trim_end().len() || variable.name != "1" {
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTON_URL_VARIABLE,
                location(),
                format!(
                    "The URL variable {} must be {{{{1}}}} at the very end of the URL.",
                    variable.written
                ),
            )
            .span(variable.span)
            .fix("move the variable to the end of the URL and write it {{1}}")
            .param("parameter", variable.written)
            .build(),
        );
    }
    let has_example = example
        .and_then(|values| values.first())
        .is_some_and(|value| !value.trim().is_empty());
    if !has_example {
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTON_URL_MISSING_EXAMPLE,
                Location::button(index, Some("example")),
                "A URL with a variable needs an example of the full URL.",
            )
            .fix(format!(
                "add an example such as {}",
                url.replace(variable.written, "summer2024")
            ))
            .build(),
        );
    }
}

fn check_phone_number(index: usize, phone_number: &str, out: &mut Vec<Diagnostic>) {
    let digits = phone_number.trim().trim_start_matches('+');
    let valid = (1..=20).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    if !valid {
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTON_PHONE_NUMBER,
                Location::button(index, Some("phone_number")),
                format!("'{phone_number}' is not a phone number Meta accepts (digits with country code, at most 20)."),
            )
            .fix("write the number with its country code and digits only, e.g. 15550051234")
            .param("phone_number", phone_number)
            .build(),
        );
    }
}

fn check_copy_code(index: usize, example: &str, out: &mut Vec<Diagnostic>) {
    let length = char_len(example);
    if example.trim().is_empty() || length > COPY_CODE_MAX_CHARS {
        out.push(
            DiagnosticBuilder::error(
                rule::BUTTON_COPY_CODE_EXAMPLE,
                Location::button(index, Some("example")),
                format!("A copy-code button needs an example code of 1 to {COPY_CODE_MAX_CHARS} characters."),
            )
            .fix(format!("give an example code of at most {COPY_CODE_MAX_CHARS} characters, e.g. SAVE20"))
            .param("length", length)
            .param("limit", COPY_CODE_MAX_CHARS)
            .build(),
        );
    }
}
