//! The address book as a CSV file, in and out.
//!
//! The first row names the columns, in any order and case: `phone` (required; "+972
//! 50-123-4567", "00972...", digits with spaces, dashes, dots or parentheses), `name`,
//! `notes`, `opted_in` (yes/no, true/false, 1/0; blank leaves consent as it is),
//! `opted_in_at` (when consent was given: `2025-06-01` or `2025-06-01T09:30:00Z`; a
//! date without `opted_in` means yes),
//! `source` (where consent came from) and `blocked` (yes/no). Other columns are ignored,
//! so an export (which adds `whatsapp_name`) imports back unchanged. Commas, semicolons
//! or tabs separate the columns (spreadsheets in many locales save semicolons).
//!
//! Row numbers count the header as row 1, as a spreadsheet shows them.

use serde::{Deserialize, Serialize};

use crate::Timestamp;
use crate::contact::{
    ConsentState, ContactDetails, ContactError, consent_source, notes, saved_name, wa_id_from_phone,
};

/// Largest file imported.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;
/// Most contacts one file may hold.
pub const MAX_IMPORT_ROWS: usize = 50_000;
/// Most problems a report lists; the rest are only counted.
pub const MAX_REPORTED_PROBLEMS: usize = 200;
/// The consent source of imported rows that name none.
pub const DEFAULT_IMPORT_SOURCE: &str = "CSV import";

const EXPORT_HEADER: [&str; 8] = [
    "phone",
    "name",
    "whatsapp_name",
    "notes",
    "opted_in",
    "opted_in_at",
    "source",
    "blocked",
];

/// The whole file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("the file has {0} bytes; contacts are imported from files of up to 5 MB")]
    TooLarge(usize),
    #[error("the file has more than {MAX_IMPORT_ROWS} contacts; split it into smaller files")]
    TooManyRows,
    #[error("the file is empty")]
    Empty,
    #[error("the file is not UTF-8 text: save it from the spreadsheet as \"CSV UTF-8\"")]
    NotUtf8,
    #[error(
        "no phone column: the first row must name the columns (phone, name, notes, opted_in, source); it has {0}"
    )]
    NoPhoneColumn(String),
    #[error("the file is not valid CSV: {0}")]
    Malformed(String),
    #[error("could not write the CSV: {0}")]
    Write(String),
}

/// One contact read from a file, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// Its row in the spreadsheet (the header is row 1).
    pub row: u32,
    pub wa_id: String,
    pub name: Option<String>,
    pub notes: Option<String>,
    pub opted_in: Option<bool>,
    pub opted_in_at: Option<Timestamp>,
    pub source: Option<String>,
    pub blocked: Option<bool>,
}

/// Something wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactRowProblem {
    /// The spreadsheet row (the header is row 1).
    pub row: u32,
    /// The phone as written in the row, when it had one.
    pub phone: Option<String>,
    pub message: String,
    /// The row was not imported at all; otherwise it was, except for what `message` says.
    pub skipped: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactImportReport {
    pub created: u32,
    pub updated: u32,
    /// Already in the address book exactly as the file has them.
    pub unchanged: u32,
    pub skipped: u32,
    /// In row order; at most [`MAX_REPORTED_PROBLEMS`].
    pub problems: Vec<ContactRowProblem>,
    /// Problems beyond those listed.
    pub problems_not_listed: u32,
}

impl ContactImportReport {
    pub fn note(&mut self, problem: ContactRowProblem) {
        if problem.skipped {
            self.skipped += 1;
        }
        if self.problems.len() < MAX_REPORTED_PROBLEMS {
            self.problems.push(problem);
        } else {
            self.problems_not_listed += 1;
        }
    }
}

/// A file read: the rows to import, and a report holding the rows it skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedImport {
    pub rows: Vec<ImportRow>,
    pub report: ContactImportReport,
}

#[derive(Debug, Default)]
struct Columns {
    phone: Option<usize>,
    name: Option<usize>,
    notes: Option<usize>,
    opted_in: Option<usize>,
    opted_in_at: Option<usize>,
    source: Option<usize>,
    blocked: Option<usize>,
}

