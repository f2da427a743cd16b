// The address book: list, edit, consent, blocking, CSV in and out.

import type {
  ContactDetails,
  ContactGroup,
  ContactId,
  ContactImportReport,
  ContactPage,
} from '../../ipc/bindings';

export interface ContactsBackend {
  /// One page, sorted by the name shown (bare numbers last), limited to `group` and to
  /// contacts `text` finds (names, number, notes, as search does).
  listContacts(group: ContactGroup, text: string | null, offset: number, limit: number): Promise<ContactPage>;
  getContact(id: ContactId): Promise<ContactDetails>;
  /// `invalidContact` for a bad number, name or notes; `duplicate` for a known number.
  addContact(phone: string, name: string, notes: string): Promise<ContactDetails>;
  /// `update_contact`: saves the name and notes (blank removes them). Named apart from
  /// the mock's `updateContact` test driver.
  saveContact(id: ContactId, name: string, notes: string): Promise<ContactDetails>;
  recordOptIn(id: ContactId, source: string): Promise<ContactDetails>;
  recordOptOut(id: ContactId, source: string): Promise<ContactDetails>;
  /// Blocked contacts' messages are kept but never notify and get no auto-replies.
  setContactBlocked(id: ContactId, blocked: boolean): Promise<ContactDetails>;
  /// The shell asks for a CSV file; `null` when the user cancels.
  importContacts(): Promise<ContactImportReport | null>;
  /// The shell asks where to save; how many contacts were written, `null` when cancelled.
  exportContacts(): Promise<number | null>;
}
