// How long the template studio's preview takes to derive on a keystroke, for a template at
// Meta's limits: a 1,024-character body in four scripts with parameters, a text header with
// a parameter, a footer and ten buttons (the same template as `parley-bench`'s lint section).
// Measures what runs per keystroke outside the DOM: the form to Meta's JSON (what is linted),
// the examples filled in, WhatsApp formatting parsed, each paragraph's direction, and the
// placeholders split out. Prints the figures as a `parley-bench` section (JSON) on stdout.
//
//   npx vite-node scripts/bench-preview.ts [--smoke]

import { directionOf, parseMessage, plainText, splitPlaceholders } from '../src/lib/templates/format';
import { fill, fromDefinition, slotKey, toDefinition } from '../src/lib/templates/model';
import type { TemplateDefinition } from '../src/lib/backend/api/templates';

const BODY_CHARS = 1024;
const smoke = process.argv.includes('--smoke');
const ITERATIONS = smoke ? 200 : 20_000;
const WARM_UP = smoke ? 20 : 1_000;

function body(): { text: string; examples: string[] } {
  let text = 'Hello {{1}}, ';
  const examples = ['Mark'];
  let n = 2;
  const sentences = [
    'your *order* has shipped and will arrive soon. ',
    'ההזמנה שלך בדרך אליך 📦 ',
    'ваш заказ уже в пути. ',
    'teie _tellimus_ on teel. ',
  ];
  while ([...text].length < BODY_CHARS - 60) {
    for (const s of sentences) text += s;
    text += `Reference {{${n}}} noted.\n`;
    examples.push(`value ${n}`);
    n += 1;
  }
  text += 'Thank you for shopping with us, see you again soon!';
  text += '.'.repeat(Math.max(0, BODY_CHARS - [...text].length));
  return { text, examples };
}

function definition(): TemplateDefinition {
  const { text, examples } = body();
  const buttons: unknown[] = Array.from({ length: 8 }, (_, i) => ({ type: 'QUICK_REPLY', text: `Choice number ${i + 1}` }));
  buttons.push({ type: 'URL', text: 'Track order', url: 'https://shop.example.com/track/{{1}}', example: ['https://shop.example.com/track/335628'] });
  buttons.push({ type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550051234' });
  return {
    name: 'lint_benchmark',
    language: 'en_US',
    category: 'MARKETING',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Your order {{1}} is on its way', example: { header_text: ['335628'] } },
      { type: 'BODY', text, example: { body_text: [examples] } },
      { type: 'FOOTER', text: 'Reply STOP to unsubscribe' },
      { type: 'BUTTONS', buttons },
    ],
  } as unknown as TemplateDefinition;
}

const form = fromDefinition(definition());
let sink = 0;

function keystroke(): void {
  const linted = toDefinition(form);
  const header = fill(form.headerText, (n) => form.examples[slotKey('header', n)]);
  const filled = fill(form.body, (n) => form.examples[slotKey('body', n)]);
  const blocks = parseMessage(filled);
  for (const block of blocks) {
    const text = block.kind === 'mono' ? block.text : plainText(block.inlines);
    sink += directionOf(text) === 'rtl' ? 1 : 0;
    sink += splitPlaceholders(text).length;
  }
  sink += linted.components.length + header.length;
}

for (let i = 0; i < WARM_UP; i++) keystroke();
const samples: number[] = [];
for (let i = 0; i < ITERATIONS; i++) {
  const start = performance.now();
  keystroke();
  samples.push(performance.now() - start);
}
samples.sort((a, b) => a - b);
const at = (pct: number): number => samples[Math.min(samples.length, Math.max(1, Math.ceil((pct / 100) * samples.length))) - 1]!;
const micros = (ms: number): number => Math.round(ms * 1000 * 10) / 10;

const section = {
  title: 'Template preview',
  setup: `The studio's preview derivation per keystroke (form to Meta's JSON, examples filled, WhatsApp formatting parsed, direction per paragraph, placeholders) on the lint section's template, in Node ${process.version}; ${ITERATIONS} runs (${sink > 0 ? 'checked' : 'unchecked'}).`,
  figures: [
    { name: 'preview p50', value: micros(at(50)), unit: 'µs', target: null },
    { name: 'preview p95', value: micros(at(95)), unit: 'µs', target: { at_most: 1000 } },
  ],
};
process.stdout.write(`${JSON.stringify([section])}\n`);
