// Every kind of message as the thread shows it, against the in-memory backend.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Message } from '../ipc/bindings';
import { bubble, media, openThread, settle } from '../../test/app';

const ANN = '972500000001';

describe('media messages', () => {
  it('shows a photo once downloaded, with its caption, after a placeholder', async () => {
    let photo!: Message;
    const { backend } = await openThread((b) => {
      b.files.set('/media/in/photo.jpg', { size: 1000, mimeType: 'image/jpeg', url: 'blob:photo-1' });
      photo = b.customerSends(ANN, 'Ann', { type: 'media', media: media('image', { caption: 'Size 38?' }) });
    });
    let message = bubble(photo);
    expect(message).toHaveAttribute('data-kind', 'image');
    expect(within(message).getByTestId('media-pending')).toHaveTextContent('Downloading…');
    expect(within(message).queryByTestId('media-image')).toBeNull();
    expect(within(message).getByTestId('media-caption')).toHaveTextContent('Size 38?');

    backend.setMedia(photo.id, { state: 'ready', path: '/media/in/photo.jpg', mimeType: 'image/jpeg', size: 1000 });
    await settle();
    message = bubble(photo);
    expect(within(message).queryByTestId('media-pending')).toBeNull();
    expect(within(message).getByTestId('media-image')).toHaveAttribute('src', 'blob:photo-1');
    expect(within(message).getByTestId('media-caption')).toHaveAttribute('dir', 'auto');
  });

  it('explains a failed download and retries it', async () => {
    let photo!: Message;
    const { backend } = await openThread((b) => {
      photo = b.customerSends(ANN, 'Ann', { type: 'media', media: media('image') });
      b.setMedia(photo.id, { state: 'failed', error: 'Meta answered 404 for the media URL' });
    });
    const message = bubble(photo);
    expect(within(message).getByTestId('media-failed')).toHaveTextContent(
      'This file could not be downloaded: Meta answered 404 for the media URL',
    );
    await fireEvent.click(within(message).getByRole('button', { name: 'Retry' }));
    await settle();
    expect(backend.calls.retryMedia).toEqual([photo.id]);
    expect(within(bubble(photo)).getByTestId('media-pending')).toBeInTheDocument();
  });

  it('shows stickers small and without a bubble', async () => {
    let sticker!: Message;
    await openThread((b) => {
      sticker = b.customerSends(ANN, 'Ann', { type: 'media', media: media('sticker') });
      b.setMedia(sticker.id, { state: 'ready', path: '/s.webp', mimeType: 'image/webp', size: 10 });
    });
    const message = bubble(sticker);
    expect(message).toHaveAttribute('data-kind', 'sticker');
    expect(within(message).getByTestId('media-image')).toHaveClass('sticker');
    expect(message.querySelector('.bubble')).toHaveClass('bare');
  });

  it('plays videos, audio and voice notes, marking voice notes', async () => {
    let video!: Message, audio!: Message, voice!: Message;
    await openThread((b) => {
      video = b.customerSends(ANN, 'Ann', { type: 'media', media: media('video') });
      audio = b.customerSends(ANN, 'Ann', { type: 'media', media: media('audio') });
      voice = b.customerSends(ANN, 'Ann', { type: 'media', media: media('voice') });
      b.setMedia(video.id, { state: 'ready', path: '/v.mp4', mimeType: 'video/mp4', size: 10 });
      b.setMedia(audio.id, { state: 'ready', path: '/a.mp3', mimeType: 'audio/mpeg', size: 10 });
      b.setMedia(voice.id, { state: 'ready', path: '/n.ogg', mimeType: 'audio/ogg', size: 10 });
    });
    const player = within(bubble(video)).getByTestId('media-video');
    expect(player).toHaveAttribute('controls');
    expect(player).toHaveAttribute('src', '/v.mp4');
    expect(within(bubble(audio)).getByTestId('media-audio')).toHaveAttribute('data-voice', 'false');
    const note = bubble(voice);
    expect(note).toHaveAttribute('data-kind', 'voice');
    expect(within(note).getByTestId('media-audio')).toHaveAttribute('data-voice', 'true');
    expect(note).toHaveTextContent('Voice message');
  });

  it('shows a document card whose Open button opens the file', async () => {
    let doc!: Message;
    const { backend } = await openThread((b) => {
      doc = b.customerSends(ANN, 'Ann', { type: 'media', media: media('document', { filename: 'invoice-1042.pdf', size: 245_760 }) });
    });
    expect(within(bubble(doc)).getByTestId('media-filename')).toHaveTextContent('invoice-1042.pdf');
    expect(within(bubble(doc)).getByTestId('media-size')).toHaveTextContent('240 kB');
    expect(within(bubble(doc)).queryByTestId('media-open')).toBeNull();

    backend.setMedia(doc.id, { state: 'ready', path: '/d/invoice.pdf', mimeType: 'application/pdf', size: 2_621_440 });
    await settle();
    expect(within(bubble(doc)).getByTestId('media-size')).toHaveTextContent('2.5 MB');
    await fireEvent.click(within(bubble(doc)).getByRole('button', { name: 'Open' }));
    expect(backend.calls.openMedia).toEqual([doc.id]);
  });
});

