// How Parley behaves on this computer: do not disturb and starting at login, and the
// tray's words, which the shell cannot translate itself: they are sent at start and
// again whenever the UI's language changes.

import { tick } from 'svelte';
import type { DesktopSettings, TrayWords } from '../ipc/bindings';
import type { DesktopBackend, EventsBackend, Unlisten } from '../backend/types';
import { t } from '../i18n/index.svelte';
import { commandErrorText } from '../inbox/failure';

/// How many unread counts the tray gets spelled out; beyond, it says "more than".
export const TRAY_COUNTS = 99;

/// The tray's words in the current language (reading `t` makes an effect follow it).
/// Every count is worded here, with the language's own plural form: the shell only
/// picks the line for its number.
export function trayWords(): TrayWords {
  const unread = Array.from({ length: TRAY_COUNTS }, (_, i) => t('desktop.trayUnread', { count: i + 1 }));
  unread.push(t('desktop.trayUnreadMore', { count: TRAY_COUNTS }));
  return {
    show: t('desktop.trayShow'),
    quit: t('desktop.trayQuit'),
    nothingUnread: t('desktop.trayNothingUnread'),
    unread,
  };
}

export class Desktop {
  settings = $state<DesktopSettings | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);

  readonly #backend: DesktopBackend & EventsBackend;

  constructor(backend: DesktopBackend & EventsBackend) {
    this.#backend = backend;
  }

  get doNotDisturb(): boolean {
    return this.settings?.doNotDisturb ?? false;
  }

  /// Tells the shell the first inbox is on screen (after the frame that shows it is painted:
  /// requestAnimationFrame runs before the paint, the timeout after it). Resolves then.
  async inboxPainted(): Promise<void> {
    await tick();
    performance.mark('first page rendered');
    await new Promise<void>((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
    void this.#backend.inboxPainted().catch(() => undefined);
  }

  async start(): Promise<Unlisten> {
    const stopWords = $effect.root(() => {
      $effect(() => {
        const words = trayWords();
        void this.#backend.setTrayWords(words).catch(() => undefined);
      });
    });
    // Do not disturb is kept per profile: another profile's may differ.
    const stopEvents = await this.#backend.onInboxEvent((event) => {
      if (event.kind === 'reload') void this.load();
    });
    await this.load();
    return () => {
      stopWords();
      stopEvents();
    };
  }

  async load(): Promise<void> {
    try {
      this.settings = await this.#backend.desktopSettings();
      this.error = null;
    } catch (error) {
      this.error = t('desktop.saveFailed', { reason: commandErrorText(error) });
    }
  }

  setDoNotDisturb(on: boolean): Promise<boolean> {
    return this.#change({ doNotDisturb: on });
  }

  setStartAtLogin(on: boolean): Promise<boolean> {
    return this.#change({ startAtLogin: on });
  }

  /// Shows the change at once and undoes it if the shell refuses.
  async #change(change: Partial<DesktopSettings>): Promise<boolean> {
    const before = this.settings ?? { doNotDisturb: false, startAtLogin: false };
    this.settings = { ...before, ...change };
    this.busy = true;
    try {
      this.settings = await this.#backend.setDesktopSettings(this.settings);
      this.error = null;
      return true;
    } catch (error) {
      this.settings = before;
      this.error = t('desktop.saveFailed', { reason: commandErrorText(error) });
      return false;
    } finally {
      this.busy = false;
    }
  }
}
