// The UI as a user meets it, against the in-memory backend.

import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { MockBackend } from './lib/backend/mock';
import { settle } from './test/app';

const HOUR = 60 * 60 * 1000;

async function app(setup: (backend: MockBackend) => void = () => {}) {
  const backend = new MockBackend();
  setup(backend);
  const view = render(App, { props: { backend } });
  await settle();
  return { backend, ...view };
}

describe('the inbox', () => {
  it('lists conversations with name, preview, time and unread count', async () => {
    await app((b) => {
      b.customerWrites('972501234567', 'Dana Levi', 'Size 38?');
      b.customerWrites('972501234567', 'Dana Levi', 'The blue ones');
    });
    const row = screen.getByTestId('conversation-row');
    expect(within(row).getByTestId('conversation-name')).toHaveTextContent('Dana Levi');
    expect(within(row).getByTestId('conversation-preview')).toHaveTextContent('The blue ones');
    expect(within(row).getByTestId('unread-count')).toHaveTextContent('2');
    expect(within(row).getByLabelText('2 unread messages')).toBeInTheDocument();
    expect(row.querySelector('time')?.textContent).toMatch(/\d\d.\d\d/);
  });

  it('shows new messages live, without a reload', async () => {
    const { backend } = await app();
    expect(screen.queryByTestId('conversation-row')).toBeNull();
    backend.customerWrites('79161234567', 'Ольга', 'Здравствуйте!');
    await settle();
    expect(screen.getByTestId('conversation-name')).toHaveTextContent('Ольга');
    expect(screen.getByTestId('unread-count')).toHaveTextContent('1');
  });

  it('opens a thread with day separators and per-message times, and marks it read', async () => {
    await app((b) => {
      b.customerWrites('1', 'Ann', 'yesterday’s question', Date.now() - 24 * HOUR - 60_000);
      b.customerWrites('1', 'Ann', 'today’s question');
    });
    await fireEvent.click(screen.getByTestId('conversation-row'));
    await settle();
    const thread = screen.getByTestId('thread');
    expect(within(thread).getByTestId('thread-name')).toHaveTextContent('Ann');
    expect(within(thread).getAllByRole('separator').map((s) => s.textContent)).toContain('Today');
    const messages = within(thread).getAllByTestId('message');
    expect(messages).toHaveLength(2);
    expect(messages[1]?.querySelector('time')?.textContent).toMatch(/\d\d.\d\d/);
    expect(screen.queryByTestId('unread-count')).toBeNull();
  });

  it('renders customer text as text, never as HTML', async () => {
    await app((b) => b.customerWrites('1', 'Mallory', '<img src=x onerror="alert(1)"><b>bold</b>'));
    await fireEvent.click(screen.getByTestId('conversation-row'));
    await settle();
    const message = screen.getByTestId('message');
    expect(message.querySelector('img')).toBeNull();
    expect(message.querySelector('b')).toBeNull();
    expect(message).toHaveTextContent('<img src=x onerror="alert(1)"><b>bold</b>');
  });
});

