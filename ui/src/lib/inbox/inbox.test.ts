import { describe, expect, it } from 'vitest';
import { MockBackend } from '../backend/mock';
import { Inbox } from './inbox.svelte';

const HOUR = 60 * 60 * 1000;

async function started(backend = new MockBackend()): Promise<{ backend: MockBackend; inbox: Inbox }> {
  const inbox = new Inbox(backend);
  await inbox.start();
  return { backend, inbox };
}

describe('Inbox', () => {
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
