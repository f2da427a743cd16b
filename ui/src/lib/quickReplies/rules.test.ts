// The rules ported from crates/core/src/quick_reply.rs, checked with the Rust tests' own
// cases, and the mock's CSV reading.

import { describe, expect, it } from 'vitest';
import { parseCsv } from '../backend/mock/csv';
import type { QuickReply } from '../ipc/bindings';
import {
  checkKeywords,
  checkShortcut,
  checkText,
  expand,
  matchQuickReplies,
  MAX_KEYWORD_CHARS,
  MAX_KEYWORDS,
  MAX_SHORTCUT_CHARS,
  slashToken,
  type Values,
} from './rules';

const values: Values = { contactName: 'Dana Levi', agentName: 'Avi', businessName: 'Sneaker Corner' };
const nobody: Values = { contactName: null, agentName: null, businessName: null };

describe('expand', () => {
  it.each([
    ['Hi {{contact.first_name}}!', values, 'Hi Dana!', [], []],
    ['{{ contact.name }}', values, 'Dana Levi', [], []],
    ['— {{agent.name}}, {{business.name}}', values, '— Avi, Sneaker Corner', [], []],
    ['Hi {{contact.first_name|there}}', nobody, 'Hi there', [], []],
    ['Hi {{contact.first_name}}', nobody, 'Hi {{contact.first_name}}', ['contact.first_name'], []],
    ['{{order.id}} {{contact.name}}', values, '{{order.id}} Dana Levi', [], ['order.id']],
    ['no variables', nobody, 'no variables', [], []],
    ['open {{ but never closed', values, 'open {{ but never closed', [], []],
    ['{{agent.name}} {{agent.name}}', nobody, '{{agent.name}} {{agent.name}}', ['agent.name'], []],
    ['{{contact.name|}}x', nobody, 'x', [], []],
  ] as const)('%s', (text, given, expected, missing, unknown) => {
    expect(expand(text, given)).toEqual({ text: expected, missing, unknown });
  });

  it('finds first names in every script', () => {
    const named = (contactName: string): Values => ({ ...nobody, contactName });
    expect(expand('{{contact.first_name}}', named('נועה כהן')).text).toBe('נועה');
    expect(expand('{{contact.first_name}}', named('عمر حداد')).text).toBe('عمر');
    expect(expand('{{contact.first_name}}', named('  Ольга Смирнова ')).text).toBe('Ольга');
    expect(expand('{{contact.first_name|friend}}', named('   ')).text).toBe('friend');
  });
});

describe('shortcuts, keywords and text', () => {
  it('accepts single words in any script and explains the rest', () => {
    expect(checkShortcut('/hours')).toEqual({ ok: true, value: 'hours' });
    expect(checkShortcut(' שעות ')).toEqual({ ok: true, value: 'שעות' });
    expect(checkShortcut('доставка_2')).toEqual({ ok: true, value: 'доставка_2' });
    expect(checkShortcut('/')).toEqual({ ok: false, problem: { kind: 'emptyShortcut' } });
    expect(checkShortcut('opening hours')).toEqual({
      ok: false,
      problem: { kind: 'spaceInShortcut', suggestion: 'opening-hours' },
    });
    expect(checkShortcut('price?')).toEqual({ ok: false, problem: { kind: 'shortcutCharacter', character: '?' } });
    expect(checkShortcut('a'.repeat(MAX_SHORTCUT_CHARS + 1))).toEqual({ ok: false, problem: { kind: 'shortcutTooLong' } });
  });

  it('tidies keywords and bounds them', () => {
    expect(checkKeywords([' price ', '', 'Price', 'opening  hours'])).toEqual({ ok: true, value: ['price', 'opening hours'] });
    expect(checkKeywords(['k'.repeat(MAX_KEYWORD_CHARS + 1)])).toEqual({ ok: false, problem: { kind: 'keywordTooLong' } });
    const many = Array.from({ length: MAX_KEYWORDS + 1 }, (_, i) => `k${i}`);
    expect(checkKeywords(many)).toEqual({ ok: false, problem: { kind: 'tooManyKeywords' } });
    expect(checkText('  ', false)).toEqual({ ok: false, problem: { kind: 'empty' } });
    expect(checkText('  ', true)).toEqual({ ok: true, value: '' });
    expect(checkText('x'.repeat(4097), false)).toEqual({ ok: false, problem: { kind: 'textTooLong' } });
  });
});

describe('the picker', () => {
  const reply = (id: number, shortcut: string, text: string, keywords: string[] = []): QuickReply => ({
    id,
    shortcut,
    text,
    keywords,
    attachment: null,
  });
  const replies = [
    reply(1, 'returns', 'We ship returns for free'),
    reply(2, 'reship', 'Sent again'),
    reply(3, 'shipping', 'Orders leave within a day'),
    reply(4, 'hours', 'Open 9–19', ['Café hours']),
  ];

  it('ranks shortcut prefixes, then shortcuts, keywords and text', () => {
    expect(matchQuickReplies(replies, 'ship').map((r) => r.shortcut)).toEqual(['shipping', 'reship', 'returns']);
    expect(matchQuickReplies(replies, 'CAFE').map((r) => r.shortcut)).toEqual(['hours']);
    expect(matchQuickReplies(replies, '').map((r) => r.shortcut)).toEqual(['returns', 'reship', 'shipping', 'hours']);
    expect(matchQuickReplies(replies, 'zzz')).toEqual([]);
  });

  it('finds the /word before the caret only at the start or after a space', () => {
    expect(slashToken('/ho', 3)).toEqual({ start: 0, query: 'ho' });
    expect(slashToken('Hi /tha later', 7)).toEqual({ start: 3, query: 'tha' });
    expect(slashToken('Hi\n/', 4)).toEqual({ start: 3, query: '' });
    expect(slashToken('and/or', 6)).toBeNull();
    expect(slashToken('/ho ', 4)).toBeNull();
  });
});

describe('the mock CSV', () => {
  it('reads quoted fields and knows the line each row starts on', () => {
    const rows = parseCsv('shortcut,text\n\n"a","one, ""two""\nthree"\r\n b , c ,extra\n');
    expect(rows).toEqual([
      { line: 1, fields: ['shortcut', 'text'] },
      { line: 3, fields: ['a', 'one, "two"\nthree'] },
      { line: 5, fields: ['b', 'c', 'extra'] },
    ]);
  });
});
