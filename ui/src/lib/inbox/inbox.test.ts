import { describe, expect, it } from 'vitest';
import { MockBackend } from '../backend/mock';
import { holdConversationPages } from '../../test/pages';
import { Inbox } from './inbox.svelte';

const HOUR = 60 * 60 * 1000;

async function started(backend = new MockBackend()): Promise<{ backend: MockBackend; inbox: Inbox }> {
  const inbox = new Inbox(backend);
  await inbox.start();
  return { backend, inbox };
}

/// The window confirms the inbox subscription only when `confirm` is called; what the
/// shell announces before then is lost, as in the window at start-up.
function subscribeLate(backend: MockBackend): () => void {
  let confirm!: () => void;
  const confirmed = new Promise<void>((resolve) => (confirm = resolve));
  const subscribe = backend.onInboxEvent.bind(backend);
  backend.onInboxEvent = async (handler) => {
    await confirmed;
    return subscribe(handler);
  };
  return confirm;
}

describe('Inbox', () => {
  it('asks for the first page without waiting for its subscriptions, and catches up on what came between', async () => {
    const backend = new MockBackend();
    backend.customerWrites('1', 'Ann', 'first', Date.now() - 3 * HOUR);
    // The window confirms the subscription late; the shell announces a message before
    // it has one, so the event itself is lost.
    const confirm = subscribeLate(backend);
    const asked: string[] = [];
    const list = backend.listConversations.bind(backend);
    backend.listConversations = (...args) => {
      asked.push('listConversations');
      return list(...args);
    };
    const inbox = new Inbox(backend);
    const starting = inbox.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual(['listConversations']);
    expect(inbox.conversations.map((c) => c.lastMessage?.preview)).toEqual(['first']);

    backend.customerWrites('1', 'Ann', 'while subscribing');
    backend.customerWrites('2', 'Ben', 'new customer');
    confirm();
    await starting;
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual(['listConversations', 'listConversations']);
    expect(inbox.conversations.map((c) => c.lastMessage?.preview)).toEqual(['new customer', 'while subscribing']);
    expect(inbox.conversations[1]?.unreadCount).toBe(2);

    backend.customerWrites('2', 'Ben', 'after');
    expect(inbox.conversations[0]?.lastMessage?.preview).toBe('after');
  });

  it('keeps what an event brought while the start-up catch-up was reading an older page', async () => {
    const backend = new MockBackend();
    backend.customerWrites('1', 'Ann', 'first', Date.now() - 3 * HOUR);
    // The catch-up's read returns the page as it was when asked, after a newer event.
    // The start-up catch-up is the second page asked for.
    const { release, asked: calls } = holdConversationPages(backend, 2);
    const inbox = new Inbox(backend);
    await inbox.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls()).toBe(2);

    backend.customerWrites('1', 'Ann', 'newer, by its event');
    expect(inbox.conversations[0]?.lastMessage?.preview).toBe('newer, by its event');
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(inbox.conversations[0]?.lastMessage?.preview).toBe('newer, by its event');
    expect(inbox.conversations[0]?.unreadCount).toBe(2);
  });

  it('leaves the list as it is when the start-up catch-up finds nothing new', async () => {
    const backend = new MockBackend();
    backend.customerWrites('1', 'Ann', 'first', Date.now() - 3 * HOUR);
    backend.customerWrites('2', 'Ben', 'second', Date.now() - 2 * HOUR);
    // The start-up catch-up is the second page asked for.
    const { release, asked: calls } = holdConversationPages(backend, 2);
    const inbox = new Inbox(backend);
    await inbox.start();
    const shown = inbox.conversations;
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls()).toBe(2);
    // The same array: a new one of the same rows would have the list laid out again.
    expect(inbox.conversations).toBe(shown);
  });

  it('drops a conversation that left the view between the first page and the subscription', async () => {
    const backend = new MockBackend();
    backend.customerWrites('1', 'Ann', 'first', Date.now() - 3 * HOUR);
    backend.customerWrites('2', 'Ben', 'second', Date.now() - 2 * HOUR);
    const confirm = subscribeLate(backend);
    const inbox = new Inbox(backend);
    const starting = inbox.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(inbox.conversations.map((c) => c.contact.waId)).toEqual(['2', '1']);

    // Resolved by a colleague before the window listens: its event is lost.
    const ann = inbox.conversations.find((c) => c.contact.waId === '1');
    await backend.setConversationStatus(ann!.id, 'resolved');
    confirm();
    await starting;
    await new Promise((r) => setTimeout(r, 0));
    expect(inbox.conversations.map((c) => c.contact.waId)).toEqual(['2']);
  });

  it('lists conversations newest activity first and moves a conversation up when its customer writes', async () => {
    const backend = new MockBackend();
    backend.customerWrites('1', 'Ann', 'first', Date.now() - 3 * HOUR);
    backend.customerWrites('2', 'Ben', 'second', Date.now() - 2 * HOUR);
    const { inbox } = await started(backend);
    expect(inbox.conversations.map((c) => c.contact.profileName)).toEqual(['Ben', 'Ann']);

    backend.customerWrites('1', 'Ann', 'again');
    expect(inbox.conversations.map((c) => c.contact.profileName)).toEqual(['Ann', 'Ben']);
    expect(inbox.conversations[0]?.unreadCount).toBe(2);
    expect(inbox.conversations[0]?.lastMessage?.preview).toBe('again');
  });

  it('opening a conversation loads its thread and marks it read', async () => {
    const { backend, inbox } = await started();
    const m = backend.customerWrites('1', 'Ann', 'hello');
    await new Promise((r) => setTimeout(r, 0));
    await inbox.select(m.conversationId);
    expect(inbox.thread?.messages.map((x) => x.text)).toEqual(['hello']);
    expect(inbox.thread?.window.state).toBe('open');
    expect(backend.opened).toEqual([m.conversationId]);
    expect(inbox.conversations[0]?.unreadCount).toBe(0);
  });

  it('a message in the open, focused conversation is read at once and does not notify', async () => {
    const { backend, inbox } = await started();
    const first = backend.customerWrites('1', 'Ann', 'hello');
    await inbox.select(first.conversationId);
    backend.opened.length = 0;
    backend.customerWrites('1', 'Ann', 'are you there?');
    await new Promise((r) => setTimeout(r, 0));
    expect(inbox.thread?.messages.map((x) => x.text)).toEqual(['hello', 'are you there?']);
    expect(backend.opened).toEqual([first.conversationId]);
    expect(backend.notifications).toEqual([]);
  });

  it('notifies with the contact name when the window is not focused, and a click opens the conversation', async () => {
    const { backend, inbox } = await started();
    backend.focused = false;
    const m = backend.customerWrites('972501234567', 'Dana Levi', 'Size 38?');
    await new Promise((r) => setTimeout(r, 0));
    expect(backend.notifications).toEqual([
      { conversationId: m.conversationId, title: 'Dana Levi', body: 'Size 38?' },
    ]);
    expect(inbox.selectedId).toBeNull();

    backend.clickNotification(m.conversationId);
    await new Promise((r) => setTimeout(r, 0));
    expect(inbox.selectedId).toBe(m.conversationId);
    expect(inbox.thread?.conversation.id).toBe(m.conversationId);
  });

  it('a reply shows as pending and follows its statuses', async () => {
    const { backend, inbox } = await started();
    const m = backend.customerWrites('1', 'Ann', 'hi');
    await inbox.select(m.conversationId);
    await inbox.send('Hello Ann');
    const reply = inbox.thread?.messages.at(-1);
    expect(reply?.status).toBe('pending');
    backend.setStatus(reply!.id, 'delivered');
    expect(inbox.thread?.messages.at(-1)?.status).toBe('delivered');
    expect(inbox.conversations[0]?.lastMessage?.status).toBe('delivered');
  });

  it('a refused send explains itself in plain words', async () => {
    const backend = new MockBackend();
    const old = backend.customerWrites('1', 'Ann', 'thanks', Date.now() - 25 * HOUR);
    const { inbox } = await started(backend);
    await inbox.select(old.conversationId);
    expect(inbox.thread?.window.state).toBe('closed');
    await expect(inbox.send('hello?')).rejects.toThrow(/24-hour window is closed/);
  });

  it('a failed first load is reported and can be retried', async () => {
    const backend = new MockBackend();
    backend.failNext = { code: 'storage', message: 'disk I/O error' };
    const { inbox } = await started(backend);
    expect(inbox.loadError).toContain('disk I/O error');
    await inbox.reload();
    expect(inbox.loadError).toBeNull();
  });
});

