// The WhatsApp account and the inbox preferences.

import type { AccountInput, Preferences, SettingsView } from '../../ipc/bindings';

export interface SettingsBackend {
  getPreferences(): Promise<Preferences>;
  setPreferences(preferences: Preferences): Promise<Preferences>;
  getSettings(): Promise<SettingsView>;
  saveAccount(input: AccountInput): Promise<SettingsView>;
}
