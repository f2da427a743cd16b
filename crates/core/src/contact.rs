//! The business's address book: the name shown for a customer, their phone number,
//! notes, blocking, and marketing consent with where it came from.

use serde::{Deserialize, Serialize};

use crate::conversation::Contact;
use crate::{ConversationId, Timestamp};

/// Longest saved name kept.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest notes kept on a contact.
pub const MAX_NOTES_CHARS: usize = 4_000;
/// Longest description of where consent came from.
pub const MAX_SOURCE_CHARS: usize = 200;
/// E.164 numbers have at most 15 digits; shorter than 8 is no full international number.
pub const MIN_PHONE_DIGITS: usize = 8;
pub const MAX_PHONE_DIGITS: usize = 15;

/// A name that says something: trimmed, not blank.
fn named(name: Option<&str>) -> Option<&str> {
    name.map(str::trim).filter(|n| !n.is_empty())
}

/// The name shown for a customer: the one the business saved, else the one from their
/// WhatsApp profile, else their number.
pub fn display_name(saved_name: Option<&str>, profile_name: Option<&str>, wa_id: &str) -> String {
    match named(saved_name).or_else(|| named(profile_name)) {
        Some(name) => name.to_owned(),
        None => format!("+{wa_id}"),
    }
}

/// How the address book is sorted: by the name shown, case and accents aside, named
/// contacts before bare numbers.
pub fn sort_key(saved_name: Option<&str>, profile_name: Option<&str>, wa_id: &str) -> String {
    match named(saved_name).or_else(|| named(profile_name)) {
        Some(name) => crate::search::fold_text(name).to_lowercase(),
        // After every name: the highest code point sorts last in SQLite's binary collation.
        None => format!("\u{10FFFF}{wa_id}"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    #[error("the name has {0} characters; at most {MAX_NAME_CHARS} are allowed")]
    NameTooLong(usize),
    #[error("a name must fit on one line")]
    NameOnOneLine,
    #[error("the notes have {0} characters; at most {MAX_NOTES_CHARS} are allowed")]
    NotesTooLong(usize),
    #[error("say where the consent came from (a form, a conversation, a CSV file, ...)")]
    SourceMissing,
    #[error("the consent source has {0} characters; at most {MAX_SOURCE_CHARS} are allowed")]
    SourceTooLong(usize),
    #[error(transparent)]
    Phone(#[from] PhoneError),
}

/// A saved name as typed: trimmed, one line, not too long; blank removes it.
pub fn saved_name(input: &str) -> Result<Option<String>, ContactError> {
    let name = input.trim();
    if name.is_empty() {
        return Ok(None);
    }
    if name.chars().any(char::is_control) {
        return Err(ContactError::NameOnOneLine);
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(ContactError::NameTooLong(chars));
    }
    Ok(Some(name.to_owned()))
}

/// Notes as typed: trimmed, not too long; blank removes them.
pub fn notes(input: &str) -> Result<Option<String>, ContactError> {
    let notes = input.trim();
    if notes.is_empty() {
        return Ok(None);
    }
    let chars = notes.chars().count();
    if chars > MAX_NOTES_CHARS {
        return Err(ContactError::NotesTooLong(chars));
    }
    Ok(Some(notes.to_owned()))
}

/// Where a consent change came from, as typed: required, one line.
pub fn consent_source(input: &str) -> Result<String, ContactError> {
    let source: String = input
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if source.is_empty() {
        return Err(ContactError::SourceMissing);
    }
    let chars = source.chars().count();
    if chars > MAX_SOURCE_CHARS {
        return Err(ContactError::SourceTooLong(chars));
    }
    Ok(source)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("the phone number is empty")]
    Empty,
    #[error("a phone number has only digits, spaces, +, -, dots and parentheses; found {0:?}")]
    Character(char),
    #[error("the number starts with 0: write it with its country code (+972 50..., +44 7...)")]
    NoCountryCode,
    #[error(
        "the number has {0} digits; a full international number has at least {MIN_PHONE_DIGITS}"
    )]
    TooShort(usize),
    #[error("the number has {0} digits; international numbers have at most {MAX_PHONE_DIGITS}")]
    TooLong(usize),
}

