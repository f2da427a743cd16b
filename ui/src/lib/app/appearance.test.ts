import { describe, expect, it } from 'vitest';
import { applyInterfaceFont } from './appearance';

describe('the interface font', () => {
  it('is named for the whole UI, quoted', () => {
    const root = document.createElement('div');
    applyInterfaceFont(root, 'Noto Sans');
    expect(root.style.getPropertyValue('--interface-font')).toBe('"Noto Sans"');
  });

  it('keeps quotes and backslashes in a name inside its string', () => {
    const root = document.createElement('div');
    applyInterfaceFont(root, 'Odd "Font" \\ Name');
    expect(root.style.getPropertyValue('--interface-font')).toBe('"Odd \\"Font\\" \\\\ Name"');
  });

  it('is left to the platform without a name, or with one CSS cannot hold', () => {
    for (const family of [null, '', 'Two\nLines']) {
      const root = document.createElement('div');
      applyInterfaceFont(root, family);
      expect(root.style.getPropertyValue('--interface-font')).toBe('');
    }
  });
});
