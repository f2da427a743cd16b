// WhatsApp's message formatting, as the app shows it: *bold*, _italic_, ~strike~,
// ```monospace```, `inline code`, and per line "- " / "* " bullets, "1. " numbered items and
// "> " quotes. Pure: the preview renders what this returns (never as HTML).
//
// WhatsApp's rules, as implemented: a marker opens only at the start of the text or after a
// character that is not a letter or digit, and must be followed by a non-space; it closes at
// the first same marker that follows a non-space and is not itself followed by a letter or
// digit (so `2*3*4` and `snake_case_name` stay as typed). A marker that never closes is
// text. Formatting does not cross lines, except a ``` that does not close on its own line
// but on a later one: everything up to that closing ``` is one monospace block, line breaks
// kept (a line break may follow the opening ``` and precede the closing one, as in a fenced
// block; those two are not part of the text). Bold, italic and strike nest; code and
// monospace hold plain text.

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; children: Inline[] }
  | { kind: 'italic'; children: Inline[] }
  | { kind: 'strike'; children: Inline[] }
  | { kind: 'mono'; text: string }
  | { kind: 'code'; text: string };

export type Block =
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'bullet'; inlines: Inline[] }
  | { kind: 'numbered'; number: number; inlines: Inline[] }
  | { kind: 'quote'; inlines: Inline[] }
  /// A ``` block spanning lines: its text, line breaks included.
  | { kind: 'mono'; text: string };

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;
const PAIRED = { '*': 'bold', _: 'italic', '~': 'strike' } as const;

function isWord(ch: string | undefined): boolean {
  return ch !== undefined && WORD.test(ch);
}

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || SPACE.test(ch);
}

/// The index of the marker closing one opened at `open` (length `size`), or -1.
function closing(text: string, marker: string, open: number): number {
  const size = marker.length;
  for (let at = text.indexOf(marker, open + size + 1); at >= 0; at = text.indexOf(marker, at + 1)) {
    if (!isSpace(text[at - 1]) && !isWord(text[at + size])) return at;
  }
  return -1;
}

function opens(text: string, at: number, size: number): boolean {
  return !isWord(text[at - 1]) && !isSpace(text[at + size]);
}

/// One line's inline formatting.
export function parseInline(text: string): Inline[] {
  return scanLine(text).nodes;
}

