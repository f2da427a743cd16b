// The preview's body: a ``` block spanning lines shows as one monospace block.

import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import TemplatePreview from './TemplatePreview.svelte';
import { blankForm } from './model';

function preview(body: string) {
  render(TemplatePreview, { props: { form: { ...blankForm(), body } } });
  return screen.getByTestId('template-preview-body');
}

describe('the preview of monospace', () => {
  it('shows a ``` block across lines as one block, line breaks kept', () => {
    const body = preview('Your code:\n```AB-12\nCD-34```\nThanks');
    const blocks = screen.getAllByTestId('template-preview-mono');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.tagName).toBe('PRE');
    expect(blocks[0]!.textContent).toBe('AB-12\nCD-34');
    expect([...body.children].map((e) => e.tagName)).toEqual(['P', 'PRE', 'P']);
  });

  it('leaves an unbalanced ``` as text, line by line', () => {
    const body = preview('```AB-12\nCD-34');
    expect(screen.queryAllByTestId('template-preview-mono')).toHaveLength(0);
    expect(body.querySelector('code')).toBeNull();
    expect([...body.children].map((e) => e.textContent)).toEqual(['```AB-12', 'CD-34']);
  });
});
