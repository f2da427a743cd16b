// Sending a template whose header is a file or a place, or which has a copy-code button,
// from the composer against the mock (which refuses what the engine refuses), and the
// template bubble the thread then shows.

import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockBackend } from '../backend/mock';
import type { TemplateDefinition } from '../backend/api/templates';
import { BackendError } from '../backend/types';
import { HOUR, openThread, settle } from '../../test/app';
import { HEADER_FILES, MAX_COPY_CODE, sendRefusal } from './sendForm';

const MB = 1024 * 1024;

const ARRIVAL: TemplateDefinition = {
  name: 'new_arrival',
  language: 'en_US',
  category: 'MARKETING',
  components: [
    { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
    { type: 'BODY', text: 'Hi {{1}}, the *new* collection is here.', example: { body_text: [['Ana']] } },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Show me' },
        { type: 'URL', text: 'Shop now', url: 'https://shop.test/c/{{1}}', example: ['https://shop.test/c/summer'] },
      ],
    },
  ],
};

const VISIT: TemplateDefinition = {
  name: 'visit_us',
  language: 'en_US',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'LOCATION' },
    { type: 'BODY', text: 'Your order waits for you at our shop.' },
  ],
};

const COUPON: TemplateDefinition = {
  name: 'coupon',
  language: 'en_US',
  category: 'MARKETING',
  components: [
    { type: 'BODY', text: 'Here is 20% off your next order, {{1}}!', example: { body_text: [['Ana']] } },
    { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'SUMMER25' }] },
  ],
};

const INVOICE: TemplateDefinition = {
  name: 'invoice',
  language: 'en_US',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['4::cGRm'] } },
    { type: 'BODY', text: 'Your invoice is attached.' },
  ],
};

async function click(testid: string, index = 0): Promise<void> {
  await fireEvent.click(screen.getAllByTestId(testid)[index]!);
  await settle();
}

async function type(testid: string, value: string, index = 0): Promise<void> {
  await fireEvent.input(screen.getAllByTestId(testid)[index]!, { target: { value } });
  await settle();
}

/// A customer who wrote 30 hours ago (the window is closed), and the template picker open on `name`.
async function pickTemplate(name: string, setup: (b: MockBackend) => void = () => {}) {
  const app = await openThread((b) => {
    for (const definition of [ARRIVAL, VISIT, COUPON, INVOICE]) b.seedTemplate(definition);
    b.customerWrites('972501234567', 'Dana', 'Hello?', Date.now() - 30 * HOUR);
    setup(b);
  });
  await click('composer-template-offer');
  const option = screen.getAllByTestId('template-picker-option').findIndex((o) => o.getAttribute('data-name') === name);
  await click('template-picker-option', option);
  return app;
}

const problems = () => screen.queryAllByTestId('template-send-problem').map((p) => [p.getAttribute('data-param'), p.textContent?.trim()]);
const picker = () => within(screen.getByTestId('template-picker'));

