// The mock's address book, by the engine's rules (crates/core/src/contact.rs,
// contact_csv.rs, crates/store/src/contacts.rs): names one line and at most 100
// characters, notes at most 4000, a consent source required, phone numbers written with
// their country code, one contact per number. Customers who wrote are the contacts of
// the conversations in `MockCore`; `addContact` and imports add contacts without one.

import type {
  Contact,
  ContactDetails,
  ContactGroup,
  ContactId,
  ContactImportReport,
  ContactPage,
  ContactRowProblem,
  ConversationId,
} from '../../ipc/bindings';
import type { ContactsBackend } from '../types';
import { refuse, type MockBase } from './core';
import { allTermsFound, foldText, matchTexts, parseQuery, phoneMatch, phoneWords } from './textMatch';

export const MAX_NAME_CHARS = 100;
export const MAX_NOTES_CHARS = 4000;
export const MAX_SOURCE_CHARS = 200;
export const MIN_PHONE_DIGITS = 8;
export const MAX_PHONE_DIGITS = 15;

const chars = (s: string): number => Array.from(s).length;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/// The engine's `saved_name`: trimmed, one line, bounded; blank removes it.
export function checkName(input: string): string | null {
  const name = input.trim();
  if (!name) return null;
  if (CONTROL.test(name)) refuse('invalidContact', 'a name must fit on one line');
  if (chars(name) > MAX_NAME_CHARS) {
    refuse('invalidContact', `the name has ${chars(name)} characters; at most ${MAX_NAME_CHARS} are allowed`);
  }
  return name;
}

export function checkNotes(input: string): string | null {
  const notes = input.trim();
  if (!notes) return null;
  if (chars(notes) > MAX_NOTES_CHARS) {
    refuse('invalidContact', `the notes have ${chars(notes)} characters; at most ${MAX_NOTES_CHARS} are allowed`);
  }
  return notes;
}

export function checkSource(input: string): string {
  const source = Array.from(input.trim(), (c) => (CONTROL.test(c) ? ' ' : c)).join('');
  if (!source) refuse('invalidContact', 'say where the consent came from (a form, a conversation, a CSV file, ...)');
  if (chars(source) > MAX_SOURCE_CHARS) {
    refuse('invalidContact', `the consent source has ${chars(source)} characters; at most ${MAX_SOURCE_CHARS} are allowed`);
  }
  return source;
}

/// The engine's `wa_id_from_phone`, with its error texts.
export function waIdFromPhone(input: string): string {
  const text = input.trim();
  let digits = '';
  for (const c of text) {
    if (c >= '0' && c <= '9') digits += c;
    else if (!'+ -().\u00A0'.includes(c)) {
      refuse('invalidContact', `a phone number has only digits, spaces, +, -, dots and parentheses; found ${JSON.stringify(c)}`);
    }
  }
  if (!digits) refuse('invalidContact', 'the phone number is empty');
  if (digits.startsWith('00') && !text.startsWith('+')) digits = digits.slice(2);
  if (digits.startsWith('0')) {
    refuse('invalidContact', 'the number starts with 0: write it with its country code (+972 50..., +44 7...)');
  }
  if (digits.length < MIN_PHONE_DIGITS) {
    refuse('invalidContact', `the number has ${digits.length} digits; a full international number has at least ${MIN_PHONE_DIGITS}`);
  }
  if (digits.length > MAX_PHONE_DIGITS) {
    refuse('invalidContact', `the number has ${digits.length} digits; international numbers have at most ${MAX_PHONE_DIGITS}`);
  }
  return digits;
}

function displayName(savedName: string | null, profileName: string | null, waId: string): string {
  return savedName?.trim() || profileName?.trim() || `+${waId}`;
}

/// The address book's order: the name shown, folded; bare numbers last.
function sortKey(contact: Contact): string {
  const name = contact.savedName?.trim() || contact.profileName?.trim();
  return name ? foldText(name) : `\u{10FFFF}${contact.waId}`;
}

/// What the store keeps about a contact beyond the `Contact` itself.
interface ContactRecord {
  notes: string | null;
  savedAt: number | null;
  blockedAt: number | null;
  optedInAt: number | null;
  optOutChangedAt: number | null;
  source: string | null;
  createdAt: number;
}

