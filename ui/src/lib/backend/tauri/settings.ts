import { commands } from '../../ipc/bindings';
import type { SettingsBackend } from '../types';
import { unwrap } from './answer';

export const settingsAdapter: SettingsBackend = {
  getPreferences: () => unwrap(commands.getPreferences()),
  setPreferences: (preferences) => unwrap(commands.setPreferences(preferences)),
  getSettings: () => unwrap(commands.getSettings()),
  saveAccount: (input) => unwrap(commands.saveAccount(input)),
};
