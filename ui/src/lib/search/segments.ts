// A search result's text cut into plain and matched pieces, for rendering with <mark>
// and never as HTML. The shell's ranges count UTF-16 code units, JavaScript's string
// unit, so they slice the text directly.

import type { Highlighted } from '../ipc/bindings';

export interface Segment {
  text: string;
  match: boolean;
}

export function segments(highlighted: Highlighted): Segment[] {
  const { text } = highlighted;
  const out: Segment[] = [];
  let at = 0;
  const push = (piece: string, match: boolean) => {
    if (piece) out.push({ text: piece, match });
  };
  for (const range of highlighted.ranges) {
    // Out of order, overlapping or past the end: a stale index must not break the text.
    const start = Math.max(range.start, at);
    const end = Math.min(range.end, text.length);
    if (start >= end) continue;
    push(text.slice(at, start), false);
    push(text.slice(start, end), true);
    at = end;
  }
  push(text.slice(at), false);
  return out;
}