describe('other kinds', () => {
  it('shows a location with its coordinates and opens it on a map', async () => {
    let place!: Message;
    const { backend } = await openThread((b) => {
      place = b.customerSends(ANN, 'Ann', {
        type: 'location',
        location: { latitude: 59.436961, longitude: 24.753575, name: 'Viru Keskus', address: 'Viru väljak 4, Tallinn', url: null },
      });
    });
    const message = bubble(place);
    expect(message).toHaveAttribute('data-kind', 'location');
    expect(within(message).getByTestId('location-name')).toHaveTextContent('Viru Keskus');
    expect(within(message).getByTestId('location-address')).toHaveTextContent('Viru väljak 4, Tallinn');
    expect(within(message).getByTestId('location-coordinates')).toHaveTextContent('59.43696, 24.75358');
    await fireEvent.click(within(message).getByRole('button', { name: 'Open map' }));
    expect(backend.calls.openLocation).toEqual([place.id]);
  });

  it('shows each shared contact readably', async () => {
    let card!: Message;
    await openThread((b) => {
      card = b.customerSends(ANN, 'Ann', {
        type: 'contacts',
        cards: [
          {
            formattedName: 'Yossi Mizrahi',
            organization: 'Mizrahi Shoes',
            phones: [{ phone: '+972 50 765 4321', waId: '972507654321', label: 'Mobile' }],
            emails: ['yossi@example.com'],
            urls: [],
          },
          { formattedName: 'Kate', organization: null, phones: [], emails: [], urls: ['https://kate.example'] },
        ],
      });
    });
    const cards = within(bubble(card)).getAllByTestId('contact-card');
    expect(cards).toHaveLength(2);
    expect(cards[0]).toHaveTextContent('Yossi Mizrahi');
    expect(cards[0]).toHaveTextContent('Mizrahi Shoes');
    expect(cards[0]).toHaveTextContent('Mobile +972 50 765 4321 · on WhatsApp');
    expect(cards[0]).toHaveTextContent('yossi@example.com');
    // Addresses from a customer are shown, not turned into links.
    expect(cards[1]?.querySelector('a')).toBeNull();
    expect(bubble(card)).toHaveTextContent('2 shared contacts');
  });

  it('shows buttons and lists sent by the business under the bubble', async () => {
    let buttons!: Message, list!: Message;
    await openThread((b) => {
      const m = b.customerWrites(ANN, 'Ann', 'hi');
      buttons = b.businessSent(m.conversationId, {
        type: 'interactive',
        interactive: {
          header: 'Your order',
          body: 'Shall we ship it today?',
          footer: 'Parley Shop',
          action: { type: 'buttons', buttons: [{ id: 'yes', title: 'Yes please' }, { id: 'no', title: 'Tomorrow' }] },
        },
      });
      list = b.businessSent(m.conversationId, {
        type: 'interactive',
        interactive: {
          header: null,
          body: 'Pick a size',
          footer: null,
          action: { type: 'list', button: 'Sizes', sections: [{ title: null, rows: [{ id: '38', title: 'EU 38', description: null }] }] },
        },
      });
    });
    const message = bubble(buttons);
    expect(message).toHaveAttribute('data-kind', 'interactive');
    expect(within(message).getByTestId('interactive-header')).toHaveTextContent('Your order');
    expect(within(message).getByTestId('interactive-body')).toHaveTextContent('Shall we ship it today?');
    expect(within(message).getByTestId('interactive-footer')).toHaveTextContent('Parley Shop');
    expect(within(message).getAllByTestId('interactive-button').map((b) => b.textContent?.trim())).toEqual([
      '↩ Yes please',
      '↩ Tomorrow',
    ]);
    expect(message.querySelector('.bubble [data-testid="interactive-button"]')).toBeNull();
    expect(within(bubble(list)).getByTestId('interactive-list-button')).toHaveTextContent('List: Sizes');
    expect(within(bubble(list)).getByTestId('interactive-row')).toHaveTextContent('EU 38');
  });

  it('shows which option a customer chose, and how', async () => {
    let button!: Message, row!: Message, template!: Message;
    await openThread((b) => {
      button = b.customerSends(ANN, 'Ann', {
        type: 'interactiveReply',
        reply: { kind: 'button', id: 'yes', title: 'Yes please', description: null, responseJson: null },
      });
      row = b.customerSends(ANN, 'Ann', {
        type: 'interactiveReply',
        reply: { kind: 'list', id: '38', title: 'EU 38', description: 'Narrow fit', responseJson: null },
      });
      template = b.customerSends(ANN, 'Ann', { type: 'buttonReply', text: 'Stop promotions', payload: 'STOP' });
    });
    expect(within(bubble(button)).getByTestId('reply-kind')).toHaveTextContent('Tapped a button');
    expect(within(bubble(button)).getByTestId('reply-choice')).toHaveTextContent('↩ Yes please');
    expect(within(bubble(row)).getByTestId('reply-kind')).toHaveTextContent('Chose from a list');
    expect(bubble(row)).toHaveTextContent('Narrow fit');
    expect(bubble(template)).toHaveAttribute('data-kind', 'buttonReply');
    expect(within(bubble(template)).getByTestId('reply-kind')).toHaveTextContent('Tapped a template button');
    expect(within(bubble(template)).getByTestId('reply-choice')).toHaveTextContent('↩ Stop promotions');
  });

  it('lists an order’s items with prices and a total per currency', async () => {
    let order!: Message;
    await openThread((b) => {
      order = b.customerSends(ANN, 'Ann', {
        type: 'order',
        order: {
          catalogId: 'c1',
          text: 'Quickly please',
          items: [
            { productRetailerId: 'SNK-BLUE-38', quantity: 1, itemPrice: 89.9, currency: 'EUR' },
            { productRetailerId: 'SOCKS-3PK', quantity: 2, itemPrice: 9.5, currency: 'EUR' },
            { productRetailerId: 'GIFT-CARD', quantity: 1, itemPrice: 20, currency: 'USD' },
          ],
        },
      });
    });
    const message = bubble(order);
    expect(message).toHaveTextContent('Order · 3 items');
    expect(message).toHaveTextContent('Quickly please');
    const items = within(message).getAllByTestId('order-item');
    expect(items[0]).toHaveTextContent('Product SNK-BLUE-38');
    expect(items[0]).toHaveTextContent('1 × €89.90');
    expect(items[1]).toHaveTextContent('2 × €9.50');
    expect(within(message).getAllByTestId('order-total').map((t) => t.textContent)).toEqual([
      'Total: €108.90',
      'Total: $20.00',
    ]);
  });

  it('shows WhatsApp’s notices in the middle, not as a bubble', async () => {
    let notice!: Message;
    await openThread((b) => {
      b.customerWrites(ANN, 'Ann', 'hi');
      notice = b.customerSends(ANN, 'Ann', {
        type: 'system',
        kind: 'user_changed_number',
        body: 'Ann changed their phone number to a new number.',
        newWaId: '972500000002',
      });
    });
    const message = bubble(notice);
    expect(message).toHaveAttribute('data-kind', 'system');
    expect(message).toHaveClass('system');
    expect(message.querySelector('.bubble')).toBeNull();
    expect(message).toHaveTextContent('Ann changed their phone number to a new number.');
    expect(message).toHaveTextContent('New number: +972500000002');
  });

  it('says which kind it cannot show yet, and why', async () => {
    let unknown!: Message;
    await openThread((b) => {
      unknown = b.customerSends(ANN, 'Ann', {
        type: 'unsupported',
        typeName: 'ephemeral',
        reason: 'Message type is currently not supported.',
        code: 131051,
      });
    });
    expect(bubble(unknown)).toHaveAttribute('data-kind', 'unsupported');
    expect(within(bubble(unknown)).getByTestId('unsupported')).toHaveTextContent(
      'This ephemeral message cannot be shown in Parley yet.',
    );
    expect(bubble(unknown)).toHaveTextContent('WhatsApp says: Message type is currently not supported.');
  });
});

