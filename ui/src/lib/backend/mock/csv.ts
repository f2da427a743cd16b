// Just enough CSV for the mock's quick-reply import and export, with the semantics of the
// `csv` crate as the engine configures it: quoted fields may hold commas, quotes and line
// breaks, blank lines are skipped, rows may have any number of fields, fields are trimmed.

export interface CsvRecord {
  /// The line the record starts on, counting the header as line 1.
  line: number;
  fields: string[];
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let fieldStarted = false;
  const endRecord = (): void => {
    if (fieldStarted || fields.length > 0) {
      fields.push(field.trim());
      records.push({ line: startLine, fields });
    }
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (!fieldStarted && fields.length === 0) startLine = line;
    if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
      fieldStarted = true;
    } else if (c === ',') {
      fields.push(field.trim());
      field = '';
      fieldStarted = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  endRecord();
  return records;
}

/// One CSV line, quoting what needs it, as `csv::Writer` does.
export function csvLine(fields: readonly string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',');
}