impl Columns {
    fn from_header(header: &[String]) -> Self {
        let mut columns = Columns::default();
        for (i, name) in header.iter().enumerate() {
            let key: String = name
                .trim()
                .to_lowercase()
                .chars()
                .map(|c| if c == ' ' || c == '-' { '_' } else { c })
                .collect();
            let slot = match key.as_str() {
                "phone" | "phone_number" | "mobile" | "number" | "wa_id" | "whatsapp"
                | "telephone" | "tel" => &mut columns.phone,
                "name" | "saved_name" | "full_name" | "contact_name" => &mut columns.name,
                "notes" | "note" => &mut columns.notes,
                "opted_in" | "opt_in" | "consent" | "marketing_consent" => &mut columns.opted_in,
                "opted_in_at" | "opt_in_date" | "consent_date" | "consent_at" => {
                    &mut columns.opted_in_at
                }
                "source" | "consent_source" => &mut columns.source,
                "blocked" => &mut columns.blocked,
                _ => continue,
            };
            slot.get_or_insert(i);
        }
        columns
    }
}

/// The separator the header row uses most: commas, semicolons or tabs.
fn sniff_delimiter(text: &[u8]) -> u8 {
    let first_line = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |d: u8| first_line.iter().filter(|&&b| b == d).count();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| (count(d), d == b','))
        .unwrap_or(b',')
}

/// Reads an import file; refuses the whole file only when it cannot be read as
/// contacts, and otherwise reports each bad row and skips it.
pub fn parse_import(bytes: &[u8]) -> Result<ParsedImport, CsvError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(CsvError::TooLarge(bytes.len()));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CsvError::Empty);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(bytes))
        .flexible(true)
        .from_reader(bytes);
    let header: Vec<String> = reader
        .byte_headers()
        .map_err(|e| CsvError::Malformed(e.to_string()))?
        .iter()
        .map(|field| String::from_utf8(field.to_vec()).map_err(|_| CsvError::NotUtf8))
        .collect::<Result<_, _>>()?;
    let columns = Columns::from_header(&header);
    let Some(phone_column) = columns.phone else {
        return Err(CsvError::NoPhoneColumn(header.join(", ")));
    };

    let mut parsed = ParsedImport {
        rows: Vec::new(),
        report: ContactImportReport::default(),
    };
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let mut rows = SpreadsheetRows::after_header(bytes);
    for (index, record) in reader.byte_records().enumerate() {
        if index >= MAX_IMPORT_ROWS {
            return Err(CsvError::TooManyRows);
        }
        let record =
            record.map_err(|e| CsvError::Malformed(format!("after row {}: {e}", rows.row)))?;
        let row = rows.next(&record);
        let Ok(fields) = record
            .iter()
            .map(|f| String::from_utf8(f.to_vec()))
            .collect::<Result<Vec<String>, _>>()
        else {
            parsed.report.note(ContactRowProblem {
                row,
                phone: None,
                message: "the row is not UTF-8 text".into(),
                skipped: true,
            });
            continue;
        };
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match read_row(row, &fields, &columns, phone_column) {
            Ok(contact) => match seen.get(&contact.wa_id) {
                Some(first) => parsed.report.note(ContactRowProblem {
                    row,
                    phone: cell(&fields, Some(phone_column)).map(str::to_owned),
                    message: format!(
                        "the same number as row {first}; only row {first} is imported"
                    ),
                    skipped: true,
                }),
                None => {
                    seen.insert(contact.wa_id.clone(), row);
                    parsed.rows.push(contact);
                }
            },
            Err(message) => parsed.report.note(ContactRowProblem {
                row,
                phone: cell(&fields, Some(phone_column)).map(str::to_owned),
                message,
                skipped: true,
            }),
        }
    }
    Ok(parsed)
}

/// Spreadsheet row numbers of CSV records: a cell spanning several lines stays one row,
/// and a blank line, which the CSV reader skips, still counts as one.
struct SpreadsheetRows<'a> {
    text: &'a [u8],
    row: u32,
}

impl<'a> SpreadsheetRows<'a> {
    fn after_header(text: &'a [u8]) -> Self {
        Self { text, row: 1 }
    }

    fn next(&mut self, record: &csv::ByteRecord) -> u32 {
        // A record's position is where reading it began: right after the previous
        // record, before the blank lines skipped on the way.
        let start = record.position().map_or(0, |p| p.byte());
        let start = usize::try_from(start).unwrap_or(usize::MAX);
        let blank_lines = self
            .text
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .filter(|&&b| b == b'\n')
            .count();
        let blank_lines = u32::try_from(blank_lines).unwrap_or(u32::MAX);
        self.row = self.row.saturating_add(1).saturating_add(blank_lines);
        self.row
    }
}

