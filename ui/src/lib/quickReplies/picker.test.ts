// The `/` picker in the composer, driven from the keyboard and the mouse against the mock.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { MockBackend } from '../backend/mock';
import { openThread, settle } from '../../test/app';

const ANN = '972500000001';

function seed(b: MockBackend): void {
  b.customerWrites(ANN, 'Ann Smith', 'Are you open today?');
  b.seedQuickReply('returns', 'We ship returns for free', ['refund']);
  b.seedQuickReply('reship', 'We sent it again, {{contact.first_name}}.');
  b.seedQuickReply('shipping', 'Orders leave within a day.', ['delivery', 'tracking']);
  b.seedQuickReply('thanks', 'Thank you for shopping at {{business.name|our shop}}, {{contact.first_name|friend}}! — {{agent.name}}', ['thank you']);
  b.seedQuickReply('hours', 'Open 9–19, {{contact.first_name|there}}', ['Café hours']);
}

const input = (): HTMLTextAreaElement => screen.getByTestId('composer-input');

/// Types into the composer with the caret at the end (or at `caret`).
async function type(text: string, caret = text.length): Promise<void> {
  const field = input();
  await fireEvent.input(field, { target: { value: text } });
  field.setSelectionRange(caret, caret);
  await fireEvent.click(field);
}

async function key(name: string, extra: Partial<KeyboardEventInit> = {}): Promise<void> {
  await fireEvent.keyDown(input(), { key: name, ...extra });
  await settle();
}

const shown = (): string[] =>
  screen.queryAllByTestId('quick-reply-option').map((o) => o.getAttribute('data-shortcut') ?? '');

const active = (): HTMLElement => {
  const id = input().getAttribute('aria-activedescendant');
  const option = id ? document.getElementById(id) : null;
  if (!option) throw new Error('no active option');
  return option;
};

describe('opening and filtering', () => {
  it('opens on / at the start or after a space, and filters as the agent types', async () => {
    await openThread(seed);
    expect(screen.queryByTestId('quick-reply-picker')).toBeNull();
    expect(input()).toHaveAttribute('aria-expanded', 'false');

    await type('/');
    expect(input()).toHaveAttribute('aria-expanded', 'true');
    const listbox = within(screen.getByTestId('quick-reply-picker')).getByRole('listbox');
    expect(input()).toHaveAttribute('aria-controls', listbox.id);
    expect(shown()).toEqual(['hours', 'reship', 'returns', 'shipping', 'thanks']);

    // Shortcuts starting with it first, then shortcuts containing it, then keywords and text.
    await type('Sure: /ship');
    expect(shown()).toEqual(['shipping', 'reship', 'returns']);
    await type('/delivery');
    expect(shown()).toEqual(['shipping']);
    await type('/cafe');
    expect(shown()).toEqual(['hours']);
    await type('/zzz');
    expect(shown()).toEqual([]);
    expect(screen.getByTestId('quick-reply-picker')).toHaveTextContent('No quick reply matches “zzz”');

    await type('and/or');
    expect(screen.queryByTestId('quick-reply-picker')).toBeNull();
    await type('/ho later');
    expect(screen.queryByTestId('quick-reply-picker')).toBeNull();
  });
});

describe('choosing', () => {
  it('moves with the arrows, and Enter replaces only the /token with the filled-in text', async () => {
    const { backend } = await openThread(seed);
    await type('Hello /sh see you', 9);
    // "sh" is also in the text of /returns ("ship") and /thanks ("shopping").
    expect(shown()).toEqual(['shipping', 'reship', 'returns', 'thanks']);
    expect(active()).toHaveAttribute('data-shortcut', 'shipping');
    expect(active()).toHaveAttribute('aria-selected', 'true');
    await key('ArrowDown');
    expect(active()).toHaveAttribute('data-shortcut', 'reship');
    await key('ArrowUp');
    await key('ArrowUp');
    expect(active()).toHaveAttribute('data-shortcut', 'thanks');
    await key('ArrowDown');
    expect(active()).toHaveAttribute('data-shortcut', 'shipping');
    await key('ArrowDown');
    expect(active()).toHaveAttribute('data-shortcut', 'reship');
    expect(screen.getAllByTestId('quick-reply-option')[0]).toHaveAttribute('aria-selected', 'false');

    await key('Enter');
    const reship = backend.quickReplyList.find((r) => r.shortcut === 'reship')!;
    expect(backend.calls.expandQuickReply).toEqual([{ id: reship.id, conversationId: backend.opened.at(-1) }]);
    expect(input()).toHaveValue('Hello We sent it again, Ann. see you');
    const caret = 'Hello We sent it again, Ann.'.length;
    expect(input().selectionStart).toBe(caret);
    expect(input().selectionEnd).toBe(caret);
    expect(screen.queryByTestId('quick-reply-picker')).toBeNull();
    // Enter chose: nothing was sent.
    expect(backend.calls.sendMessage).toHaveLength(0);
  });

  it('fills in the business, the contact and the agent at the desk, and Tab chooses too', async () => {
    const { backend } = await openThread((b) => {
      seed(b);
      b.agentList = [{ id: 1, name: 'Noam', role: 'owner', hasSecret: false }];
    });
    await type('/than');
    await key('Tab');
    expect(input()).toHaveValue('Thank you for shopping at Parley Demo Shop, Ann! — Noam');
    expect(screen.queryByTestId('quick-reply-missing')).toBeNull();

    await fireEvent.click(screen.getByTestId('composer-send'));
    await settle();
    expect(backend.calls.sendMessage.at(-1)?.outgoing).toEqual({
      type: 'text',
      body: 'Thank you for shopping at Parley Demo Shop, Ann! — Noam',
      previewUrl: false,
    });
  });

  it('chooses with a click', async () => {
    await openThread(seed);
    await type('/');
    const hours = screen.getAllByTestId('quick-reply-option').find((o) => o.getAttribute('data-shortcut') === 'hours')!;
    await fireEvent.mouseDown(hours);
    await fireEvent.click(hours);
    await settle();
    expect(input()).toHaveValue('Open 9–19, Ann');
  });

  it('Esc closes the picker, keeps the text as typed, and Enter then sends it', async () => {
    const { backend } = await openThread(seed);
    await type('Use /ret');
    expect(shown()).toEqual(['returns']);
    await key('Escape');
    expect(screen.queryByTestId('quick-reply-picker')).toBeNull();
    expect(input()).toHaveValue('Use /ret');
    // More letters in the same word do not bring it back.
    await type('Use /retu');
    expect(screen.queryByTestId('quick-reply-picker')).toBeNull();
    await key('Enter');
    expect(backend.calls.expandQuickReply).toHaveLength(0);
    expect(backend.calls.sendMessage.at(-1)?.outgoing).toMatchObject({ type: 'text', body: 'Use /retu' });

    // A new / opens it again.
    await type('/');
    expect(screen.getByTestId('quick-reply-picker')).toBeInTheDocument();
  });

  it('says why when the quick reply cannot be filled in, and keeps the text', async () => {
    const { backend } = await openThread(seed);
    await type('/hou');
    backend.failNext = { code: 'notFound', message: 'quick reply not found' };
    await key('Enter');
    expect(screen.getByTestId('composer-error')).toHaveTextContent(
      'The quick reply could not be inserted: This is no longer available: quick reply not found',
    );
    expect(input()).toHaveValue('/hou');
  });
});

