// Do not disturb, starting at login and the tray's words, against the mock backend.

import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { renderApp, settle } from '../../test/app';

describe('desktop settings', () => {
  it('sends the tray its words in the UI language at start', async () => {
    const { backend } = await renderApp();
    expect(backend.calls.setTrayWords).toHaveLength(1);
    const words = backend.calls.setTrayWords[0]!;
    expect(words).toMatchObject({ show: 'Show Parley', quit: 'Quit Parley', nothingUnread: 'Parley: nothing unread' });
    expect(words.unread).toHaveLength(100);
    expect(words.unread[0]).toBe('Parley: 1 conversation unread');
    expect(words.unread[1]).toBe('Parley: 2 conversations unread');
    expect(words.unread[98]).toBe('Parley: 99 conversations unread');
    expect(words.unread[99]).toBe('Parley: more than 99 conversations unread');
  });

  it('tells the shell once when the first inbox is on screen, after its rows are in', async () => {
    const { backend } = await renderApp((b) => b.customerWrites('972501234567', 'Dana Levi', 'Size 38?'));
    await waitFor(() => expect(backend.calls.inboxPainted).toBe(1));
    expect(screen.getAllByTestId('conversation-row')).toHaveLength(1);
    await settle();
    expect(backend.calls.inboxPainted).toBe(1);
  });

  it('the header bell switches do not disturb, which silences notifications but not messages', async () => {
    const { backend } = await renderApp();
    const toggle = screen.getByTestId('toggle-dnd');
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(toggle).toHaveAccessibleName('Do not disturb');

    await fireEvent.click(toggle);
    await settle();
    expect(backend.calls.setDesktopSettings).toEqual([{ doNotDisturb: true, startAtLogin: false }]);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');

    backend.focused = false;
    backend.customerWrites('972501234567', 'Dana Levi', 'Size 38?');
    await settle();
    expect(backend.notifications).toEqual([]);
    expect(screen.getAllByTestId('conversation-row')).toHaveLength(1);

    await fireEvent.click(toggle);
    await settle();
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    backend.customerWrites('972501234567', 'Dana Levi', 'Hello?');
    await settle();
    // Named after the contact, not the app.
    expect(backend.notifications.map((n) => n.title)).toEqual(['Dana Levi']);
  });

  it('shows the saved state and offers both settings in the Settings dialog', async () => {
    const { backend } = await renderApp((b) => (b.desktop = { doNotDisturb: true, startAtLogin: false }));
    expect(screen.getByTestId('toggle-dnd')).toHaveAttribute('aria-pressed', 'true');
    await fireEvent.click(screen.getByTestId('open-settings'));
    await settle();
    const form = within(screen.getByTestId('settings-dialog')).getByTestId('desktop-form');
    expect(within(form).getByTestId('desktop-dnd')).toBeChecked();
    const login = within(form).getByLabelText('Start Parley when I log in');
    expect(login).not.toBeChecked();

    await fireEvent.click(login);
    await settle();
    expect(backend.calls.setDesktopSettings).toEqual([{ doNotDisturb: true, startAtLogin: true }]);
    expect(login).toBeChecked();

    await fireEvent.click(within(form).getByTestId('desktop-dnd'));
    await settle();
    expect(backend.desktop).toEqual({ doNotDisturb: false, startAtLogin: true });
    expect(screen.getByTestId('toggle-dnd')).toHaveAttribute('aria-pressed', 'false');
  });

  it('undoes a change the shell refused and says why', async () => {
    const { backend } = await renderApp();
    await fireEvent.click(screen.getByTestId('open-settings'));
    await settle();
    const form = screen.getByTestId('desktop-form');
    backend.failNext = { code: 'internal', message: 'could not change starting at login: no autostart entry' };
    const login = within(form).getByTestId('desktop-start-at-login');
    await fireEvent.click(login);
    await settle();
    expect(login).not.toBeChecked();
    expect(backend.desktop.startAtLogin).toBe(false);
    expect(within(form).getByTestId('desktop-error')).toHaveTextContent(
      'The setting could not be changed: Something went wrong: could not change starting at login: no autostart entry',
    );
  });
});
