// Message templates as the UI holds them: drafts, Meta's list (for the manager's view and
// the composer's picker), and the commands around them. Components reach the shell only here.

import { getContext, setContext } from 'svelte';
import type { ConversationId, Message, TemplateSend } from '../ipc/bindings';
import type {
  Diagnostic,
  SubmitOutcome,
  TemplateDefinition,
  TemplateDraftId,
  TemplateDraftView,
  TemplateStatus,
  TemplateStatusNotice,
  TemplateSummary,
  UploadedExample,
} from '../backend/api/templates';
import type { EventsBackend, TemplatesBackend, Unlisten } from '../backend/types';
import { commandErrorText } from '../inbox/failure';
import { isSendable } from './model';
import { statusNotification } from './words';

export type TemplatesDeps = TemplatesBackend & EventsBackend;

/// Runs a command, throwing its refusal in plain words.
async function plain<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(commandErrorText(error));
  }
}

export class Templates {
  drafts = $state<TemplateDraftView[]>([]);
  list = $state<TemplateSummary[]>([]);
  loaded = $state(false);
  loadError = $state<string | null>(null);
  /// Whether the studio dialog is open.
  open = $state(false);

  /// What the composer's picker offers: approved ones whose components could be read (the
  /// send form needs their parameters).
  readonly approved = $derived(this.list.filter((t) => isSendable(t.status) && t.definition !== null));

  readonly #backend: TemplatesDeps;

  constructor(backend: TemplatesDeps) {
    this.#backend = backend;
  }

  async start(): Promise<Unlisten> {
    const stop = await this.#backend.onInboxEvent((event) => {
      if (event.kind === 'reload' || event.kind === 'templatesChanged') void this.load();
      else if (event.kind === 'notice' && event.event.notice.kind.startsWith('template')) void this.load();
      else if (event.kind === 'templateStatusChanged') void this.statusChanged(event.change);
    });
    await this.load();
    return stop;
  }

  async load(): Promise<void> {
    try {
      const [drafts, list] = await Promise.all([this.#backend.templateDrafts(), this.#backend.managedTemplates()]);
      this.drafts = drafts;
      this.list = list;
      this.loadError = null;
    } catch (error) {
      this.loadError = commandErrorText(error);
    } finally {
      this.loaded = true;
    }
  }

  /// Meta reviewed, paused or disabled one: the list shows it, and a desktop notification says so.
  async statusChanged(change: TemplateStatusNotice): Promise<void> {
    const { title, body } = statusNotification(change);
    await Promise.all([
      this.loaded ? this.load() : Promise.resolve(),
      this.#backend.notifyTemplateStatus(title, body).catch(() => {
        // A notification that cannot show is no reason to fail: the list still shows it.
      }),
    ]);
  }

  lint(definition: TemplateDefinition, status: TemplateStatus | null): Promise<Diagnostic[]> {
    return plain(() => this.#backend.lintTemplate(definition, status));
  }

  /// `templateId` set: the draft changes that submitted template (submitting it submits the changes).
  async saveDraft(id: TemplateDraftId | null, definition: TemplateDefinition, templateId: string | null = null): Promise<TemplateDraftView> {
    const draft = await plain(() => this.#backend.saveTemplateDraft(id, definition, templateId));
    this.drafts = [draft, ...this.drafts.filter((d) => d.id !== draft.id)];
    return draft;
  }

  async deleteDraft(id: TemplateDraftId): Promise<void> {
    await plain(() => this.#backend.deleteTemplateDraft(id));
    this.drafts = this.drafts.filter((d) => d.id !== id);
  }

  /// `refused`: the lint or Meta said no, with diagnostics for the editor; nothing changed
  /// and the draft is kept. Meta's unexplained refusals throw in plain words.
  async submit(id: TemplateDraftId): Promise<SubmitOutcome> {
    const outcome = await plain(() => this.#backend.submitTemplateDraft(id));
    if (outcome.outcome === 'submitted') await this.load();
    return outcome;
  }

  /// One language of the name, or every language (`language` `null`).
  async remove(name: string, language: string | null): Promise<void> {
    await plain(() => this.#backend.deleteTemplate(name, language));
    await this.load();
  }

  importJson(): Promise<TemplateDefinition[] | null> {
    return plain(() => this.#backend.importTemplateJson());
  }

  exportJson(definition: TemplateDefinition): Promise<boolean> {
    return plain(() => this.#backend.exportTemplateJson(definition));
  }

  uploadHeaderExample(): Promise<UploadedExample | null> {
    return plain(() => this.#backend.uploadHeaderExample());
  }

  send(conversationId: ConversationId, send: TemplateSend): Promise<Message> {
    return plain(() => this.#backend.sendTemplate(conversationId, send));
  }
}

const CONTEXT = Symbol('templates');

/// Makes the store available to the composer without threading it through the thread view.
export function provideTemplates(store: Templates): void {
  setContext(CONTEXT, store);
}

/// The store, when the app provides one (a composer rendered alone has none).
export function useTemplates(): Templates | undefined {
  return getContext<Templates | undefined>(CONTEXT);
}
