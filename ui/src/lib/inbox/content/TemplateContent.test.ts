// A sent template in the thread, as WhatsApp shows it: header, formatted body, grey footer,
// buttons with their icons (more than three fold), a code that copies.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LocalMedia, TemplateMessage, TemplateMessageButton } from '../../ipc/bindings';
import { media, openThread, settle } from '../../../test/app';

function template(extra: Partial<TemplateMessage> = {}): TemplateMessage {
  return { name: 'order_ready', language: 'en_US', header: null, body: 'Your order is ready.', footer: null, buttons: [], ...extra };
}

const button = (kind: TemplateMessageButton['kind'], text: string, value: string | null = null): TemplateMessageButton => ({ kind, text, value });

/// The thread of a customer to whom the business sent `sent`.
async function shown(sent: TemplateMessage, local: LocalMedia | null = null) {
  const app = await openThread((b) => {
    const m = b.customerWrites('972501234567', 'Dana', 'Hello?');
    b.businessSent(m.conversationId, { type: 'template', template: sent }, { media: local });
  });
  return { ...app, bubble: screen.getByTestId('template-message') };
}

describe('a sent template in the thread', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("renders WhatsApp's formatting in the body, the header in bold and the footer apart", async () => {
    const { bubble } = await shown(
      template({
        header: { type: 'text', text: 'Order #77' },
        body: 'Hi *Dana*, it is _ready_ ~late~ `A-1`\n- pick up\n```AB\nCD```',
        footer: 'Parley Demo Shop',
      }),
    );
    expect(within(bubble).getByTestId('template-message-tag')).toHaveTextContent('Template · order_ready');
    const header = within(bubble).getByTestId('template-message-header');
    expect(header).toHaveAttribute('data-type', 'text');
    expect(header).toHaveTextContent('Order #77');
    const body = within(bubble).getByTestId('template-message-body');
    expect(body.querySelector('strong')).toHaveTextContent('Dana');
    expect(body.querySelector('em')).toHaveTextContent('ready');
    expect(body.querySelector('s')).toHaveTextContent('late');
    expect(body.querySelector('code')).toHaveTextContent('A-1');
    expect(body.querySelector('[data-kind="bullet"]')).toHaveTextContent('pick up');
    expect(within(body).getByTestId('template-message-mono').textContent).toBe('AB\nCD');
    // No marker is left over, and nothing is taken for a placeholder.
    expect(body.textContent).not.toMatch(/[*_~]/);
    expect(within(body).queryByTestId('template-message-placeholder')).toBeNull();
    expect(within(bubble).getByTestId('template-message-footer')).toHaveTextContent('Parley Demo Shop');
    expect(within(bubble).queryAllByTestId('template-message-button')).toHaveLength(0);
  });

  it('lets a Hebrew or Arabic body and footer take their own direction', async () => {
    const { bubble } = await shown(template({ body: 'שלום *דנה*, ההזמנה מוכנה.\nمرحبا', footer: 'חנות פרלי', header: { type: 'text', text: 'הזמנה' } }));
    const paragraphs = [...within(bubble).getByTestId('template-message-body').querySelectorAll('p')];
    expect(paragraphs).toHaveLength(2);
    for (const p of paragraphs) expect(p).toHaveAttribute('dir', 'auto');
    expect(within(bubble).getByTestId('template-message-footer')).toHaveAttribute('dir', 'auto');
    expect(within(bubble).getByTestId('template-message-header').querySelector('p')).toHaveAttribute('dir', 'auto');
  });

  it('shows up to three buttons with their icons, and folds more into two and "See all options"', async () => {
    const three = [button('quickReply', 'Yes'), button('url', 'Track', 'https://shop.test/t/77'), button('phoneNumber', 'Call us', '+972501112222')];
    const { bubble, unmount } = await shown(template({ buttons: three }));
    const shownButtons = within(bubble).getAllByTestId('template-message-button');
    expect(shownButtons.map((b) => [b.getAttribute('data-kind'), b.textContent?.trim(), b.getAttribute('title')])).toEqual([
      ['quickReply', 'Yes', null],
      ['url', 'Track', 'https://shop.test/t/77'],
      ['phoneNumber', 'Call us', '+972501112222'],
    ]);
    for (const b of shownButtons) expect(b.querySelector('svg')).not.toBeNull();
    // The customer's buttons: nothing to press here.
    for (const b of shownButtons) expect(within(b).queryByRole('button')).toBeNull();
    expect(within(bubble).queryByTestId('template-message-all')).toBeNull();
    unmount();

    const four = [...three, button('quickReply', 'No')];
    const folded = (await shown(template({ buttons: four }))).bubble;
    expect(within(folded).getAllByTestId('template-message-button').map((b) => b.textContent?.trim())).toEqual(['Yes', 'Track']);
    const all = within(folded).getByTestId('template-message-all');
    expect(all).toHaveTextContent('See all options');
    expect(all).toHaveAttribute('aria-expanded', 'false');
    await fireEvent.click(all);
    await settle();
    expect(within(folded).getAllByTestId('template-message-button').map((b) => b.textContent?.trim())).toEqual(['Yes', 'Track', 'Call us', 'No']);
    expect(all).toHaveTextContent('Show fewer options');
    await fireEvent.click(all);
    await settle();
    expect(within(folded).getAllByTestId('template-message-button')).toHaveLength(2);
  });

  it('copies the code of a copy-code button and says so, or says it could not', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { bubble, unmount } = await shown(template({ buttons: [button('quickReply', 'Thanks'), button('copyCode', 'Copy offer code', 'SAVE15')] }));
    const copy = within(bubble).getAllByTestId('template-message-button')[1]!;
    expect(copy).toHaveTextContent('Copy code');
    expect(within(copy).queryByTestId('template-message-copied')).toBeNull();
    await fireEvent.click(within(copy).getByRole('button', { name: 'Copy SAVE15' }));
    await settle();
    expect(writeText).toHaveBeenCalledWith('SAVE15');
    expect(within(copy).getByTestId('template-message-copied')).toHaveTextContent('Copied');
    unmount();

    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: vi.fn().mockRejectedValue(new Error('denied')) } });
    const refused = (await shown(template({ buttons: [button('otp', '', '123456')] }))).bubble;
    const otp = within(refused).getByTestId('template-message-button');
    expect(otp).toHaveTextContent('Copy code');
    await fireEvent.click(within(otp).getByRole('button'));
    await settle();
    expect(within(otp).getByTestId('template-message-copied')).toHaveTextContent('Could not copy');
  });

  it("shows a media header with the message's file, and a location header as a place", async () => {
    const photo = media('image', { filename: 'shoes.png', mimeType: 'image/png', size: 300 });
    const { bubble, unmount } = await shown(
      template({ header: { type: 'media', media: photo } }),
      { state: 'ready', path: '/files/shoes.png', mimeType: 'image/png', size: 300 },
    );
    const header = within(bubble).getByTestId('template-message-header');
    expect(header).toHaveAttribute('data-type', 'media');
    expect(within(header).getByTestId('media-image')).toHaveAttribute('src', '/files/shoes.png');
    unmount();

    const pending = await shown(template({ header: { type: 'media', media: photo } }), { state: 'pending' });
    expect(within(pending.bubble).getByTestId('media-pending')).toBeInTheDocument();
    pending.unmount();

    const { bubble: place, backend } = await shown(
      template({ header: { type: 'location', location: { latitude: 32.08, longitude: 34.78, name: 'Parley Shop', address: 'Dizengoff 1', url: null } } }),
    );
    const location = within(place).getByTestId('template-message-header');
    expect(location).toHaveAttribute('data-type', 'location');
    expect(within(location).getByTestId('location-name')).toHaveTextContent('Parley Shop');
    expect(within(location).getByTestId('location-address')).toHaveTextContent('Dizengoff 1');
    await fireEvent.click(within(location).getByTestId('location-open'));
    await settle();
    expect(backend.calls.openLocation).toHaveLength(1);
    expect(screen.queryByTestId('action-error')).toBeNull();
  });
});
