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

async function done(answer: Promise<Answer<null>>): Promise<void> {
  await unwrap(answer);
}

/// A local file's URL on the shell's loopback media server (see
/// crates/engine/src/media_server.rs for why not Tauri's asset protocol).
function mediaUrlUnder(base: string): (path: string) => string {
  return (path) => `${base}/${encodeURIComponent(path)}`;
}

/// The shell's backend; asks once where media files are served from.
export async function tauriBackend(): Promise<Backend> {
  const mediaBase = await commands.mediaBaseUrl();
  return { ...commandsAndEvents, mediaUrl: mediaUrlUnder(mediaBase) };
}

const commandsAndEvents: Omit<Backend, 'mediaUrl'> = {
  listConversations: (after, limit) => unwrap(commands.listConversations(after, limit)),
  getThread: (id, before, limit) => unwrap(commands.getThread(id, before, limit)),
  openConversation: (id) => unwrap(commands.openConversation(id)),
  serviceWindow: (id) => unwrap(commands.serviceWindow(id)),
  sendText: (id, text) => unwrap(commands.sendText(id, text)),
  sendMessage: (id, outgoing, replyTo) => unwrap(commands.sendMessage(id, outgoing, replyTo)),
  sendAgain: (messageId) => unwrap(commands.sendAgain(messageId)),
  typing: (id) => done(commands.typing(id)),
  retryMedia: (messageId) => done(commands.retryMedia(messageId)),
  openMedia: (messageId) => done(commands.openMedia(messageId)),
  openLocation: (messageId) => done(commands.openLocation(messageId)),
  openReferral: (messageId) => done(commands.openReferral(messageId)),
  chooseFile: () => unwrap(commands.chooseFile()),
  accountEvents: (limit) => unwrap(commands.accountEvents(limit)),
  templates: () => unwrap(commands.templates()),
  syncStatus: () => unwrap(commands.syncStatus()),
  syncNow: () => unwrap(commands.syncNow()),
  getPreferences: () => unwrap(commands.getPreferences()),
  setPreferences: (preferences) => unwrap(commands.setPreferences(preferences)),
  getSettings: () => unwrap(commands.getSettings()),
  saveAccount: (input) => unwrap(commands.saveAccount(input)),
  getTunnel: () => unwrap(commands.getTunnel()),
  saveTunnel: (input) => unwrap(commands.saveTunnel(input)),
  startTunnel: () => unwrap(commands.startTunnel()),
  stopTunnel: () => unwrap(commands.stopTunnel()),
  notifyNewMessage: (id, title, body) => done(commands.notifyNewMessage(id, title, body)),
  isWindowFocused: () => getCurrentWindow().isFocused(),
  onInboxEvent: (handler) => events.inboxEvent.listen((event) => handler(event.payload)),
  onOpenConversation: (handler) =>
    events.openConversation.listen((event) => handler(event.payload.conversationId)),
};
