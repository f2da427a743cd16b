// A lint diagnostic in the user's language: the engine writes `message` and `fix` in
// English, and gives its stable `rule` id and the `params` it filled in, so the UI words it
// from `lint.<rule>.message` / `.fix` (en/lint.ts). A rule with no key yet (added to the
// engine later), or a diagnostic lacking a parameter the wording needs, shows the engine's
// English instead of a half-filled sentence.

import type { Diagnostic } from '../backend/api/templates';
import { hasKey, t, type Params } from '../i18n/index.svelte';

export interface DiagnosticText {
  message: string;
  fix: string | null;
}

/// Parameters that are numbers: formatted for the locale, and able to pick plural forms.
const NUMERIC = new Set(['count', 'limit', 'length', 'excess', 'parameters', 'words', 'needed', 'missing', 'index', 'minutes', 'min', 'max']);

/// The parameter whose value picks a key's plural form, when it is not `count`.
const COUNTED_BY: Readonly<Record<string, string>> = {
  'lint.name.too_long.message': 'length',
  'lint.name.too_long.fix': 'excess',
  'lint.header.too_long.message': 'length',
  'lint.header.too_long.fix': 'excess',
  'lint.body.too_long.message': 'length',
  'lint.body.too_long.fix': 'excess',
  'lint.footer.too_long.message': 'length',
  'lint.footer.too_long.fix': 'excess',
  'lint.button.text_too_long.message': 'length',
  'lint.button.text_too_long.fix': 'excess',
  'lint.button.url_too_long.message': 'length',
  'lint.button.url_too_long.fix': 'excess',
  'lint.body.whitespace.message': 'limit',
  'lint.body.parameter_ratio.message': 'words',
  'lint.body.parameter_ratio.fix': 'missing',
  'lint.buttons.too_many.fix': 'excess',
  'lint.buttons.too_many_url.fix': 'limit',
  'lint.buttons.too_many_phone_number.fix': 'limit',
  'lint.buttons.too_many_copy_code.fix': 'limit',
  'lint.button.copy_code_example.message': 'limit',
  'lint.button.copy_code_example.fix': 'limit',
  'lint.footer.code_expiration_range.message': 'minutes',
};

/// The parameter that picks a key's plural form (for tests of the catalog).
export function countedBy(key: string): string {
  return COUNTED_BY[key] ?? 'count';
}

/// `{name}` placeholders of a text, leaving `{{1}}`-style parameters as written alone.
const PLACEHOLDER = /(?<!\{)\{(\w+)\}(?!\})/g;

function wording(key: string, params: Params): string | null {
  if (!hasKey(key)) return null;
  const countParam = countedBy(key);
  const count = params[countParam];
  const selector: Params = count === undefined ? {} : { count: Number(count) };
  // The text with only the plural picked: every placeholder left must have a value.
  const bare = t(key, selector);
  const needed = [...bare.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  if (needed.some((name) => params[name] === undefined)) return null;
  return t(key, { ...params, ...selector });
}

/// The key itself, else its `.general` wording (the one for fewer parameters).
function translated(key: string, params: Params): string | null {
  return wording(key, params) ?? wording(`${key}.general`, params);
}

export function diagnosticText(d: Diagnostic): DiagnosticText {
  const params: Params = {};
  for (const [name, value] of Object.entries(d.params)) {
    if (value === undefined) continue;
    params[name] = NUMERIC.has(name) && /^\d+$/.test(value) ? Number(value) : value;
  }
  const base = `lint.${d.rule}`;
  return {
    message: translated(`${base}.message`, params) ?? d.message,
    fix: d.fix === null ? null : (translated(`${base}.fix`, params) ?? d.fix),
  };
}
