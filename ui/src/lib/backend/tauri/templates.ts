import { commands } from '../../ipc/bindings';
import type { TemplatesBackend } from '../types';
import { done, unwrap } from './answer';

export const templatesAdapter: TemplatesBackend = {
  // The shell's lint cannot fail: it answers the findings.
  lintTemplate: (definition, status) => commands.lintTemplate(definition, status),
  templateDrafts: () => unwrap(commands.templateDrafts()),
  saveTemplateDraft: (draftId, definition, templateId) => unwrap(commands.saveTemplateDraft(draftId, definition, templateId)),
  deleteTemplateDraft: (draftId) => done(commands.deleteTemplateDraft(draftId)),
  submitTemplateDraft: (draftId) => unwrap(commands.submitTemplateDraft(draftId)),
  deleteTemplate: (name, language) => done(commands.deleteTemplate(name, language)),
  managedTemplates: () => unwrap(commands.managedTemplates()),
  importTemplateJson: () => unwrap(commands.importTemplateJson()),
  exportTemplateJson: (definition) => unwrap(commands.exportTemplateJson(definition)),
  uploadHeaderExample: () => unwrap(commands.uploadHeaderExample()),
  sendTemplate: (conversationId, send) => unwrap(commands.sendTemplate(conversationId, send)),
  notifyTemplateStatus: (title, body) => done(commands.notifyTemplateStatus(title, body)),
};
