// English: how Parley behaves on this computer: do not disturb, starting at login, and
// the tray's menu and tooltip (sent to the shell, which shows them).

import type { Messages } from '../catalog';

export const desktop = {
  'desktop.title': 'This computer',
  'desktop.dnd': 'Do not disturb',
  'desktop.doNotDisturb': 'Do not disturb (no desktop notifications; messages still arrive)',
  'desktop.startAtLogin': 'Start Parley when I log in',
  'desktop.saveFailed': 'The setting could not be changed: {reason}',
  'desktop.dndOn': 'Do not disturb is on: click to show notifications again',
  'desktop.dndOff': 'Do not disturb: silence desktop notifications',
  'desktop.trayShow': 'Show Parley',
  'desktop.trayQuit': 'Quit Parley',
  'desktop.trayNothingUnread': 'Parley: nothing unread',
  'desktop.trayUnread': {
    one: 'Parley: {count} conversation unread',
    other: 'Parley: {count} conversations unread',
  },
  'desktop.trayUnreadMore': {
    one: 'Parley: more than {count} conversation unread',
    other: 'Parley: more than {count} conversations unread',
  },
} as const satisfies Messages;