describe('a template with a media header', () => {
  it('asks for a file, refuses one of the wrong type, sends the right one and shows the bubble', async () => {
    const { backend } = await pickTemplate('new_arrival', (b) => {
      b.files.set('/home/dana/promo.gif', { size: 1000, mimeType: 'image/gif' });
      b.files.set('/home/dana/Shoes.PNG', { size: 300_000, mimeType: 'image/png', url: 'blob:shoes' });
      b.fileAnswers.push('/home/dana/promo.gif', null, '/home/dana/Shoes.PNG');
    });
    expect(screen.getByTestId('template-send-file')).toHaveAttribute('data-format', 'IMAGE');
    expect(screen.getByTestId('template-send-file-name')).toHaveTextContent('No file chosen');

    await type('template-send-param', 'Dana', 0);
    await type('template-send-param', 'spring', 1);
    await click('template-send');
    expect(backend.calls.sendTemplate).toEqual([]);
    expect(problems()).toEqual([['file', 'Choose a file for the header.']]);

    await click('template-send-choose-file');
    expect(screen.getByTestId('template-send-file-name')).toHaveTextContent('promo.gif');
    expect(problems()).toEqual([['file', 'An image header must be a .jpg, .jpeg or .png file.']]);
    await click('template-send');
    expect(backend.calls.sendTemplate).toEqual([]);

    // Cancelling the chooser keeps what was chosen.
    await click('template-send-choose-file');
    expect(screen.getByTestId('template-send-file-name')).toHaveTextContent('promo.gif');

    await click('template-send-choose-file');
    expect(screen.getByTestId('template-send-file-name')).toHaveTextContent('Shoes.PNG');
    expect(problems()).toEqual([]);
    expect(picker().getByTestId('template-preview-media')).toHaveTextContent('Shoes.PNG');

    await click('template-send');
    expect(backend.calls.sendTemplate).toEqual([
      {
        conversationId: expect.any(Number),
        name: 'new_arrival',
        language: 'en_US',
        values: ['Dana', 'spring'],
        header: { type: 'file', path: '/home/dana/Shoes.PNG' },
        copyCode: null,
      },
    ]);
    expect(screen.queryByTestId('template-picker')).toBeNull();

    const bubble = await waitFor(() => screen.getByTestId('template-message'));
    expect(within(bubble).getByTestId('template-message-tag')).toHaveTextContent('Template · new_arrival');
    const header = within(bubble).getByTestId('template-message-header');
    expect(header).toHaveAttribute('data-type', 'media');
    expect(within(header).getByTestId('media-image')).toHaveAttribute('src', 'blob:shoes');
    const body = within(bubble).getByTestId('template-message-body');
    expect(body).toHaveTextContent('Hi Dana, the new collection is here.');
    expect(body.querySelector('strong')).toHaveTextContent('new');
    expect(within(bubble).getByTestId('template-message-footer')).toHaveTextContent('Reply STOP to opt out');
    const buttons = within(bubble).getAllByTestId('template-message-button');
    expect(buttons.map((b) => [b.getAttribute('data-kind'), b.textContent?.trim(), b.getAttribute('title')])).toEqual([
      ['quickReply', 'Show me', null],
      ['url', 'Shop now', 'https://shop.test/c/spring'],
    ]);
    // The conversation row sums it up with the body.
    expect(screen.getAllByTestId('conversation-row')[0]).toHaveTextContent('the *new* collection');
  });

  it("shows the engine's refusal of a file too large and keeps the form as filled", async () => {
    const { backend } = await pickTemplate('new_arrival', (b) => {
      b.files.set('/home/dana/huge.jpg', { size: 5 * MB + 1, mimeType: 'image/jpeg' });
      b.fileAnswers.push('/home/dana/huge.jpg');
    });
    await type('template-send-param', 'Dana', 0);
    await type('template-send-param', 'spring', 1);
    await click('template-send-choose-file');
    expect(problems()).toEqual([]);
    const before = screen.getAllByTestId('message').length;
    await click('template-send');
    expect(backend.calls.sendTemplate).toHaveLength(1);
    expect(screen.getByTestId('template-send-error')).toHaveTextContent('huge.jpg is 5.0 MB: a template\'s image header may be at most 5 MB');
    expect(screen.getByTestId('template-send-file-name')).toHaveTextContent('huge.jpg');
    expect(screen.getAllByTestId('template-send-param').map((p) => (p as HTMLInputElement).value)).toEqual(['Dana', 'spring']);
    expect(screen.getAllByTestId('message')).toHaveLength(before);
  });

  it('takes a .pdf for a document header and shows it as a document in the thread', async () => {
    const { backend } = await pickTemplate('invoice', (b) => {
      b.files.set('/tmp/invoice-77.pdf', { size: 80_000, mimeType: 'application/pdf' });
      b.fileAnswers.push('/tmp/invoice-77.pdf');
    });
    expect(screen.getByTestId('template-send-file')).toHaveAttribute('data-format', 'DOCUMENT');
    await click('template-send-choose-file');
    await click('template-send');
    expect(backend.calls.sendTemplate[0]?.header).toEqual({ type: 'file', path: '/tmp/invoice-77.pdf' });
    const header = await waitFor(() => screen.getByTestId('template-message-header'));
    expect(within(header).getByTestId('media-filename')).toHaveTextContent('invoice-77.pdf');
    await fireEvent.click(within(header).getByTestId('media-open'));
    await settle();
    expect(backend.calls.openMedia).toHaveLength(1);
  });
});

