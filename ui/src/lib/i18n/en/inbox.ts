// English: the conversation list and the open thread: rows, day separators, the 24-hour
// window, delivery status.

import type { Messages } from '../catalog';

export const inbox = {
  'inbox.heading': 'Conversations',
  'inbox.empty': 'No conversations yet. Messages from customers appear here as they arrive.',
  'inbox.emptyLive': 'Connect your WhatsApp account in Settings to receive messages.',
  'inbox.connect': 'Connect an account',
  'inbox.loadMore': 'Load more conversations',
  'inbox.unread': { one: '{count} unread message', other: '{count} unread messages' },
  // More than the badge shows exactly ({count} is 99): "99+" on the badge, and its label.
  'inbox.unreadBadgeOverMax': '{count}+',
  'inbox.unreadOverMax': { one: 'more than {count} unread message', other: 'more than {count} unread messages' },
  'inbox.you': 'You: {text}',
  'inbox.unsupportedPreview': 'A message Parley cannot show yet',
  'inbox.noMessages': 'No messages yet',
  'inbox.yesterday': 'Yesterday',

  'thread.pick': 'Choose a conversation to read it.',
  'thread.loadOlder': 'Show older messages',
  'thread.today': 'Today',
  'thread.yesterday': 'Yesterday',
  'thread.unsupported': 'This {kind} message cannot be shown in Parley yet.',
  'thread.loadFailed': 'This conversation could not be loaded: {reason}',
  'thread.unsupportedReason': 'WhatsApp says: {reason}',
  'thread.optedOut': 'Opted out of marketing',
  'thread.optedOutTitle':
    'This customer stopped marketing messages from you: marketing templates will not reach them.',
  'thread.dismiss': 'Dismiss',

  'window.open': 'Reply window: {time} left',
  'window.openTitle':
    'The customer service window is open: any message can be sent until {time}.',
  'window.closed': 'Reply window closed',
  'window.closedExplanation':
    'More than 24 hours have passed since {name} last wrote. WhatsApp now only delivers approved message templates to this customer; a free-form message would fail. Send one with the template button below.',
  'window.neverOpened': 'Waiting for the customer',
  'window.neverOpenedExplanation':
    '{name} has not written to this number yet. WhatsApp only lets a business start a conversation with an approved message template.',

  'status.pending': 'Sending',
  'status.accepted': 'Sending',
  'status.sent': 'Sent',
  'status.delivered': 'Delivered',
  'status.read': 'Read',
  'status.played': 'Played',
  'status.failed': 'Not delivered',
  'status.deleted': 'Deleted',
  'status.unconfirmed': 'Not confirmed',
} as const satisfies Messages;
