// What a template send needs besides its text values, and the rules the engine applies to
// it: a file for an image, video or document header (by extension here; the engine also
// checks the size), a place for a location header, a code for a copy-code button. Also the
// message the customer receives (`TemplateMessage`), as the mock builds it.

import type {
  Media,
  MediaKind,
  TemplateHeaderInput,
  TemplateMessage,
  TemplateMessageButton,
  TemplateSend,
} from '../ipc/bindings';
import type { TemplateDefinition } from '../backend/api/templates';
import { checkParameterValue, definitionSlots, fill, fromDefinition, slotKey, urlVariable, type FormButton, type ValueProblem } from './model';

export type MediaHeaderFormat = 'IMAGE' | 'VIDEO' | 'DOCUMENT';

const MB = 1024 * 1024;

/// What WhatsApp takes for a media header (DOMAIN.md, rule 10).
export const HEADER_FILES: Record<MediaHeaderFormat, { extensions: readonly string[]; maxBytes: number; kind: MediaKind }> = {
  IMAGE: { extensions: ['jpg', 'jpeg', 'png'], maxBytes: 5 * MB, kind: 'image' },
  VIDEO: { extensions: ['mp4'], maxBytes: 16 * MB, kind: 'video' },
  DOCUMENT: { extensions: ['pdf'], maxBytes: 100 * MB, kind: 'document' },
};

const MIME_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  mp4: 'video/mp4',
  pdf: 'application/pdf',
};

/// At most this many characters in a copy-code button's code (Meta's coupon code limit).
export const MAX_COPY_CODE = 15;

/// What the header asks of the sender: nothing (none or text: its value is a parameter), a
/// file, or a place.
export type HeaderNeed = { kind: 'none' } | { kind: 'file'; format: MediaHeaderFormat } | { kind: 'location' };

