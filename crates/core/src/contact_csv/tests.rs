use super::*;
use crate::ContactId;
use crate::contact::MarketingConsent;
use crate::conversation::Contact;

fn parse(text: &str) -> ParsedImport {
    parse_import(text.as_bytes()).expect("parse")
}

#[test]
fn good_rows_are_read_with_every_column() {
    let parsed = parse(
        "Phone,Name,Notes,Opted In,Source,opted_in_at,blocked\n\
         +972 (50) 123-4567, Dana ,VIP,yes,website form,2025-06-01,no\n\
         00372 5123 4567,Tõnu,,,,,\n",
    );
    assert_eq!(parsed.report, ContactImportReport::default());
    assert_eq!(
        parsed.rows,
        [
            ImportRow {
                row: 2,
                wa_id: "972501234567".into(),
                name: Some("Dana".into()),
                notes: Some("VIP".into()),
                opted_in: Some(true),
                opted_in_at: parse_instant("2025-06-01T00:00:00Z"),
                source: Some("website form".into()),
                blocked: Some(false),
            },
            ImportRow {
                row: 3,
                wa_id: "37251234567".into(),
                name: Some("Tõnu".into()),
                notes: None,
                opted_in: None,
                opted_in_at: None,
                source: None,
                blocked: None,
            },
        ]
    );
}

#[test]
fn bad_rows_are_skipped_with_their_spreadsheet_row() {
    let parsed = parse(
        "phone,name,opted_in\n\
         +972501234567,Dana,yes\n\
         ,No phone,\n\
         050-1234567,National,\n\
         +972 50 abc,Letters,\n\
         +972501234567,Twice,\n\
         +37251234567,Maybe,perhaps\n\
         \n\
         +447911123456,Fine,no\n",
    );
    let rows: Vec<u32> = parsed.rows.iter().map(|r| r.row).collect();
    assert_eq!(rows, [2, 9], "the blank line is row 8");
    let problems: Vec<(u32, bool)> = parsed
        .report
        .problems
        .iter()
        .map(|p| (p.row, p.skipped))
        .collect();
    assert_eq!(
        problems,
        [(3, true), (4, true), (5, true), (6, true), (7, true)]
    );
    assert_eq!(parsed.report.skipped, 5);
    let messages: Vec<&str> = parsed
        .report
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert!(messages[0].contains("no phone"), "{messages:?}");
    assert!(messages[1].contains("country code"), "{messages:?}");
    assert!(messages[3].contains("row 2"), "{messages:?}");
    assert!(messages[4].contains("perhaps"), "{messages:?}");
    assert_eq!(
        parsed.report.problems[1].phone.as_deref(),
        Some("050-1234567")
    );
}

#[test]
fn semicolons_quotes_and_a_byte_order_mark_are_understood() {
    let parsed = parse(
        "\u{FEFF}phone;name;notes\n\"+972 50 123 4567\";\"Levi; Dana\";\"line 1\nline 2\"\n+972501234568;;\n",
    );
    assert_eq!(parsed.rows.len(), 2, "{:?}", parsed.report);
    assert_eq!(parsed.rows[1].row, 3, "a cell on two lines is one row");
    assert_eq!(parsed.rows[0].name.as_deref(), Some("Levi; Dana"));
    assert_eq!(parsed.rows[0].notes.as_deref(), Some("line 1\nline 2"));
}

#[test]
fn files_that_are_not_contacts_are_refused_whole() {
    assert_eq!(parse_import(b""), Err(CsvError::Empty));
    assert!(matches!(
        parse_import(b"name,notes\nDana,x\n"),
        Err(CsvError::NoPhoneColumn(_))
    ));
    assert_eq!(
        parse_import(b"phone,n\xE0me\n1,2\n"),
        Err(CsvError::NotUtf8)
    );
    let big = vec![b'a'; MAX_IMPORT_BYTES + 1];
    assert_eq!(
        parse_import(&big),
        Err(CsvError::TooLarge(MAX_IMPORT_BYTES + 1))
    );
    let mut many = String::from("phone\n");
    for i in 0..=MAX_IMPORT_ROWS {
        many.push_str(&format!("+9725{i:08}\n"));
    }
    assert!(many.len() <= MAX_IMPORT_BYTES);
    assert_eq!(parse_import(many.as_bytes()), Err(CsvError::TooManyRows));
}

