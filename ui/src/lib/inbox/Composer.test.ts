// The composer: files, link previews, typing, locations and buttons.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOUR, openThread, settle } from '../../test/app';

const ANN = '972500000001';

async function type(text: string): Promise<void> {
  await fireEvent.input(screen.getByTestId('composer-input'), { target: { value: text } });
}

async function send(): Promise<void> {
  await fireEvent.click(screen.getByTestId('composer-send'));
  await settle();
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('attaching a file', () => {
  it('shows the chosen file with a caption, and sends it as media', async () => {
    const { backend } = await openThread((b) => {
      b.customerWrites(ANN, 'Ann', 'Send me a photo?');
      b.files.set('/home/me/Pictures/blue sneakers.jpg', { size: 182_044, mimeType: 'image/jpeg', url: 'blob:sneakers' });
      b.fileAnswers.push('/home/me/Pictures/blue sneakers.jpg');
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Attach a file' }));
    await settle();
    expect(screen.getByTestId('attachment-chip')).toHaveTextContent('blue sneakers.jpg');
    await fireEvent.input(screen.getByLabelText('Caption'), { target: { value: 'The blue ones' } });
    await send();

    expect(backend.calls.sendMessage.at(-1)?.outgoing).toEqual({
      type: 'media',
      path: '/home/me/Pictures/blue sneakers.jpg',
      kind: null,
      caption: 'The blue ones',
    });
    expect(screen.queryByTestId('attachment')).toBeNull();
    const sent = screen.getAllByTestId('message').at(-1)!;
    expect(sent).toHaveAttribute('data-kind', 'image');
    expect(within(sent).getByTestId('media-image')).toHaveAttribute('src', 'blob:sneakers');
    expect(sent).toHaveTextContent('The blue ones');
  });

  it('keeps the file and the caption when the shell refuses it, and says why', async () => {
    const { backend } = await openThread((b) => {
      b.customerWrites(ANN, 'Ann', 'hi');
      b.fileAnswers.push('/tmp/gone.pdf');
    });
    await fireEvent.click(screen.getByTestId('composer-attach'));
    await settle();
    await fireEvent.input(screen.getByTestId('attachment-caption'), { target: { value: 'Your invoice' } });
    await send();
    expect(screen.getByTestId('composer-error')).toHaveTextContent(
      'The file could not be read: cannot read /tmp/gone.pdf: No such file or directory',
    );
    expect(screen.getByTestId('attachment-chip')).toHaveTextContent('gone.pdf');
    expect(screen.getByTestId('attachment-caption')).toHaveValue('Your invoice');
    expect(backend.calls.sendMessage).toHaveLength(1);
  });

  it('does nothing when the file chooser is cancelled', async () => {
    await openThread((b) => b.customerWrites(ANN, 'Ann', 'hi'));
    await fireEvent.click(screen.getByTestId('composer-attach'));
    await settle();
    expect(screen.queryByTestId('attachment')).toBeNull();
    expect(screen.getByTestId('composer-send')).toBeDisabled();
  });
});

describe('link previews', () => {
  it('offers a preview only for text with a link, on by default, and sends the choice', async () => {
    const { backend } = await openThread((b) => b.customerWrites(ANN, 'Ann', 'hi'));
    await type('No link here');
    expect(screen.queryByTestId('link-preview-toggle')).toBeNull();
    await type('See https://shop.example/sneakers');
    const toggle = screen.getByRole('checkbox', { name: 'Link preview' });
    expect(toggle).toBeChecked();
    await fireEvent.click(toggle);
    expect(toggle).not.toBeChecked();
    await send();
    expect(backend.calls.sendMessage.at(-1)?.outgoing).toEqual({
      type: 'text',
      body: 'See https://shop.example/sneakers',
      previewUrl: false,
    });
    await type('Again https://shop.example');
    expect(screen.getByRole('checkbox', { name: 'Link preview' })).toBeChecked();
    await send();
    expect(backend.calls.sendMessage.at(-1)?.outgoing).toMatchObject({ previewUrl: true });
  });

  it('starts from the link-previews preference', async () => {
    const { backend } = await openThread((b) => {
      b.preferences.linkPreviews = false;
      b.customerWrites(ANN, 'Ann', 'hi');
    });
    await type('https://shop.example');
    expect(screen.getByRole('checkbox', { name: 'Link preview' })).not.toBeChecked();
    await send();
    expect(backend.calls.sendMessage.at(-1)?.outgoing).toMatchObject({ previewUrl: false });
  });
});

describe('typing', () => {
  it('tells the shell an agent is typing at most once every 5 seconds', async () => {
    let now = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const { backend } = await openThread((b) => b.customerWrites(ANN, 'Ann', 'hi'));
    await type('H');
    await type('He');
    now += 4_000;
    await type('Hel');
    expect(backend.calls.typing).toHaveLength(1);
    now += 1_500;
    await type('Hell');
    expect(backend.calls.typing).toHaveLength(2);
    expect(backend.calls.typing[0]).toBe(backend.calls.typing[1]);
  });
});

describe('sending a location', () => {
  it('checks the coordinates, then sends the place', async () => {
    const { backend } = await openThread((b) => b.customerWrites(ANN, 'Ann', 'Where are you?'));
    await fireEvent.click(screen.getByRole('button', { name: 'More' }));
    await fireEvent.click(screen.getByRole('menuitem', { name: 'Send location' }));
    const dialog = screen.getByTestId('location-dialog');
    await fireEvent.input(within(dialog).getByLabelText('Latitude'), { target: { value: '95' } });
    await fireEvent.input(within(dialog).getByLabelText('Longitude'), { target: { value: '34.78' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Send' }));
    await settle();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The latitude must be a number between -90 and 90.');
    expect(backend.calls.sendMessage).toHaveLength(0);

    await fireEvent.input(within(dialog).getByLabelText('Latitude'), { target: { value: '32.0853' } });
    await fireEvent.input(within(dialog).getByLabelText('Longitude'), { target: { value: '200' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Send' }));
    await settle();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The longitude must be a number between -180 and 180.');

    await fireEvent.input(within(dialog).getByLabelText('Longitude'), { target: { value: '34.7818' } });
    await fireEvent.input(within(dialog).getByLabelText('Name (optional)'), { target: { value: 'Parley Shop' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Send' }));
    await settle();
    expect(backend.calls.sendMessage.at(-1)?.outgoing).toEqual({
      type: 'location',
      location: { latitude: 32.0853, longitude: 34.7818, name: 'Parley Shop', address: null, url: null },
    });
    expect(screen.queryByTestId('location-dialog')).toBeNull();
    expect(screen.getAllByTestId('message').at(-1)).toHaveAttribute('data-kind', 'location');
  });

  it('shows the shell’s refusal and keeps the dialog open', async () => {
    const { backend } = await openThread((b) => b.customerWrites(ANN, 'Ann', 'Where are you?'));
    await fireEvent.click(screen.getByTestId('composer-more'));
    await fireEvent.click(screen.getByTestId('menu-location'));
    const dialog = screen.getByTestId('location-dialog');
    await fireEvent.input(within(dialog).getByLabelText('Latitude'), { target: { value: '1' } });
    await fireEvent.input(within(dialog).getByLabelText('Longitude'), { target: { value: '2' } });
    backend.failNext = { code: 'invalidMessage', message: 'the location name is too long' };
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Send' }));
    await settle();
    expect(within(screen.getByTestId('location-dialog')).getByRole('alert')).toHaveTextContent(
      'WhatsApp would not accept this: the location name is too long',
    );
  });
});

describe('sending buttons', () => {
  async function openButtons(): Promise<HTMLElement> {
    await fireEvent.click(screen.getByRole('button', { name: 'More' }));
    await fireEvent.click(screen.getByRole('menuitem', { name: 'Send buttons' }));
    return screen.getByTestId('buttons-dialog');
  }

  it('checks WhatsApp’s limits, then sends one to three buttons with generated ids', async () => {
    const { backend } = await openThread((b) => b.customerWrites(ANN, 'Ann', 'Can you ship today?'));
    const dialog = await openButtons();
    const titles = within(dialog).getAllByTestId('buttons-title');
    const sendButton = within(dialog).getByRole('button', { name: 'Send' });

    await fireEvent.click(sendButton);
    await settle();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Write the message the buttons go with.');

    await fireEvent.input(within(dialog).getByLabelText('Message'), { target: { value: 'Ship today?' } });
    await fireEvent.click(sendButton);
    await settle();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Give at least one button a title.');

    await fireEvent.input(titles[0]!, { target: { value: 'Yes, ship it today please' } });
    await fireEvent.click(sendButton);
    await settle();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Button titles can have at most 20 characters.');
    expect(backend.calls.sendMessage).toHaveLength(0);

    await fireEvent.input(titles[0]!, { target: { value: 'Yes' } });
    await fireEvent.input(titles[2]!, { target: { value: 'Tomorrow' } });
    await fireEvent.input(within(dialog).getByLabelText('Footer (optional)'), { target: { value: 'Parley Shop' } });
    await fireEvent.click(sendButton);
    await settle();
    expect(backend.calls.sendMessage.at(-1)?.outgoing).toEqual({
      type: 'interactive',
      interactive: {
        header: null,
        body: 'Ship today?',
        footer: 'Parley Shop',
        action: {
          type: 'buttons',
          buttons: [
            { id: 'button-1', title: 'Yes' },
            { id: 'button-2', title: 'Tomorrow' },
          ],
        },
      },
    });
    expect(screen.queryByTestId('buttons-dialog')).toBeNull();
    const sent = screen.getAllByTestId('message').at(-1)!;
    expect(within(sent).getAllByTestId('interactive-button')).toHaveLength(2);
  });

  it('shows what the shell refuses', async () => {
    const { backend } = await openThread((b) => b.customerWrites(ANN, 'Ann', 'hi'));
    const dialog = await openButtons();
    await fireEvent.input(within(dialog).getByLabelText('Message'), { target: { value: 'Pick one' } });
    await fireEvent.input(within(dialog).getByLabelText('Header (optional)'), { target: { value: 'H'.repeat(61) } });
    await fireEvent.input(within(dialog).getAllByTestId('buttons-title')[0]!, { target: { value: 'A' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Send' }));
    await settle();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The header can have at most 60 characters.');

    await fireEvent.input(within(dialog).getByLabelText('Header (optional)'), { target: { value: '' } });
    backend.failNext = { code: 'invalidMessage', message: 'two buttons or rows have the same id "button-1"' };
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Send' }));
    await settle();
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'WhatsApp would not accept this: two buttons or rows have the same id "button-1"',
    );
  });
});

describe('a closed window', () => {
  it('disables everything the composer offers', async () => {
    await openThread((b) => b.customerWrites(ANN, 'Ann', 'thanks', Date.now() - 27 * HOUR));
    for (const id of ['composer-input', 'composer-send', 'composer-attach', 'composer-more']) {
      expect(screen.getByTestId(id)).toBeDisabled();
    }
  });
});