export function headerNeed(definition: TemplateDefinition): HeaderNeed {
  const format = fromDefinition(definition).headerFormat;
  if (format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT') return { kind: 'file', format };
  if (format === 'LOCATION') return { kind: 'location' };
  return { kind: 'none' };
}

/// The copy-code button's example code, or `null` when the template has no such button.
export function copyCodeExample(definition: TemplateDefinition): string | null {
  const button = fromDefinition(definition).buttons.find((b) => b.type === 'COPY_CODE');
  return button ? button.example : null;
}

/// A path's last segment, as the file chooser's answer is shown.
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

function extension(path: string): string {
  const name = fileName(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export type FileProblem = 'missing' | 'type';

/// Why this file cannot be the header (`null`: its type fits; the size is the engine's to check).
export function checkHeaderFile(format: MediaHeaderFormat, path: string | null): FileProblem | null {
  if (!path) return 'missing';
  return HEADER_FILES[format].extensions.includes(extension(path)) ? null : 'type';
}

export type CoordinateProblem = 'missing' | 'range';

/// A latitude (limit 90) or longitude (limit 180) as typed: its value, or why it is not one.
/// A decimal comma is taken, as Estonian and Russian keyboards type it.
export function parseDegrees(text: string, limit: number): { value: number } | { problem: CoordinateProblem } {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return { problem: 'missing' };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || Math.abs(value) > limit) return { problem: 'range' };
  return { value };
}

export type CodeProblem = ValueProblem | 'tooLong';

/// Why a copy code cannot be sent: required, at most 15 characters, and Meta's rules for
/// every parameter value (no new line, tab or more than four spaces in a row).
export function checkCopyCode(code: string): CodeProblem | null {
  const problem = checkParameterValue(code);
  if (problem) return problem;
  return Array.from(code).length > MAX_COPY_CODE ? 'tooLong' : null;
}

/// The engine's refusal of a send's header or code, or `null` when they fit.
export interface SendRefusal {
  code: 'invalidMessage' | 'fileUnreadable';
  message: string;
}

/// `size` answers a file's size (`undefined`: it cannot be read).
export function sendRefusal(definition: TemplateDefinition, send: TemplateSend, size: (path: string) => number | undefined): SendRefusal | null {
  const invalid = (message: string): SendRefusal => ({ code: 'invalidMessage', message });
  const need = headerNeed(definition);
  const header = send.header;
  if (need.kind === 'file') {
    const what = need.format.toLowerCase();
    if (header?.type !== 'file') return invalid(`this template has ${what === 'image' ? 'an' : 'a'} ${what} header: choose a file for it`);
    const rule = HEADER_FILES[need.format];
    if (checkHeaderFile(need.format, header.path)) {
      return invalid(`${fileName(header.path)} cannot be the ${what} header: it must be a ${rule.extensions.map((e) => `.${e}`).join(', ')} file`);
    }
    const bytes = size(header.path);
    if (bytes === undefined) return { code: 'fileUnreadable', message: `cannot read ${header.path}: No such file or directory` };
    if (bytes > rule.maxBytes) {
      return invalid(`${fileName(header.path)} is ${(bytes / MB).toFixed(1)} MB: a template's ${what} header may be at most ${rule.maxBytes / MB} MB`);
    }
  } else if (need.kind === 'location') {
    if (header?.type !== 'location') return invalid('this template has a location header: give its latitude and longitude');
    const { latitude, longitude } = header;
    if (latitude === null || longitude === null || !(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) {
      return invalid('a location header needs a latitude between -90 and 90 and a longitude between -180 and 180');
    }
  } else if (header !== null) {
    return invalid('this template has no media or location header: send it without one');
  }
  const example = copyCodeExample(definition);
  if (example === null) {
    if (send.copyCode !== null) return invalid('this template has no copy-code button: send it without a code');
    return null;
  }
  const code = send.copyCode ?? '';
  switch (checkCopyCode(code)) {
    case null:
      return null;
    case 'empty':
      return invalid('this template has a copy-code button: give the code it copies');
    case 'tooLong':
      return invalid(`the code has ${Array.from(code).length} characters: at most ${MAX_COPY_CODE} are allowed`);
    default:
      return invalid('the code cannot be sent: it holds a new line, a tab or more than 4 spaces in a row');
  }
}

/// The header's media as the message records it (the file itself is the message's `media`).
export function headerMedia(format: MediaHeaderFormat, path: string, size: number): Media {
  return {
    kind: HEADER_FILES[format].kind,
    id: null,
    mimeType: MIME_TYPES[extension(path)] ?? null,
    sha256: null,
    size,
    filename: fileName(path),
    caption: null,
    animated: false,
  };
}

/// The template as the customer receives it: values filled in, buttons with what they open,
/// call or copy. `values` in the order of the template's parameters (header, body, buttons).
export function templateMessage(definition: TemplateDefinition, send: TemplateSend, media: Media | null): TemplateMessage {
  const form = fromDefinition(definition);
  const slots = definitionSlots(definition);
  const byKey = new Map(slots.map((slot, i) => [slotKey(slot.component, slot.name, slot.button), send.values[i] ?? '']));
  // An authentication body is Meta's "{{1}} is your verification code": its value is the code.
  const firstBody = slots.findIndex((slot) => slot.component === 'body');
  const otp = firstBody < 0 ? null : (send.values[firstBody] ?? null);
  const filled = (text: string, component: 'header' | 'body') => fill(text, (name) => byKey.get(slotKey(component, name)));
  const body = filled(form.body, 'body');
  return {
    name: send.name,
    language: send.language,
    header: messageHeader(form.headerFormat, form.headerText ? filled(form.headerText, 'header') : '', send.header, media),
    body,
    footer: form.footer || null,
    buttons: form.buttons.map((button, index) => messageButton(button, index, byKey, send.copyCode, otp)),
  };
}

function messageHeader(
  format: string,
  text: string,
  input: TemplateHeaderInput | null,
  media: Media | null,
): TemplateMessage['header'] {
  if (format === 'TEXT') return text ? { type: 'text', text } : null;
  if (media) return { type: 'media', media };
  if (input?.type === 'location') {
    const { latitude, longitude, name, address } = input;
    return { type: 'location', location: { latitude, longitude, name, address, url: null } };
  }
  return null;
}

function messageButton(button: FormButton, index: number, byKey: Map<string, string>, copyCode: string | null, otp: string | null): TemplateMessageButton {
  switch (button.type) {
    case 'QUICK_REPLY':
      return { kind: 'quickReply', text: button.text, value: null };
    case 'URL': {
      const name = urlVariable(button.url);
      return { kind: 'url', text: button.text, value: name ? fill(button.url, () => byKey.get(slotKey('button', name, index))) : button.url };
    }
    case 'PHONE_NUMBER':
      return { kind: 'phoneNumber', text: button.text, value: button.phone };
    case 'COPY_CODE':
      return { kind: 'copyCode', text: 'Copy offer code', value: copyCode };
    case 'OTP':
      return { kind: 'otp', text: button.text || 'Copy code', value: otp };
  }
}
