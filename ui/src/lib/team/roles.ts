// Names the UI shows for roles and automations.

import type { Automation, Role } from '../ipc/bindings';
import { t } from '../i18n/index.svelte';

export const ROLES: readonly Role[] = ['owner', 'manager', 'agent'];

export function roleName(role: Role): string {
  switch (role) {
    case 'owner':
      return t('team.role.owner');
    case 'manager':
      return t('team.role.manager');
    case 'agent':
      return t('team.role.agent');
  }
}

export function automationName(automation: Automation): string {
  switch (automation) {
    case 'away':
      return t('team.automation.away');
    case 'greeting':
      return t('team.automation.greeting');
    case 'keyword':
      return t('team.automation.keyword');
    case 'optOutConfirmation':
      return t('team.automation.optOutConfirmation');
  }
}