fn cell(fields: &[String], column: Option<usize>) -> Option<&str> {
    column
        .and_then(|i| fields.get(i))
        .map(|f| f.trim())
        .filter(|f| !f.is_empty())
}

/// A cell's text without the `'` an export put before it (see [`guard_formula`]).
fn unguarded(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => text,
    }
}

fn read_row(
    row: u32,
    fields: &[String],
    columns: &Columns,
    phone_column: usize,
) -> Result<ImportRow, String> {
    let phone = cell(fields, Some(phone_column)).ok_or("no phone number")?;
    let wa_id = wa_id_from_phone(phone).map_err(|e| e.to_string())?;
    let text = |column: Option<usize>| cell(fields, column).map(unguarded);
    let describe = |e: ContactError| e.to_string();
    let mut contact = ImportRow {
        row,
        wa_id,
        name: text(columns.name)
            .map(saved_name)
            .transpose()
            .map_err(describe)?
            .flatten(),
        notes: text(columns.notes)
            .map(notes)
            .transpose()
            .map_err(describe)?
            .flatten(),
        opted_in: cell(fields, columns.opted_in)
            .map(|v| yes_no(v).ok_or(format!("opted_in is {v:?}; write yes or no")))
            .transpose()?,
        opted_in_at: cell(fields, columns.opted_in_at)
            .map(|v| {
                parse_instant(v).ok_or(format!(
                    "opted_in_at is {v:?}; write a date like 2025-06-01 or 2025-06-01T09:30:00Z"
                ))
            })
            .transpose()?,
        source: text(columns.source)
            .map(consent_source)
            .transpose()
            .map_err(describe)?,
        blocked: cell(fields, columns.blocked)
            .map(|v| yes_no(v).ok_or(format!("blocked is {v:?}; write yes or no")))
            .transpose()?,
    };
    // A consent date alone says consent was given.
    if contact.opted_in.is_none() && contact.opted_in_at.is_some() {
        contact.opted_in = Some(true);
    }
    Ok(contact)
}

fn yes_no(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Customer-written text (a profile name like `=HYPERLINK(...)`) must not run as a
/// formula when the export is opened in a spreadsheet: such cells get a leading `'`,
/// which the import takes off again.
fn guard_formula(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The address book as CSV (UTF-8 with a byte-order mark, so spreadsheets read Hebrew,
/// Arabic and Cyrillic correctly), importable back with [`parse_import`].
pub fn export<'a>(
    contacts: impl IntoIterator<Item = &'a ContactDetails>,
) -> Result<Vec<u8>, CsvError> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let failed = |e: csv::Error| CsvError::Write(e.to_string());
    writer.write_record(EXPORT_HEADER).map_err(failed)?;
    for details in contacts {
        let contact = &details.contact;
        let text = |value: Option<&str>| value.map(guard_formula).unwrap_or_default();
        let opted_in = match details.consent.state {
            ConsentState::OptedIn => "yes",
            ConsentState::OptedOut => "no",
            ConsentState::Unknown => "",
        };
        writer
            .write_record([
                format!("+{}", contact.wa_id),
                text(contact.saved_name.as_deref()),
                text(contact.profile_name.as_deref()),
                text(details.notes.as_deref()),
                opted_in.to_owned(),
                details
                    .consent
                    .opted_in_at
                    .map(format_instant)
                    .unwrap_or_default(),
                text(details.consent.source.as_deref()),
                if contact.blocked { "yes" } else { "no" }.to_owned(),
            ])
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| CsvError::Write(e.error().to_string()))
}

/// `2025-06-01T09:30:00Z`: UTC, to the second.
pub fn format_instant(at: Timestamp) -> String {
    jiff::Timestamp::from_millisecond(at.0)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// A date (`2025-06-01`, midnight UTC) or a date and time (`2025-06-01T09:30`,
/// `2025-06-01 09:30:00`, with `Z` or an offset like `+03:00`; UTC when it has none).
pub fn parse_instant(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    let instant = match text.parse::<jiff::Timestamp>() {
        Ok(instant) => instant,
        Err(_) => text
            .parse::<jiff::civil::DateTime>()
            .ok()?
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()?
            .timestamp(),
    };
    Some(Timestamp(instant.as_millisecond()))
}

#[cfg(test)]
mod tests;
