// The mock's labels, with the engine's rules (crates/engine/src/labels.rs, core/label.rs):
// owners and managers manage them, anyone at the desk puts them on conversations; names
// are tidied, unique without regard to case, at most 40 characters; at most 50 labels; a
// new label without a color gets the first unused one. Deleting one emits `reload`.

import type { Agent, ConversationId, ConversationSummary, Label, LabelColor, LabelId } from '../../ipc/bindings';
import type { LabelsBackend } from '../types';
import { refuse, type MockCore } from './core';

export const LABEL_COLORS: readonly LabelColor[] = [
  'sky', 'blue', 'indigo', 'violet', 'purple', 'pink', 'rose', 'red', 'orange', 'amber',
  'yellow', 'lime', 'green', 'emerald', 'teal', 'cyan', 'brown', 'slate', 'gray', 'black',
];
const MAX_LABEL_CHARS = 40;
const MAX_LABELS = 50;

/// What the labels module needs from the team module before it.
export type TeamBase = new (...args: any[]) => MockCore & { atDesk(): Agent };

export interface LabelsCalls {
  addLabel: Array<{ name: string; color: LabelColor | null }>;
  updateLabel: Array<{ labelId: LabelId; name: string; color: LabelColor }>;
  deleteLabel: LabelId[];
  reorderLabels: LabelId[][];
  setConversationLabel: Array<{ id: ConversationId; labelId: LabelId; on: boolean }>;
}

type StoredLabel = Omit<Label, 'conversationCount'>;

function labelName(name: string): string {
  const tidy = name.split(/\s+/).filter(Boolean).join(' ');
  if (!tidy) refuse('invalidSettings', 'a label needs a name');
  if (Array.from(tidy).length > MAX_LABEL_CHARS) refuse('invalidSettings', `label names are at most ${MAX_LABEL_CHARS} characters`);
  return tidy;
}

export function labelsMock<B extends TeamBase>(Base: B) {
  return class LabelsMock extends Base implements LabelsBackend {
    declare readonly calls: LabelsCalls;
    /// In the team's order; the counts are worked out from the conversations.
    labelList: StoredLabel[] = [];
    #nextLabelId = 1;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, {
        addLabel: [],
        updateLabel: [],
        deleteLabel: [],
        reorderLabels: [],
        setConversationLabel: [],
      } satisfies LabelsCalls);
    }

    /// Adds a label without the role checks.
    seedLabel(name: string, color: LabelColor): Label {
      const label = { id: this.#nextLabelId++, name, color };
      this.labelList = [...this.labelList, label];
      return this.#counted(label);
    }

    /// Puts labels on a conversation without an event, as if they had always been there.
    seedConversationLabels(id: ConversationId, labelIds: LabelId[]): void {
      this.conversations.set(id, { ...this.conversation(id), labelIds: [...labelIds] });
    }

    async labels(): Promise<Label[]> {
      this.check();
      return this.labelList.map((l) => this.#counted(l));
    }

    async addLabel(name: string, color: LabelColor | null): Promise<Label> {
      this.calls.addLabel.push({ name, color });
      this.check();
      this.#require();
      const tidy = labelName(name);
      if (this.labelList.length >= MAX_LABELS) refuse('invalidSettings', `there can be at most ${MAX_LABELS} labels`);
      this.#unique(tidy, null);
      const used = this.labelList.map((l) => l.color);
      const chosen = color ?? LABEL_COLORS.find((c) => !used.includes(c)) ?? LABEL_COLORS[used.length % LABEL_COLORS.length]!;
      return this.seedLabel(tidy, chosen);
    }

    async updateLabel(labelId: LabelId, name: string, color: LabelColor): Promise<Label> {
      this.calls.updateLabel.push({ labelId, name, color });
      this.check();
      this.#require();
      const tidy = labelName(name);
      const label = this.#label(labelId);
      this.#unique(tidy, labelId);
      const updated = { ...label, name: tidy, color };
      this.labelList = this.labelList.map((l) => (l.id === labelId ? updated : l));
      return this.#counted(updated);
    }

    async deleteLabel(labelId: LabelId): Promise<void> {
      this.calls.deleteLabel.push(labelId);
      this.check();
      this.#require();
      this.#label(labelId);
      this.labelList = this.labelList.filter((l) => l.id !== labelId);
      for (const row of this.conversations.values()) {
        if (row.labelIds.includes(labelId)) {
          this.conversations.set(row.id, { ...row, labelIds: row.labelIds.filter((id) => id !== labelId) });
        }
      }
      // The shell has the whole window reload: every row may have lost the label.
      this.emit({ kind: 'reload' });
    }

    async reorderLabels(order: LabelId[]): Promise<Label[]> {
      this.calls.reorderLabels.push(order);
      this.check();
      this.#require();
      const listed = order.map((id) => this.#label(id));
      const rest = this.labelList.filter((l) => !order.includes(l.id));
      this.labelList = [...listed, ...rest];
      return this.labels();
    }

    async setConversationLabel(id: ConversationId, labelId: LabelId, on: boolean): Promise<ConversationSummary> {
      this.calls.setConversationLabel.push({ id, labelId, on });
      this.check();
      this.atDesk();
      this.#label(labelId);
      const row = this.conversation(id);
      const labelIds = row.labelIds.filter((l) => l !== labelId);
      const next = { ...row, labelIds: on ? [...labelIds, labelId] : labelIds };
      this.conversations.set(id, next);
      this.emit({ kind: 'conversationChanged', conversation: next });
      return next;
    }

    #counted(label: StoredLabel): Label {
      const conversationCount = [...this.conversations.values()].filter((c) => c.labelIds.includes(label.id)).length;
      return { ...label, conversationCount };
    }

    #label(id: LabelId): StoredLabel {
      const label = this.labelList.find((l) => l.id === id);
      if (!label) refuse('notFound', 'label not found');
      return label;
    }

    #unique(name: string, except: LabelId | null): void {
      const key = name.toLowerCase();
      if (this.labelList.some((l) => l.id !== except && l.name.toLowerCase() === key)) {
        refuse('duplicate', `there is already a label called "${name}"`);
      }
    }

    #require(): void {
      const agent = this.atDesk();
      if (agent.role === 'agent') refuse('forbidden', 'only an owner or a manager may manage labels');
    }
  };
}
