// The address book as the UI holds it: the page of contacts the group and text filters
// show, the contact being edited, and what the last import or export did. Every change
// goes through the shell; the answers it gives replace what is shown.

import type {
  ContactDetails,
  ContactGroup,
  ContactId,
  ContactImportReport,
  InboxEvent,
} from '../ipc/bindings';
import type { ContactsBackend, EventsBackend, Unlisten } from '../backend/types';
import { t } from '../i18n/index.svelte';
import { commandErrorText } from '../inbox/failure';

export const CONTACTS_PAGE = 50;
/// Typing in the filter pauses this long before the list reloads.
export const FILTER_DEBOUNCE_MS = 200;

/// A refused change, in plain words: the shell's own reason for a bad name or number.
export function contactErrorText(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  const details = (error as { message?: string } | undefined)?.message ?? String(error);
  if (code === 'duplicate') return t('addressBook.error.duplicate');
  if (code === 'invalidContact') return t('addressBook.error.invalid', { details });
  return commandErrorText(error);
}

export class AddressBook {
  open = $state(false);
  group = $state<ContactGroup>('all');
  text = $state('');
  contacts = $state<ContactDetails[]>([]);
  total = $state(0);
  hasMore = $state(false);
  loading = $state(false);
  loadError = $state<string | null>(null);
  selected = $state<ContactDetails | null>(null);
  adding = $state(false);
  /// What the last import did, until dismissed.
  importReport = $state<ContactImportReport | null>(null);
  /// A short confirmation (exported, added) or why import/export failed.
  notice = $state<{ text: string; problem: boolean } | null>(null);
  busy = $state(false);

  readonly #backend: ContactsBackend & EventsBackend;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #latest = 0;

  constructor(backend: ContactsBackend & EventsBackend) {
    this.#backend = backend;
  }

  /// Keeps shown contacts current when a conversation's contact changes elsewhere.
  async start(): Promise<Unlisten> {
    const stop = await this.#backend.onInboxEvent((event) => this.#apply(event));
    return () => {
      stop();
      clearTimeout(this.#timer);
    };
  }

  #apply(event: InboxEvent): void {
    if (event.kind !== 'conversationChanged' || !this.open) return;
    const contact = event.conversation.contact;
    this.contacts = this.contacts.map((c) => (c.contact.id === contact.id ? { ...c, contact } : c));
    if (this.selected?.contact.id === contact.id) this.selected = { ...this.selected, contact };
  }

  /// Opens the address book, at `contactId` when given.
  async show(contactId: ContactId | null = null): Promise<void> {
    this.open = true;
    this.adding = false;
    await this.reload();
    if (contactId !== null) await this.select(contactId);
  }

  hide(): void {
    clearTimeout(this.#timer);
    this.open = false;
    this.selected = null;
    this.adding = false;
    this.importReport = null;
    this.notice = null;
  }

  setGroup(group: ContactGroup): void {
    this.group = group;
    void this.reload();
  }

  setText(text: string): void {
    this.text = text;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.reload(), FILTER_DEBOUNCE_MS);
  }

  async reload(): Promise<void> {
    const mine = ++this.#latest;
    this.loading = true;
    try {
      const page = await this.#backend.listContacts(this.group, this.text.trim() || null, 0, CONTACTS_PAGE);
      if (mine !== this.#latest) return;
      this.contacts = page.contacts;
      this.total = page.total;
      this.hasMore = page.hasMore;
      this.loadError = null;
    } catch (error) {
      if (mine === this.#latest) this.loadError = commandErrorText(error);
    } finally {
      if (mine === this.#latest) this.loading = false;
    }
  }

  async loadMore(): Promise<void> {
    if (!this.hasMore || this.loading) return;
    const mine = ++this.#latest;
    this.loading = true;
    try {
      const page = await this.#backend.listContacts(this.group, this.text.trim() || null, this.contacts.length, CONTACTS_PAGE);
      if (mine !== this.#latest) return;
      const known = new Set(this.contacts.map((c) => c.contact.id));
      this.contacts = [...this.contacts, ...page.contacts.filter((c) => !known.has(c.contact.id))];
      this.total = page.total;
      this.hasMore = page.hasMore;
    } catch (error) {
      if (mine === this.#latest) this.loadError = commandErrorText(error);
    } finally {
      if (mine === this.#latest) this.loading = false;
    }
  }

  async select(id: ContactId): Promise<void> {
    this.adding = false;
    try {
      this.selected = await this.#backend.getContact(id);
    } catch (error) {
      this.notice = { text: commandErrorText(error), problem: true };
    }
  }

  startAdding(): void {
    this.selected = null;
    this.adding = true;
  }

  cancelAdding(): void {
    this.adding = false;
  }

  /// Each change below throws a translated message when the shell refuses it.
  async save(name: string, notes: string): Promise<void> {
    const id = this.#selectedId();
    await this.#change(() => this.#backend.saveContact(id, name, notes));
  }

  async add(phone: string, name: string, notes: string): Promise<void> {
    const added = await this.#change(() => this.#backend.addContact(phone, name, notes));
    this.adding = false;
    this.notice = { text: t('addressBook.added', { name: added.contact.displayName }), problem: false };
    await this.reload();
  }

  async recordConsent(optedIn: boolean, source: string): Promise<void> {
    const id = this.#selectedId();
    await this.#change(() => (optedIn ? this.#backend.recordOptIn(id, source) : this.#backend.recordOptOut(id, source)));
  }

  async setBlocked(blocked: boolean): Promise<void> {
    const id = this.#selectedId();
    await this.#change(() => this.#backend.setContactBlocked(id, blocked));
  }

  async importCsv(): Promise<void> {
    this.busy = true;
    this.notice = null;
    try {
      const report = await this.#backend.importContacts();
      if (report === null) return;
      this.importReport = report;
      await this.reload();
    } catch (error) {
      this.notice = { text: commandErrorText(error), problem: true };
    } finally {
      this.busy = false;
    }
  }

  async exportCsv(): Promise<void> {
    this.busy = true;
    this.notice = null;
    try {
      const count = await this.#backend.exportContacts();
      if (count !== null) this.notice = { text: t('addressBook.exported', { count }), problem: false };
    } catch (error) {
      this.notice = { text: commandErrorText(error), problem: true };
    } finally {
      this.busy = false;
    }
  }

  dismissReport(): void {
    this.importReport = null;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  #selectedId(): ContactId {
    const id = this.selected?.contact.id;
    if (id === undefined) throw new Error(t('addressBook.pick'));
    return id;
  }

  /// Runs a change and shows its answer; a contact that leaves the group stays selected.
  async #change(action: () => Promise<ContactDetails>): Promise<ContactDetails> {
    let details: ContactDetails;
    try {
      details = await action();
    } catch (error) {
      throw new Error(contactErrorText(error));
    }
    if (this.selected === null || this.selected.contact.id === details.contact.id) this.selected = details;
    this.contacts = this.contacts.map((c) => (c.contact.id === details.contact.id ? details : c));
    return details;
  }
}