describe('a template with a location header', () => {
  it('checks the ranges, takes a decimal comma, shows the place in the preview and sends it', async () => {
    const { backend } = await pickTemplate('visit_us');
    await click('template-send');
    expect(backend.calls.sendTemplate).toEqual([]);
    expect(problems()).toEqual([
      ['latitude', 'A number between -90 and 90.'],
      ['longitude', 'A number between -180 and 180.'],
    ]);

    await type('template-send-latitude', '90.5');
    await type('template-send-longitude', '-180.01');
    expect(problems().map(([param]) => param)).toEqual(['latitude', 'longitude']);
    await click('template-send');
    expect(backend.calls.sendTemplate).toEqual([]);

    // Both ends of the ranges are places.
    await type('template-send-latitude', '-90');
    await type('template-send-longitude', '180');
    expect(problems()).toEqual([]);

    await type('template-send-latitude', '32,0853');
    await type('template-send-longitude', '34.7818');
    expect(picker().getByTestId('template-preview-place')).toHaveTextContent('32.0853, 34.7818');
    await type('template-send-place-name', 'Parley Shop');
    expect(picker().getByTestId('template-preview-place')).toHaveTextContent('Parley Shop');
    await click('template-send');
    expect(backend.calls.sendTemplate).toEqual([
      {
        conversationId: expect.any(Number),
        name: 'visit_us',
        language: 'en_US',
        values: [],
        header: { type: 'location', latitude: 32.0853, longitude: 34.7818, name: 'Parley Shop', address: null },
        copyCode: null,
      },
    ]);
    const header = await waitFor(() => screen.getByTestId('template-message-header'));
    expect(header).toHaveAttribute('data-type', 'location');
    expect(within(header).getByTestId('location-name')).toHaveTextContent('Parley Shop');
  });
});

describe('a template with a copy-code button', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('requires the code, at most 15 characters, previews it and sends it', async () => {
    const { backend } = await pickTemplate('coupon');
    const code = screen.getByTestId('template-send-code') as HTMLInputElement;
    expect(code.placeholder).toBe('SUMMER25');
    await type('template-send-param', 'Dana');
    await click('template-send');
    expect(backend.calls.sendTemplate).toEqual([]);
    expect(problems()).toEqual([['copyCode', 'Required.']]);

    await type('template-send-code', 'SUMMER2025EXTRA1');
    expect(problems()).toEqual([['copyCode', 'At most 15 characters.']]);
    await type('template-send-code', 'SUMMER  \t25');
    expect(problems()).toEqual([['copyCode', 'WhatsApp does not allow a tab here.']]);
    await click('template-send');
    expect(backend.calls.sendTemplate).toEqual([]);

    await type('template-send-code', 'SUMMER2025EXTRA');
    expect(problems()).toEqual([]);
    expect(picker().getByTestId('template-preview-code')).toHaveTextContent('SUMMER2025EXTRA');
    await click('template-send');
    expect(backend.calls.sendTemplate).toEqual([
      {
        conversationId: expect.any(Number),
        name: 'coupon',
        language: 'en_US',
        values: ['Dana'],
        header: null,
        copyCode: 'SUMMER2025EXTRA',
      },
    ]);

    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const button = await waitFor(() => screen.getByTestId('template-message-button'));
    expect(button).toHaveAttribute('data-kind', 'copyCode');
    expect(button).toHaveTextContent('Copy code');
    await fireEvent.click(within(button).getByRole('button'));
    await settle();
    expect(writeText).toHaveBeenCalledWith('SUMMER2025EXTRA');
    expect(within(button).getByTestId('template-message-copied')).toHaveTextContent('Copied');
  });
});

