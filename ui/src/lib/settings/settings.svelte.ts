// The settings and connection state as the UI holds it.

import type { AccountInput, ConnectionStatus, SettingsView } from '../ipc/bindings';
import type { Backend, Unlisten } from '../backend/types';
import { commandErrorText } from '../inbox/failure';

export class Settings {
  view = $state<SettingsView | null>(null);
  connection = $state<ConnectionStatus>({ state: 'checking' });
  loadError = $state<string | null>(null);
  saveError = $state<string | null>(null);
  saving = $state(false);

  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  async start(): Promise<Unlisten> {
    const stop = await this.#backend.onInboxEvent((event) => {
      if (event.kind === 'connectionChanged') this.connection = event.status;
      if (event.kind === 'reload') void this.load();
    });
    await this.load();
    return stop;
  }

  async load(): Promise<void> {
    try {
      const view = await this.#backend.getSettings();
      this.view = view;
      this.connection = view.connection;
      this.loadError = null;
    } catch (error) {
      this.loadError = commandErrorText(error);
    }
  }

  /// Saves the account and switches to it; `false` (with `saveError` set) when refused.
  async save(input: AccountInput): Promise<boolean> {
    this.saving = true;
    try {
      const view = await this.#backend.saveAccount(input);
      this.view = view;
      this.connection = view.connection;
      this.saveError = null;
      return true;
    } catch (error) {
      this.saveError = commandErrorText(error);
      return false;
    } finally {
      this.saving = false;
    }
  }
}
