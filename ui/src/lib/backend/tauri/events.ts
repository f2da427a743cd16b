import { events } from '../../ipc/bindings';
import type { EventsBackend } from '../types';
import { timeStartup } from './startup';

export const eventsAdapter: EventsBackend = {
  onInboxEvent: (handler) =>
    timeStartup('listen inboxEvent', events.inboxEvent.listen((event) => handler(event.payload))),
};
