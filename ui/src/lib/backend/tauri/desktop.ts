import { commands } from '../../ipc/bindings';
import type { DesktopBackend } from '../types';
import { unwrap } from './answer';
import { markStartup, takeStartupMarks } from './startup';

/// `interfaceFont`: what the shell answered at start-up (asked together with the other
/// start-up question, so it costs the window no extra wait).
export const desktopAdapter = (interfaceFont: string | null): DesktopBackend => ({
  desktopSettings: () => unwrap(commands.desktopSettings()),
  setDesktopSettings: (settings) => unwrap(commands.setDesktopSettings(settings)),
  // The shell's command cannot fail: it answers nothing.
  setTrayWords: (words) => commands.setTrayWords(words),
  inboxPainted: () => {
    markStartup('painted (after the frame)');
    return commands.inboxPainted(takeStartupMarks());
  },
  interfaceFont: async () => interfaceFont,
});
