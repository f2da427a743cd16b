import { describe, expect, it } from 'vitest';
import { directionOf, parseInline, parseMessage, plainText, splitPlaceholders } from './format';

const text = (t: string) => ({ kind: 'text', text: t });

describe('inline formatting', () => {
  it('reads bold, italic, strike, monospace and inline code', () => {
    expect(parseInline('*hi*')).toEqual([{ kind: 'bold', children: [text('hi')] }]);
    expect(parseInline('_hi_')).toEqual([{ kind: 'italic', children: [text('hi')] }]);
    expect(parseInline('~hi~')).toEqual([{ kind: 'strike', children: [text('hi')] }]);
    expect(parseInline('```a *b* c```')).toEqual([{ kind: 'mono', text: 'a *b* c' }]);
    expect(parseInline('run `npm i` now')).toEqual([text('run '), { kind: 'code', text: 'npm i' }, text(' now')]);
  });

  it('nests', () => {
    expect(parseInline('*bold _and italic_*')).toEqual([
      { kind: 'bold', children: [text('bold '), { kind: 'italic', children: [text('and italic')] }] },
    ]);
    expect(parseInline('_*~all~*_')).toEqual([
      { kind: 'italic', children: [{ kind: 'bold', children: [{ kind: 'strike', children: [text('all')] }] }] },
    ]);
  });

  it('formats several spans and punctuation around them', () => {
    expect(parseInline('*a* and *b*, (_c_).')).toEqual([
      { kind: 'bold', children: [text('a')] },
      text(' and '),
      { kind: 'bold', children: [text('b')] },
      text(', ('),
      { kind: 'italic', children: [text('c')] },
      text(').'),
    ]);
  });

  it('leaves unbalanced markers as text', () => {
    expect(parseInline('*not closed')).toEqual([text('*not closed')]);
    expect(parseInline('a * b')).toEqual([text('a * b')]);
    expect(parseInline('**')).toEqual([text('**')]);
    expect(parseInline('``')).toEqual([text('``')]);
    expect(parseInline('```open')).toEqual([text('```open')]);
    expect(parseInline('*bold* and *half')).toEqual([{ kind: 'bold', children: [text('bold')] }, text(' and *half')]);
  });

  it('does not format inside words, as WhatsApp does not', () => {
    expect(parseInline('snake_case_name')).toEqual([text('snake_case_name')]);
    expect(parseInline('2*3*4')).toEqual([text('2*3*4')]);
    expect(parseInline('*a*b')).toEqual([text('*a*b')]);
    expect(parseInline('word*bold*')).toEqual([text('word*bold*')]);
  });

  it('needs no space inside the markers', () => {
    expect(parseInline('* a*')).toEqual([text('* a*')]);
    expect(parseInline('*a *')).toEqual([text('*a *')]);
    expect(parseInline('*a *b*')).toEqual([{ kind: 'bold', children: [text('a *b')] }]);
  });

  it('works with Hebrew, Arabic and Cyrillic letters', () => {
    expect(parseInline('*שלום*')).toEqual([{ kind: 'bold', children: [text('שלום')] }]);
    expect(parseInline('مرحبا _بك_')).toEqual([text('مرحبا '), { kind: 'italic', children: [text('بك')] }]);
    expect(parseInline('при*вет*')).toEqual([text('при*вет*')]);
  });
});

describe('lines', () => {
  it('reads bullets, numbered items and quotes', () => {
    const blocks = parseMessage('Hi\n- one\n* *two*\n1. first\n12. twelfth\n> quoted\n\n-not a bullet');
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'bullet', 'bullet', 'numbered', 'numbered', 'quote', 'paragraph', 'paragraph']);
    expect(blocks[2]).toEqual({ kind: 'bullet', inlines: [{ kind: 'bold', children: [text('two')] }] });
    expect(blocks[4]).toMatchObject({ kind: 'numbered', number: 12 });
    expect(plainText(blocks[5]!.inlines)).toBe('quoted');
    expect(blocks[6]!.inlines).toEqual([]);
    expect(plainText(blocks[7]!.inlines)).toBe('-not a bullet');
  });

  it('does not format across lines', () => {
    expect(parseMessage('*a\nb*').map((b) => plainText(b.inlines))).toEqual(['*a', 'b*']);
  });
});

describe('direction', () => {
  it('follows the first strong letter', () => {
    expect(directionOf('שלום world')).toBe('rtl');
    expect(directionOf('123 مرحبا')).toBe('rtl');
    expect(directionOf('*Hello* שלום')).toBe('ltr');
    expect(directionOf('123 !')).toBeNull();
  });
});

describe('placeholders', () => {
  it('splits around the ones left', () => {
    expect(splitPlaceholders('Hi {{1}}, see {{name}}')).toEqual([
      { text: 'Hi ', placeholder: false },
      { text: '{{1}}', placeholder: true },
      { text: ', see ', placeholder: false },
      { text: '{{name}}', placeholder: true },
    ]);
  });
});
