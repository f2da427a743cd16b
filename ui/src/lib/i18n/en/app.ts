// English: the window itself: title, header, connection state, the dialogs’ shared buttons,
// desktop notifications.

import type { Messages } from '../catalog';

export const app = {
  'app.title': 'Parley',
  'app.demoBadge': 'Demo',
  'app.demoTitle':
    'Demo mode: a simulated WhatsApp number with simulated customers. Nothing is sent to Meta.',
  'app.settings': 'Settings',
  'app.loadFailed': 'Parley could not load the inbox: {reason}',
  'app.retry': 'Try again',
  'app.sectionFailed': 'This part of Parley could not be loaded: {reason}',
  'app.activity': 'Activity',
  'app.activityCount': { one: 'Activity: {count} new notice', other: 'Activity: {count} new notices' },

  'connection.checking': 'Checking the connection…',
  'connection.connected': 'Connected as {name}',
  'connection.notConfigured': 'No WhatsApp account connected',
  'connection.refused': 'WhatsApp refused the connection: {message}',
  'connection.unreachable': 'WhatsApp Cloud API cannot be reached',
  'connection.quality': 'Quality: {rating}',

  'dialog.cancel': 'Cancel',
  'dialog.send': 'Send',
  'dialog.close': 'Close',

  'notification.otherKind': 'Sent a message',
} as const satisfies Messages;
