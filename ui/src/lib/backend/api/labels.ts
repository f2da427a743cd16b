// Labels: the list with counts, managing them, and putting them on conversations.

import type { ConversationId, ConversationSummary, Label, LabelColor, LabelId } from '../../ipc/bindings';

export interface LabelsBackend {
  /// In the team's order, each with how many conversations carry it.
  labels(): Promise<Label[]>;
  /// Without a color, the label gets one no other label uses yet.
  addLabel(name: string, color: LabelColor | null): Promise<Label>;
  updateLabel(labelId: LabelId, name: string, color: LabelColor): Promise<Label>;
  /// Takes the label off every conversation too; the shell then asks the window to reload.
  deleteLabel(labelId: LabelId): Promise<void>;
  reorderLabels(order: LabelId[]): Promise<Label[]>;
  /// Puts a label on a conversation (`on`) or takes it off.
  setConversationLabel(id: ConversationId, labelId: LabelId, on: boolean): Promise<ConversationSummary>;
}
