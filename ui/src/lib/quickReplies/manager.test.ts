// The quick reply manager: listing, creating, editing, deleting, and CSV in and out,
// against the mock, which enforces the engine's rules.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { MockBackend } from '../backend/mock';
import { renderApp, settle } from '../../test/app';

function seed(b: MockBackend): void {
  b.files.set('/home/me/price-list.pdf', { size: 245_760, mimeType: 'application/pdf' });
  b.files.set('/home/me/menu.jpg', { size: 52_000, mimeType: 'image/jpeg' });
  b.seedQuickReply('hours', "Hi {{contact.first_name|there}}! We're open Sunday to Thursday 9:00–19:00.", ['opening hours', 'open']);
  b.seedQuickReply('prices', 'Here is our price list.', ['price'], '/home/me/price-list.pdf');
  b.seedQuickReply('shipping', 'Orders leave within 1 business day.', ['delivery', 'tracking']);
}

async function openManager(setup: (b: MockBackend) => void = seed) {
  const app = await renderApp(setup);
  await fireEvent.click(screen.getByTestId('open-quick-replies'));
  await settle();
  return app;
}

const rows = (): HTMLElement[] => screen.queryAllByTestId('quick-reply-row');
const row = (shortcut: string): HTMLElement => {
  const found = rows().find((r) => r.getAttribute('data-shortcut') === shortcut);
  if (!found) throw new Error(`no row /${shortcut}`);
  return found;
};

async function fill(fields: { shortcut?: string; text?: string; keywords?: string }): Promise<void> {
  if (fields.shortcut !== undefined) await fireEvent.input(screen.getByTestId('quick-reply-shortcut'), { target: { value: fields.shortcut } });
  if (fields.text !== undefined) await fireEvent.input(screen.getByTestId('quick-reply-text'), { target: { value: fields.text } });
  if (fields.keywords !== undefined) await fireEvent.input(screen.getByTestId('quick-reply-keywords'), { target: { value: fields.keywords } });
}

async function click(testid: string): Promise<void> {
  await fireEvent.click(screen.getByTestId(testid));
  await settle();
}

describe('the list', () => {
  it('shows each shortcut with its text, keywords and file', async () => {
    await openManager();
    expect(screen.getByRole('dialog', { name: 'Quick replies' })).toBeInTheDocument();
    expect(rows().map((r) => r.getAttribute('data-shortcut'))).toEqual(['hours', 'prices', 'shipping']);
    expect(row('hours')).toHaveTextContent('/hours');
    expect(row('hours')).toHaveTextContent('Keywords: opening hours, open');
    expect(within(row('prices')).getByTestId('quick-reply-attachment')).toHaveTextContent('Attachment: price-list.pdf');
    expect(within(row('shipping')).queryByTestId('quick-reply-attachment')).toBeNull();
    expect(screen.getByText('3 quick replies')).toBeInTheDocument();
  });

  it('says when there are none', async () => {
    await openManager(() => {});
    expect(screen.getByTestId('quick-replies-empty')).toHaveTextContent('No quick replies yet.');
  });
});

