// What happened to the account and what Parley last fetched from Meta.

import type { AccountEvent, SyncStatus, TemplateView } from '../../ipc/bindings';

export interface ActivityBackend {
  accountEvents(limit: number): Promise<AccountEvent[]>;
  templates(): Promise<TemplateView[]>;
  syncStatus(): Promise<SyncStatus[]>;
  syncNow(): Promise<SyncStatus[]>;
}
