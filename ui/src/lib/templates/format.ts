// WhatsApp's message formatting, as the app shows it: *bold*, _italic_, ~strike~,
// ```monospace```, `inline code`, and per line "- " / "* " bullets, "1. " numbered items and
// "> " quotes. Pure: the preview renders what this returns (never as HTML).
//
// WhatsApp's rules, as implemented: a marker opens only at the start of the text or after a
// character that is not a letter or digit, and must be followed by a non-space; it closes at
// the first same marker that follows a non-space and is not itself followed by a letter or
// digit (so `2*3*4` and `snake_case_name` stay as typed). A marker that never closes is
// text. Formatting does not cross lines. Bold, italic and strike nest; code and monospace
// hold plain text.

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
  | { kind: 'quote'; inlines: Inline[] };

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
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (text.startsWith('```', i) && opens(text, i, 3)) {
      const end = closing(text, '```', i);
      if (end > i + 3) {
        flush();
        out.push({ kind: 'mono', text: text.slice(i + 3, end) });
        i = end + 3;
        continue;
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
  return out;
}

/// A whole message: one block per line.
export function parseMessage(text: string): Block[] {
  return text.split('\n').map((line): Block => {
    const numbered = /^(\d{1,3})\. (.*)$/s.exec(line);
    if (numbered) return { kind: 'numbered', number: Number(numbered[1]), inlines: parseInline(numbered[2]!) };
    if (line.startsWith('- ') || line.startsWith('* ')) return { kind: 'bullet', inlines: parseInline(line.slice(2)) };
    if (line.startsWith('> ')) return { kind: 'quote', inlines: parseInline(line.slice(2)) };
    return { kind: 'paragraph', inlines: parseInline(line) };
  });
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
