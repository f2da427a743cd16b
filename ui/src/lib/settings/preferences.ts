// The inbox preferences the shell starts with; a field it leaves out has this value.

import type { Preferences } from '../ipc/bindings';

export type FullPreferences = Required<Preferences>;

export const DEFAULT_PREFERENCES: FullPreferences = {
  sendReadReceipts: true,
  typingIndicator: true,
  linkPreviews: true,
  templateSyncMinutes: 15,
  healthCheckMinutes: 5,
  statusAuditMinutes: 10,
  sendRatePerSecond: 80,
};

export function withDefaults(preferences: Preferences): FullPreferences {
  const full = { ...DEFAULT_PREFERENCES };
  for (const key of Object.keys(full) as Array<keyof FullPreferences>) {
    const value = preferences[key];
    if (value !== undefined) (full as Record<string, unknown>)[key] = value;
  }
  return full;
}
