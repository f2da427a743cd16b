// English: the Ctrl+K search palette.

import type { Messages } from '../catalog';

export const search = {
  'search.open': 'Search (Ctrl+K)',
  'search.title': 'Search',
  'search.placeholder': 'Search names, numbers and messages',
  'search.close': 'Close search',
  'search.hint': 'Type a name, a phone number or words from a message.',
  'search.searching': 'Searching…',
  'search.noResults': 'Nothing found for “{query}”.',
  'search.failed': 'The search did not work: {reason}',
  'search.contacts': 'Contacts',
  'search.messages': 'Messages',
  'search.resultCount': {
    zero: 'No results',
    one: '{count} result',
    other: '{count} results',
  },
  'search.fromBusiness': 'You to {name}',
  'search.noConversation': 'No conversation yet',
  'search.jumpFailed': 'That message could not be opened: {reason}',
  'search.loadNewer': 'Show newer messages',
  'search.keys': '↑ ↓ to move, Enter to open, Esc to close',
} as const satisfies Messages;
