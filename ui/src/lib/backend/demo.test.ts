// The browser demo (`npm run dev`) starts, and each of its conversations renders.

import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { settle } from '../../test/app';
import { demoBackend } from './demo';

describe('the browser demo', () => {
  it('shows its customers, their messages of every kind, and its activity', async () => {
    render(App, { props: { backend: demoBackend() } });
    await settle();
    const rows = screen.getAllByTestId('conversation-row');
    expect(rows).toHaveLength(4);
    const kinds = new Set<string>();
    for (const row of rows) {
      await fireEvent.click(row);
      await settle();
      for (const m of screen.getAllByTestId('message')) kinds.add(m.getAttribute('data-kind') ?? '');
    }
    expect([...kinds].sort()).toEqual(['image', 'location', 'order', 'text', 'voice']);
    await fireEvent.click(screen.getByTestId('open-activity'));
    await settle();
    expect(screen.getAllByTestId('notice')).toHaveLength(4);
    expect(screen.getAllByTestId('template')).toHaveLength(3);
    expect(screen.getAllByTestId('sync')).toHaveLength(3);
  });
});
