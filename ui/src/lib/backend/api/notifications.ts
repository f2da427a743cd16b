// Desktop notifications and the window's focus.

import type { ConversationId } from '../../ipc/bindings';
import type { Unlisten } from './events';

export interface NotificationsBackend {
  notifyNewMessage(id: ConversationId, title: string, body: string): Promise<void>;
  /// Whether the Parley window has the user's focus (notifications are for when not).
  isWindowFocused(): Promise<boolean>;
  /// A notification was clicked.
  onOpenConversation(handler: (id: ConversationId) => void): Promise<Unlisten>;
}
