// The editor's form for one template, and how it maps to and from Meta's JSON; the
// parameters a text holds; the checks a send form makes on a value (Meta's 132018).

import type {
  Component,
  HeaderFormat,
  ParameterFormat,
  TemplateButton,
  TemplateCategory,
  TemplateDefinition,
  TemplateStatus,
} from '../backend/api/templates';

/// Every status Meta reports, in the manager's filter order.
export const TEMPLATE_STATUSES: readonly TemplateStatus[] = [
  'APPROVED',
  'PENDING',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'PENDING_DELETION',
  'DELETED',
  'LIMIT_EXCEEDED',
  'ARCHIVED',
  'FLAGGED',
  'REINSTATED',
];

export const TEMPLATE_CATEGORIES: readonly TemplateCategory[] = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];

/// Whether Meta sends a template in this status, as the engine decides
/// (`TemplateStatus::is_sendable`): approved, or reinstated after being flagged or disabled.
export function isSendable(status: string): boolean {
  const upper = status.toUpperCase();
  return upper === 'APPROVED' || upper === 'REINSTATED';
}

/// A summary's status (Meta's string) as the lint takes it; `null` for one it does not know.
export function knownStatus(status: string | null | undefined): TemplateStatus | null {
  const upper = status?.toUpperCase();
  return TEMPLATE_STATUSES.find((s) => s === upper) ?? null;
}

/// One parameter a send form asks for (as `parley_core::template::parameters` lists them:
/// the header's, the body's, then the buttons'), with the template's example.
export interface ParameterSlot {
  component: 'header' | 'body' | 'button';
  button: number | null;
  /// "1" or "first_name".
  name: string;
  example: string | null;
}

export type ButtonType = TemplateButton['type'];

/// One button as the editor holds it: every field any type uses.
export interface FormButton {
  type: ButtonType;
  text: string;
  url: string;
  phone: string;
  /// The URL's variable example, or the copy code's example.
  example: string;
  otpType: string;
}

export interface TemplateForm {
  name: string;
  language: string;
  category: TemplateCategory;
  parameterFormat: ParameterFormat;
  headerFormat: HeaderFormat | 'NONE';
  headerText: string;
  /// The uploaded media example (Meta's handle) and its file's name.
  headerHandle: string | null;
  headerFileName: string | null;
  body: string;
  footer: string;
  /// AUTHENTICATION's body and footer, which Meta writes itself: kept as imported (null when
  /// absent) so the template exports with them.
  addSecurityRecommendation: boolean | null;
  codeExpirationMinutes: number | null;
  buttons: FormButton[];
  /// Examples by slot key (`slotKey`): `body:1`, `header:first_name`, `button0:1`.
  examples: Record<string, string>;
}

export const MAX_BUTTONS = 10;

/// How long after the last change a new template's draft saves itself.
export const AUTOSAVE_MS = 800;

export function blankForm(): TemplateForm {
  return {
    name: '',
    language: 'en_US',
    category: 'UTILITY',
    parameterFormat: 'POSITIONAL',
    headerFormat: 'NONE',
    headerText: '',
    headerHandle: null,
    headerFileName: null,
    body: '',
    footer: '',
    addSecurityRecommendation: null,
    codeExpirationMinutes: null,
    buttons: [],
    examples: {},
  };
}

export function blankButton(type: ButtonType): FormButton {
  return { type, text: '', url: '', phone: '', example: '', otpType: 'COPY_CODE' };
}

/// `{{1}}` or `{{first_name}}`, with the braces' span in UTF-16 units.
export interface Placeholder {
  name: string;
  start: number;
  end: number;
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

export function placeholders(text: string): Placeholder[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1]!, start: m.index!, end: m.index! + m[0].length }));
}

/// The distinct parameter names of a text in the order the engine lists them (and Meta
/// takes their examples and values): numbered ones ascending, named ones by first appearance.
export function parameterNames(text: string, named: boolean): string[] {
  const names = [...new Set(placeholders(text).map((p) => p.name))];
  if (named) return names;
  const number = (name: string) => (/^\d+$/.test(name) ? Number(name) : Number.MAX_SAFE_INTEGER);
  return names.sort((a, b) => number(a) - number(b));
}

