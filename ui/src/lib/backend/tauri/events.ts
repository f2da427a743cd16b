import { events } from '../../ipc/bindings';
import type { EventsBackend } from '../types';

export const eventsAdapter: EventsBackend = {
  onInboxEvent: (handler) => events.inboxEvent.listen((event) => handler(event.payload)),
};
