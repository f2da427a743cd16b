//! Stable rule ids. The UI translates messages by these, tests and the corpus name them:
//! never rename one.

pub const NAME_EMPTY: &str = "name.empty";
pub const NAME_FORMAT: &str = "name.format";
pub const NAME_TOO_LONG: &str = "name.too_long";
pub const LANGUAGE_UNKNOWN: &str = "language.unknown";

pub const COMPONENTS_DUPLICATE: &str = "components.duplicate";
pub const BODY_MISSING: &str = "body.missing";
pub const BODY_EMPTY: &str = "body.empty";
pub const BODY_TOO_LONG: &str = "body.too_long";
pub const BODY_WHITESPACE: &str = "body.whitespace";
pub const BODY_STARTS_WITH_PARAMETER: &str = "body.starts_with_parameter";
pub const BODY_ENDS_WITH_PARAMETER: &str = "body.ends_with_parameter";
pub const BODY_PARAMETER_RATIO: &str = "body.parameter_ratio";

pub const HEADER_MISSING_TEXT: &str = "header.missing_text";
pub const HEADER_TOO_LONG: &str = "header.too_long";
pub const HEADER_TOO_MANY_PARAMETERS: &str = "header.too_many_parameters";
pub const HEADER_EMOJI: &str = "header.emoji";
pub const HEADER_FORMATTING: &str = "header.formatting";
pub const HEADER_NEWLINE: &str = "header.newline";
pub const HEADER_MISSING_MEDIA_EXAMPLE: &str = "header.missing_media_example";

pub const FOOTER_TOO_LONG: &str = "footer.too_long";
pub const FOOTER_PARAMETER: &str = "footer.parameter";
pub const FOOTER_EMOJI: &str = "footer.emoji";
pub const FOOTER_CODE_EXPIRATION_OUTSIDE_AUTHENTICATION: &str =
    "footer.code_expiration_outside_authentication";
pub const FOOTER_CODE_EXPIRATION_RANGE: &str = "footer.code_expiration_range";

pub const PARAMS_MIXED_FORMAT: &str = "params.mixed_format";
pub const PARAMS_FORMAT_MISMATCH: &str = "params.format_mismatch";
pub const PARAMS_INVALID_NAME: &str = "params.invalid_name";
pub const PARAMS_GAP: &str = "params.gap";
pub const PARAMS_OUT_OF_ORDER: &str = "params.out_of_order";
pub const PARAMS_MISSING_EXAMPLE: &str = "params.missing_example";
pub const PARAMS_ADJACENT: &str = "params.adjacent";
pub const PARAMS_UNBALANCED_BRACES: &str = "params.unbalanced_braces";
pub const PARAMS_INVALID_CHARACTER: &str = "params.invalid_character";

pub const BUTTONS_EMPTY: &str = "buttons.empty";
pub const BUTTONS_TOO_MANY: &str = "buttons.too_many";
pub const BUTTONS_QUICK_REPLY_NOT_GROUPED: &str = "buttons.quick_reply_not_grouped";
pub const BUTTONS_TOO_MANY_URL: &str = "buttons.too_many_url";
pub const BUTTONS_TOO_MANY_PHONE: &str = "buttons.too_many_phone_number";
pub const BUTTONS_TOO_MANY_COPY_CODE: &str = "buttons.too_many_copy_code";
pub const BUTTONS_COPY_CODE_IN_UTILITY: &str = "buttons.copy_code_in_utility";
pub const BUTTONS_AUTHENTICATION_OTP_ONLY: &str = "buttons.authentication_otp_only";
pub const BUTTONS_OTP_OUTSIDE_AUTHENTICATION: &str = "buttons.otp_outside_authentication";

pub const BUTTON_TEXT_EMPTY: &str = "button.text_empty";
pub const BUTTON_TEXT_TOO_LONG: &str = "button.text_too_long";
pub const BUTTON_TEXT_EMOJI: &str = "button.text_emoji";
pub const BUTTON_TEXT_NEWLINE: &str = "button.text_newline";
pub const BUTTON_URL_TOO_LONG: &str = "button.url_too_long";
pub const BUTTON_URL_SCHEME: &str = "button.url_scheme";
pub const BUTTON_URL_VARIABLE: &str = "button.url_variable";
pub const BUTTON_URL_MISSING_EXAMPLE: &str = "button.url_missing_example";
pub const BUTTON_LINKS_TO_WHATSAPP: &str = "button.links_to_whatsapp";
pub const BUTTON_PHONE_NUMBER: &str = "button.phone_number";
pub const BUTTON_OTP_TYPE: &str = "button.otp_type";
pub const BUTTON_COPY_CODE_EXAMPLE: &str = "button.copy_code_example";

pub const MARKETING_OPT_OUT: &str = "marketing.opt_out";

/// Not a lint rule: Meta's answer when the account created too many templates (2388019).
pub const ACCOUNT_TOO_MANY_TEMPLATES: &str = "account.too_many_templates";

/// Meta's template-creation error subcodes.
pub mod subcode {
    pub const LENGTH: u32 = 2_388_040;
    pub const HEADER_FORMAT: u32 = 2_388_047;
    pub const FOOTER_FORMAT: u32 = 2_388_073;
    pub const PARAMETER_RATIO: u32 = 2_388_293;
    pub const LEADING_OR_TRAILING_PARAMETER: u32 = 2_388_299;
    pub const TOO_MANY_TEMPLATES: u32 = 2_388_019;
}
