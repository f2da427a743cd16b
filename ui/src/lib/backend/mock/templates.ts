// The mock's message templates: drafts, Meta's list, import/export and sending one.
//
// Its lint implements only a handful of the engine's rules (parley_core::template::lint) —
// enough for the UI's tests to show errors, warnings, spans and fixes; the engine's lint
// is the real one. Tests inject what the file dialogs answer (`importAnswers`,
// `exportAnswers`, `uploadAnswers`), Meta's templates (`seedTemplate`), an edit refusal
// (`editRefusal`), and see what was sent (and notified) in `calls`.

import type { ConversationId, Message, TemplateSend } from '../../ipc/bindings';
import type {
  Diagnostic,
  TemplateDefinition,
  TemplateDraftId,
  TemplateDraftView,
  TemplateStatus,
  TemplateSummary,
  UploadedExample,
} from '../api/templates';
import { checkParameterValue, definitionSlots, fill, fromDefinition, knownStatus, placeholders } from '../../templates/model';
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

    async submitTemplateDraft(id: TemplateDraftId): Promise<TemplateSummary> {
      this.calls.submitTemplateDraft.push(id);
      this.check();
      const draft = this.#draft(id);
      if (draft.templateId !== null) return this.#submitEdit(draft, draft.templateId);
      const errors = mockLint(draft.definition, null).filter((d) => d.severity === 'error');
      if (errors.length > 0) refuse('invalidMessage', errors.map((d) => d.message).join(' '));
      const { name, language } = draft.definition;
      if (this.managedTemplateList.some((t) => t.name === name && t.language === language)) {
        refuse('duplicate', `a template named ${name} already exists in ${language}`);
      }
      this.templateDraftList = this.templateDraftList.filter((d) => d.id !== id);
      const summary = this.seedTemplate(draft.definition, 'PENDING');
      this.emit({ kind: 'templatesChanged' });
      return summary;
    }

    /// A draft of changes to a submitted template: lint as Meta's status allows, Meta's edit
    /// limit, then back to review; the draft goes.
    #submitEdit(draft: TemplateDraftView, templateId: string): TemplateSummary {
      const template = this.managedTemplateList.find((t) => t.id === templateId);
      if (!template) refuse('notFound', 'template not found');
      const status = knownStatus(template.status);
      const errors = mockLint(draft.definition, status).filter((d) => d.severity === 'error');
      if (errors.length > 0) refuse('invalidMessage', errors.map((d) => d.message).join(' '));
      if (!['APPROVED', 'REJECTED', 'PAUSED'].includes(template.status)) {
        refuse('invalidMessage', `a template that is ${template.status} cannot be edited`);
      }
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
      return edited;
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

    async uploadHeaderExample(): Promise<UploadedExample | null> {
      this.check();
      return this.uploadAnswers.shift() ?? null;
    }

    async sendTemplate(conversationId: ConversationId, send: TemplateSend): Promise<Message> {
      this.calls.sendTemplate.push({ conversationId, ...send });
      const { name, language, values } = send;
      this.check();
      const conversation = this.conversation(conversationId);
      const template = this.managedTemplateList.find((t) => t.name === name && t.language === language);
      if (!template || template.status !== 'APPROVED' || !template.definition) {
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
      // Values come in the slots' order: header, body, buttons.
      const body = fromDefinition(template.definition).body;
      const byName = new Map(slots.flatMap((slot, i) => (slot.component === 'body' ? [[slot.name, values[i] ?? '']] : [])) as Array<[string, string]>);
      return this.businessSent(conversationId, { type: 'text', body: fill(body, (n) => byName.get(n)) }, { status: 'pending' });
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
