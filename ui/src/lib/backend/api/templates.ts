// Message templates: drafting them (with the engine's lint), submitting them to Meta (new
// ones and changes to submitted ones), managing Meta's list, moving them in and out as
// Meta's JSON, sending one to a customer (also when the 24-hour window is closed), and the
// desktop notification when Meta reviews one.

import type {
  ConversationId,
  Diagnostic,
  Message,
  SubmitOutcome,
  TemplateDefinition,
  TemplateDraftView,
  TemplateSend,
  TemplateStatus,
  TemplateSummary,
  UploadedExample,
} from '../../ipc/bindings';

export type {
  BodyComponent,
  BodyExample,
  ButtonsComponent,
  Component,
  Diagnostic,
  DiagnosticLocation,
  FooterComponent,
  HeaderComponent,
  HeaderExample,
  HeaderFormat,
  LocationComponent,
  NamedExample,
  ParameterFormat,
  Severity,
  Refuser,
  Span,
  SubmitOutcome,
  TemplateButton,
  TemplateCategory,
  TemplateDefinition,
  TemplateDraftView,
  TemplateStatus,
  TemplateStatusNotice,
  TemplateSummary,
  UploadedExample,
} from '../../ipc/bindings';

export type TemplateDraftId = TemplateDraftView['id'];

export interface TemplatesBackend {
  /// The engine's lint; `status` APPROVED drops the errors (Meta already accepted it).
  lintTemplate(definition: TemplateDefinition, status: TemplateStatus | null): Promise<Diagnostic[]>;
  templateDrafts(): Promise<TemplateDraftView[]>;
  /// Creates a draft (`draftId` `null`) or replaces one; `templateId` set: the draft
  /// changes that submitted template.
  saveTemplateDraft(draftId: TemplateDraftId | null, definition: TemplateDefinition, templateId: string | null): Promise<TemplateDraftView>;
  deleteTemplateDraft(draftId: TemplateDraftId): Promise<void>;
  /// Lints, then sends it to Meta for review (a new template, or the changes to the one
  /// the draft edits: Meta limits how often); the draft goes. Refused by the lint or with a
  /// subcode Meta explains: `refused` with diagnostics, the draft kept. Meta's other
  /// refusals throw (`cloudApi`, in Meta's words).
  submitTemplateDraft(draftId: TemplateDraftId): Promise<SubmitOutcome>;
  /// Deletes one language of the name, or every language (`language` `null`).
  deleteTemplate(name: string, language: string | null): Promise<void>;
  managedTemplates(): Promise<TemplateSummary[]>;
  /// Asks for a JSON file (one template or a list): `null` when the user cancels.
  importTemplateJson(): Promise<TemplateDefinition[] | null>;
  /// Asks where to save Meta's JSON: `false` when the user cancels.
  exportTemplateJson(definition: TemplateDefinition): Promise<boolean>;
  /// Asks for a header example file and uploads it to Meta: `null` when cancelled.
  /// Live mode needs the Meta app id of Settings → Account (`appIdMissing` otherwise).
  uploadHeaderExample(): Promise<UploadedExample | null>;
  /// Sends an approved template, also when the 24-hour window is closed; `values` fill its
  /// parameters in order: the header's, the body's, then the buttons'.
  sendTemplate(conversationId: ConversationId, send: TemplateSend): Promise<Message>;
  /// A desktop notification (worded by the UI) that Meta reviewed, paused or disabled one.
  notifyTemplateStatus(title: string, body: string): Promise<void>;
}
