import { commands } from '../../ipc/bindings';
import type { DesktopBackend } from '../types';
import { unwrap } from './answer';
import { markStartup, takeStartupMarks } from './startup';

export const desktopAdapter: DesktopBackend = {
  desktopSettings: () => unwrap(commands.desktopSettings()),
  setDesktopSettings: (settings) => unwrap(commands.setDesktopSettings(settings)),
  // The shell's command cannot fail: it answers nothing.
  setTrayWords: (words) => commands.setTrayWords(words),
  inboxPainted: () => {
    markStartup('painted (after the frame)');
    return commands.inboxPainted(takeStartupMarks());
  },
};
