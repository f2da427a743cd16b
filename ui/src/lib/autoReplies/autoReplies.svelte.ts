// The auto-reply settings as the dialog loads, previews and saves them.

import { getContext, setContext } from 'svelte';
import type { AutoReplySettings, AwayStatus, MessageId, RecordedDecision } from '../ipc/bindings';
import { BackendError, type AutoRepliesBackend } from '../backend/types';
import { t } from '../i18n/index.svelte';
import { commandErrorText } from '../inbox/failure';
import { withDefaults, type FullAutoReplies } from './draft';

/// Where in the dialog the engine's one-sentence refusal belongs (its wording is in
/// crates/core/src/auto_reply/validate.rs): a section, or a keyword rule.
export function sectionOfEngineMessage(message: string): string | null {
  const rule = /keyword reply (\d+)/i.exec(message);
  if (rule) return `keywordReplies.${Number(rule[1]) - 1}`;
  if (/opt-out|opting out/i.test(message)) return 'optOut';
  if (/greeting/i.test(message)) return 'greeting';
  if (/away (message|period)|date and time/i.test(message)) return 'away';
  if (/time zone/i.test(message)) return 'timeZone';
  if (/business hours|monday|tuesday|wednesday|thursday|friday|saturday|sunday|time of day/i.test(message)) return 'hours';
  if (/is not a date/i.test(message)) return 'closedDates';
  if (/agent/i.test(message)) return 'agentActiveMinutes';
  if (/keyword/i.test(message)) return 'keywordReplies';
  return null;
}

export interface SaveRefusal {
  text: string;
  /// The section the engine's problem is in, when it says.
  section: string | null;
}

export class AutoReplies {
  saved = $state<FullAutoReplies | null>(null);
  zones = $state<string[]>([]);
  loadError = $state<string | null>(null);
  saving = $state(false);

  status = $state<AwayStatus | null>(null);
  /// The preview's settings could not be read (a problem to fix first).
  statusInvalid = $state(false);
  #previewSeq = 0;

  readonly #backend: AutoRepliesBackend;

  constructor(backend: AutoRepliesBackend) {
    this.#backend = backend;
  }

  async load(): Promise<void> {
    this.loadError = null;
    this.status = null;
    this.statusInvalid = false;
    try {
      const [settings, zones] = await Promise.all([this.#backend.getAutoReplies(), this.#backend.autoReplyTimeZones()]);
      this.zones = zones;
      this.saved = withDefaults(settings);
    } catch (error) {
      this.loadError = t('autoReplies.loadFailed', { reason: commandErrorText(error) });
    }
  }

  /// Saves; answers the refusal (in plain words) when the shell refuses, else `null`.
  async save(settings: FullAutoReplies): Promise<SaveRefusal | null> {
    this.saving = true;
    try {
      this.saved = withDefaults(await this.#backend.saveAutoReplies(settings));
      return null;
    } catch (error) {
      return refusal(error);
    } finally {
      this.saving = false;
    }
  }

  /// What the away message would do now with `settings`; a slower, older answer never
  /// replaces a newer one.
  async preview(settings: AutoReplySettings): Promise<void> {
    const seq = ++this.#previewSeq;
    try {
      const status = await this.#backend.autoReplyStatus(settings);
      if (seq !== this.#previewSeq) return;
      this.status = status;
      this.statusInvalid = false;
    } catch {
      if (seq !== this.#previewSeq) return;
      this.status = null;
      this.statusInvalid = true;
    }
  }

  decision(messageId: MessageId): Promise<RecordedDecision | null> {
    return this.#backend.autoReplyDecision(messageId);
  }
}

function refusal(error: unknown): SaveRefusal {
  if (error instanceof BackendError) {
    if (error.code === 'forbidden') return { text: t('autoReplies.forbidden'), section: null };
    if (error.code === 'locked') return { text: t('autoReplies.locked'), section: null };
    if (error.code === 'invalidSettings') {
      return { text: t('autoReplies.saveFailed', { reason: error.message }), section: sectionOfEngineMessage(error.message) };
    }
  }
  return { text: t('autoReplies.saveFailed', { reason: commandErrorText(error) }), section: null };
}

const CONTEXT = Symbol('autoReplies');

/// Lets a message in the thread ask why it did or did not get an auto-reply.
export function provideAutoReplies(store: AutoReplies): void {
  setContext(CONTEXT, store);
}

/// The store, when the app provides one (a bubble rendered alone has none).
export function useAutoReplies(): AutoReplies | undefined {
  return getContext<AutoReplies | undefined>(CONTEXT);
}
