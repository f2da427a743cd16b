// The settings, connection, preferences and tunnel as the UI holds them.

import type {
  AccountInput,
  ConnectionStatus,
  Preferences,
  SettingsView,
  TunnelInput,
  TunnelView,
} from '../ipc/bindings';
import {
  BackendError,
  type EventsBackend,
  type SettingsBackend,
  type TunnelBackend,
  type Unlisten,
} from '../backend/types';
import { t } from '../i18n/index.svelte';
import { commandErrorText } from '../inbox/failure';
import { withDefaults, type FullPreferences } from './preferences';

/// A tunnel the shell could not set up or open, explained.
function tunnelErrorText(error: unknown): string {
  if (error instanceof BackendError && (error.code === 'invalidMessage' || error.code === 'invalidSettings')) {
    return t('tunnel.error', { details: error.message });
  }
  return commandErrorText(error);
}

/// The parts of the `Backend` the settings use.
export type SettingsDeps = SettingsBackend & TunnelBackend & EventsBackend;

export class Settings {
  view = $state<SettingsView | null>(null);
  connection = $state<ConnectionStatus>({ state: 'checking' });
  loadError = $state<string | null>(null);
  saveError = $state<string | null>(null);
  saving = $state(false);

  preferences = $state<FullPreferences | null>(null);
  preferencesError = $state<string | null>(null);
  preferencesSaving = $state(false);

  tunnel = $state<TunnelView | null>(null);
  tunnelError = $state<string | null>(null);
  tunnelBusy = $state(false);

  readonly #backend: SettingsDeps;

  constructor(backend: SettingsDeps) {
    this.#backend = backend;
  }

  async start(): Promise<Unlisten> {
    const stop = await this.#backend.onInboxEvent((event) => {
      switch (event.kind) {
        case 'connectionChanged':
          this.connection = event.status;
          break;
        case 'tunnelChanged':
          if (this.tunnel) this.tunnel = { ...this.tunnel, state: event.state };
          // The public URL and Meta's answer come with the full view.
          void this.#loadTunnel();
          break;
        case 'reload':
          void this.load();
          break;
        default:
          break;
      }
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
    await Promise.all([this.#loadPreferences(), this.#loadTunnel()]);
  }

  /// Saves the account and switches to it; `false` (with `saveError` set) when refused.
  async save(input: AccountInput): Promise<boolean> {
    this.saving = true;
    try {
      const view = await this.#backend.saveAccount(input);
      this.view = view;
      this.connection = view.connection;
      this.saveError = null;
      void this.#loadTunnel();
      return true;
    } catch (error) {
      this.saveError = commandErrorText(error);
      return false;
    } finally {
      this.saving = false;
    }
  }

  async savePreferences(preferences: Preferences): Promise<boolean> {
    this.preferencesSaving = true;
    try {
      this.preferences = withDefaults(await this.#backend.setPreferences(preferences));
      this.preferencesError = null;
      return true;
    } catch (error) {
      this.preferencesError = commandErrorText(error);
      return false;
    } finally {
      this.preferencesSaving = false;
    }
  }

  saveTunnel(input: TunnelInput): Promise<boolean> {
    return this.#tunnelCommand(() => this.#backend.saveTunnel(input));
  }

  startTunnel(): Promise<boolean> {
    return this.#tunnelCommand(() => this.#backend.startTunnel());
  }

  stopTunnel(): Promise<boolean> {
    return this.#tunnelCommand(() => this.#backend.stopTunnel());
  }

  async #tunnelCommand(command: () => Promise<TunnelView>): Promise<boolean> {
    this.tunnelBusy = true;
    try {
      this.tunnel = await command();
      this.tunnelError = null;
      return true;
    } catch (error) {
      this.tunnelError = tunnelErrorText(error);
      return false;
    } finally {
      this.tunnelBusy = false;
    }
  }

  async #loadPreferences(): Promise<void> {
    try {
      this.preferences = withDefaults(await this.#backend.getPreferences());
      this.preferencesError = null;
    } catch (error) {
      this.preferencesError = commandErrorText(error);
    }
  }

  async #loadTunnel(): Promise<void> {
    try {
      this.tunnel = await this.#backend.getTunnel();
    } catch (error) {
      this.tunnelError = tunnelErrorText(error);
    }
  }
}
