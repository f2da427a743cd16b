// The mock's message templates: drafts, Meta's list, import/export and sending one.
//
// Its lint implements only a handful of the engine's rules (parley_core::template::lint) —
// enough for the UI's tests to show errors, warnings, spans and fixes; the engine's lint
// is the real one. Tests inject what the file dialogs answer (`importAnswers`,
// `exportAnswers`, `uploadAnswers`), Meta's templates (`seedTemplate`), an edit refusal
// (`editRefusal`), and see what was sent (and notified) in `calls`.

import type { ConversationId, LocalMedia, Message, MessageContent, TemplateSend } from '../../ipc/bindings';
import type {
  Diagnostic,
  SubmitOutcome,
  TemplateDefinition,
  TemplateDraftId,
  TemplateDraftView,
  TemplateStatus,
  TemplateSummary,
  UploadedExample,
} from '../api/templates';
import { checkParameterValue, definitionSlots, fromDefinition, isSendable, knownStatus, placeholders } from '../../templates/model';
import { headerMedia, headerNeed, sendRefusal, templateMessage } from '../../templates/sendForm';
import type { TemplatesBackend } from '../types';
import { refuse, type MockBase } from './core';

export interface TemplatesCalls {
  lintTemplate: Array<{ definition: TemplateDefinition; status: TemplateStatus | null }>;
  saveTemplateDraft: Array<{ draftId: TemplateDraftId | null; definition: TemplateDefinition; templateId: string | null }>;
  deleteTemplateDraft: TemplateDraftId[];
  submitTemplateDraft: TemplateDraftId[];
  deleteTemplate: Array<{ name: string; language: string | null }>;
  exportTemplateJson: TemplateDefinition[];
  sendTemplate: Array<{ conversationId: ConversationId } & TemplateSend>;
  notifyTemplateStatus: Array<{ title: string; body: string }>;
}

/// Meta allows this many edits of an approved template in 30 days.
const EDITS_PER_MONTH = 10;

/// Meta (and the simulator) allow this many template creations per account in an hour.
export const CREATIONS_PER_HOUR = 100;
const HOUR_MS = 60 * 60 * 1000;

/// Meta's 2388019 as the engine explains it (`CreationErrorExplanation::diagnostic`).
function tooManyTemplates(): Diagnostic {
  return diagnostic('account.too_many_templates', 'error', { component: 'template' }, null,
    'Meta refused to create the template because this business account reached its limit of templates (at most 100 new templates per hour, and a total cap per account).',
    'wait an hour before submitting again, or delete templates you no longer use', 2388019);
}

/// The engine's refusal of a draft its lint finds errors in: every diagnostic, warnings too.
function lintRefusal(definition: TemplateDefinition, status: TemplateStatus | null): SubmitOutcome | null {
  const diagnostics = mockLint(definition, status);
  return diagnostics.some((d) => d.severity === 'error') ? { outcome: 'refused', by: 'lint', diagnostics } : null;
}

function diagnostic(
  rule: string,
  severity: Diagnostic['severity'],
  location: Partial<Diagnostic['location']> & Pick<Diagnostic['location'], 'component'>,
  span: Diagnostic['span'],
  message: string,
  fix: string | null,
  metaSubcode: number | null = null,
  params: Record<string, string> = {},
): Diagnostic {
  return { rule, severity, location: { button: null, field: null, ...location }, span, message, fix, params: { ...params }, metaSubcode };
}

/// The engine's `params` of a too-long text (what `lint.*.too_long` interpolates).
function tooLong(text: string, limit: number): Record<string, string> {
  const length = Array.from(text).length;
  return { length: String(length), limit: String(limit), excess: String(length - limit) };
}