export interface ContactsCalls {
  saveContact: Array<{ id: ContactId; name: string; notes: string }>;
  addContact: Array<{ phone: string; name: string; notes: string }>;
  recordOptIn: Array<{ id: ContactId; source: string }>;
  recordOptOut: Array<{ id: ContactId; source: string }>;
  setContactBlocked: Array<{ id: ContactId; blocked: boolean }>;
  listContacts: Array<{ group: ContactGroup; text: string | null; offset: number; limit: number }>;
  importContacts: number;
  exportContacts: number;
}

export function contactsMock<B extends MockBase>(Base: B) {
  return class ContactsMock extends Base implements ContactsBackend {
    declare readonly calls: ContactsCalls;
    /// The CSV text of the file the user picks in the next import; `null`: they cancel.
    importFile: string | null = null;
    /// The next export: `true` writes the file, `false` the user cancels.
    exportConfirmed = true;
    /// Contacts added before they ever wrote.
    readonly #unwritten = new Map<ContactId, Contact>();
    readonly #records = new Map<ContactId, ContactRecord>();

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, {
        saveContact: [],
        addContact: [],
        recordOptIn: [],
        recordOptOut: [],
        setContactBlocked: [],
        listContacts: [],
        importContacts: 0,
        exportContacts: 0,
      } satisfies ContactsCalls);
    }

    /// Every contact with its conversation, for listing and searching.
    contactEntries(): Array<{ contact: Contact; conversationId: ConversationId | null; lastActivityAt: number }> {
      const entries = [...this.conversations.values()].map((c) => ({
        contact: c.contact,
        conversationId: c.id as ConversationId | null,
        lastActivityAt: c.lastActivityAt,
      }));
      for (const contact of this.#unwritten.values()) {
        entries.push({ contact, conversationId: null, lastActivityAt: 0 });
      }
      return entries;
    }

    /// The notes kept on a contact, for search.
    contactNotes(id: ContactId): string | null {
      return this.#records.get(id)?.notes ?? null;
    }

    #record(contact: Contact): ContactRecord {
      let record = this.#records.get(contact.id);
      if (!record) {
        record = {
          notes: null,
          savedAt: null,
          blockedAt: contact.blocked ? this.now() : null,
          optedInAt: null,
          optOutChangedAt: null,
          source: null,
          createdAt: this.now(),
        };
        this.#records.set(contact.id, record);
      }
      return record;
    }

    #entry(id: ContactId) {
      const entry = this.contactEntries().find((e) => e.contact.id === id);
      if (!entry) refuse('notFound', 'contact not found');
      return entry;
    }

    details(id: ContactId): ContactDetails {
      const { contact, conversationId } = this.#entry(id);
      const record = this.#record(contact);
      const state = contact.marketingOptOut ? 'optedOut' : record.optedInAt !== null ? 'optedIn' : 'unknown';
      return {
        contact,
        conversationId,
        notes: record.notes,
        savedAt: record.savedAt,
        blockedAt: contact.blocked ? (record.blockedAt ?? null) : null,
        consent: {
          state,
          optedInAt: record.optedInAt,
          changedAt: record.optOutChangedAt ?? record.optedInAt,
          source: record.source,
        },
        createdAt: record.createdAt,
      };
    }

    /// Changes the `Contact` wherever it lives; a conversation's row is announced.
    #change(id: ContactId, change: Partial<Contact>): void {
      const { contact, conversationId } = this.#entry(id);
      const next = { ...contact, ...change };
      next.displayName = displayName(next.savedName, next.profileName, next.waId);
      if (conversationId === null) this.#unwritten.set(id, next);
      else this.updateContact(conversationId, next);
    }

    #matches(details: ContactDetails, group: ContactGroup, text: string | null): boolean {
      const inGroup =
        group === 'all' ||
        (group === 'saved' && details.savedAt !== null) ||
        (group === 'blocked' && details.contact.blocked) ||
        (group === 'optedIn' && details.consent.state === 'optedIn') ||
        (group === 'optedOut' && details.contact.marketingOptOut);
      if (!inGroup) return false;
      if (!text?.trim()) return true;
      return this.contactMatch(details.contact, text) !== null;
    }

    /// Whether `text` finds the contact (names, number, notes), as the index does.
    contactMatch(contact: Contact, text: string) {
      const query = parseQuery(text);
      if (!query) return null;
      const notes = this.contactNotes(contact.id);
      const { found, ranges } = matchTexts(query, [contact.savedName ?? '', contact.profileName ?? '', notes ?? '']);
      const words = phoneWords(contact.waId);
      query.terms.forEach((term, i) => {
        const last = i === query.terms.length - 1;
        if (words.some((w) => w === term || (last && w.startsWith(term)))) found.add(i);
      });
      const byDigits =
        query.phoneDigits !== null && words.some((w) => w.startsWith(query.phoneDigits!)) && phoneMatch(contact.waId, query.phoneDigits) !== null;
      if (!allTermsFound(query, found) && !byDigits) return null;
      return { query, ranges, notes };
    }

    async listContacts(group: ContactGroup, text: string | null, offset: number, limit: number): Promise<ContactPage> {
      this.calls.listContacts.push({ group, text, offset, limit });
      this.check();
      const page = Math.min(Math.max(limit, 1), 500);
      const all = this.contactEntries()
        .map((e) => this.details(e.contact.id))
        .filter((d) => this.#matches(d, group, text))
        .sort((a, b) => (sortKey(a.contact) < sortKey(b.contact) ? -1 : sortKey(a.contact) > sortKey(b.contact) ? 1 : a.contact.id - b.contact.id));
      return { contacts: all.slice(offset, offset + page), total: all.length, hasMore: all.length > offset + page };
    }

    async getContact(id: ContactId): Promise<ContactDetails> {
      this.check();
      return this.details(id);
    }

    async addContact(phone: string, name: string, notes: string): Promise<ContactDetails> {
      this.calls.addContact.push({ phone, name, notes });
      this.check();
      const waId = waIdFromPhone(phone);
      const savedName = checkName(name);
      const savedNotes = checkNotes(notes);
      if (this.contactEntries().some((e) => e.contact.waId === waId)) refuse('duplicate', 'contact already exists');
      return this.addUnwritten(waId, savedName, savedNotes);
    }

    /// A contact who never wrote, saved now.
    addUnwritten(waId: string, savedName: string | null, notes: string | null): ContactDetails {
      const id = this.nextId();
      this.#unwritten.set(id, {
        id,
        waId,
        profileName: null,
        savedName,
        displayName: displayName(savedName, null, waId),
        marketingOptOut: false,
        blocked: false,
      });
      const now = this.now();
      this.#records.set(id, { notes, savedAt: now, blockedAt: null, optedInAt: null, optOutChangedAt: null, source: null, createdAt: now });
      return this.details(id);
    }

    async saveContact(id: ContactId, name: string, notes: string): Promise<ContactDetails> {
      this.calls.saveContact.push({ id, name, notes });
      this.check();
      const savedName = checkName(name);
      const savedNotes = checkNotes(notes);
      const record = this.#record(this.#entry(id).contact);
      record.notes = savedNotes;
      record.savedAt ??= this.now();
      this.#change(id, { savedName });
      return this.details(id);
    }

    async recordOptIn(id: ContactId, source: string): Promise<ContactDetails> {
      this.calls.recordOptIn.push({ id, source });
      this.check();
      const checked = checkSource(source);
      const record = this.#record(this.#entry(id).contact);
      const now = this.now();
      Object.assign(record, { optedInAt: now, optOutChangedAt: now, source: checked });
      this.#change(id, { marketingOptOut: false });
      return this.details(id);
    }

    async recordOptOut(id: ContactId, source: string): Promise<ContactDetails> {
      this.calls.recordOptOut.push({ id, source });
      this.check();
      const checked = checkSource(source);
      const record = this.#record(this.#entry(id).contact);
      Object.assign(record, { optOutChangedAt: this.now(), source: checked });
      this.#change(id, { marketingOptOut: true });
      return this.details(id);
    }

    async setContactBlocked(id: ContactId, blocked: boolean): Promise<ContactDetails> {
      this.calls.setContactBlocked.push({ id, blocked });
      this.check();
      const record = this.#record(this.#entry(id).contact);
      record.blockedAt = blocked ? (record.blockedAt ?? this.now()) : null;
      this.#change(id, { blocked });
      return this.details(id);
    }

    async importContacts(): Promise<ContactImportReport | null> {
      this.calls.importContacts++;
      this.check();
      const file = this.importFile;
      if (file === null) return null;
      return this.#import(file);
    }

    async exportContacts(): Promise<number | null> {
      this.calls.exportContacts++;
      this.check();
      return this.exportConfirmed ? this.contactEntries().length : null;
    }

    /// A simplified `parse_import` + `import_contacts`: comma-separated, no quoting; the
    /// columns phone, name, notes and opted_in; bad rows skipped and reported by row.
    #import(file: string): ContactImportReport {
      const lines = file.replace(/^\uFEFF/, '').split(/\r?\n/);
      const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase().replace(/[ -]/g, '_'));
      const column = (...names: string[]) => header.findIndex((h) => names.includes(h));
      const phoneAt = column('phone', 'phone_number', 'mobile', 'number', 'wa_id', 'whatsapp', 'telephone', 'tel');
      if (!file.trim()) refuse('fileUnreadable', 'the file is empty');
      if (phoneAt < 0) refuse('fileUnreadable', `the file has no phone column (its columns: ${lines[0]})`);
      const nameAt = column('name', 'saved_name', 'full_name', 'contact_name');
      const notesAt = column('notes', 'note');
      const optedInAt = column('opted_in', 'opt_in', 'consent', 'marketing_consent');
      const report: ContactImportReport = { created: 0, updated: 0, unchanged: 0, skipped: 0, problems: [], problemsNotListed: 0 };
      const problem = (p: ContactRowProblem) => {
        if (p.skipped) report.skipped++;
        if (report.problems.length < 200) report.problems.push(p);
        else report.problemsNotListed++;
      };
      const seen = new Map<string, number>();
      lines.slice(1).forEach((line, index) => {
        const row = index + 2;
        const cells = line.split(',').map((c) => c.trim());
        if (cells.every((c) => !c)) return;
        const cell = (at: number) => (at >= 0 && cells[at] ? cells[at]! : null);
        const phone = cell(phoneAt);
        try {
          if (phone === null) refuse('invalidContact', 'no phone number');
          const waId = waIdFromPhone(phone);
          const name = checkName(cell(nameAt) ?? '');
          const notes = checkNotes(cell(notesAt) ?? '');
          const consent = cell(optedInAt);
          const optedIn = consent === null ? null : ['yes', 'y', 'true', '1'].includes(consent.toLowerCase()) ? true : ['no', 'n', 'false', '0'].includes(consent.toLowerCase()) ? false : refuse('invalidContact', `opted_in is "${consent}"; write yes or no`);
          const first = seen.get(waId);
          if (first !== undefined) {
            problem({ row, phone, message: `the same number as row ${first}; only row ${first} is imported`, skipped: true });
            return;
          }
          seen.set(waId, row);
          const existing = this.contactEntries().find((e) => e.contact.waId === waId);
          let id: ContactId;
          if (!existing) {
            id = this.addUnwritten(waId, name, notes).contact.id;
            report.created++;
          } else {
            id = existing.contact.id;
            const record = this.#record(existing.contact);
            const nextName = name ?? existing.contact.savedName;
            const nextNotes = notes ?? record.notes;
            if (nextName !== existing.contact.savedName || nextNotes !== record.notes || record.savedAt === null) {
              record.notes = nextNotes;
              record.savedAt ??= this.now();
              this.#change(id, { savedName: nextName });
              report.updated++;
            } else {
              report.unchanged++;
            }
          }
          if (optedIn === true) {
            const current = this.details(id);
            if (current.consent.state === 'optedOut') {
              problem({ row, phone, message: 'kept opted out: they stopped marketing, and the file gives no later consent date', skipped: false });
            } else if (current.consent.state === 'unknown') {
              const record = this.#records.get(id)!;
              Object.assign(record, { optedInAt: this.now(), optOutChangedAt: this.now(), source: 'CSV import' });
            }
          } else if (optedIn === false && !this.details(id).contact.marketingOptOut) {
            Object.assign(this.#records.get(id)!, { optOutChangedAt: this.now(), source: 'CSV import' });
            this.#change(id, { marketingOptOut: true });
          }
        } catch (error) {
          problem({ row, phone, message: (error as Error).message, skipped: true });
        }
      });
      return report;
    }
  };
}
