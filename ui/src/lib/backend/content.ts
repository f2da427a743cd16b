// What the shell's `MessageContent` helpers answer, for the UI and the mock alike.

import type { MessageContent } from '../ipc/bindings';

/// Meta's message `type` for this content (a voice note is an `audio` message).
export function apiType(content: MessageContent): string {
  switch (content.type) {
    case 'media':
      return content.media.kind === 'voice' ? 'audio' : content.media.kind;
    case 'interactive':
    case 'interactiveReply':
      return 'interactive';
    case 'buttonReply':
      return 'button';
    case 'unsupported':
      return content.typeName;
    default:
      return content.type;
  }
}

/// The body or caption: for previews, search and notifications.
export function contentText(content: MessageContent): string | null {
  switch (content.type) {
    case 'text':
      return content.body;
    case 'media':
      return content.media.caption;
    case 'interactive':
      return content.interactive.body;
    case 'interactiveReply':
      return content.reply.title;
    case 'buttonReply':
      return content.text;
    case 'location':
      return content.location.name ?? content.location.address;
    case 'order':
      return content.order.text;
    case 'template':
      return content.template.body;
    case 'system':
      return content.body;
    case 'contacts':
      return content.cards[0]?.formattedName ?? null;
    default:
      return null;
  }
}

/// Reactions, edits and deletions change another message; they are not shown themselves.
export function isControl(content: MessageContent): boolean {
  return content.type === 'reaction' || content.type === 'edit' || content.type === 'revoke';
}
