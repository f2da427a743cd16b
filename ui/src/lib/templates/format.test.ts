import { describe, expect, it } from 'vitest';
import { directionOf, parseInline, parseMessage, plainText, splitPlaceholders, type Block } from './format';

const text = (t: string) => ({ kind: 'text', text: t });
/// A block as the reader sees it: its kind and text (a monospace block's as it is).
const shown = (b: Block) => [b.kind, b.kind === 'mono' ? b.text : plainText(b.inlines)];

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
    expect(shown(blocks[5]!)).toEqual(['quote', 'quoted']);
    expect(blocks[6]).toEqual({ kind: 'paragraph', inlines: [] });
    expect(shown(blocks[7]!)).toEqual(['paragraph', '-not a bullet']);
  });

  it('does not format across lines', () => {
    expect(parseMessage('*a\nb*').map(shown)).toEqual([
      ['paragraph', '*a'],
      ['paragraph', 'b*'],
    ]);
    expect(parseMessage('_a\nb_ ~c\nd~ `e\nf`').map(shown)).toEqual([
      ['paragraph', '_a'],
      ['paragraph', 'b_ ~c'],
      ['paragraph', 'd~ `e'],
      ['paragraph', 'f`'],
    ]);
  });
});

describe('monospace blocks spanning lines', () => {
  it('renders ``` across lines as one block, keeping the line breaks', () => {
    expect(parseMessage('```line one\n  *two*\n\nfour```')).toEqual([{ kind: 'mono', text: 'line one\n  *two*\n\nfour' }]);
  });

  it('keeps the lines around it, and formatting on them line-local', () => {
    expect(parseMessage('Run *this*:\n```npm i\nnpm test```\n- then _wait_')).toEqual([
      { kind: 'paragraph', inlines: [text('Run '), { kind: 'bold', children: [text('this')] }, text(':')] },
      { kind: 'mono', text: 'npm i\nnpm test' },
      { kind: 'bullet', inlines: [text('then '), { kind: 'italic', children: [text('wait')] }] },
    ]);
  });

  it('keeps the text before the opening and after the closing on their lines', () => {
    expect(parseMessage('Code: ```a\nb``` done\n> end').map(shown)).toEqual([
      ['paragraph', 'Code: '],
      ['mono', 'a\nb'],
      ['paragraph', ' done'],
      ['quote', 'end'],
    ]);
    expect(parseMessage('- ```a\nb```').map(shown)).toEqual([
      ['bullet', ''],
      ['mono', 'a\nb'],
    ]);
  });

  it('takes a fenced block, the line breaks next to the markers left out', () => {
    expect(parseMessage('Code:\n```\nlet a = 1;\nlet b = 2;\n```\nThanks')).toEqual([
      { kind: 'paragraph', inlines: [text('Code:')] },
      { kind: 'mono', text: 'let a = 1;\nlet b = 2;' },
      { kind: 'paragraph', inlines: [text('Thanks')] },
    ]);
  });

  it('still formats ``` on one line inline', () => {
    expect(parseMessage('a ```b``` c\n```d```')).toEqual([
      { kind: 'paragraph', inlines: [text('a '), { kind: 'mono', text: 'b' }, text(' c')] },
      { kind: 'paragraph', inlines: [{ kind: 'mono', text: 'd' }] },
    ]);
  });

  it('leaves an unbalanced ``` as text', () => {
    expect(parseMessage('```open\nstill open').map(shown)).toEqual([
      ['paragraph', '```open'],
      ['paragraph', 'still open'],
    ]);
    expect(parseMessage('```a\nb ```').map(shown)).toEqual([
      ['paragraph', '```a'],
      ['paragraph', 'b ```'],
    ]);
    expect(parseMessage('``` a\nb```').map(shown)).toEqual([
      ['paragraph', '``` a'],
      ['paragraph', 'b```'],
    ]);
    expect(parseMessage('word```a\nb```').map(shown)).toEqual([
      ['paragraph', 'word```a'],
      ['paragraph', 'b```'],
    ]);
    expect(parseMessage('```a\nb```c').map(shown)).toEqual([
      ['paragraph', '```a'],
      ['paragraph', 'b```c'],
    ]);
    expect(parseMessage('```\n\n```').map(shown)).toEqual([
      ['paragraph', '```'],
      ['paragraph', ''],
      ['paragraph', '```'],
    ]);
  });

  it('does not open a block inside a span closed on its line', () => {
    expect(parseMessage('*a ```b*\nc```').map(shown)).toEqual([
      ['paragraph', 'a ```b'],
      ['paragraph', 'c```'],
    ]);
  });

  it('opens again after a block, on the closing line', () => {
    expect(parseMessage('```a\nb``` and ```c\nd```').map(shown)).toEqual([
      ['mono', 'a\nb'],
      ['paragraph', ' and '],
      ['mono', 'c\nd'],
    ]);
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
