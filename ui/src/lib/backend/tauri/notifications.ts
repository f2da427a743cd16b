import { commands, events } from '../../ipc/bindings';
import type { NotificationsBackend } from '../types';
import { done } from './answer';

/// `isWindowFocused` comes from `../tauri.ts`, the one file that imports `@tauri-apps/*`.
export function notificationsAdapter(isWindowFocused: () => Promise<boolean>): NotificationsBackend {
  return {
    notifyNewMessage: (id, title, body) => done(commands.notifyNewMessage(id, title, body)),
    isWindowFocused,
    onOpenConversation: (handler) =>
      events.openConversation.listen((event) => handler(event.payload.conversationId)),
  };
}
