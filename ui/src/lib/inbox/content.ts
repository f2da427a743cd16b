// How a message's content is named and summed up in the UI: its kind, and a one-line
// preview for quotes, the quote bar and notifications.

import type { Message, QuotedMessage } from '../ipc/bindings';
import { isControl } from '../backend/content';
import { hasKey, t } from '../i18n/index.svelte';

/// What the article's `data-kind` says: the content type, or the media kind.
export function dataKind(message: Message): string {
  return message.content.type === 'media' ? message.content.media.kind : message.content.type;
}

/// "Photo", "Voice message", "Location": a message kind (Meta's type or a media kind).
export function kindLabel(kind: string): string {
  const key = `kind.${kind}`;
  return hasKey(key) ? t(key) : t('inbox.unsupportedPreview');
}

/// One line about a message: its text or caption, else its kind.
export function messagePreview(message: Message): string {
  if (message.revokedAt !== null) return t('message.deleted');
  return message.text?.trim() || kindLabel(dataKind(message));
}

export function quotedPreview(quoted: QuotedMessage): string {
  return quoted.preview?.trim() || kindLabel(quoted.kind);
}

/// Whether the message appears in the thread (reactions, edits, deletions change others).
export function isShown(message: Message): boolean {
  return !isControl(message.content);
}

/// Whether the composer text contains a link WhatsApp could preview.
export function hasLink(text: string): boolean {
  return /\bhttps?:\/\/\S/i.test(text);
}