describe('replying', () => {
  it('shows the reply at once as sending, then follows the ticks', async () => {
    const { backend } = await app((b) => b.customerWrites('1', 'Ann', 'hi'));
    await fireEvent.click(screen.getByTestId('conversation-row'));
    await settle();
    const input = screen.getByTestId('composer-input');
    await fireEvent.input(input, { target: { value: 'Hello Ann!' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await settle();
    const reply = screen.getAllByTestId('message').at(-1)!;
    expect(reply).toHaveAttribute('data-direction', 'outbound');
    expect(reply).toHaveAttribute('data-status', 'pending');
    expect(within(reply).getByRole('img')).toHaveAccessibleName('Sending');
    expect(input).toHaveValue('');

    const id = Number(reply.getAttribute('data-message-id'));
    for (const [status, label] of [
      ['sent', 'Sent'],
      ['delivered', 'Delivered'],
      ['read', 'Read'],
    ] as const) {
      backend.setStatus(id, status);
      await settle();
      const updated = screen.getAllByTestId('message').at(-1)!;
      expect(updated).toHaveAttribute('data-status', status);
      expect(within(updated).getByRole('img')).toHaveAccessibleName(label);
    }
  });

  it('explains a failed send in plain words', async () => {
    const { backend } = await app((b) => b.customerWrites('1', 'Ann', 'hi'));
    await fireEvent.click(screen.getByTestId('conversation-row'));
    await settle();
    const input = screen.getByTestId('composer-input');
    await fireEvent.input(input, { target: { value: 'late reply' } });
    await fireEvent.click(screen.getByTestId('composer-send'));
    await settle();
    const id = Number(screen.getAllByTestId('message').at(-1)!.getAttribute('data-message-id'));
    backend.setStatus(id, 'failed', {
      source: 'meta',
      code: 131047,
      title: 'Re-engagement message',
      details: 'Message failed to send because more than 24 hours have passed.',
    });
    await settle();
    expect(screen.getByTestId('failure-reason')).toHaveTextContent(
      /More than 24 hours have passed since the customer last wrote/,
    );
  });

  it('keeps the draft and shows why when the shell refuses a send', async () => {
    const { backend } = await app((b) => b.customerWrites('1', 'Ann', 'hi'));
    await fireEvent.click(screen.getByTestId('conversation-row'));
    await settle();
    backend.failNext = { code: 'storage', message: 'database is locked' };
    const input = screen.getByTestId('composer-input');
    await fireEvent.input(input, { target: { value: 'do not lose me' } });
    await fireEvent.click(screen.getByTestId('composer-send'));
    await settle();
    expect(screen.getByTestId('composer-error')).toHaveTextContent('database is locked');
    expect(input).toHaveValue('do not lose me');
  });

  it('disables free-form replies once the 24-hour window has closed, and says why', async () => {
    await app((b) => b.customerWrites('447700900123', 'Sam', 'thanks!', Date.now() - 27 * HOUR));
    await fireEvent.click(screen.getByTestId('conversation-row'));
    await settle();
    expect(screen.getByTestId('window-status')).toHaveAttribute('data-state', 'closed');
    expect(screen.getByTestId('window-closed')).toHaveTextContent(/More than 24 hours have passed since Sam last wrote/);
    const input = screen.getByTestId('composer-input');
    expect(input).toBeDisabled();
    expect(input).toHaveAccessibleDescription(/approved message templates/);
    expect(screen.getByTestId('composer-send')).toBeDisabled();
  });

  it('shows the time left while the window is open', async () => {
    await app((b) => b.customerWrites('1', 'Ann', 'hi', Date.now() - 30 * 60_000));
    await fireEvent.click(screen.getByTestId('conversation-row'));
    await settle();
    expect(screen.getByTestId('window-status')).toHaveTextContent(/Reply window: 23 hr (29|30) min left/);
  });
});

describe('settings', () => {
  it('saves an account and reports refusals', async () => {
    const { backend } = await app();
    expect(screen.getByTestId('demo-badge')).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('open-settings'));
    await settle();
    const dialog = screen.getByTestId('settings-dialog');
    const phone = within(dialog).getByTestId('settings-phone-number-id');
    await fireEvent.input(phone, { target: { value: '+972 50 123' } });
    await fireEvent.input(within(dialog).getByLabelText('WhatsApp Business Account ID'), {
      target: { value: '123' },
    });
    await fireEvent.submit(phone.closest('form')!);
    await settle();
    expect(within(dialog).getByTestId('settings-error')).toHaveTextContent(/numeric/);

    await fireEvent.input(phone, { target: { value: '106540352242922' } });
    await fireEvent.input(within(dialog).getByLabelText('Access token'), { target: { value: 'EAAG' } });
    await fireEvent.submit(phone.closest('form')!);
    await settle();
    expect(backend.settingsView.account?.phoneNumberId).toBe('106540352242922');
    expect(within(dialog).getByRole('status')).toHaveTextContent('Saved');
    expect(within(dialog).getByLabelText('Access token')).toHaveValue('');
  });
});
