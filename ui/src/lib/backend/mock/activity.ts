// The mock's account activity: notices, the pollers' sync state, message templates.

import type { AccountEvent, AccountNotice, SyncStatus, TemplateView } from '../../ipc/bindings';
import type { ActivityBackend } from '../types';
import type { MockBase } from './core';

export const SYNC_NAMES = ['templates', 'numberHealth', 'statusAudit'] as const;

export interface ActivityCalls {
  syncNow: number;
}

export function activityMock<B extends MockBase>(Base: B) {
  return class ActivityMock extends Base implements ActivityBackend {
    declare readonly calls: ActivityCalls;
    /// Newest first, as the shell lists them.
    notices: AccountEvent[] = [];
    templateList: TemplateView[] = [];
    syncs: SyncStatus[] = [];
    /// Pollers that fail at the next `syncNow`, with their error.
    syncErrors: Partial<Record<string, string>> = {};
    #nextNoticeId = 1;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, { syncNow: 0 } satisfies ActivityCalls);
    }

    /// A notice arrives (template review, quality, a customer's preference).
    emitNotice(notice: AccountNotice, at = this.now()): AccountEvent {
      const event: AccountEvent = { id: this.#nextNoticeId++, notice, occurredAt: at };
      this.notices = [event, ...this.notices];
      this.emit({ kind: 'notice', event });
      return event;
    }

    /// A poller ran.
    recordSync(sync: SyncStatus): void {
      this.syncs = [...this.syncs.filter((s) => s.name !== sync.name), sync];
      this.emit({ kind: 'syncChanged', sync });
    }

    setTemplates(templates: TemplateView[]): void {
      this.templateList = templates;
      this.emit({ kind: 'templatesChanged' });
    }

    async accountEvents(limit: number): Promise<AccountEvent[]> {
      this.check();
      return this.notices.slice(0, limit);
    }

    async templates(): Promise<TemplateView[]> {
      this.check();
      return [...this.templateList];
    }

    async syncStatus(): Promise<SyncStatus[]> {
      this.check();
      return [...this.syncs];
    }

    async syncNow(): Promise<SyncStatus[]> {
      this.calls.syncNow++;
      this.check();
      const at = this.now();
      for (const name of SYNC_NAMES) {
        const error = this.syncErrors[name] ?? null;
        const previous = this.syncs.find((s) => s.name === name);
        this.recordSync({
          name,
          lastAttemptAt: at,
          lastSuccessAt: error ? (previous?.lastSuccessAt ?? null) : at,
          lastError: error,
        });
      }
      return [...this.syncs];
    }
  };
}
