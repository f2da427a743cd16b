// The app-wide keyboard shortcuts: which key does what, matched by physical key
// (`event.code`) so they work the same on Hebrew, Arabic and Russian layouts, where the
// letter keys type other letters.

import type { MessageKey } from '../i18n/index.svelte';

export type ShortcutAction =
  | 'nextConversation'
  | 'previousConversation'
  | 'assignToMe'
  | 'resolve'
  | 'labels'
  | 'note'
  | 'search'
  | 'help';

export interface Shortcut {
  action: ShortcutAction;
  /// The keys as the help overlay shows them, one entry per key to press together.
  keys: string[];
  /// What it does, as the help overlay says it.
  label: MessageKey;
  matches(event: KeyboardEvent): boolean;
}

const onlyAlt = (e: KeyboardEvent) => e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey;
const onlyCtrl = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;

export const SHORTCUTS: readonly Shortcut[] = [
  {
    action: 'nextConversation',
    keys: ['Alt', '↓'],
    label: 'shortcuts.nextConversation',
    matches: (e) => onlyAlt(e) && e.key === 'ArrowDown',
  },
  {
    action: 'previousConversation',
    keys: ['Alt', '↑'],
    label: 'shortcuts.previousConversation',
    matches: (e) => onlyAlt(e) && e.key === 'ArrowUp',
  },
  {
    action: 'assignToMe',
    keys: ['Alt', 'M'],
    label: 'shortcuts.assignToMe',
    matches: (e) => onlyAlt(e) && e.code === 'KeyM',
  },
  {
    action: 'resolve',
    keys: ['Alt', 'R'],
    label: 'shortcuts.resolve',
    matches: (e) => onlyAlt(e) && e.code === 'KeyR',
  },
  {
    action: 'labels',
    keys: ['Alt', 'L'],
    label: 'shortcuts.labels',
    matches: (e) => onlyAlt(e) && e.code === 'KeyL',
  },
  {
    action: 'note',
    keys: ['Alt', 'N'],
    label: 'shortcuts.note',
    matches: (e) => onlyAlt(e) && e.code === 'KeyN',
  },
  {
    // Handled by the search palette itself; listed here so the help shows it.
    action: 'search',
    keys: ['Ctrl', 'K'],
    label: 'shortcuts.search',
    matches: (e) => onlyCtrl(e) && e.code === 'KeyK',
  },
  {
    action: 'help',
    keys: ['F1'],
    label: 'shortcuts.help',
    matches: (e) => e.key === 'F1' || (onlyCtrl(e) && e.code === 'Slash'),
  },
];

/// Whether the key is typed into a field (where `?` is a question mark, not help).
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/// The action this key press asks for, if any. `?` alone opens the help, but only
/// outside text fields.
export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !typingIn(event.target)) {
    return 'help';
  }
  return SHORTCUTS.find((s) => s.matches(event))?.action ?? null;
}

/// The conversation `step` rows away from `current` in the list as shown; the first
/// one when none is open. Stops at the ends rather than wrapping.
export function neighbour<T extends { id: number }>(rows: readonly T[], current: number | null, step: 1 | -1): T | null {
  if (rows.length === 0) return null;
  const at = current === null ? -1 : rows.findIndex((r) => r.id === current);
  if (at < 0) return step === 1 ? rows[0]! : rows[rows.length - 1]!;
  return rows[at + step] ?? null;
}