/// A phone number as people write it ("+972 50-123-4567", "(44) 7911 123456",
/// "00972501234567") as a WhatsApp id: its international digits.
pub fn wa_id_from_phone(input: &str) -> Result<String, PhoneError> {
    let text = input.trim();
    let mut digits = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' | ' ' | '-' | '(' | ')' | '.' | '\u{A0}' => {}
            other => return Err(PhoneError::Character(other)),
        }
    }
    if digits.is_empty() {
        return Err(PhoneError::Empty);
    }
    // "00" is how many countries dial out: the country code follows.
    let digits = match digits.strip_prefix("00") {
        Some(rest) if !text.starts_with('+') => rest.to_owned(),
        _ => digits,
    };
    if digits.starts_with('0') {
        return Err(PhoneError::NoCountryCode);
    }
    match digits.len() {
        n if n < MIN_PHONE_DIGITS => Err(PhoneError::TooShort(n)),
        n if n > MAX_PHONE_DIGITS => Err(PhoneError::TooLong(n)),
        _ => Ok(digits),
    }
}

/// How many leading digits of an international number are its country calling code.
/// Codes are prefix-free: these are the one- and two-digit ones, every other is three.
pub fn country_code_len(digits: &str) -> usize {
    const TWO_DIGIT: [&str; 44] = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if TWO_DIGIT.iter().any(|code| digits.starts_with(code)) {
        2
    } else {
        3
    }
}

/// Fewest trailing digits of a number that find it ("…4567").
const MIN_PHONE_SUFFIX: usize = 4;

/// The words a contact's number is indexed as, so that any part of it typed as digits
/// finds it: every ending of the international number (typing from its start, or its
/// last digits), and the national form with the trunk prefix people dial at home
/// ("0501234567" in Israel, "89161234567" in Russia).
pub fn phone_search_words(wa_id: &str) -> String {
    if !wa_id.bytes().all(|b| b.is_ascii_digit()) {
        return wa_id.to_owned();
    }
    let mut words: Vec<String> = (0..=wa_id.len().saturating_sub(MIN_PHONE_SUFFIX))
        .map(|start| wa_id[start..].to_owned())
        .collect();
    let national = &wa_id[country_code_len(wa_id).min(wa_id.len())..];
    if !national.is_empty() {
        words.push(format!("0{national}"));
        if wa_id.starts_with('7') {
            words.push(format!("8{national}"));
        }
    }
    words.join(" ")
}

/// Where `digits` (from a search) appear in `wa_id`, as a digit range: anywhere in it,
/// or, written nationally with a leading 0 or 8, at the start of its national number.
pub fn phone_match(wa_id: &str, digits: &str) -> Option<(usize, usize)> {
    if digits.is_empty() {
        return None;
    }
    if let Some(at) = wa_id.find(digits) {
        return Some((at, at + digits.len()));
    }
    let trunk = digits
        .strip_prefix('0')
        .or_else(|| digits.strip_prefix('8'))?;
    let national_start = country_code_len(wa_id).min(wa_id.len());
    (!trunk.is_empty() && wa_id[national_start..].starts_with(trunk))
        .then(|| (national_start, national_start + trunk.len()))
}

/// Where a customer stands on marketing messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum ConsentState {
    /// Consent is recorded: marketing templates may be sent.
    OptedIn,
    /// They stopped marketing (by WhatsApp's settings, a keyword, or as recorded by hand).
    OptedOut,
    /// Nothing recorded: no marketing templates, as for an opt-out.
    Unknown,
}

/// Marketing consent as recorded, for the contact card and for export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MarketingConsent {
    pub state: ConsentState,
    /// When consent was given, if it ever was (kept after an opt-out, as history).
    pub opted_in_at: Option<Timestamp>,
    /// When they last opted out or back in.
    pub changed_at: Option<Timestamp>,
    /// How the latest change came ("website form", "STOP keyword", ...).
    pub source: Option<String>,
}

impl MarketingConsent {
    /// From the stored facts: the opt-out flag and when it last changed, when consent
    /// was given, and the source of the latest change.
    pub fn from_record(
        opted_out: bool,
        opt_out_changed_at: Option<Timestamp>,
        opted_in_at: Option<Timestamp>,
        source: Option<String>,
    ) -> Self {
        let state = if opted_out {
            ConsentState::OptedOut
        } else if opted_in_at.is_some() {
            ConsentState::OptedIn
        } else {
            ConsentState::Unknown
        };
        Self {
            state,
            opted_in_at,
            changed_at: opt_out_changed_at.or(opted_in_at),
            source,
        }
    }

    /// Marketing templates may be sent.
    pub fn allows_marketing(&self) -> bool {
        self.state == ConsentState::OptedIn
    }
}

/// A change of marketing consent to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentChange {
    OptIn { at: Timestamp, source: String },
    OptOut { at: Timestamp, source: String },
}

impl ConsentChange {
    /// Consent given at `at`, recorded by hand: `source` says how it was given.
    pub fn opt_in(source: &str, at: Timestamp) -> Result<Self, ContactError> {
        Ok(Self::OptIn {
            at,
            source: consent_source(source)?,
        })
    }

