// How Parley behaves on this computer: do not disturb, start at login, the tray's words.

import type { DesktopSettings, TrayWords } from '../../ipc/bindings';

export interface DesktopBackend {
  desktopSettings(): Promise<DesktopSettings>;
  /// Answers the settings as they now are (starting at login may not have changed).
  setDesktopSettings(settings: DesktopSettings): Promise<DesktopSettings>;
  /// The tray menu and tooltip in the UI's language.
  setTrayWords(words: TrayWords): Promise<void>;
  /// The first inbox is on screen (the desktop benchmark times start-up by it).
  inboxPainted(): Promise<void>;
  /// The desktop's interface font family, when the shell knows it (Linux); `null` keeps
  /// the platform's `system-ui`. Never fails.
  interfaceFont(): Promise<string | null>;
}