/// One line's inline formatting up to the first ``` that `fence` accepts as the opening of a
/// block spanning lines (`stop`, or -1 when there is none).
function scanLine(text: string, fence?: (at: number) => boolean): { nodes: Inline[]; stop: number } {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (text.startsWith('```', i)) {
      if (opens(text, i, 3)) {
        const end = closing(text, '```', i);
        if (end > i + 3) {
          flush();
          out.push({ kind: 'mono', text: text.slice(i + 3, end) });
          i = end + 3;
          continue;
        }
      }
      // Not closed on this line: it may open a block that closes on a later one.
      if (fence && !isWord(text[i - 1]) && (i + 3 === text.length || !isSpace(text[i + 3])) && fence(i)) {
        flush();
        return { nodes: out, stop: i };
      }
    }
    if (ch === '`' && !text.startsWith('```', i) && opens(text, i, 1)) {
      const end = closing(text, '`', i);
      if (end > i + 1) {
        flush();
        out.push({ kind: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if ((ch === '*' || ch === '_' || ch === '~') && opens(text, i, 1)) {
      const end = closing(text, ch, i);
      if (end > i + 1) {
        flush();
        out.push({ kind: PAIRED[ch], children: parseInline(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    plain += ch;
    i++;
  }
  flush();
  return { nodes: out, stop: -1 };
}

/// The block a ``` at `at` opens when it closes on a later line: its text and the index
/// after the closing ```. The closing ``` follows a non-space (or a line break) and is not
/// followed by a letter or digit, and the block holds more than blank lines.
function fenced(text: string, at: number): { text: string; end: number } | null {
  const lineEnd = text.indexOf('\n', at + 3);
  if (lineEnd < 0) return null;
  for (let close = text.indexOf('```', lineEnd + 1); close >= 0; close = text.indexOf('```', close + 1)) {
    const before = text[close - 1];
    if ((before === '\n' || !isSpace(before)) && !isWord(text[close + 3])) {
      let inner = text.slice(at + 3, close);
      if (inner.startsWith('\n')) inner = inner.slice(1);
      if (inner.endsWith('\n')) inner = inner.slice(0, -1);
      return inner.trim() ? { text: inner, end: close + 3 } : null;
    }
  }
  return null;
}

type LineKind = { skip: number; block: (inlines: Inline[]) => Block };

const PARAGRAPH: LineKind = { skip: 0, block: (inlines) => ({ kind: 'paragraph', inlines }) };

/// What a line's start makes it: a numbered item, a bullet, a quote or a paragraph.
function lineKind(line: string): LineKind {
  const numbered = /^(\d{1,3})\. /.exec(line);
  if (numbered) {
    const number = Number(numbered[1]);
    return { skip: numbered[0].length, block: (inlines) => ({ kind: 'numbered', number, inlines }) };
  }
  if (line.startsWith('- ') || line.startsWith('* ')) return { skip: 2, block: (inlines) => ({ kind: 'bullet', inlines }) };
  if (line.startsWith('> ')) return { skip: 2, block: (inlines) => ({ kind: 'quote', inlines }) };
  return PARAGRAPH;
}

/// A whole message: one block per line, and one for each ``` block spanning lines.
export function parseMessage(text: string): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  // Whether `start` begins a line (after a block's closing ``` it does not).
  let lineStart = true;
  for (;;) {
    const newline = text.indexOf('\n', start);
    const line = text.slice(start, newline < 0 ? text.length : newline);
    const kind = lineStart ? lineKind(line) : PARAGRAPH;
    const from = start + kind.skip;
    const { nodes, stop } = scanLine(line.slice(kind.skip), newline < 0 ? undefined : (at) => fenced(text, from + at) !== null);
    const block = stop < 0 ? null : fenced(text, from + stop);
    if (!block) {
      blocks.push(kind.block(nodes));
      if (newline < 0) return blocks;
      start = newline + 1;
      lineStart = true;
      continue;
    }
    // What precedes the ``` on its line; a paragraph of nothing but spaces is left out.
    if (kind !== PARAGRAPH || plainText(nodes).trim()) blocks.push(kind.block(nodes));
    blocks.push({ kind: 'mono', text: block.text });
    start = block.end;
    if (text[start] === '\n') {
      start++;
      lineStart = true;
    } else if (start >= text.length) {
      return blocks;
    } else {
      lineStart = false;
    }
  }
}

/// The text a reader sees, without markers (for tests and accessible names).
export function plainText(inlines: Inline[]): string {
  return inlines.map((n) => ('children' in n ? plainText(n.children) : n.text)).join('');
}

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;
const STRONG = /[\p{L}]/u;

/// The direction of a paragraph by its first strong letter, as `dir="auto"` decides it.
export function directionOf(text: string): 'rtl' | 'ltr' | null {
  for (const ch of text) {
    if (RTL.test(ch)) return 'rtl';
    if (STRONG.test(ch)) return 'ltr';
  }
  return null;
}

/// Splits text around `{{name}}` placeholders (a parameter without an example), so the
/// preview can show them standing out.
export function splitPlaceholders(text: string): Array<{ text: string; placeholder: boolean }> {
  const parts: Array<{ text: string; placeholder: boolean }> = [];
  let last = 0;
  for (const m of text.matchAll(/\{\{[^{}]*\}\}/g)) {
    if (m.index! > last) parts.push({ text: text.slice(last, m.index), placeholder: false });
    parts.push({ text: m[0], placeholder: true });
    last = m.index! + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), placeholder: false });
  return parts;
}
