// Why a message failed, in plain words the customer-facing agent understands.

import type { CommandError, SendFailure } from '../ipc/bindings';
import { hasKey, t } from '../i18n/index.svelte';

export function failureText(failure: SendFailure): string {
  switch (failure.source) {
    case 'meta': {
      const key = `meta.${failure.code}`;
      return hasKey(key) ? t(key) : t('failure.metaOther', { code: failure.code, title: failure.title });
    }
    case 'network':
      return t('failure.network');
    case 'outcomeUnknown':
      return t('failure.outcomeUnknown');
    case 'local':
      return t('failure.local', { details: failure.details });
  }
}

/// A failed command, explained.
export function commandErrorText(error: unknown): string {
  const e = error as Partial<CommandError> | undefined;
  const key = `errors.${e?.code ?? 'internal'}`;
  const details = e?.message ?? String(error);
  return hasKey(key) ? t(key, { details }) : t('errors.internal', { details });
}
