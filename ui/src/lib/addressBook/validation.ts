// The engine's rules for what the address book accepts (crates/core/src/contact.rs),
// checked before sending so the reason shows in the user's language. The shell checks
// again; its answer is shown when it still refuses.

import { t } from '../i18n/index.svelte';

export const MAX_NAME_CHARS = 100;
export const MAX_NOTES_CHARS = 4000;
export const MAX_SOURCE_CHARS = 200;
export const MIN_PHONE_DIGITS = 8;
export const MAX_PHONE_DIGITS = 15;

const chars = (s: string): number => Array.from(s).length;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/// Why the name is refused, or `null` (blank is fine: the WhatsApp name shows).
export function nameProblem(input: string): string | null {
  const name = input.trim();
  if (CONTROL.test(name)) return t('addressBook.error.nameOneLine');
  const count = chars(name);
  return count > MAX_NAME_CHARS ? t('addressBook.error.nameTooLong', { count, max: MAX_NAME_CHARS }) : null;
}

export function notesProblem(input: string): string | null {
  const count = chars(input.trim());
  return count > MAX_NOTES_CHARS ? t('addressBook.error.notesTooLong', { count, max: MAX_NOTES_CHARS }) : null;
}

export function sourceProblem(input: string): string | null {
  const count = chars(input.trim());
  if (count === 0) return t('addressBook.error.sourceMissing');
  return count > MAX_SOURCE_CHARS ? t('addressBook.error.sourceTooLong', { count, max: MAX_SOURCE_CHARS }) : null;
}

/// Why the number cannot be a WhatsApp number, or `null`.
export function phoneProblem(input: string): string | null {
  const text = input.trim();
  let digits = '';
  for (const c of text) {
    if (c >= '0' && c <= '9') digits += c;
    else if (!'+ -().\u00A0'.includes(c)) return t('addressBook.error.phoneCharacter', { character: c });
  }
  if (!digits) return t('addressBook.error.phoneEmpty');
  // "00" is how many countries dial out: the country code follows.
  if (digits.startsWith('00') && !text.startsWith('+')) digits = digits.slice(2);
  if (digits.startsWith('0')) return t('addressBook.error.phoneNoCountryCode');
  if (digits.length < MIN_PHONE_DIGITS) {
    return t('addressBook.error.phoneTooShort', { count: digits.length, min: MIN_PHONE_DIGITS });
  }
  if (digits.length > MAX_PHONE_DIGITS) {
    return t('addressBook.error.phoneTooLong', { count: digits.length, max: MAX_PHONE_DIGITS });
  }
  return null;
}
