// Files and links: downloads, attachments, and opening a message's file, map or ad in
// another app.

import type { MessageId } from '../../ipc/bindings';

export interface MediaBackend {
  retryMedia(messageId: MessageId): Promise<void>;
  openMedia(messageId: MessageId): Promise<void>;
  openLocation(messageId: MessageId): Promise<void>;
  openReferral(messageId: MessageId): Promise<void>;
  /// Asks the user for a file to attach; `null` when they cancel.
  chooseFile(): Promise<string | null>;
  /// A URL the webview can load for a local media file.
  mediaUrl(path: string): string;
}