describe('creating and editing', () => {
  it('creates one with keywords and a file, and the picker offers it', async () => {
    const { backend } = await openManager();
    await click('quick-reply-new');
    await fill({ shortcut: '/menu', text: '  Our menu, {{contact.first_name|friend}}  ', keywords: 'food, Food ,  lunch   menu,' });
    backend.fileAnswers.push('/home/me/menu.jpg');
    await click('quick-reply-choose-file');
    expect(screen.getByTestId('quick-reply-file')).toHaveTextContent('menu.jpg');
    await click('quick-reply-save');

    expect(backend.calls.saveQuickReply.at(-1)).toEqual({
      id: null,
      input: {
        shortcut: '/menu',
        text: '  Our menu, {{contact.first_name|friend}}  ',
        keywords: ['food', ' Food ', '  lunch   menu', ''],
        attachment: { change: 'set', path: '/home/me/menu.jpg' },
      },
    });
    expect(screen.queryByTestId('quick-reply-form')).toBeNull();
    const saved = backend.quickReplyList.find((r) => r.shortcut === 'menu')!;
    expect(saved).toMatchObject({ text: 'Our menu, {{contact.first_name|friend}}', keywords: ['food', 'lunch menu'] });
    expect(saved.attachment).toMatchObject({ filename: 'menu.jpg', kind: 'image', mimeType: 'image/jpeg' });
    expect(row('menu')).toHaveTextContent('Keywords: food, lunch menu');
    expect(row('menu')).toHaveTextContent('Attachment: menu.jpg');
  });

  it('explains a shortcut or a text the engine would refuse, in plain words, before saving', async () => {
    const { backend } = await openManager();
    await click('quick-reply-new');
    const error = () => screen.getByTestId('quick-reply-form-error');

    await fill({ shortcut: 'opening hours', text: 'We are open' });
    await click('quick-reply-save');
    expect(error()).toHaveTextContent('A shortcut is one word without spaces: try “opening-hours”.');

    await fill({ shortcut: 'price?' });
    await click('quick-reply-save');
    expect(error()).toHaveTextContent('A shortcut can have letters, digits, - and _, but not “?”.');

    await fill({ shortcut: 'open', text: '   ' });
    await click('quick-reply-save');
    expect(error()).toHaveTextContent('Write a text or attach a file.');

    await fill({ shortcut: 'HOURS', text: 'Again' });
    await click('quick-reply-save');
    expect(error()).toHaveTextContent('Another quick reply already uses /HOURS.');

    expect(backend.calls.saveQuickReply).toHaveLength(0);
    expect(screen.getByTestId('quick-reply-shortcut')).toHaveValue('HOURS');
    expect(screen.getByTestId('quick-reply-text')).toHaveValue('Again');
  });

  it("shows the engine's refusal when another agent took the shortcut meanwhile, and keeps the form", async () => {
    const { backend } = await openManager();
    await click('quick-reply-new');
    await fill({ shortcut: 'promo', text: '20% off this week' });
    backend.seedQuickReply('Promo', 'Taken by someone else');
    await click('quick-reply-save');
    expect(screen.getByTestId('quick-reply-form-error')).toHaveTextContent(
      'The quick reply was not saved: the shortcut /promo is already used',
    );
    expect(screen.getByTestId('quick-reply-text')).toHaveValue('20% off this week');
    expect(backend.quickReplyList.filter((r) => r.shortcut.toLowerCase() === 'promo')).toHaveLength(1);
  });

  it('edits the text, and replaces or removes the file', async () => {
    const { backend } = await openManager();
    await fireEvent.click(within(row('prices')).getByTestId('quick-reply-edit'));
    await settle();
    expect(screen.getByTestId('quick-reply-shortcut')).toHaveValue('prices');
    expect(screen.getByTestId('quick-reply-keywords')).toHaveValue('price');
    expect(screen.getByTestId('quick-reply-file')).toHaveTextContent('price-list.pdf');
    const oldCopy = backend.quickReplyList.find((r) => r.shortcut === 'prices')!.attachment!.path;

    await fill({ text: 'The new price list' });
    backend.fileAnswers.push('/home/me/menu.jpg');
    await click('quick-reply-choose-file');
    await click('quick-reply-save');
    const prices = backend.quickReplyList.find((r) => r.shortcut === 'prices')!;
    expect(backend.calls.saveQuickReply.at(-1)).toMatchObject({ id: prices.id, input: { attachment: { change: 'set', path: '/home/me/menu.jpg' } } });
    expect(prices).toMatchObject({ text: 'The new price list', attachment: { filename: 'menu.jpg' } });
    // The engine forgets the copy nothing uses any more.
    expect(backend.files.has(oldCopy)).toBe(false);

    await fireEvent.click(within(row('prices')).getByTestId('quick-reply-edit'));
    await settle();
    await click('quick-reply-remove-file');
    expect(screen.getByTestId('quick-reply-file')).toHaveTextContent('No file');
    await click('quick-reply-save');
    expect(backend.calls.saveQuickReply.at(-1)?.input.attachment).toEqual({ change: 'remove' });
    expect(within(row('prices')).queryByTestId('quick-reply-attachment')).toBeNull();
  });

  it('says so when the file cannot be read, and keeps the form', async () => {
    const { backend } = await openManager();
    await click('quick-reply-new');
    await fill({ shortcut: 'gone', text: 'See attached' });
    backend.fileAnswers.push('/tmp/vanished.pdf');
    await click('quick-reply-choose-file');
    await click('quick-reply-save');
    expect(screen.getByTestId('quick-reply-form-error')).toHaveTextContent(
      'The file could not be read: cannot read /tmp/vanished.pdf: No such file or directory',
    );
    expect(screen.getByTestId('quick-reply-shortcut')).toHaveValue('gone');
    expect(backend.quickReplyList.some((r) => r.shortcut === 'gone')).toBe(false);
  });
});

