import { commands } from '../../ipc/bindings';
import type { LabelsBackend } from '../types';
import { done, unwrap } from './answer';

export const labelsAdapter: LabelsBackend = {
  labels: () => unwrap(commands.labels()),
  addLabel: (name, color) => unwrap(commands.addLabel(name, color)),
  updateLabel: (labelId, name, color) => unwrap(commands.updateLabel(labelId, name, color)),
  deleteLabel: (labelId) => done(commands.deleteLabel(labelId)),
  reorderLabels: (order) => unwrap(commands.reorderLabels(order)),
  setConversationLabel: (id, labelId, on) => unwrap(commands.setConversationLabel(id, labelId, on)),
};