export type SlotComponent = ParameterSlot['component'];

export function slotKey(component: SlotComponent, name: string, button: number | null = null): string {
  return component === 'button' ? `button${button ?? 0}:${name}` : `${component}:${name}`;
}

/// The URL button's trailing variable, if it has one.
export function urlVariable(url: string): string | null {
  const found = placeholders(url);
  return found.length > 0 ? found[found.length - 1]!.name : null;
}

/// Every parameter the form's texts hold, as a send form asks for them.
export function formSlots(form: TemplateForm): ParameterSlot[] {
  const slots: ParameterSlot[] = [];
  const add = (component: SlotComponent, text: string, button: number | null = null) => {
    for (const name of parameterNames(text, form.parameterFormat === 'NAMED')) {
      slots.push({ component, button, name, example: form.examples[slotKey(component, name, button)] ?? null });
    }
  };
  if (form.headerFormat === 'TEXT') add('header', form.headerText);
  add('body', form.body);
  form.buttons.forEach((b, index) => {
    if (b.type === 'URL') {
      const name = urlVariable(b.url);
      // Meta's example is the full URL; the value sent is only the part after the prefix.
      const prefix = b.url.slice(0, Math.max(0, b.url.indexOf('{{')));
      const example = b.example.startsWith(prefix) ? b.example.slice(prefix.length) : b.example;
      if (name) slots.push({ component: 'button', button: index, name, example: example || null });
    }
  });
  return slots;
}

function examplesOf(form: TemplateForm, component: 'header' | 'body', text: string): string[] {
  return parameterNames(text, form.parameterFormat === 'NAMED').map((name) => form.examples[slotKey(component, name)] ?? '');
}

/// Meta's JSON for the form (examples only for parameters the texts hold).
export function toDefinition(form: TemplateForm): TemplateDefinition {
  const named = form.parameterFormat === 'NAMED';
  const components: Component[] = [];
  if (form.headerFormat === 'TEXT') {
    const names = parameterNames(form.headerText, named);
    const values = examplesOf(form, 'header', form.headerText);
    components.push({
      type: 'HEADER',
      format: 'TEXT',
      text: form.headerText,
      ...(names.length > 0
        ? {
            example: named
              ? { header_text_named_params: names.map((param_name, i) => ({ param_name, example: values[i] ?? '' })) }
              : { header_text: values },
          }
        : {}),
    });
  } else if (form.headerFormat !== 'NONE') {
    components.push({
      type: 'HEADER',
      format: form.headerFormat,
      ...(form.headerHandle ? { example: { header_handle: [form.headerHandle] } } : {}),
    });
  }
  const bodyNames = parameterNames(form.body, named);
  const bodyValues = examplesOf(form, 'body', form.body);
  components.push({
    type: 'BODY',
    // An AUTHENTICATION body has no text of its own: Meta writes it.
    ...(form.body || form.addSecurityRecommendation === null ? { text: form.body } : {}),
    ...(bodyNames.length > 0
      ? {
          example: named
            ? { body_text_named_params: bodyNames.map((param_name, i) => ({ param_name, example: bodyValues[i] ?? '' })) }
            : { body_text: [bodyValues] },
        }
      : {}),
    ...(form.addSecurityRecommendation !== null ? { add_security_recommendation: form.addSecurityRecommendation } : {}),
  });
  if (form.footer || form.codeExpirationMinutes !== null) {
    components.push({
      type: 'FOOTER',
      ...(form.footer ? { text: form.footer } : {}),
      ...(form.codeExpirationMinutes !== null ? { code_expiration_minutes: form.codeExpirationMinutes } : {}),
    });
  }
  if (form.buttons.length > 0) {
    components.push({ type: 'BUTTONS', buttons: form.buttons.map(toButton) });
  }
  return {
    name: form.name,
    language: form.language,
    category: form.category,
    ...(named ? { parameter_format: 'NAMED' as const } : {}),
    components,
  };
}

