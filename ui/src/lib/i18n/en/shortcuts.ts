// English: the keyboard shortcuts and their help overlay.

import type { Messages } from '../catalog';

export const shortcuts = {
  'shortcuts.title': 'Keyboard shortcuts',
  'shortcuts.open': 'Keyboard shortcuts',
  'shortcuts.nextConversation': 'Next conversation',
  'shortcuts.previousConversation': 'Previous conversation',
  'shortcuts.assignToMe': 'Assign the open conversation to me',
  'shortcuts.resolve': 'Resolve the open conversation',
  'shortcuts.labels': 'Label the open conversation',
  'shortcuts.note': 'Write a private note',
  'shortcuts.search': 'Search messages and contacts',
  'shortcuts.help': 'Show or hide this list',
  'shortcuts.helpAlone': 'This list too, when not typing',
} as const satisfies Messages;