describe('the mock refuses what the engine refuses, and keeps nothing of it', () => {
  async function refusal(send: () => Promise<unknown>): Promise<string> {
    try {
      await send();
    } catch (error) {
      expect(error).toBeInstanceOf(BackendError);
      expect((error as BackendError).code).toMatch(/^(invalidMessage|fileUnreadable)$/);
      return (error as BackendError).message;
    }
    throw new Error('the send was accepted');
  }

  it('needs the header and code the template has, and nothing it has not', async () => {
    const backend = new MockBackend();
    for (const definition of [ARRIVAL, VISIT, COUPON]) backend.seedTemplate(definition);
    const id = backend.customerWrites('972501234567', 'Dana', 'Hello?', Date.now() - 30 * HOUR).conversationId;
    backend.files.set('/a.png', { size: 10, mimeType: 'image/png' });
    const before = (await backend.getThread(id, null, 100)).messages.length;
    const base = { language: 'en_US', header: null, copyCode: null };
    const place = (latitude: number, longitude: number) => ({ type: 'location' as const, latitude, longitude, name: null, address: null });
    const file = (path: string) => ({ type: 'file' as const, path });
    expect(await refusal(() => backend.sendTemplate(id, { ...base, name: 'new_arrival', values: ['Dana', 'x'] }))).toContain('choose a file');
    expect(await refusal(() => backend.sendTemplate(id, { ...base, name: 'new_arrival', values: ['Dana', 'x'], header: file('/missing.png') }))).toContain(
      'cannot read /missing.png',
    );
    expect(await refusal(() => backend.sendTemplate(id, { ...base, name: 'visit_us', values: [], header: place(91, 0) }))).toContain(
      'latitude between -90 and 90',
    );
    expect(await refusal(() => backend.sendTemplate(id, { ...base, name: 'visit_us', values: [], header: file('/a.png') }))).toContain('location header');
    expect(await refusal(() => backend.sendTemplate(id, { ...base, name: 'coupon', values: ['Dana'], header: file('/a.png'), copyCode: 'X' }))).toContain(
      'no media or location header',
    );
    expect(await refusal(() => backend.sendTemplate(id, { ...base, name: 'coupon', values: ['Dana'] }))).toContain('give the code');
    expect(await refusal(() => backend.sendTemplate(id, { ...base, name: 'coupon', values: ['Dana'], copyCode: 'A'.repeat(16) }))).toContain('at most 15');
    expect(await refusal(() => backend.sendTemplate(id, { ...base, name: 'visit_us', values: [], header: place(0, 0), copyCode: 'X' }))).toContain(
      'no copy-code button',
    );
    expect((await backend.getThread(id, null, 100)).messages).toHaveLength(before);
  });
});

describe('the rules at their limits', () => {
  const send = (name: string, extra: object) => ({ name, language: 'en_US', values: [], header: null, copyCode: null, ...extra });

  it('takes a file up to its limit and refuses one byte more', () => {
    for (const [format, definition, path] of [
      ['IMAGE', ARRIVAL, '/a.jpeg'],
      ['DOCUMENT', INVOICE, '/a.pdf'],
    ] as const) {
      const limit = HEADER_FILES[format].maxBytes;
      const header = { type: 'file' as const, path };
      expect(sendRefusal(definition, send(definition.name, { header }), () => limit)).toBeNull();
      expect(sendRefusal(definition, send(definition.name, { header }), () => limit + 1)?.code).toBe('invalidMessage');
    }
    expect(HEADER_FILES.VIDEO.maxBytes).toBe(16 * MB);
  });

  it('takes coordinates at the ends of their ranges and refuses past them', () => {
    const at = (latitude: number | null, longitude: number | null) =>
      sendRefusal(VISIT, send('visit_us', { header: { type: 'location', latitude, longitude, name: null, address: null } }), () => 0);
    expect(at(90, 180)).toBeNull();
    expect(at(-90, -180)).toBeNull();
    expect(at(90.0001, 0)).not.toBeNull();
    expect(at(0, -180.0001)).not.toBeNull();
    expect(at(null, 0)).not.toBeNull();
  });

  it('takes a code of 15 characters and refuses 16, or one with more than four spaces in a row', () => {
    const code = (copyCode: string) => sendRefusal(COUPON, send('coupon', { copyCode }), () => 0);
    expect(code('A'.repeat(MAX_COPY_CODE))).toBeNull();
    expect(code('A'.repeat(MAX_COPY_CODE + 1))).not.toBeNull();
    expect(code('A    B')).toBeNull();
    expect(code('A     B')).not.toBeNull();
  });
});