    /// Consent withdrawn at `at`, recorded by hand: `source` says how.
    pub fn opt_out(source: &str, at: Timestamp) -> Result<Self, ContactError> {
        Ok(Self::OptOut {
            at,
            source: consent_source(source)?,
        })
    }
}

/// What the business edits on a contact, checked: the saved name and notes (blank
/// removes them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactEdit {
    saved_name: Option<String>,
    notes: Option<String>,
}

impl ContactEdit {
    pub fn new(saved_name_input: &str, notes_input: &str) -> Result<Self, ContactError> {
        Ok(Self {
            saved_name: saved_name(saved_name_input)?,
            notes: notes(notes_input)?,
        })
    }

    pub fn saved_name(&self) -> Option<&str> {
        self.saved_name.as_deref()
    }

    pub fn notes(&self) -> Option<&str> {
        self.notes.as_deref()
    }
}

/// What an imported row's consent does to the recorded one. An import never lifts an
/// opt-out unless it documents a consent given after it: a file exported from another
/// tool must not override a customer's STOP. It never records an opt-out twice, and
/// never moves an existing consent to the import's time. `None`: nothing changes; the
/// text says why when the row asked for something else.
pub fn consent_from_import(
    current: &MarketingConsent,
    opted_in: bool,
    documented_at: Option<Timestamp>,
    source: &str,
    now: Timestamp,
) -> (Option<ConsentChange>, Option<String>) {
    let source = source.to_owned();
    if !opted_in {
        return match current.state {
            ConsentState::OptedOut => (None, None),
            _ => (Some(ConsentChange::OptOut { at: now, source }), None),
        };
    }
    match (current.state, documented_at) {
        (ConsentState::OptedOut, Some(at)) if current.changed_at.is_none_or(|out| at > out) => {
            (Some(ConsentChange::OptIn { at, source }), None)
        }
        (ConsentState::OptedOut, _) => (
            None,
            Some(
                "kept opted out: they stopped marketing, and the file gives no later consent date"
                    .to_owned(),
            ),
        ),
        (ConsentState::OptedIn, None) => (None, None),
        (ConsentState::OptedIn, Some(at)) if current.opted_in_at == Some(at) => (None, None),
        (_, at) => (
            Some(ConsentChange::OptIn {
                at: at.unwrap_or(now),
                source,
            }),
            None,
        ),
    }
}

/// A contact as the address book shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactDetails {
    pub contact: Contact,
    /// Their thread, once either side has written.
    pub conversation_id: Option<ConversationId>,
    pub notes: Option<String>,
    /// When the business saved them (edited or imported); `None`: only known from
    /// their messages.
    pub saved_at: Option<Timestamp>,
    pub blocked_at: Option<Timestamp>,
    pub consent: MarketingConsent,
    pub created_at: Timestamp,
}