describe('Inbox events', () => {
  it('replaces an updated message it shows, and leaves out updates of messages not loaded', async () => {
    const { backend, inbox } = await started();
    const m = backend.customerWrites('1', 'Ann', 'hello');
    await inbox.select(m.conversationId);
    backend.customerReacts(m.id, '👍');
    expect(inbox.thread?.messages[0]?.reactions).toEqual([{ emoji: '👍', by: 'inbound' }]);

    const stranger = { ...m, id: 999, text: 'never loaded' };
    await inbox.apply({ kind: 'messageUpdated', message: stranger });
    expect(inbox.thread?.messages.map((x) => x.id)).toEqual([m.id]);
  });

  it('does not show reactions, edits or deletions as messages of their own', async () => {
    const { backend, inbox } = await started();
    const m = backend.customerWrites('1', 'Ann', 'hello');
    await inbox.select(m.conversationId);
    backend.focused = false;
    await inbox.apply({
      kind: 'messageAdded',
      message: { ...m, id: 500, content: { type: 'reaction', targetWamid: m.wamid ?? '', emoji: '❤️' } },
    });
    expect(inbox.thread?.messages).toHaveLength(1);
    expect(backend.notifications).toEqual([]);
  });

  it('ignores account events, which the activity store handles', async () => {
    const { inbox } = await started();
    await inbox.apply({ kind: 'templatesChanged' });
    await inbox.apply({ kind: 'syncChanged', sync: { name: 'templates', lastAttemptAt: 0, lastSuccessAt: 0, lastError: null } });
    await inbox.apply({ kind: 'tunnelChanged', state: { state: 'stopped' } });
    expect(inbox.conversations).toEqual([]);
  });

  it('notifies a photo without caption by its kind', async () => {
    const { backend } = await started();
    backend.focused = false;
    backend.customerSends('1', 'Ann', {
      type: 'media',
      media: { kind: 'image', id: null, mimeType: null, sha256: null, size: null, filename: null, caption: null, animated: false },
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(backend.notifications.map((n) => n.body)).toEqual(['Photo']);
  });

  it('forgets the quote when another conversation is opened, and throttles typing', async () => {
    const { backend, inbox } = await started();
    const a = backend.customerWrites('1', 'Ann', 'hello');
    const b = backend.customerWrites('2', 'Ben', 'hey');
    await inbox.select(a.conversationId);
    inbox.quote(a);
    inbox.typing();
    inbox.typing();
    expect(backend.calls.typing).toEqual([a.conversationId]);
    await inbox.select(b.conversationId);
    expect(inbox.replyTo).toBeNull();
    inbox.typing();
    expect(backend.calls.typing).toEqual([a.conversationId, b.conversationId]);
  });
});
