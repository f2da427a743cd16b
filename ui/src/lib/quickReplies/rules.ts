// The rules of crates/core/src/quick_reply.rs, in TypeScript: the editor checks a quick
// reply before saving (so the agent reads the problem in their language), the mock
// enforces the same rules as the engine, and the picker matches what the agent types.

import type { Expansion, MediaKind, QuickReply } from '../ipc/bindings';

export const MAX_SHORTCUT_CHARS = 32;
export const MAX_KEYWORDS = 20;
export const MAX_KEYWORD_CHARS = 40;
export const MAX_TEXT_CHARS = 4096;

/// What is wrong with a quick reply, as `QuickReplyError` names it.
export type QuickReplyProblem =
  | { kind: 'emptyShortcut' }
  | { kind: 'spaceInShortcut'; suggestion: string }
  | { kind: 'shortcutCharacter'; character: string }
  | { kind: 'shortcutTooLong' }
  | { kind: 'empty' }
  | { kind: 'textTooLong' }
  | { kind: 'tooManyKeywords' }
  | { kind: 'keywordTooLong' };

type Checked<T> = { ok: true; value: T } | { ok: false; problem: QuickReplyProblem };

const chars = (text: string): number => Array.from(text).length;
const words = (text: string): string[] => text.split(/\s+/u).filter((w) => w !== '');

/// The shortcut as stored: no leading slash, letters (any script), digits, `-` and `_`.
export function checkShortcut(text: string): Checked<string> {
  const trimmed = text.trim();
  const shortcut = trimmed.startsWith('/') ? trimmed.slice(1) : trimmed;
  if (shortcut === '') return { ok: false, problem: { kind: 'emptyShortcut' } };
  if (/\s/u.test(shortcut)) {
    return { ok: false, problem: { kind: 'spaceInShortcut', suggestion: words(shortcut).join('-') } };
  }
  const wrong = Array.from(shortcut).find((c) => !/^[\p{Alphabetic}\p{N}_-]$/u.test(c));
  if (wrong !== undefined) return { ok: false, problem: { kind: 'shortcutCharacter', character: wrong } };
  if (chars(shortcut) > MAX_SHORTCUT_CHARS) return { ok: false, problem: { kind: 'shortcutTooLong' } };
  return { ok: true, value: shortcut };
}

/// What makes two shortcuts the same: case does not count.
export function shortcutKey(shortcut: string): string {
  return shortcut.toLowerCase();
}

/// Keywords as stored: spaces tidied, empty ones dropped, duplicates (ignoring case) removed.
export function checkKeywords(list: readonly string[]): Checked<string[]> {
  const out: string[] = [];
  for (const raw of list) {
    const keyword = words(raw).join(' ');
    if (keyword === '') continue;
    if (chars(keyword) > MAX_KEYWORD_CHARS) return { ok: false, problem: { kind: 'keywordTooLong' } };
    if (!out.some((k) => k.toLowerCase() === keyword.toLowerCase())) out.push(keyword);
  }
  if (out.length > MAX_KEYWORDS) return { ok: false, problem: { kind: 'tooManyKeywords' } };
  return { ok: true, value: out };
}

/// The text as stored: trimmed; empty only with an attachment.
export function checkText(text: string, hasAttachment: boolean): Checked<string> {
  const trimmed = text.trim();
  if (trimmed === '' && !hasAttachment) return { ok: false, problem: { kind: 'empty' } };
  if (chars(trimmed) > MAX_TEXT_CHARS) return { ok: false, problem: { kind: 'textTooLong' } };
  return { ok: true, value: trimmed };
}

/// The engine's own words for a problem (`QuickReplyError`'s `Display`), for the mock.
export function engineMessage(problem: QuickReplyProblem): string {
  switch (problem.kind) {
    case 'emptyShortcut':
      return 'a quick reply needs a shortcut';
    case 'spaceInShortcut':
      return `a shortcut has no spaces (try "${problem.suggestion}")`;
    case 'shortcutCharacter':
      return `shortcuts are letters, digits, '-' and '_' (not '${problem.character}')`;
    case 'shortcutTooLong':
      return `shortcuts are at most ${MAX_SHORTCUT_CHARS} characters`;
    case 'empty':
      return 'a quick reply needs a text or an attachment';
    case 'textTooLong':
      return `a message is at most ${MAX_TEXT_CHARS} characters`;
    case 'tooManyKeywords':
      return `at most ${MAX_KEYWORDS} keywords`;
    case 'keywordTooLong':
      return `keywords are at most ${MAX_KEYWORD_CHARS} characters`;
  }
}

/// The values `{{variables}}` are filled with.
export interface Values {
  contactName: string | null;
  agentName: string | null;
  businessName: string | null;
}

function valueOf(name: string, values: Values): string | null | undefined {
  const filled = (value: string | null): string | null => value?.trim() || null;
  switch (name) {
    case 'contact.name':
      return filled(values.contactName);
    case 'contact.first_name':
      return words(filled(values.contactName) ?? '')[0] ?? null;
    case 'agent.name':
      return filled(values.agentName);
    case 'business.name':
      return filled(values.businessName);
    default:
      return undefined;
  }
}

/// Fills in `{{variable}}` and `{{variable|fallback}}` as `quick_reply::expand` does: a
/// variable with no value and no fallback stays as `{{name}}` and is listed in `missing`;
/// an unknown one stays as written.
export function expand(text: string, values: Values): Expansion {
  let out = '';
  const missing: string[] = [];
  const unknown: string[] = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) break;
    const close = rest.indexOf('}}', open + 2);
    if (close < 0) break;
    out += rest.slice(0, open);
    const written = rest.slice(open, close + 2);
    const inner = rest.slice(open + 2, close);
    const bar = inner.indexOf('|');
    const name = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    const fallback = bar < 0 ? null : inner.slice(bar + 1).trim();
    const value = valueOf(name, values);
    if (value === undefined) {
      out += written;
      if (!unknown.includes(name)) unknown.push(name);
    } else if (value !== null) {
      out += value;
    } else if (fallback !== null) {
      out += fallback;
    } else {
      out += `{{${name}}}`;
      if (!missing.includes(name)) missing.push(name);
    }
    rest = rest.slice(close + 2);
  }
  return { text: out + rest, missing, unknown };
}

/// Whether WhatsApp shows a caption under this kind of file (`MediaKind::can_have_caption`).
export function canHaveCaption(kind: MediaKind): boolean {
  return kind === 'image' || kind === 'video' || kind === 'document';
}

/// Lower case without accents, so "cafe" finds "Café" (Hebrew and Arabic points too).
export function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/// The quick replies the picker offers for what follows the `/`: shortcuts starting with
/// it first, then shortcuts containing it, then keyword matches, then text matches; each
/// group keeps the list's order.
export function matchQuickReplies(replies: readonly QuickReply[], query: string): QuickReply[] {
  const wanted = folded(query.trim());
  if (wanted === '') return [...replies];
  const rank = (reply: QuickReply): number => {
    const shortcut = folded(reply.shortcut);
    if (shortcut.startsWith(wanted)) return 0;
    if (shortcut.includes(wanted)) return 1;
    if (reply.keywords.some((k) => folded(k).includes(wanted))) return 2;
    if (folded(reply.text).includes(wanted)) return 3;
    return -1;
  };
  return replies
    .map((reply, index) => ({ reply, index, rank: rank(reply) }))
    .filter((r) => r.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((r) => r.reply);
}

/// The `/word` being typed just before the caret: at the start of the message or after
/// whitespace. `null` when the caret is not in such a token.
export function slashToken(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([^\s/]*)$/u.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}
