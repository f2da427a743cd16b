// What the UI needs from the desktop shell: one interface per domain (`./api/*.ts`),
// composed into `Backend`. `tauri.ts` implements it over IPC (one piece per domain in
// `./tauri/`); `mock.ts` implements it in memory for tests and for running the UI in a
// plain browser (one piece per domain in `./mock/`). How a feature plugs in: ui/README.md.

import type { CommandError } from '../ipc/bindings';
import type { ActivityBackend } from './api/activity';
import type { EventsBackend } from './api/events';
import type { InboxBackend } from './api/inbox';
import type { MediaBackend } from './api/media';
import type { NotificationsBackend } from './api/notifications';
import type { SettingsBackend } from './api/settings';
import type { TunnelBackend } from './api/tunnel';
import type { QuickRepliesBackend } from './api/quickReplies';
import type { TeamBackend } from './api/team';
import type { LabelsBackend } from './api/labels';
import type { AutoRepliesBackend } from './api/autoReplies';
import type { DesktopBackend } from './api/desktop';
import type { SearchBackend } from './api/search';
import type { ContactsBackend } from './api/contacts';
import type { TemplatesBackend } from './api/templates';

export type { Unlisten } from './api/events';
export type {
  ActivityBackend,
  EventsBackend,
  InboxBackend,
  MediaBackend,
  NotificationsBackend,
  SettingsBackend,
  TunnelBackend,
  QuickRepliesBackend,
  TeamBackend,
  LabelsBackend,
  AutoRepliesBackend,
  DesktopBackend,
  SearchBackend,
  ContactsBackend,
  TemplatesBackend,
};

/// Everything the shell offers the UI. A feature adds its interface in `./api/<feature>.ts`,
/// then imports it above and adds it to this list.
export interface Backend
  extends EventsBackend,
    InboxBackend,
    MediaBackend,
    ActivityBackend,
    SettingsBackend,
    TunnelBackend,
    QuickRepliesBackend,
    TeamBackend,
    LabelsBackend,
    AutoRepliesBackend,
    DesktopBackend,
    NotificationsBackend,
    SearchBackend,
    ContactsBackend,
    TemplatesBackend {}

/// A failed command, with the shell's stable error code.
export class BackendError extends Error {
  readonly code: CommandError['code'];

  constructor(error: CommandError) {
    super(error.message);
    this.name = 'BackendError';
    this.code = error.code;
  }
}