describe('missing values', () => {
  it('warns what to fill in, keeps the {{gap}} visible, and still lets the agent send', async () => {
    const { backend } = await openThread((b) => {
      b.customerWrites(ANN, null, 'hello?');
      b.seedQuickReply('hi', 'Hi {{contact.first_name}}, this is {{agent.name}} from {{business.name}}. {{contact.name}}?');
      if (b.settingsView.connection.state === 'connected') b.settingsView.connection.number.verifiedName = null;
    });
    await type('/hi');
    await key('Enter');
    expect(input()).toHaveValue('Hi {{contact.first_name}}, this is Owner from {{business.name}}. {{contact.name}}?');
    const warning = screen.getByTestId('quick-reply-missing');
    expect(warning).toHaveTextContent('{{contact.first_name}}');
    expect(warning).toHaveTextContent('{{business.name}}');

    await type('Hi Ann, this is Owner from {{business.name}}. Ann?');
    expect(screen.getByTestId('quick-reply-missing')).toHaveTextContent('Fill in {{business.name}} before sending: this customer has no value for it.');
    expect(screen.getByTestId('composer-send')).toBeEnabled();
    await fireEvent.click(screen.getByTestId('composer-send'));
    await settle();
    expect(backend.calls.sendMessage.at(-1)?.outgoing).toMatchObject({ body: 'Hi Ann, this is Owner from {{business.name}}. Ann?' });
    expect(screen.queryByTestId('quick-reply-missing')).toBeNull();
  });
});

describe('attachments', () => {
  it('stages the file and sends it with the text as its caption', async () => {
    const { backend } = await openThread((b) => {
      seed(b);
      b.files.set('/home/me/menu.jpg', { size: 52_000, mimeType: 'image/jpeg' });
      b.seedQuickReply('menu', 'Our menu, {{contact.first_name}}', ['food'], '/home/me/menu.jpg');
    });
    const copy = backend.quickReplyList.find((r) => r.shortcut === 'menu')!.attachment!;
    expect(copy.path).not.toBe('/home/me/menu.jpg');
    await type('/menu');
    await key('Enter');
    expect(screen.getByTestId('attachment-chip')).toHaveTextContent('menu.jpg');
    expect(input()).toHaveValue('Our menu, Ann');

    await fireEvent.click(screen.getByTestId('composer-send'));
    await settle();
    expect(backend.calls.sendMessage.map((c) => c.outgoing)).toEqual([
      { type: 'media', path: copy.path, kind: 'image', caption: 'Our menu, Ann' },
    ]);
    expect(screen.queryByTestId('attachment')).toBeNull();
    expect(input()).toHaveValue('');
    expect(screen.getAllByTestId('message').at(-1)).toHaveTextContent('Our menu, Ann');
  });

  it('sends a file WhatsApp shows no caption for first, then the text', async () => {
    const { backend } = await openThread((b) => {
      seed(b);
      b.files.set('/home/me/jingle.ogg', { size: 9_000, mimeType: 'audio/ogg' });
      b.seedQuickReply('jingle', 'Our new jingle!', [], '/home/me/jingle.ogg');
    });
    const copy = backend.quickReplyList.find((r) => r.shortcut === 'jingle')!.attachment!;
    await type('/jin');
    await key('Enter');
    await fireEvent.click(screen.getByTestId('composer-send'));
    await settle();
    expect(backend.calls.sendMessage.map((c) => c.outgoing)).toEqual([
      { type: 'media', path: copy.path, kind: 'audio', caption: null },
      { type: 'text', body: 'Our new jingle!', previewUrl: false },
    ]);
    expect(input()).toHaveValue('');
  });
});