/// A few of the engine's rules, so the UI has something to show (with the engine's `params`).
export function mockLint(definition: TemplateDefinition, status: TemplateStatus | null): Diagnostic[] {
  const found: Diagnostic[] = [];
  const form = fromDefinition(definition);
  if (form.name === '') {
    found.push(diagnostic('name.empty', 'error', { component: 'name' }, null, 'The template has no name.', 'give the template a name'));
  } else if (!/^[a-z0-9_]{1,512}$/.test(form.name)) {
    const suggestion = form.name.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
    found.push(
      diagnostic('name.format', 'error', { component: 'name' }, { start: 0, end: form.name.length },
        'The name may hold only lowercase letters, digits and underscores.', `use "${suggestion}"`, null,
        { character: /[^a-z0-9_]/.exec(form.name)?.[0] ?? '', suggestion }),
    );
  }
  const body = form.body;
  if (body.trim() === '') {
    found.push(diagnostic('body.empty', 'error', { component: 'body', field: 'text' }, null, 'The body is empty.', 'write the message'));
  }
  const params = placeholders(body);
  const first = params[0];
  if (first && body.slice(0, first.start).trim() === '') {
    found.push(
      diagnostic('body.starts_with_parameter', 'error', { component: 'body', field: 'text' }, { start: first.start, end: first.end },
        'The body may not start with a parameter.', `add words before ${body.slice(first.start, first.end)}`, 2388299,
        { parameter: body.slice(first.start, first.end) }),
    );
  }
  const last = params[params.length - 1];
  if (last && body.slice(last.end).trim() === '') {
    found.push(
      diagnostic('body.ends_with_parameter', 'error', { component: 'body', field: 'text' }, { start: last.start, end: last.end },
        'The body may not end with a parameter.', `add words after ${body.slice(last.start, last.end)}`, 2388299,
        { parameter: body.slice(last.start, last.end) }),
    );
  }
  if (form.parameterFormat === 'POSITIONAL') {
    const numbers = [...new Set(params.map((p) => p.name))];
    const expected = numbers.map((_, i) => String(i + 1));
    const wrong = params.find((p) => !expected.includes(p.name));
    if (wrong) {
      found.push(
        diagnostic('params.gap', 'error', { component: 'body', field: 'text' }, { start: wrong.start, end: wrong.end },
          'Parameters must be numbered 1, 2, 3… without gaps.', `renumber to ${expected.map((n) => `{{${n}}}`).join(' ')}`, 2388293,
          { parameter: body.slice(wrong.start, wrong.end), expected: expected.map((n) => `{{${n}}}`).join(' ') }),
      );
    }
  }
  for (const slot of definitionSlots(definition)) {
    if (!slot.example) {
      found.push(
        diagnostic('params.missing_example', 'error', { component: slot.component, button: slot.button, field: 'example' }, null,
          `{{${slot.name}}} has no example.`, 'add an example value', null, { param: slot.name, parameter: `{{${slot.name}}}` }),
      );
    }
  }
  if (Array.from(body).length > 1024) {
    found.push(diagnostic('body.too_long', 'error', { component: 'body', field: 'text' }, { start: 1024, end: body.length },
      'The body is longer than 1024 characters.', 'shorten it', 2388040, tooLong(body, 1024)));
  }
  if (Array.from(form.footer).length > 60) {
    found.push(diagnostic('footer.too_long', 'error', { component: 'footer', field: 'text' }, { start: 60, end: form.footer.length },
      'The footer is longer than 60 characters.', 'shorten it', 2388040, tooLong(form.footer, 60)));
  }
  if (/ {5,}/.test(body)) {
    const at = body.search(/ {5,}/);
    const run = / {5,}/.exec(body)![0].length;
    found.push(diagnostic('body.whitespace', 'warning', { component: 'body', field: 'text' }, { start: at, end: at + run },
      'More than four spaces in a row.', 'use fewer spaces', null, { limit: '4' }));
  }
  const kept = status === 'APPROVED' ? found.filter((d) => d.severity !== 'error') : found;
  return kept.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

export function templatesMock<B extends MockBase>(Base: B) {
  return class TemplatesMock extends Base implements TemplatesBackend {
    declare readonly calls: TemplatesCalls;
    templateDraftList: TemplateDraftView[] = [];
    managedTemplateList: TemplateSummary[] = [];
    /// What the next imports' file dialogs answer (`null`: cancelled; also when empty).
    readonly importAnswers: Array<TemplateDefinition[] | null> = [];
    /// What the next exports' save dialogs answer (`false`: cancelled; empty: saved).
    readonly exportAnswers: boolean[] = [];
    /// What the next header uploads answer (`null`: cancelled; also when empty).
    readonly uploadAnswers: Array<UploadedExample | null> = [];
    /// When set, edits are refused with this (as the engine refuses past Meta's edit limit).
    editRefusal: string | null = null;
    /// When the templates of the last hour were created, for Meta's hourly limit.
    readonly creations: number[] = [];
    #nextDraft = 1;
    #nextTemplate = 1000;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, {
        lintTemplate: [],
        saveTemplateDraft: [],
        deleteTemplateDraft: [],
        submitTemplateDraft: [],
        deleteTemplate: [],
        exportTemplateJson: [],
        sendTemplate: [],
        notifyTemplateStatus: [],
      } satisfies TemplatesCalls);
    }

    /// One of Meta's templates, for tests and the demo.
    seedTemplate(definition: TemplateDefinition, status: TemplateStatus = 'APPROVED', extra: Partial<TemplateSummary> = {}): TemplateSummary {
      const now = this.now();
      const summary: TemplateSummary = {
        id: String(this.#nextTemplate++),
        name: definition.name,
        language: definition.language,
        status,
        category: definition.category,
        quality: status === 'APPROVED' ? 'GREEN' : null,
        rejectionReason: null,
        recommendation: null,
        definition,
        statusChangedAt: now,
        editsLeft: status === 'APPROVED' ? EDITS_PER_MONTH : null,
        diagnostics: mockLint(definition, status),
        updatedAt: now,
        ...extra,
      };
      this.managedTemplateList = [...this.managedTemplateList, summary];
      return summary;
    }

    /// Meta reviewed, paused or disabled one (the webhook or the poll): the list changes and
    /// the engine says so once.
    changeTemplateStatus(templateId: string, status: TemplateStatus, reason: string | null = null): void {
      const template = this.managedTemplateList.find((t) => t.id === templateId);
      if (!template) throw new Error(`no template ${templateId}`);
      const now = this.now();
      this.managedTemplateList = this.managedTemplateList.map((t) =>
        t.id === templateId
          ? {
              ...t,
              status,
              rejectionReason: reason,
              statusChangedAt: now,
              updatedAt: now,
              editsLeft: status === 'APPROVED' ? (t.editsLeft ?? EDITS_PER_MONTH) : t.editsLeft,
              diagnostics: t.definition ? mockLint(t.definition, status) : [],
            }
          : t,
      );
      this.emit({
        kind: 'templateStatusChanged',
        change: { templateId, name: template.name, language: template.language, previous: template.status, status, reason },
      });
    }

    async lintTemplate(definition: TemplateDefinition, status: TemplateStatus | null): Promise<Diagnostic[]> {
      this.calls.lintTemplate.push({ definition, status });
      this.check();
      return mockLint(definition, status);
    }

    async templateDrafts(): Promise<TemplateDraftView[]> {
      this.check();
      return [...this.templateDraftList].sort((a, b) => b.updatedAt - a.updatedAt);
    }

    async saveTemplateDraft(draftId: TemplateDraftId | null, definition: TemplateDefinition, templateId: string | null): Promise<TemplateDraftView> {
      this.calls.saveTemplateDraft.push({ draftId, definition, templateId });
      this.check();
      const previous = draftId === null ? null : this.#draft(draftId);
      if (templateId !== null && !this.managedTemplateList.some((t) => t.id === templateId)) refuse('notFound', 'template not found');
      const draft: TemplateDraftView = { id: previous?.id ?? this.#nextDraft++, definition, templateId, updatedAt: this.now() };
      this.templateDraftList = previous
        ? this.templateDraftList.map((d) => (d.id === draft.id ? draft : d))
        : [...this.templateDraftList, draft];
      return draft;
    }

    async deleteTemplateDraft(id: TemplateDraftId): Promise<void> {
      this.calls.deleteTemplateDraft.push(id);
      this.check();
      this.#draft(id);
      this.templateDraftList = this.templateDraftList.filter((d) => d.id !== id);
    }

    /// Lint errors and Meta's explained refusals (its hourly creation limit) answer
    /// diagnostics and keep the draft; Meta's other refusals (a name taken in that language)
    /// are errors in Meta's words, as the engine answers them.
    async submitTemplateDraft(id: TemplateDraftId): Promise<SubmitOutcome> {
      this.calls.submitTemplateDraft.push(id);
      this.check();
      const draft = this.#draft(id);
      if (draft.templateId !== null) return this.#submitEdit(draft, draft.templateId);
      const refused = lintRefusal(draft.definition, null);
      if (refused) return refused;
      const { name, language } = draft.definition;
      if (this.managedTemplateList.some((t) => t.name === name && t.language === language)) {
        refuse('cloudApi', `Meta refused the template: Content in This Language Already Exists: There's already ${language} content for the template ${name}. Create a new template or edit the existing one.`);
      }
      const now = this.now();
      const recent = this.creations.filter((at) => now - at < HOUR_MS);
      if (recent.length >= CREATIONS_PER_HOUR) return { outcome: 'refused', by: 'meta', diagnostics: [tooManyTemplates()] };
      this.creations.push(now);
      this.templateDraftList = this.templateDraftList.filter((d) => d.id !== id);
      const summary = this.seedTemplate(draft.definition, 'PENDING');
      this.emit({ kind: 'templatesChanged' });
      return { outcome: 'submitted', template: summary };
    }

    /// A draft of changes to a submitted template: lint as Meta's status allows, Meta's edit
    /// limit, then back to review; the draft goes.
    #submitEdit(draft: TemplateDraftView, templateId: string): SubmitOutcome {
      const template = this.managedTemplateList.find((t) => t.id === templateId);
      if (!template) refuse('notFound', 'template not found');
      if (!['APPROVED', 'REJECTED', 'PAUSED'].includes(template.status)) {
        refuse('invalidMessage', `a template that is ${template.status} cannot be edited`);
      }
      // The engine lints an edit as a new template: Meta reviews it again.
      const refused = lintRefusal(draft.definition, null);
      if (refused) return refused;
      if (this.editRefusal) refuse('cloudApi', this.editRefusal);
      if (template.editsLeft !== null && template.editsLeft <= 0) {
        refuse('cloudApi', '(#2388068) This template has been edited too many times in the last 30 days.');
      }
      const now = this.now();
      const edited: TemplateSummary = {
        ...template,
        definition: draft.definition,
        category: draft.definition.category,
        status: 'PENDING',
        rejectionReason: null,
        recommendation: null,
        statusChangedAt: now,
        editsLeft: template.editsLeft === null ? null : template.editsLeft - 1,
        diagnostics: mockLint(draft.definition, 'PENDING'),
        updatedAt: now,
      };
      this.managedTemplateList = this.managedTemplateList.map((t) => (t.id === templateId ? edited : t));
      this.templateDraftList = this.templateDraftList.filter((d) => d.id !== draft.id);
      this.emit({ kind: 'templatesChanged' });
      return { outcome: 'submitted', template: edited };
    }

    async deleteTemplate(name: string, language: string | null): Promise<void> {
      this.calls.deleteTemplate.push({ name, language });
      this.check();
      const doomed = (t: TemplateSummary) => t.name === name && (language === null || t.language === language);
      if (!this.managedTemplateList.some(doomed)) refuse('notFound', 'template not found');
      this.managedTemplateList = this.managedTemplateList.filter((t) => !doomed(t));
      this.emit({ kind: 'templatesChanged' });
    }

    async managedTemplates(): Promise<TemplateSummary[]> {
      this.check();
      return [...this.managedTemplateList].sort((a, b) => (a.name === b.name ? a.language.localeCompare(b.language) : a.name.localeCompare(b.name)));
    }

    async importTemplateJson(): Promise<TemplateDefinition[] | null> {
      this.check();
      return this.importAnswers.shift() ?? null;
    }

    async exportTemplateJson(definition: TemplateDefinition): Promise<boolean> {
      this.calls.exportTemplateJson.push(definition);
      this.check();
      return this.exportAnswers.shift() ?? true;
    }

    /// The demo uploads to the simulator's app; a live account needs its Meta app id,
    /// refused before the file dialog opens, as the shell does.
    async uploadHeaderExample(): Promise<UploadedExample | null> {
      this.check();
      const view = this.settingsView;
      if (view.mode === 'live' && !view.account?.appId) {
        refuse('appIdMissing', "uploading a header example needs your Meta app's id: enter it in Settings → Account (Meta's App Dashboard → App settings → Basic → App ID)");
      }
      return this.uploadAnswers.shift() ?? null;
    }

    async sendTemplate(conversationId: ConversationId, send: TemplateSend): Promise<Message> {
      this.calls.sendTemplate.push({ conversationId, ...send });
      const { name, language, values } = send;
      this.check();
      const conversation = this.conversation(conversationId);
      const template = this.managedTemplateList.find((t) => t.name === name && t.language === language);
      if (!template || !isSendable(template.status) || !template.definition) {
        refuse('cloudApi', `(#132001) Template name does not exist in the translation: ${name} is not approved in ${language}`);
      }
      if (template.category === 'MARKETING' && conversation.contact.marketingOptOut) {
        refuse('invalidMessage', `${conversation.contact.displayName} stopped marketing messages: marketing templates may not be sent to them`);
      }
      const slots = definitionSlots(template.definition);
      if (values.length !== slots.length) refuse('cloudApi', `(#132000) expected ${slots.length} parameters, got ${values.length}`);
      for (const value of values) {
        if (checkParameterValue(value)) refuse('cloudApi', '(#132018) a parameter holds a new line, a tab or more than 4 spaces in a row');
      }
      // The header's file or place and the copy code, as the engine checks them.
      const refusal = sendRefusal(template.definition, send, (path) => this.files.get(path)?.size);
      if (refusal) refuse(refusal.code, refusal.message);
      const need = headerNeed(template.definition);
      const path = need.kind === 'file' && send.header?.type === 'file' ? send.header.path : null;
      const file = path === null ? undefined : this.files.get(path);
      const media = need.kind === 'file' && path !== null && file ? headerMedia(need.format, path, file.size) : null;
      const content: MessageContent = { type: 'template', template: templateMessage(template.definition, send, media) };
      // The header's file is the message's own, ready as any attachment the agent sent.
      const local: LocalMedia | null = path !== null && file ? { state: 'ready', path, mimeType: file.mimeType, size: file.size } : null;
      return this.businessSent(conversationId, content, { status: 'pending', media: local });
    }

    async notifyTemplateStatus(title: string, body: string): Promise<void> {
      this.calls.notifyTemplateStatus.push({ title, body });
      this.check();
    }

    #draft(id: TemplateDraftId): TemplateDraftView {
      const draft = this.templateDraftList.find((d) => d.id === id);
      if (!draft) refuse('notFound', 'draft not found');
      return draft;
    }
  };
}
