// An in-memory backend: the UI's tests drive it, and `npm run dev` in a plain browser uses
// it (seeded by `demo.ts`). It behaves like the shell where the UI can tell: events come
// conversation row first, then message; sends outside the window are refused; what the
// engine validates (text, locations, buttons, files, reactions) is validated here too.
//
// It is composed here from the shared store (`./mock/core.ts`) and one module per domain
// (`./mock/*.ts`), each a class extending whatever comes before it. A feature adds its
// module and one line to `DOMAINS`.

import type { Backend } from './types';
import { activityMock } from './mock/activity';
import { MockCore, type MockBase } from './mock/core';
import { inboxMock } from './mock/inbox';
import { teamMock } from './mock/team';
import { labelsMock } from './mock/labels';
import { mediaMock } from './mock/media';
import { notificationsMock } from './mock/notifications';
import { settingsMock } from './mock/settings';
import { tunnelMock } from './mock/tunnel';
import { autoRepliesMock } from './mock/autoReplies';
import { desktopMock } from './mock/desktop';
import { contactsMock } from './mock/contacts';
import { searchMock } from './mock/search';
import { quickRepliesMock } from './mock/quickReplies';
import { templatesMock } from './mock/templates';

export type { MessageExtras, MockFile } from './mock/core';
export type { Notified } from './mock/notifications';
export type { TunnelOutcome } from './mock/tunnel';
export { SYNC_NAMES } from './mock/activity';

/// One line per domain module, applied in this order (which orders `calls` too).
const DOMAINS = [
  inboxMock,
  teamMock,
  labelsMock,
  mediaMock,
  activityMock,
  settingsMock,
  tunnelMock,
  quickRepliesMock,
  notificationsMock,
  contactsMock,
  searchMock, // after contactsMock: it searches the address book
  autoRepliesMock,
  desktopMock, // after notificationsMock: do not disturb wraps notifyNewMessage
  templatesMock,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/// The store with every domain's commands, state and test helpers.
type AllDomains = UnionToIntersection<InstanceType<ReturnType<(typeof DOMAINS)[number]>>>;

// Each domain extends the class before it; the cast gives the result its full type.
const Composed = (DOMAINS as ReadonlyArray<(base: MockBase) => MockBase>).reduce(
  (base, domain) => domain(base),
  MockCore,
) as unknown as new (now?: () => number) => AllDomains;

export class MockBackend extends Composed implements Backend {}

/// Commands the UI called, for tests to check.
export type Calls = MockBackend['calls'];
