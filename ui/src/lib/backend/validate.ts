// The limits WhatsApp enforces on interactive messages, as the engine checks them
// (`Interactive::validate`). The mock refuses what the shell would refuse; the UI's
// dialogs check the same limits before sending.

import type { Interactive } from '../ipc/bindings';

const chars = (s: string): number => Array.from(s).length;

/// The shell's reason for refusing `interactive`, or `null` when WhatsApp accepts it.
export function validateInteractive(interactive: Interactive): string | null {
  const { body, header, footer, action } = interactive;
  if (!body.trim()) return 'the message text is empty';
  if (chars(body) > 1024) return `the message text has ${chars(body)} characters; at most 1024 are allowed`;
  if (header !== null && chars(header) > 60) return `the header has ${chars(header)} characters; at most 60 are allowed`;
  if (footer !== null && chars(footer) > 60) return `the footer has ${chars(footer)} characters; at most 60 are allowed`;
  const ids = new Set<string>();
  const unique = (id: string): string | null => {
    if (ids.has(id)) return `two buttons or rows have the same id "${id}"`;
    ids.add(id);
    return null;
  };
  if (action.type === 'buttons') {
    if (action.buttons.length < 1 || action.buttons.length > 3) {
      return `reply buttons: between 1 and 3 are allowed, not ${action.buttons.length}`;
    }
    for (const b of action.buttons) {
      if (!b.title.trim()) return 'a button or row has an empty title';
      if (chars(b.title) > 20) return `the button "${b.title}" is longer than 20 characters`;
      const duplicate = unique(b.id);
      if (duplicate) return duplicate;
    }
    return null;
  }
  if (!action.button.trim()) return 'a button or row has an empty title';
  if (chars(action.button) > 20) return `the list button "${action.button}" is longer than 20 characters`;
  if (action.sections.length > 10) return 'a list has at most 10 sections';
  const rows = action.sections.reduce((n, s) => n + s.rows.length, 0);
  if (rows === 0 || rows > 10) return `a list needs between 1 and 10 rows in all, not ${rows}`;
  for (const section of action.sections) {
    const titled = section.title === null ? action.sections.length === 1 : chars(section.title) <= 24;
    if (!titled) return 'a section title is longer than 24 characters, or missing while there are several sections';
    for (const row of section.rows) {
      if (!row.title.trim()) return 'a button or row has an empty title';
      if (chars(row.title) > 24) return `the row "${row.title}" is longer than 24 characters`;
      if (row.description !== null && chars(row.description) > 72) return 'a row description is longer than 72 characters';
      const duplicate = unique(row.id);
      if (duplicate) return duplicate;
    }
  }
  return null;
}