#[test]
fn a_row_in_another_encoding_is_skipped_not_the_file() {
    let parsed =
        parse_import(b"phone,name\n+972501234567,\xE3\xEF\n+972501234568,Ok\n").expect("parse");
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.report.problems[0].row, 2);
}

#[test]
fn long_reports_list_the_first_problems_and_count_the_rest() {
    let mut text = String::from("phone\n");
    for _ in 0..MAX_REPORTED_PROBLEMS + 5 {
        text.push_str("bad\n");
    }
    let parsed = parse(&text);
    assert_eq!(parsed.report.problems.len(), MAX_REPORTED_PROBLEMS);
    assert_eq!(parsed.report.problems_not_listed, 5);
    assert_eq!(parsed.report.skipped as usize, MAX_REPORTED_PROBLEMS + 5);
}

#[test]
fn instants_read_dates_times_and_offsets() {
    let t = |s: &str| parse_instant(s).map(|t| t.0);
    assert_eq!(t("1970-01-02"), Some(86_400_000));
    assert_eq!(t("1970-01-01T01:00:00Z"), Some(3_600_000));
    assert_eq!(t("1970-01-01 01:00"), Some(3_600_000));
    assert_eq!(t("1970-01-01T03:00:00+02:00"), Some(3_600_000));
    assert_eq!(t("2025-02-30"), None);
    assert_eq!(t("yesterday"), None);
    assert_eq!(
        format_instant(Timestamp(1_748_770_200_000)),
        "2025-06-01T09:30:00Z"
    );
}

fn details(wa_id: &str, saved: Option<&str>, profile: Option<&str>) -> ContactDetails {
    ContactDetails {
        contact: Contact::new(
            ContactId(1),
            wa_id.into(),
            profile.map(Into::into),
            saved.map(Into::into),
            false,
            false,
        ),
        conversation_id: None,
        notes: None,
        saved_at: None,
        blocked_at: None,
        consent: MarketingConsent::from_record(false, None, None, None),
        created_at: Timestamp(0),
    }
}

#[test]
fn an_export_imports_back_to_the_same_contacts() {
    let mut dana = details("972501234567", Some("דנה לוי"), Some("=HYPERLINK(\"x\")"));
    dana.notes = Some("-likes, \"quotes\"\nand lines".into());
    dana.consent = MarketingConsent::from_record(
        false,
        None,
        Some(Timestamp(1_748_770_200_000)),
        Some("website form".into()),
    );
    let mut ivan = details("79161234567", None, Some("Иван"));
    ivan.contact.blocked = true;
    ivan.consent =
        MarketingConsent::from_record(true, Some(Timestamp(5_000)), None, Some("STOP".into()));

    let bytes = export([&dana, &ivan]).expect("export");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    assert!(text.contains("'=HYPERLINK"), "formulas are defused: {text}");

    let parsed = parse_import(&bytes).expect("import");
    assert_eq!(parsed.report, ContactImportReport::default());
    let [first, second] = &parsed.rows[..] else {
        panic!("two rows: {:?}", parsed.rows);
    };
    assert_eq!(first.wa_id, "972501234567");
    assert_eq!(first.name.as_deref(), Some("דנה לוי"));
    assert_eq!(first.notes, dana.notes);
    assert_eq!(first.opted_in, Some(true));
    assert_eq!(first.opted_in_at, Some(Timestamp(1_748_770_200_000)));
    assert_eq!(first.source.as_deref(), Some("website form"));
    assert_eq!(first.blocked, Some(false));
    assert_eq!(second.wa_id, "79161234567");
    assert_eq!(
        second.name, None,
        "the WhatsApp name is not imported as a saved name"
    );
    assert_eq!(second.opted_in, Some(false));
    assert_eq!(second.blocked, Some(true));
}
