// The one hand-written file that talks to the desktop shell. Everything else in the UI
// sees only the `Backend` interface, so it runs the same against the in-memory mock.

import { getCurrentWindow } from '@tauri-apps/api/window';
import { commands, events, type CommandError } from '../ipc/bindings';
import { BackendError, type Backend } from './types';

type Answer<T> = { status: 'ok'; data: T } | { status: 'error'; error: CommandError };

async function unwrap<T>(answer: Promise<Answer<T>>): Promise<T> {
  const result = await answer;
  if (result.status === 'error') throw new BackendError(result.error);
  return result.data;
}

export const tauriBackend: Backend = {
  listConversations: (after, limit) => unwrap(commands.listConversations(after, limit)),
  getThread: (id, before, limit) => unwrap(commands.getThread(id, before, limit)),
  openConversation: (id) => unwrap(commands.openConversation(id)),
  serviceWindow: (id) => unwrap(commands.serviceWindow(id)),
  sendText: (id, text) => unwrap(commands.sendText(id, text)),
  getSettings: () => unwrap(commands.getSettings()),
  saveAccount: (input) => unwrap(commands.saveAccount(input)),
  notifyNewMessage: async (id, title, body) => {
    await unwrap(commands.notifyNewMessage(id, title, body));
  },
  isWindowFocused: () => getCurrentWindow().isFocused(),
  onInboxEvent: (handler) => events.inboxEvent.listen((event) => handler(event.payload)),
  onOpenConversation: (handler) =>
    events.openConversation.listen((event) => handler(event.payload.conversationId)),
};
