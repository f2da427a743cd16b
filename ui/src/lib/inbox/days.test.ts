import { describe, expect, it } from 'vitest';
import type { Message } from '../ipc/bindings';
import { withDaySeparators } from './days';

function message(id: number, at: Date): Message {
  return {
    id,
    conversationId: 1,
    wamid: null,
    direction: 'inbound',
    kind: 'text',
    text: `m${id}`,
    content: { type: 'text', body: `m${id}` },
    context: null,
    quoted: null,
    referral: null,
    reactions: [],
    status: null,
    failure: null,
    timestamp: at.getTime(),
    editedAt: null,
    revokedAt: null,
    media: null,
    sentBy: null,
  };
}

describe('withDaySeparators', () => {
  it('puts a separator before the first message of each local day', () => {
    const items = withDaySeparators([
      message(1, new Date(2026, 10, 19, 23, 50)),
      message(2, new Date(2026, 10, 20, 0, 10)),
      message(3, new Date(2026, 10, 20, 18, 0)),
      message(4, new Date(2026, 10, 22, 8, 0)),
    ]);
    expect(items.map((i) => (i.kind === 'day' ? 'day' : i.message.id))).toEqual([
      'day', 1, 'day', 2, 3, 'day', 4,
    ]);
  });

  it('renders nothing for an empty thread', () => {
    expect(withDaySeparators([])).toEqual([]);
  });
});
