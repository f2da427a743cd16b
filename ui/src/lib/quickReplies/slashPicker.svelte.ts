// The state of the composer's `/` picker: which `/word` is being typed, the quick replies
// it matches, the highlighted one, and the keys that drive it. The composer owns the text;
// this only reads it and says what the agent chose.

import type { QuickReply } from '../ipc/bindings';
import { matchQuickReplies, slashToken } from './rules';

export interface SlashToken {
  /// Where the `/` is in the text.
  start: number;
  /// What follows it, up to the caret.
  query: string;
}

export class SlashPicker {
  token = $state<SlashToken | null>(null);
  /// The option the arrows moved to.
  active = $state(0);
  /// Esc closed the picker for the token starting here; it stays closed until a new `/`.
  #dismissedAt = $state<number | null>(null);
  readonly #replies: () => readonly QuickReply[];

  get options(): QuickReply[] {
    return this.token ? matchQuickReplies(this.#replies(), this.token.query) : [];
  }

  get open(): boolean {
    return this.token !== null && this.#dismissedAt !== this.token.start && this.#replies().length > 0;
  }

  get activeReply(): QuickReply | null {
    return this.open ? (this.options[this.active] ?? null) : null;
  }

  constructor(replies: () => readonly QuickReply[]) {
    this.#replies = replies;
  }

  /// The text or the caret changed.
  update(text: string, caret: number): void {
    const token = slashToken(text, caret);
    if (token?.start !== this.token?.start || token?.query !== this.token?.query) this.active = 0;
    if (token?.start !== this.#dismissedAt) this.#dismissedAt = null;
    this.token = token;
  }

  close(): void {
    this.token = null;
    this.#dismissedAt = null;
  }

  /// Handles a key in the composer while the picker is open; `true` when it was the
  /// picker's (the composer then does nothing else with it).
  keydown(event: KeyboardEvent, choose: (reply: QuickReply) => void): boolean {
    if (!this.open || event.isComposing) return false;
    const count = this.options.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (count === 0) return false;
        event.preventDefault();
        this.active = (this.active + (event.key === 'ArrowDown' ? 1 : count - 1)) % count;
        return true;
      case 'Enter':
      case 'Tab': {
        // With nothing to choose, Enter sends and Tab moves on, as without the picker.
        const reply = this.activeReply;
        if (!reply || event.shiftKey) return false;
        event.preventDefault();
        choose(reply);
        return true;
      }
      case 'Escape':
        event.preventDefault();
        // The thread or a dialog must not also take this Esc.
        event.stopPropagation();
        this.#dismissedAt = this.token?.start ?? null;
        return true;
      default:
        return false;
    }
  }
}