describe('deleting', () => {
  it('asks first, and cancelling keeps it', async () => {
    const { backend } = await openManager();
    await fireEvent.click(within(row('shipping')).getByTestId('quick-reply-delete'));
    await settle();
    expect(row('shipping')).toHaveTextContent('Delete /shipping? This cannot be undone.');
    await fireEvent.click(within(row('shipping')).getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(backend.calls.deleteQuickReply).toHaveLength(0);

    const copy = backend.quickReplyList.find((r) => r.shortcut === 'prices')!.attachment!.path;
    await fireEvent.click(within(row('prices')).getByTestId('quick-reply-delete'));
    await settle();
    await fireEvent.click(within(row('prices')).getByTestId('quick-reply-confirm-delete'));
    await settle();
    expect(rows().map((r) => r.getAttribute('data-shortcut'))).toEqual(['hours', 'shipping']);
    expect(backend.files.has(copy)).toBe(false);
  });

  it('keeps it and says why when the shell refuses', async () => {
    const { backend } = await openManager();
    await fireEvent.click(within(row('hours')).getByTestId('quick-reply-delete'));
    await settle();
    backend.failNext = { code: 'forbidden', message: 'an agent may not manage quick replies' };
    await fireEvent.click(within(row('hours')).getByTestId('quick-reply-confirm-delete'));
    await settle();
    expect(screen.getByTestId('quick-replies-error')).toHaveTextContent(
      'Your role does not allow this: an agent may not manage quick replies',
    );
    expect(rows()).toHaveLength(3);
  });
});

describe('CSV', () => {
  it('imports, reporting what was added, updated and skipped by line', async () => {
    const { backend } = await openManager();
    backend.importFiles.push(
      [
        'Shortcut,Text,Keywords',
        'size,"Our sizes run small, so take one size up.",size;fit',
        'HOURS,"We are open',
        'every day",open',
        'opening hours,Ask me,',
        'blank,,',
        '',
      ].join('\n'),
    );
    await click('quick-replies-import');
    const report = screen.getByTestId('quick-replies-import-report');
    expect(report).toHaveTextContent('1 added · 1 updated');
    expect(report).toHaveTextContent('2 lines were skipped:');
    expect(screen.getAllByTestId('quick-replies-import-problem').map((p) => p.textContent?.trim())).toEqual([
      'Line 5: a shortcut has no spaces (try "opening-hours")',
      'Line 6: a quick reply needs a text or an attachment',
    ]);
    expect(row('size')).toHaveTextContent('Keywords: size, fit');
    expect(backend.quickReplyList.find((r) => r.shortcut === 'HOURS')).toMatchObject({ text: 'We are open\nevery day', keywords: ['open'] });
  });

  it('does nothing when the file dialog is cancelled, and explains a file that is not a list', async () => {
    const { backend } = await openManager();
    await click('quick-replies-import');
    expect(backend.calls.importQuickReplies).toBe(1);
    expect(screen.queryByTestId('quick-replies-import-report')).toBeNull();

    backend.importFiles.push('name,phone\nAnn,123\n');
    await click('quick-replies-import');
    expect(screen.getByTestId('quick-replies-error')).toHaveTextContent(
      'The file could not be imported: the first line must name the columns: shortcut, text (and optionally keywords)',
    );
    expect(rows()).toHaveLength(3);
  });

  it('exports them all and says how many', async () => {
    const { backend } = await openManager();
    await click('quick-replies-export');
    expect(screen.getByTestId('quick-replies-notice')).toHaveTextContent('3 quick replies exported.');
    expect(backend.exportedCsv).toBe(
      [
        'shortcut,text,keywords',
        `hours,Hi {{contact.first_name|there}}! We're open Sunday to Thursday 9:00–19:00.,opening hours; open`,
        'prices,Here is our price list.,price',
        'shipping,Orders leave within 1 business day.,delivery; tracking',
        '',
      ].join('\n'),
    );

    backend.exportAnswers.push(false);
    await click('quick-replies-export');
    expect(screen.queryByTestId('quick-replies-notice')).toBeNull();
  });
});

describe('the browser demo', () => {
  it('has the quick replies src-tauri/src/demo.rs furnishes, filled in by Noam', async () => {
    const { demoBackend } = await import('../backend/demo');
    const backend = demoBackend();
    const replies = await backend.quickReplies();
    expect(replies.map((r) => [r.shortcut, r.keywords])).toEqual([
      ['hours', ['opening hours', 'open']],
      ['shipping', ['delivery', 'tracking']],
      ['thanks', ['thank you']],
    ]);
    const thanks = replies.find((r) => r.shortcut === 'thanks')!;
    const page = await backend.listConversations({ view: 'all' }, null, 10);
    const dana = page.conversations.find((c) => c.contact.displayName === 'Dana Levi')!;
    expect((await backend.expandQuickReply(thanks.id, dana.id)).text).toBe(
      'Thank you for shopping at Parley Demo Shop, Dana! — Noam',
    );
  });
});
