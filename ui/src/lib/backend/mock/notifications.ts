// The mock's desktop notifications and window focus.

import type { ConversationId } from '../../ipc/bindings';
import type { NotificationsBackend, Unlisten } from '../types';
import type { MockBase } from './core';

export interface Notified {
  conversationId: ConversationId;
  title: string;
  body: string;
}

export function notificationsMock<B extends MockBase>(Base: B) {
  return class NotificationsMock extends Base implements NotificationsBackend {
    /// Whether the window has the focus, as `isWindowFocused` answers.
    focused = true;
    readonly notifications: Notified[] = [];
    #openHandlers = new Set<(id: ConversationId) => void>();

    /// The user clicked a notification of this conversation.
    clickNotification(id: ConversationId): void {
      for (const handler of this.#openHandlers) handler(id);
    }

    async notifyNewMessage(conversationId: ConversationId, title: string, body: string): Promise<void> {
      this.notifications.push({ conversationId, title, body });
    }

    async isWindowFocused(): Promise<boolean> {
      return this.focused;
    }

    async onOpenConversation(handler: (id: ConversationId) => void): Promise<Unlisten> {
      this.#openHandlers.add(handler);
      return () => this.#openHandlers.delete(handler);
    }
  };
}