describe('around the content', () => {
  it('shows what a reply quotes, and clicking the quote shows the quoted message', async () => {
    let original!: Message, reply!: Message;
    await openThread((b) => {
      original = b.customerWrites(ANN, 'Ann', 'Do you ship to Haifa?');
      reply = b.customerWrites(ANN, 'Ann', 'And to Eilat?');
      b.updateMessage(reply.id, (m) => ({
        ...m,
        quoted: { id: original.id, direction: 'inbound', kind: 'text', preview: 'Do you ship to Haifa?' },
      }));
    });
    const quote = within(bubble(reply)).getByTestId('quoted');
    expect(quote).toHaveTextContent('Ann');
    expect(quote).toHaveTextContent('Do you ship to Haifa?');
    await fireEvent.click(quote);
    expect(document.activeElement).toBe(bubble(original));
    expect(bubble(original)).toHaveClass('highlighted');
  });

  it('labels forwarded messages', async () => {
    let once!: Message, many!: Message;
    await openThread((b) => {
      const context = { quotedWamid: null, forwarded: true, frequentlyForwarded: false, referredProductId: null };
      once = b.customerSends(ANN, 'Ann', { type: 'text', body: 'look' }, { context });
      many = b.customerSends(ANN, 'Ann', { type: 'text', body: 'chain' }, { context: { ...context, frequentlyForwarded: true } });
    });
    expect(within(bubble(once)).getByTestId('forwarded')).toHaveTextContent(/^Forwarded$/);
    expect(within(bubble(many)).getByTestId('forwarded')).toHaveTextContent('Forwarded many times');
  });

  it('shows the ad a customer came from, and opens it', async () => {
    let fromAd!: Message;
    const { backend } = await openThread((b) => {
      fromAd = b.customerSends(ANN, 'Ann', { type: 'text', body: 'Is this still on?' }, {
        referral: {
          sourceUrl: 'https://fb.me/ad',
          sourceType: 'ad',
          sourceId: '1',
          headline: 'Summer sneakers, 20% off',
          body: 'This week only',
          mediaType: null,
          imageUrl: null,
          videoUrl: null,
          ctwaClid: null,
        },
      });
    });
    const banner = within(bubble(fromAd)).getByTestId('referral');
    expect(banner).toHaveTextContent('From an ad');
    expect(banner).toHaveTextContent('Summer sneakers, 20% off');
    expect(banner).toHaveTextContent('This week only');
    await fireEvent.click(within(banner).getByRole('button', { name: 'Open ad' }));
    expect(backend.calls.openReferral).toEqual([fromAd.id]);
  });

  it('marks edits, hides deleted messages, and shows reactions as they arrive', async () => {
    let m!: Message;
    const { backend } = await openThread((b) => {
      m = b.customerWrites(ANN, 'Ann', 'Size 39');
    });
    backend.customerEdits(m.id, 'Size 38');
    await settle();
    expect(bubble(m)).toHaveTextContent('Size 38');
    expect(within(bubble(m)).getByTestId('message-edited')).toHaveTextContent('Edited');

    backend.customerReacts(m.id, '❤️');
    await settle();
    const chip = within(bubble(m)).getByTestId('reaction');
    expect(chip).toHaveTextContent('❤️');
    expect(chip).toHaveAttribute('title', 'Ann reacted with ❤️');

    backend.customerDeletes(m.id);
    await settle();
    expect(bubble(m)).not.toHaveTextContent('Size 38');
    expect(within(bubble(m)).getByTestId('message-deleted')).toHaveTextContent('This message was deleted');
    expect(within(bubble(m)).getByTestId('message-deleted')).toHaveClass('deleted');
  });

  it('explains the shell’s new errors in plain words', async () => {
    const { backend } = await openThread((b) => {
      b.customerWrites(ANN, 'Ann', 'hi', Date.now() - 1000);
    });
    backend.failNext = { code: 'fileUnreadable', message: 'cannot read /tmp/x.pdf' };
    await fireEvent.input(screen.getByTestId('composer-input'), { target: { value: 'hello' } });
    await fireEvent.click(screen.getByTestId('composer-send'));
    await settle();
    expect(screen.getByTestId('composer-error')).toHaveTextContent('The file could not be read: cannot read /tmp/x.pdf');
  });
});