/// Which contacts the address book lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum ContactGroup {
    #[default]
    All,
    /// Saved by the business (edited or imported).
    Saved,
    Blocked,
    OptedIn,
    OptedOut,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_prefers_saved_then_profile_then_number() {
        assert_eq!(display_name(Some("Dana"), Some("D"), "972501"), "Dana");
        assert_eq!(display_name(Some("  "), Some(" D "), "972501"), "D");
        assert_eq!(display_name(None, None, "972501"), "+972501");
    }

    #[test]
    fn sort_keys_ignore_case_and_put_bare_numbers_last() {
        assert_eq!(sort_key(Some("Ёлка"), None, "1"), "елка");
        assert!(sort_key(None, Some("zed"), "1") < sort_key(None, None, "1"));
        assert!(sort_key(None, Some("אבי"), "1") < sort_key(None, None, "1"));
    }

    #[test]
    fn names_and_notes_are_trimmed_and_bounded() {
        assert_eq!(saved_name("  Dana  "), Ok(Some("Dana".into())));
        assert_eq!(saved_name(" "), Ok(None));
        assert_eq!(saved_name("a\nb"), Err(ContactError::NameOnOneLine));
        assert_eq!(
            saved_name(&"ש".repeat(MAX_NAME_CHARS + 1)),
            Err(ContactError::NameTooLong(MAX_NAME_CHARS + 1))
        );
        assert_eq!(notes(" line\nline "), Ok(Some("line\nline".into())));
        assert!(matches!(
            notes(&"x".repeat(MAX_NOTES_CHARS + 1)),
            Err(ContactError::NotesTooLong(_))
        ));
        assert_eq!(consent_source(" "), Err(ContactError::SourceMissing));
        assert_eq!(consent_source("form\nA"), Ok("form A".into()));
    }

    #[test]
    fn phone_numbers_become_international_digits() {
        assert_eq!(
            wa_id_from_phone("+972 (50) 123-4567"),
            Ok("972501234567".into())
        );
        assert_eq!(
            wa_id_from_phone("00972501234567"),
            Ok("972501234567".into())
        );
        assert_eq!(wa_id_from_phone("372 5123 4567"), Ok("37251234567".into()));
        assert_eq!(wa_id_from_phone(""), Err(PhoneError::Empty));
        assert_eq!(
            wa_id_from_phone("050-1234567"),
            Err(PhoneError::NoCountryCode)
        );
        assert_eq!(wa_id_from_phone("+1 555"), Err(PhoneError::TooShort(4)));
        assert_eq!(
            wa_id_from_phone("+1234567890123456"),
            Err(PhoneError::TooLong(16))
        );
        assert_eq!(
            wa_id_from_phone("+972 50 abc"),
            Err(PhoneError::Character('a'))
        );
    }

    #[test]
    fn country_codes_have_one_two_or_three_digits() {
        assert_eq!(country_code_len("15551234567"), 1);
        assert_eq!(country_code_len("79161234567"), 1);
        assert_eq!(country_code_len("447911123456"), 2);
        assert_eq!(country_code_len("972501234567"), 3);
        assert_eq!(country_code_len("37251234567"), 3);
    }

    #[test]
    fn numbers_are_found_by_any_part_and_by_their_national_form() {
        let words = phone_search_words("972501234567");
        let words: Vec<&str> = words.split(' ').collect();
        assert!(words.contains(&"972501234567"));
        assert!(words.contains(&"4567"));
        assert!(words.contains(&"0501234567"));
        assert!(!words.contains(&"567"));
        assert!(phone_search_words("79161234567").contains("89161234567"));

        assert_eq!(phone_match("972501234567", "97250"), Some((0, 5)));
        assert_eq!(phone_match("972501234567", "4567"), Some((8, 12)));
        assert_eq!(phone_match("972501234567", "0501234"), Some((3, 9)));
        assert_eq!(phone_match("972501234567", "0999"), None);
    }

    fn consent(state: ConsentState, in_at: Option<i64>, changed: Option<i64>) -> MarketingConsent {
        MarketingConsent {
            state,
            opted_in_at: in_at.map(Timestamp),
            changed_at: changed.map(Timestamp),
            source: None,
        }
    }

    #[test]
    fn consent_state_follows_the_record() {
        let c = MarketingConsent::from_record(false, None, Some(Timestamp(5)), Some("form".into()));
        assert_eq!(c.state, ConsentState::OptedIn);
        assert!(c.allows_marketing());
        let c = MarketingConsent::from_record(true, Some(Timestamp(9)), Some(Timestamp(5)), None);
        assert_eq!(c.state, ConsentState::OptedOut);
        assert_eq!(c.changed_at, Some(Timestamp(9)));
        let c = MarketingConsent::from_record(false, Some(Timestamp(9)), None, None);
        assert_eq!(c.state, ConsentState::Unknown);
        assert!(!c.allows_marketing());
    }

    #[test]
    fn an_import_never_lifts_an_opt_out_without_a_later_consent_date() {
        let now = Timestamp(100);
        let out = consent(ConsentState::OptedOut, Some(10), Some(50));
        let (change, why) = consent_from_import(&out, true, None, "csv", now);
        assert_eq!(change, None);
        assert!(why.is_some());
        let (change, _) = consent_from_import(&out, true, Some(Timestamp(40)), "csv", now);
        assert_eq!(change, None);
        let (change, _) = consent_from_import(&out, true, Some(Timestamp(60)), "csv", now);
        assert_eq!(
            change,
            Some(ConsentChange::OptIn {
                at: Timestamp(60),
                source: "csv".into()
            })
        );
    }

    #[test]
    fn an_import_records_new_consent_and_opt_outs_once() {
        let now = Timestamp(100);
        let unknown = consent(ConsentState::Unknown, None, None);
        assert_eq!(
            consent_from_import(&unknown, true, None, "csv", now).0,
            Some(ConsentChange::OptIn {
                at: now,
                source: "csv".into()
            })
        );
        let opted_in = consent(ConsentState::OptedIn, Some(10), Some(10));
        assert_eq!(
            consent_from_import(&opted_in, true, None, "csv", now).0,
            None
        );
        assert_eq!(
            consent_from_import(&opted_in, false, None, "csv", now).0,
            Some(ConsentChange::OptOut {
                at: now,
                source: "csv".into()
            })
        );
        let out = consent(ConsentState::OptedOut, None, Some(10));
        assert_eq!(consent_from_import(&out, false, None, "csv", now).0, None);
    }
}
