// The shell's event stream, which every domain listens to.

import type { InboxEvent } from '../../ipc/bindings';

export type Unlisten = () => void;

export interface EventsBackend {
  /// Every `InboxEvent` the shell emits; each store picks the kinds it cares about.
  onInboxEvent(handler: (event: InboxEvent) => void): Promise<Unlisten>;
}
