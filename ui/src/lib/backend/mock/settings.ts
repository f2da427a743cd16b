// The mock's account and preferences (their state is in `./core.ts`: other domains read it).

import type { AccountInput, Preferences, SettingsView } from '../../ipc/bindings';
import { DEFAULT_PREFERENCES } from '../../settings/preferences';
import type { SettingsBackend } from '../types';
import { refuse, type MockBase } from './core';

export interface SettingsCalls {
  setPreferences: Preferences[];
}

export function settingsMock<B extends MockBase>(Base: B) {
  return class SettingsMock extends Base implements SettingsBackend {
    declare readonly calls: SettingsCalls;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, { setPreferences: [] } satisfies SettingsCalls);
    }

    async getPreferences(): Promise<Preferences> {
      this.check();
      return { ...this.preferences };
    }

    async setPreferences(preferences: Preferences): Promise<Preferences> {
      this.calls.setPreferences.push(preferences);
      this.check();
      const p = { ...DEFAULT_PREFERENCES, ...preferences };
      const clamp = (v: number, max: number) => Math.min(max, Math.max(1, Math.round(v)));
      this.preferences = {
        ...p,
        templateSyncMinutes: clamp(p.templateSyncMinutes, 24 * 60),
        healthCheckMinutes: clamp(p.healthCheckMinutes, 24 * 60),
        statusAuditMinutes: clamp(p.statusAuditMinutes, 24 * 60),
        sendRatePerSecond: clamp(p.sendRatePerSecond, 1000),
      };
      return { ...this.preferences };
    }

    async getSettings(): Promise<SettingsView> {
      this.check();
      return this.settingsView;
    }

    async saveAccount(input: AccountInput): Promise<SettingsView> {
      this.check();
      if (!/^\d+$/.test(input.phoneNumberId.trim())) {
        refuse('invalidSettings', 'the phone number id must be numeric');
      }
      // As the engine: an emptied field is no app id; otherwise Meta's numeric App ID.
      const appId = input.appId?.trim() || null;
      if (appId !== null && !/^\d{1,32}$/.test(appId)) {
        refuse('invalidSettings', `the Meta app id must be the numeric App ID from Meta's App Dashboard (App settings → Basic), got "${appId}"`);
      }
      this.settingsView = {
        ...this.settingsView,
        mode: 'live',
        account: {
          phoneNumberId: input.phoneNumberId.trim(),
          wabaId: input.wabaId.trim(),
          graphVersion: input.graphVersion,
          apiBaseUrl: input.apiBaseUrl,
          appId,
        },
        secrets: {
          accessToken: this.settingsView.secrets.accessToken || Boolean(input.accessToken),
          appSecret: this.settingsView.secrets.appSecret || Boolean(input.appSecret),
          verifyToken: this.settingsView.secrets.verifyToken || Boolean(input.verifyToken),
          keyringError: null,
        },
        connection: { state: 'checking' },
      };
      return this.settingsView;
    }
  };
}
