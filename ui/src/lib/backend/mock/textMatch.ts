// How the mock finds words, the way the engine's full-text index does
// (crates/core/src/search.rs): case, accents, Hebrew points, Arabic harakat and letter
// variants and the Cyrillic "ё" are folded away on both sides; the text is cut into words
// (runs of letters and digits); every typed word must match a whole word, the last one
// also the start of a word. Highlights come back in UTF-16 code units of the original
// text, as the shell sends them.

import type { Highlighted, TextRange } from '../../ipc/bindings';

/// How much of a long text a result shows around its first match.
const SNIPPET_CHARS = 120;
const CONTEXT_BEFORE = 30;

const DROPPED =
  /[\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7\u06E8\u06EA-\u06ED\u0640\u00AD\u200C-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\uFE00-\uFE0F]/u;
const ARABIC_VARIANTS: Record<string, string> = {
  '\u0622': '\u0627',
  '\u0623': '\u0627',
  '\u0625': '\u0627',
  '\u0671': '\u0627',
  '\u0649': '\u064A',
  '\u0629': '\u0647',
};
const WORD_CHAR = /[\p{L}\p{N}]/u;

/// One character as the index holds it ('' when dropped).
function foldChar(c: string): string {
  if (DROPPED.test(c)) return '';
  const variant = ARABIC_VARIANTS[c];
  if (variant) return variant;
  const code = c.codePointAt(0)!;
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  return c.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

export function foldText(text: string): string {
  return Array.from(text, foldChar).join('');
}

interface Word {
  folded: string;
  /// UTF-16 range of the original text, with the marks attached to its last letter.
  start: number;
  end: number;
}

/// The words of `text`, folded, with where each sits in the original.
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  let current: Word | null = null;
  let offset = 0;
  for (const c of text) {
    const folded = foldChar(c);
    const next = offset + c.length;
    if (folded === '') {
      // A vowel point or harakah belongs to the letter before it.
      if (current && /\p{M}/u.test(c)) current.end = next;
    } else {
      for (const f of folded) {
        if (WORD_CHAR.test(f)) {
          if (!current) {
            current = { folded: '', start: offset, end: next };
            words.push(current);
          }
          current.folded += f;
          current.end = next;
        } else {
          current = null;
        }
      }
    }
    offset = next;
  }
  return words;
}

/// What was typed, as folded words; `null` when there is nothing to search for.
export interface Query {
  terms: string[];
  /// The digits, when the query looks like (part of) a phone number.
  phoneDigits: string | null;
}

export function parseQuery(input: string): Query | null {
  const clipped = Array.from(input).slice(0, 200).join('');
  const terms = wordsOf(clipped)
    .map((w) => w.folded)
    .slice(0, 12);
  const trimmed = foldText(clipped).trim();
  let phoneDigits: string | null = null;
  if (/^[0-9+\-()./ \u00A0]+$/.test(trimmed)) {
    let digits = trimmed.replace(/\D/g, '');
    if (trimmed.startsWith('00') && digits.length - 2 >= 3) digits = digits.slice(2);
    if (digits.length >= 3) phoneDigits = digits;
  }
  if (terms.length === 0 && phoneDigits === null) return null;
  return { terms, phoneDigits };
}

function termMatches(query: Query, index: number, word: string): boolean {
  const term = query.terms[index]!;
  return word === term || (index === query.terms.length - 1 && word.startsWith(term));
}

/// Which of the query's terms the texts hold, and the ranges of the words that matched
/// in each text.
export function matchTexts(query: Query, texts: string[]): { found: Set<number>; ranges: TextRange[][] } {
  const found = new Set<number>();
  const ranges = texts.map((text) =>
    wordsOf(text)
      .filter((word) => {
        let hit = false;
        query.terms.forEach((_, i) => {
          if (termMatches(query, i, word.folded)) {
            found.add(i);
            hit = true;
          }
        });
        return hit;
      })
      .map(({ start, end }) => ({ start, end })),
  );
  return { found, ranges };
}

export function allTermsFound(query: Query, found: Set<number>): boolean {
  return query.terms.length > 0 && found.size === query.terms.length;
}

/// The whole text with its matches.
export function highlighted(text: string, ranges: TextRange[]): Highlighted {
  return { text, ranges, cutBefore: false, cutAfter: false };
}

/// About 120 characters around the first match, on one line.
export function snippet(text: string, ranges: TextRange[]): Highlighted {
  const oneLine = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  const chars = Array.from(oneLine);
  if (chars.length <= SNIPPET_CHARS) return highlighted(oneLine, ranges);
  // Code point index of the first match.
  const firstUnit = ranges[0]?.start ?? 0;
  let focus = 0;
  for (let unit = 0; focus < chars.length && unit < firstUnit; focus++) unit += chars[focus]!.length;
  const startChar = Math.min(Math.max(0, focus - CONTEXT_BEFORE), chars.length - SNIPPET_CHARS);
  const endChar = startChar + SNIPPET_CHARS;
  const startUnit = chars.slice(0, startChar).join('').length;
  const window = chars.slice(startChar, endChar).join('');
  return {
    text: window,
    ranges: ranges
      .map((r) => ({ start: Math.max(r.start - startUnit, 0), end: Math.min(r.end - startUnit, window.length) }))
      .filter((r) => r.start < r.end),
    cutBefore: startChar > 0,
    cutAfter: endChar < chars.length,
  };
}

/// How many leading digits of an international number are its country code.
export function countryCodeLength(digits: string): number {
  const two = '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98';
  if (digits.startsWith('1') || digits.startsWith('7')) return 1;
  return two.split(' ').some((code) => digits.startsWith(code)) ? 2 : 3;
}

/// Where `digits` appear in `waId`: anywhere, or written nationally (a leading 0 or 8)
/// at the start of its national number. A digit range of `waId`.
export function phoneMatch(waId: string, digits: string): [number, number] | null {
  if (!digits) return null;
  const at = waId.indexOf(digits);
  if (at >= 0) return [at, at + digits.length];
  const trunk = digits.startsWith('0') || digits.startsWith('8') ? digits.slice(1) : null;
  if (!trunk) return null;
  const national = Math.min(countryCodeLength(waId), waId.length);
  return waId.slice(national).startsWith(trunk) ? [national, national + trunk.length] : null;
}

/// The words a number is indexed as: every ending of at least 4 digits, and the
/// national form with its trunk prefix.
export function phoneWords(waId: string): string[] {
  const words: string[] = [];
  for (let start = 0; start <= waId.length - 4; start++) words.push(waId.slice(start));
  const national = waId.slice(Math.min(countryCodeLength(waId), waId.length));
  if (national) {
    words.push(`0${national}`);
    if (waId.startsWith('7')) words.push(`8${national}`);
  }
  return words;
}
