// The row's unread badge: the count up to 99; past it "99+", as the store stops counting an
// agent's unread messages at 100.

import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../ipc/bindings';
import ConversationRow from './ConversationRow.svelte';

function row(unreadCount: number): ConversationSummary {
  const now = Date.now();
  return {
    id: 7,
    contact: {
      id: 7,
      waId: '972500000007',
      profileName: 'Ann',
      savedName: null,
      displayName: 'Ann',
      marketingOptOut: false,
      blocked: false,
    },
    lastMessage: { direction: 'inbound', kind: 'text', preview: 'שלום', status: null, timestamp: now },
    lastActivityAt: now,
    lastInboundAt: now,
    unreadCount,
    status: 'open',
    assignee: null,
    labelIds: [],
  };
}

function badgeOf(unreadCount: number): HTMLElement | null {
  render(ConversationRow, { props: { conversation: row(unreadCount), selected: false, onSelect: () => {} } });
  return screen.queryByTestId('unread-count');
}

describe('the unread badge', () => {
  it.each([
    [1, '1', '1 unread message'],
    [5, '5', '5 unread messages'],
    [99, '99', '99 unread messages'],
  ])('shows %i exactly', (count, text, label) => {
    const badge = badgeOf(count);
    expect(badge).toHaveTextContent(new RegExp(`^${text}$`));
    expect(badge).toHaveAttribute('aria-label', label);
  });

  it.each([100, 150])('shows 99+ for %i, and says more than 99', (count) => {
    const badge = badgeOf(count);
    expect(badge).toHaveTextContent(/^99\+$/);
    expect(badge).toHaveAttribute('aria-label', 'more than 99 unread messages');
  });

  it('is absent when nothing is unread', () => {
    expect(badgeOf(0)).toBeNull();
  });
});
