// Acting on a message: reply to it, react to it, send a failed one again.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Message } from '../ipc/bindings';
import { bubble, HOUR, openThread, settle } from '../../test/app';

const ANN = '972500000001';

async function type(text: string): Promise<void> {
  await fireEvent.input(screen.getByTestId('composer-input'), { target: { value: text } });
}

async function send(): Promise<void> {
  await fireEvent.click(screen.getByTestId('composer-send'));
  await settle();
}

describe('message actions', () => {
  it('Reply quotes the message in the composer, and the next send replies to it', async () => {
    let question!: Message;
    const { backend } = await openThread((b) => {
      question = b.customerWrites(ANN, 'Ann', 'Do you ship to Haifa?');
    });
    await fireEvent.click(within(bubble(question)).getByRole('button', { name: 'Reply' }));
    const bar = screen.getByTestId('quote-bar');
    expect(bar).toHaveTextContent('Replying to Ann');
    expect(bar).toHaveTextContent('Do you ship to Haifa?');

    await type('Yes, in two days');
    await send();
    expect(backend.calls.sendMessage.at(-1)).toEqual({
      conversationId: question.conversationId,
      outgoing: { type: 'text', body: 'Yes, in two days', previewUrl: false },
      replyTo: question.id,
    });
    expect(screen.queryByTestId('quote-bar')).toBeNull();
    const reply = screen.getAllByTestId('message').at(-1)!;
    expect(within(reply).getByTestId('quoted')).toHaveTextContent('Do you ship to Haifa?');

    await type('And anything else?');
    await send();
    expect(backend.calls.sendMessage.at(-1)?.replyTo).toBeNull();
  });

  it('a quote can be cancelled', async () => {
    let question!: Message;
    const { backend } = await openThread((b) => {
      question = b.customerWrites(ANN, 'Ann', 'Hello?');
    });
    await fireEvent.click(within(bubble(question)).getByRole('button', { name: 'Reply' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel the reply' }));
    expect(screen.queryByTestId('quote-bar')).toBeNull();
    await type('Hi');
    await send();
    expect(backend.calls.sendMessage.at(-1)?.replyTo).toBeNull();
  });

  it('React sends a reaction, which then shows on the message; it can be removed', async () => {
    let m!: Message;
    const { backend } = await openThread((b) => {
      m = b.customerWrites(ANN, 'Ann', 'Got it, thanks!');
    });
    await fireEvent.click(within(bubble(m)).getByRole('button', { name: 'React' }));
    const picker = within(bubble(m)).getByTestId('reaction-picker');
    expect(within(picker).getAllByTestId('reaction-option').map((b) => b.textContent?.trim())).toEqual([
      '👍', '❤️', '😂', '😮', '😢', '🙏',
    ]);
    await fireEvent.click(within(picker).getByRole('button', { name: 'React with 👍' }));
    await settle();
    expect(backend.calls.sendMessage.at(-1)).toEqual({
      conversationId: m.conversationId,
      outgoing: { type: 'reaction', messageId: m.id, emoji: '👍' },
      replyTo: null,
    });
    expect(within(bubble(m)).getByTestId('reaction')).toHaveAttribute('title', 'You reacted with 👍');
    // The reaction itself is not a message of the thread.
    expect(screen.getAllByTestId('message')).toHaveLength(1);

    await fireEvent.click(within(bubble(m)).getByRole('button', { name: 'React' }));
    await fireEvent.click(within(bubble(m)).getByRole('button', { name: 'Remove your reaction' }));
    await settle();
    expect(backend.calls.sendMessage.at(-1)?.outgoing).toEqual({ type: 'reaction', messageId: m.id, emoji: null });
    expect(within(bubble(m)).queryByTestId('reaction')).toBeNull();
  });

  it('Send again resends a failed message as a new one', async () => {
    const { backend } = await openThread((b) => {
      b.customerWrites(ANN, 'Ann', 'hi');
    });
    await type('Your order ships today');
    await send();
    const first = Number(screen.getAllByTestId('message').at(-1)!.getAttribute('data-message-id'));
    backend.setStatus(first, 'failed', { source: 'network', details: 'timed out' });
    await settle();
    const failed = bubble({ id: first });
    expect(within(failed).getByTestId('failure-reason')).toHaveTextContent(/could not be reached/);

    await fireEvent.click(within(failed).getByRole('button', { name: 'Send again' }));
    await settle();
    expect(backend.calls.sendAgain).toEqual([first]);
    const again = screen.getAllByTestId('message').at(-1)!;
    expect(again).not.toBe(failed);
    expect(again).toHaveAttribute('data-status', 'pending');
    expect(again).toHaveTextContent('Your order ships today');
    expect(within(again).queryByRole('button', { name: 'Send again' })).toBeNull();
  });

  it('offers no actions once the window has closed, nor on messages WhatsApp does not have yet', async () => {
    let old!: Message;
    await openThread((b) => {
      old = b.customerWrites(ANN, 'Ann', 'thanks', Date.now() - 27 * HOUR);
    });
    expect(within(bubble(old)).queryByTestId('message-actions')).toBeNull();
  });

  it('a pending reply cannot be quoted or reacted to yet', async () => {
    await openThread((b) => {
      b.customerWrites(ANN, 'Ann', 'hi');
    });
    await type('on its way');
    await send();
    const pending = screen.getAllByTestId('message').at(-1)!;
    expect(within(pending).queryByRole('button', { name: 'Reply' })).toBeNull();
  });

  it('shows why an action failed', async () => {
    let place!: Message;
    const { backend } = await openThread((b) => {
      place = b.customerSends(ANN, 'Ann', {
        type: 'location',
        location: { latitude: 32.08, longitude: 34.78, name: null, address: null, url: null },
      });
    });
    backend.failNext = { code: 'internal', message: 'no browser found' };
    await fireEvent.click(within(bubble(place)).getByRole('button', { name: 'Open map' }));
    await settle();
    expect(screen.getByTestId('action-error')).toHaveTextContent('Something went wrong: no browser found');
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('action-error')).toBeNull();
  });
});
