//! Importing an address book: every row of a file, in one transaction, so a database
//! error leaves the address book as it was.

use parley_core::Timestamp;
use parley_core::contact::{ContactEdit, MarketingConsent, consent_from_import};
use parley_core::contact_csv::{ContactImportReport, ContactRowProblem, ImportRow, ParsedImport};
use sqlx::SqliteConnection;

use crate::{Result, Store, StoreError, contacts};

/// What one row did: created beats updated beats unchanged.
enum Outcome {
    Created,
    Updated,
    Unchanged,
}

impl Outcome {
    /// Something more was written for the row.
    fn changed(self) -> Self {
        match self {
            Self::Unchanged => Self::Updated,
            other => other,
        }
    }
}

impl Store {
    /// Upserts every row of `parsed` by number: creates contacts never seen, fills in
    /// the names and notes the file has (blank cells keep what is known), records
    /// consent (`default_source` when a row names none; see
    /// [`consent_from_import`]), blocks or unblocks. Rows the file could not give
    /// were already reported in `parsed.report`; the report returned adds the counts.
    pub async fn import_contacts(
        &self,
        parsed: &ParsedImport,
        default_source: &str,
        now: Timestamp,
    ) -> Result<ContactImportReport> {
        let mut report = parsed.report.clone();
        let mut tx = self.writer.begin().await?;
        for row in &parsed.rows {
            match import_row(&mut tx, row, default_source, now, &mut report).await? {
                Outcome::Created => report.created += 1,
                Outcome::Updated => report.updated += 1,
                Outcome::Unchanged => report.unchanged += 1,
            }
        }
        tx.commit().await?;
        report.problems.sort_by_key(|p| p.row);
        Ok(report)
    }
}

async fn import_row(
    conn: &mut SqliteConnection,
    row: &ImportRow,
    default_source: &str,
    now: Timestamp,
    report: &mut ContactImportReport,
) -> Result<Outcome> {
    let existing = contacts::details_row_by_wa_id(conn, &row.wa_id).await?;
    let (id, mut outcome, consent, blocked) = match &existing {
        None => {
            let edit = ContactEdit::new(
                row.name.as_deref().unwrap_or_default(),
                row.notes.as_deref().unwrap_or_default(),
            )
            .map_err(|e| crate::corrupt(format!("an import row checked twice: {e}")))?;
            let id = contacts::insert_saved(conn, &row.wa_id, &edit, now.0)
                .await?
                .ok_or(StoreError::Duplicate("contact"))?;
            let nothing_recorded = MarketingConsent::from_record(false, None, None, None);
            (id, Outcome::Created, nothing_recorded, false)
        }
        Some(existing) => {
            let name = row.name.as_deref().or(existing.saved_name.as_deref());
            let notes = row.notes.as_deref().or(existing.notes.as_deref());
            let differs = name != existing.saved_name.as_deref()
                || notes != existing.notes.as_deref()
                || !existing.is_saved();
            if differs {
                contacts::set_saved_details(conn, existing.id(), name, notes, now.0).await?;
            }
            let outcome = if differs {
                Outcome::Updated
            } else {
                Outcome::Unchanged
            };
            (
                existing.id(),
                outcome,
                existing.consent(),
                existing.is_blocked(),
            )
        }
    };
    if let Some(opted_in) = row.opted_in {
        let source = row.source.as_deref().unwrap_or(default_source);
        let (change, kept) = consent_from_import(&consent, opted_in, row.opted_in_at, source, now);
        if let Some(change) = change {
            contacts::record_consent(conn, id, &change, now.0).await?;
            outcome = outcome.changed();
        }
        if let Some(why) = kept {
            report.note(ContactRowProblem {
                row: row.row,
                phone: Some(format!("+{}", row.wa_id)),
                message: why,
                skipped: false,
            });
        }
    }
    if let Some(block) = row.blocked
        && block != blocked
    {
        contacts::set_blocked(conn, id, block, now.0).await?;
        outcome = outcome.changed();
    }
    Ok(outcome)
}
