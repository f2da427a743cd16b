// The mock's desktop settings and tray words. Do not disturb silences notifications here
// as the shell does (its notify command checks the setting), so this module comes after
// the notifications module and wraps its `notifyNewMessage`.

import type { ConversationId, DesktopSettings, TrayWords } from '../../ipc/bindings';
import type { DesktopBackend, NotificationsBackend } from '../types';
import type { MockBase } from './core';

export interface DesktopCalls {
  setDesktopSettings: DesktopSettings[];
  setTrayWords: TrayWords[];
  inboxPainted: number;
}

export function desktopMock<B extends MockBase>(Base: B) {
  return class DesktopMock extends Base implements DesktopBackend {
    declare readonly calls: DesktopCalls;
    desktop: DesktopSettings = { doNotDisturb: false, startAtLogin: false };
    /// The words the tray shows; `null`: the shell's English defaults.
    trayWords: TrayWords | null = null;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, { setDesktopSettings: [], setTrayWords: [], inboxPainted: 0 } satisfies DesktopCalls);
    }

    async desktopSettings(): Promise<DesktopSettings> {
      this.check();
      return { ...this.desktop };
    }

    async setDesktopSettings(settings: DesktopSettings): Promise<DesktopSettings> {
      this.calls.setDesktopSettings.push({ ...settings });
      this.check();
      this.desktop = { doNotDisturb: settings.doNotDisturb, startAtLogin: settings.startAtLogin };
      return { ...this.desktop };
    }

    /// Never fails, as the shell's command cannot.
    async setTrayWords(words: TrayWords): Promise<void> {
      this.calls.setTrayWords.push({ ...words });
      this.trayWords = { ...words };
    }

    async inboxPainted(): Promise<void> {
      this.calls.inboxPainted += 1;
    }

    /// As on a platform whose web view knows its own font.
    async interfaceFont(): Promise<string | null> {
      return null;
    }

    async notifyNewMessage(conversationId: ConversationId, title: string, body: string): Promise<void> {
      if (this.desktop.doNotDisturb) return;
      // The notifications module's command, which the composed class extends.
      const base = Object.getPrototypeOf(DesktopMock.prototype) as Partial<NotificationsBackend>;
      await base.notifyNewMessage?.call(this, conversationId, title, body);
    }
  };
}
