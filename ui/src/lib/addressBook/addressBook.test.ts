import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { MockBackend } from '../backend/mock';
import { HOUR, renderApp, settle } from '../../test/app';
import { FILTER_DEBOUNCE_MS } from './addressBook.svelte';

function seed(backend: MockBackend): void {
  backend.customerWrites('972501234567', 'Dana', 'hi', Date.now() - 3 * HOUR);
  backend.customerWrites('37251234567', 'Tõnu', 'tere', Date.now() - 2 * HOUR);
  backend.customerWrites('447911123456', null, 'hello', Date.now() - HOUR);
}

async function openBook(setup: (b: MockBackend) => void = seed) {
  const app = await renderApp(setup);
  await fireEvent.click(screen.getByTestId('open-contacts'));
  await settle();
  return app;
}

const names = () => screen.queryAllByTestId('contact-row').map((r) => r.querySelector('.name')!.textContent);

async function pick(name: string): Promise<HTMLElement> {
  const row = screen.getAllByTestId('contact-row').find((r) => r.textContent!.includes(name));
  await fireEvent.click(row!);
  await settle();
  return screen.getByTestId('contact-editor');
}

async function type(testid: string, value: string): Promise<void> {
  await fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

describe('address book', () => {
  it('lists everyone by the name shown, bare numbers last, and filters by group and text', async () => {
    const { backend } = await openBook();
    expect(names()).toEqual(['Dana', 'Tõnu', '+447911123456']);
    expect(screen.getByTestId('contact-total').textContent).toBe('3 contacts');

    await type('contact-filter', 'tonu');
    await new Promise((r) => setTimeout(r, FILTER_DEBOUNCE_MS + 20));
    await settle();
    expect(names()).toEqual(['Tõnu']);
    expect(backend.calls.listContacts.at(-1)).toMatchObject({ group: 'all', text: 'tonu', offset: 0 });

    await type('contact-filter', 'nobody');
    await new Promise((r) => setTimeout(r, FILTER_DEBOUNCE_MS + 20));
    await settle();
    expect(screen.getByText('No contact matches “nobody”.')).toBeTruthy();

    await type('contact-filter', '');
    await new Promise((r) => setTimeout(r, FILTER_DEBOUNCE_MS + 20));
    await settle();
    await fireEvent.change(screen.getByTestId('contact-group'), { target: { value: 'blocked' } });
    await settle();
    expect(names()).toEqual([]);
    await fireEvent.change(screen.getByTestId('contact-group'), { target: { value: 'all' } });
    await settle();
    expect(names()).toHaveLength(3);
  });

  it('pages through a long address book', async () => {
    const { backend } = await openBook((b) => {
      for (let i = 0; i < 60; i++) b.customerWrites(`9725000000${String(i).padStart(2, '0')}`, `Customer ${String(i).padStart(2, '0')}`, 'hi');
    });
    expect(names()).toHaveLength(50);
    expect(screen.getByTestId('contact-total').textContent).toBe('60 contacts');
    await fireEvent.click(screen.getByTestId('contact-more'));
    await settle();
    expect(names()).toHaveLength(60);
    expect(names().at(-1)).toBe('Customer 59');
    expect(backend.calls.listContacts.at(-1)).toMatchObject({ offset: 50, limit: 50 });
    expect(screen.queryByTestId('contact-more')).toBeNull();
  });

  it('saves a name and notes, cancels edits, and explains what it refuses without losing the text', async () => {
    const { backend } = await openBook();
    await pick('Dana');
    await type('contact-name', 'דנה כהן');
    await type('contact-notes', 'Prefers mornings');
    await fireEvent.click(screen.getByTestId('contact-save'));
    await settle();
    const id = backend.calls.saveContact[0]!.id;
    expect(backend.calls.saveContact).toEqual([{ id, name: 'דנה כהן', notes: 'Prefers mornings' }]);
    expect(names()).toContain('דנה כהן');
    expect(screen.getByRole('heading', { name: 'דנה כהן' })).toBeTruthy();
    expect(screen.getByText('Saved.')).toBeTruthy();

    // Cancel puts back what is saved.
    await type('contact-name', 'Someone else');
    await fireEvent.click(screen.getByTestId('contact-cancel'));
    expect((screen.getByTestId('contact-name') as HTMLInputElement).value).toBe('דנה כהן');

    // Checked before sending: a name is one line of at most 100 characters.
    await type('contact-name', 'x'.repeat(101));
    await fireEvent.click(screen.getByTestId('contact-save'));
    await settle();
    expect(screen.getByTestId('contact-error').textContent).toBe('The name has 101 characters; at most 100 are allowed.');
    expect(backend.calls.saveContact).toHaveLength(1);

    // The shell refusing: the reason shows and the typed text stays.
    await type('contact-name', 'Dana K');
    backend.failNext = { code: 'locked', message: 'nobody at the desk' };
    await fireEvent.click(screen.getByTestId('contact-save'));
    await settle();
    expect(screen.getByTestId('contact-error').textContent).toBe('Choose who is at the desk first.');
    expect((screen.getByTestId('contact-name') as HTMLInputElement).value).toBe('Dana K');
  });

  it('records consent with its source, and an opt-out', async () => {
    const { backend } = await openBook();
    await pick('Tõnu');
    expect(screen.getByTestId('consent-state').getAttribute('data-state')).toBe('unknown');

    await fireEvent.click(screen.getByTestId('record-opt-in'));
    await settle();
    expect(screen.getByTestId('consent-error').textContent).toContain('Say how they told you');
    expect(backend.calls.recordOptIn).toEqual([]);

    await type('consent-source', 'Website form');
    await fireEvent.click(screen.getByTestId('record-opt-in'));
    await settle();
    expect(screen.getByTestId('consent-state').getAttribute('data-state')).toBe('optedIn');
    expect(screen.getByTestId('consent-state').textContent).toContain('Website form');

    await type('consent-source', 'Asked by phone');
    await fireEvent.click(screen.getByTestId('record-opt-out'));
    await settle();
    expect(screen.getByTestId('consent-state').getAttribute('data-state')).toBe('optedOut');
    expect(screen.getByTestId('consent-state').textContent).toContain('Asked by phone');
    // The inbox hears it too: the thread shows the opt-out.
    await fireEvent.change(screen.getByTestId('contact-group'), { target: { value: 'optedOut' } });
    await settle();
    expect(names()).toEqual(['Tõnu']);
  });

  it('blocks and unblocks with an explanation, keeping the messages', async () => {
    const { backend } = await openBook();
    const editor = await pick('Dana');
    expect(within(editor).getByText(/still kept, but they do not notify anyone and get no automatic replies/)).toBeTruthy();
    await fireEvent.click(screen.getByTestId('block-toggle'));
    await settle();
    expect(screen.getByTestId('block-toggle').getAttribute('data-blocked')).toBe('true');
    expect(screen.getByTestId('blocked-since')).toBeTruthy();
    expect(within(screen.getAllByTestId('contact-row')[0]!).getByText('Blocked')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('block-toggle'));
    await settle();
    expect(backend.calls.setContactBlocked.map((c) => c.blocked)).toEqual([true, false]);
    expect(screen.getByTestId('block-toggle').getAttribute('data-blocked')).toBe('false');
  });

  it('adds a contact, explaining a bad or known number in plain words', async () => {
    const { backend } = await openBook();
    await fireEvent.click(screen.getByTestId('add-contact'));
    await type('add-phone', '050-765-4321');
    await type('add-name', 'Yossi');
    await fireEvent.click(screen.getByTestId('add-save'));
    await settle();
    expect(screen.getByTestId('add-error').textContent).toContain('write it with its country code');
    expect(backend.calls.addContact).toEqual([]);

    await type('add-phone', '+972 50 123 4567');
    await fireEvent.click(screen.getByTestId('add-save'));
    await settle();
    expect(screen.getByTestId('add-error').textContent).toBe('That number is already in the address book.');
    expect((screen.getByTestId('add-name') as HTMLInputElement).value).toBe('Yossi');

    await type('add-phone', '+972 (50) 765-4321');
    await fireEvent.click(screen.getByTestId('add-save'));
    await settle();
    expect(backend.calls.addContact.at(-1)).toEqual({ phone: '+972 (50) 765-4321', name: 'Yossi', notes: '' });
    expect(screen.getByTestId('address-book-notice').textContent).toContain('Yossi was added');
    expect(names()).toContain('Yossi');
    const editor = screen.getByTestId('contact-editor');
    expect(within(editor).getByText('+972507654321')).toBeTruthy();
    expect(within(editor).getByText('No conversation with them yet.')).toBeTruthy();
  });

  it('imports a CSV and lists the rows to check; a cancelled import changes nothing', async () => {
    const { backend } = await openBook();
    backend.importFile = null;
    await fireEvent.click(screen.getByTestId('import-contacts'));
    await settle();
    expect(backend.calls.importContacts).toBe(1);
    expect(screen.queryByTestId('import-report')).toBeNull();

    backend.importFile = [
      'Phone,Name,Notes',
      '+372 5123 4567,Tõnu Tamm,VIP',
      '+7 916 123-45-67,Ёлка,',
      '0501234,Bad,',
      '+7 916 123-45-67,Again,',
    ].join('\n');
    await fireEvent.click(screen.getByTestId('import-contacts'));
    await settle();
    const report = screen.getByTestId('import-report');
    expect(report.textContent).toContain('1 added, 1 updated, 0 unchanged, 2 skipped');
    const problems = screen.getAllByTestId('import-problem');
    expect(problems.map((p) => p.getAttribute('data-row'))).toEqual(['4', '5']);
    expect(problems[0]!.textContent).toContain('country code');
    expect(problems[1]!.textContent).toContain('only row 3 is imported');
    // Tõnu was updated with his saved name; the Cyrillic name sorts after the Latin ones.
    expect(names()).toEqual(['Dana', 'Tõnu Tamm', 'Ёлка', '+447911123456']);
  });

  it('exports, and explains a refused import or export', async () => {
    const { backend } = await openBook();
    await fireEvent.click(screen.getByTestId('export-contacts'));
    await settle();
    expect(screen.getByTestId('address-book-notice').textContent).toContain('3 contacts were exported.');

    backend.failNext = { code: 'forbidden', message: 'only owners and managers may export contacts' };
    await fireEvent.click(screen.getByTestId('export-contacts'));
    await settle();
    expect(screen.getByTestId('address-book-notice').textContent).toContain('Your role does not allow this');

    backend.importFile = 'name,notes\nDana,x';
    await fireEvent.click(screen.getByTestId('import-contacts'));
    await settle();
    expect(screen.getByTestId('address-book-notice').textContent).toContain('no phone column');
  });

  it('opens the conversation of a contact who has one', async () => {
    await openBook();
    await pick('Tõnu');
    await fireEvent.click(screen.getByTestId('open-conversation'));
    await settle();
    expect(screen.queryByTestId('address-book')).toBeNull();
    expect(screen.getByTestId('thread-name').textContent).toBe('Tõnu');
  });

  it('opens at a contact found in the search palette that has no conversation yet', async () => {
    const { backend } = await renderApp(seed);
    backend.addUnwritten('972541112233', 'Miriam', 'Wants the blue dress');
    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    await settle();
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'blue dress' } });
    await new Promise((r) => setTimeout(r, 250));
    await settle();
    const result = screen.getByTestId('search-result');
    expect(Array.from(result.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['blue', 'dress']);
    await fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Enter' });
    await settle();
    expect(within(screen.getByTestId('contact-editor')).getByRole('heading', { name: 'Miriam' })).toBeTruthy();
  });
});