function toButton(b: FormButton): TemplateButton {
  switch (b.type) {
    case 'QUICK_REPLY':
      return { type: 'QUICK_REPLY', text: b.text };
    case 'URL':
      return { type: 'URL', text: b.text, url: b.url, ...(urlVariable(b.url) ? { example: [b.example] } : {}) };
    case 'PHONE_NUMBER':
      return { type: 'PHONE_NUMBER', text: b.text, phone_number: b.phone };
    case 'COPY_CODE':
      return { type: 'COPY_CODE', example: b.example };
    case 'OTP':
      return { type: 'OTP', otp_type: b.otpType, ...(b.text ? { text: b.text } : {}) };
  }
}

/// The editor's form for Meta's JSON (an imported file, a draft, a submitted template).
export function fromDefinition(definition: TemplateDefinition): TemplateForm {
  const form = blankForm();
  form.name = definition.name ?? '';
  form.language = definition.language ?? 'en_US';
  form.category = definition.category ?? 'UTILITY';
  form.parameterFormat = definition.parameter_format ?? 'POSITIONAL';
  for (const component of definition.components ?? []) {
    switch (component.type) {
      case 'HEADER': {
        form.headerFormat = component.format;
        if (component.format === 'TEXT') {
          form.headerText = component.text ?? '';
          readExamples(form, 'header', form.headerText, component.example?.header_text ?? null, component.example?.header_text_named_params ?? null);
        } else {
          form.headerHandle = component.example?.header_handle?.[0] ?? null;
        }
        break;
      }
      case 'BODY':
        form.body = component.text ?? '';
        form.addSecurityRecommendation = component.add_security_recommendation ?? null;
        readExamples(form, 'body', form.body, component.example?.body_text?.[0] ?? null, component.example?.body_text_named_params ?? null);
        break;
      case 'FOOTER':
        form.footer = component.text ?? '';
        form.codeExpirationMinutes = component.code_expiration_minutes ?? null;
        break;
      case 'BUTTONS':
        form.buttons = component.buttons.map(fromButton);
        break;
    }
  }
  return form;
}

function readExamples(
  form: TemplateForm,
  component: 'header' | 'body',
  text: string,
  positional: string[] | null,
  named: Array<{ param_name: string; example: string }> | null,
): void {
  if (named) {
    for (const { param_name, example } of named) form.examples[slotKey(component, param_name)] = example;
  } else if (positional) {
    // `{{n}}`'s example is the n-th value.
    parameterNames(text, false).forEach((name) => {
      const value = positional[Number(name) - 1];
      if (value !== undefined) form.examples[slotKey(component, name)] = value;
    });
  }
}

function fromButton(b: TemplateButton): FormButton {
  const form = blankButton(b.type);
  switch (b.type) {
    case 'QUICK_REPLY':
      return { ...form, text: b.text };
    case 'URL':
      return { ...form, text: b.text, url: b.url, example: b.example?.[0] ?? '' };
    case 'PHONE_NUMBER':
      return { ...form, text: b.text, phone: b.phone_number };
    case 'COPY_CODE':
      return { ...form, example: b.example };
    case 'OTP':
      return { ...form, otpType: b.otp_type, text: b.text ?? '' };
  }
}

/// Where `fromDefinition`'s examples are, for a template a send form fills in.
export function definitionSlots(definition: TemplateDefinition): ParameterSlot[] {
  return formSlots(fromDefinition(definition));
}

/// Why a value cannot go into a template (Meta's 132018, or empty: every one is required).
export type ValueProblem = 'empty' | 'newline' | 'tab' | 'spaces';

export function checkParameterValue(value: string): ValueProblem | null {
  if (value.trim() === '') return 'empty';
  if (/[\r\n]/.test(value)) return 'newline';
  if (value.includes('\t')) return 'tab';
  if (/ {5,}/.test(value)) return 'spaces';
  return null;
}

/// The text with each `{{name}}` replaced by its value; names without one stay as they are.
export function fill(text: string, values: (name: string) => string | null | undefined): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values(name);
    return value ? value : whole;
  });
}
