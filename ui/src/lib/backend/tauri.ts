// The desktop shell's `Backend`: one adapter piece per domain (`./tauri/*.ts`, each over
// the generated `commands` and `events`), combined here. This is the one hand-written file
// that imports `@tauri-apps/*`; a piece that needs something from it gets it as an
// argument. Everything else in the UI sees only the `Backend` interface, so it runs the
// same against the in-memory mock.

import { getCurrentWindow } from '@tauri-apps/api/window';
import { commands } from '../ipc/bindings';
import type { Backend } from './types';
import { activityAdapter } from './tauri/activity';
import { eventsAdapter } from './tauri/events';
import { inboxAdapter } from './tauri/inbox';
import { mediaAdapter } from './tauri/media';
import { notificationsAdapter } from './tauri/notifications';
import { settingsAdapter } from './tauri/settings';
import { tunnelAdapter } from './tauri/tunnel';
import { quickRepliesAdapter } from './tauri/quickReplies';
import { teamAdapter } from './tauri/team';
import { labelsAdapter } from './tauri/labels';
import { autoRepliesAdapter } from './tauri/autoReplies';
import { desktopAdapter } from './tauri/desktop';
import { searchAdapter } from './tauri/search';
import { contactsAdapter } from './tauri/contacts';
import { templatesAdapter } from './tauri/templates';
import { markStartup, timeStartupCommands } from './tauri/startup';

/// The shell's backend; asks once where media files are served from and which font the
/// desktop's interface uses.
export async function tauriBackend(): Promise<Backend> {
  markStartup('backend module evaluated');
  timeStartupCommands(commands as unknown as Parameters<typeof timeStartupCommands>[0]);
  const [mediaBase, interfaceFont] = await Promise.all([commands.mediaBaseUrl(), commands.interfaceFont()]);
  return {
    ...eventsAdapter,
    ...inboxAdapter,
    ...mediaAdapter(mediaBase),
    ...activityAdapter,
    ...settingsAdapter,
    ...tunnelAdapter,
    ...quickRepliesAdapter,
    ...teamAdapter,
    ...labelsAdapter,
    ...autoRepliesAdapter,
    ...desktopAdapter(interfaceFont),
    ...notificationsAdapter(() => getCurrentWindow().isFocused()),
    ...searchAdapter,
    ...contactsAdapter,
    ...templatesAdapter,
  };
}
