// The settings dialog's preferences and tunnel sections.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { MockBackend } from '../backend/mock';
import { renderApp, settle } from '../../test/app';

function live(b: MockBackend): void {
  b.settingsView = {
    ...b.settingsView,
    mode: 'live',
    account: { phoneNumberId: '1065', wabaId: '2001', graphVersion: 'v26.0', apiBaseUrl: 'https://graph.facebook.com' },
  };
}

async function openSettings(): Promise<HTMLElement> {
  await fireEvent.click(screen.getByTestId('open-settings'));
  await settle();
  return screen.getByTestId('settings-dialog');
}

describe('preferences', () => {
  it('shows the saved preferences and saves changes', async () => {
    const { backend } = await renderApp();
    const form = within(await openSettings()).getByTestId('preferences-form');
    const receipts = within(form).getByLabelText(/Send read receipts/);
    const typing = within(form).getByLabelText(/typing…/);
    expect(receipts).toBeChecked();
    expect(typing).toBeChecked();
    expect(typing).toBeEnabled();
    expect(typing).toHaveAccessibleDescription(/WhatsApp only shows typing together with a read receipt/);
    expect(within(form).getByLabelText('Template sync (minutes)')).toHaveValue(15);

    await fireEvent.click(receipts);
    expect(typing).toBeDisabled();
    expect(typing).not.toBeChecked();
    await fireEvent.click(within(form).getByLabelText(/Preview links/));
    await fireEvent.input(within(form).getByLabelText('Number health check (minutes)'), { target: { value: '30' } });
    await fireEvent.input(within(form).getByLabelText('Send rate (messages per second)'), { target: { value: '250' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Save preferences' }));
    await settle();
    expect(backend.calls.setPreferences).toEqual([
      {
        sendReadReceipts: false,
        typingIndicator: false,
        linkPreviews: false,
        templateSyncMinutes: 15,
        healthCheckMinutes: 30,
        statusAuditMinutes: 10,
        sendRatePerSecond: 250,
      },
    ]);
    expect(within(form).getByTestId('prefs-saved')).toHaveTextContent('Preferences saved.');
    expect(backend.preferences.healthCheckMinutes).toBe(30);
  });

  it('refuses values out of range before asking the shell', async () => {
    const { backend } = await renderApp();
    const form = within(await openSettings()).getByTestId('preferences-form');
    await fireEvent.input(within(form).getByLabelText('Send rate (messages per second)'), { target: { value: '5000' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Save preferences' }));
    await settle();
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'Send rate (messages per second) must be a whole number from 1 to 1,000.',
    );
    expect(backend.calls.setPreferences).toEqual([]);
  });
});

describe('the tunnel', () => {
  it('is only for a connected account: demo mode says so', async () => {
    await renderApp();
    const dialog = await openSettings();
    expect(within(dialog).getByTestId('tunnel-demo-note')).toHaveTextContent(
      'Tunnels are for a connected account: in demo mode everything stays on this computer.',
    );
    expect(within(dialog).queryByTestId('tunnel-form')).toBeNull();
  });

  it('saves the tunnel without showing its secret, starts it, and shows where Meta reaches it', async () => {
    const { backend } = await renderApp(live);
    const form = within(await openSettings()).getByTestId('tunnel-form');
    expect(within(form).getByTestId('tunnel-state')).toHaveTextContent('Stopped');
    const token = within(form).getByLabelText('ngrok authtoken');
    expect(token).toHaveAttribute('type', 'password');
    expect(token).toHaveAttribute('placeholder', 'Not set');

    await fireEvent.input(token, { target: { value: '2abcSECRET' } });
    await fireEvent.input(within(form).getByLabelText('Reserved domain (optional)'), { target: { value: 'parley.ngrok.app' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Save tunnel' }));
    await settle();
    expect(backend.calls.saveTunnel).toEqual([
      { kind: 'ngrok', ngrokDomain: 'parley.ngrok.app', cloudflaredHostname: null, boreServer: null, borePort: null, secret: '2abcSECRET' },
    ]);
    expect(token).toHaveValue('');
    expect(token).toHaveAttribute('placeholder', 'Stored — leave empty to keep');
    expect(form.textContent).not.toContain('2abcSECRET');

    await fireEvent.click(within(form).getByRole('button', { name: 'Start tunnel' }));
    await settle();
    expect(backend.calls.startTunnel).toBe(1);
    // Saved again first, keeping the stored secret.
    expect(backend.calls.saveTunnel.at(-1)?.secret).toBeNull();
    expect(within(form).getByTestId('tunnel-state')).toHaveAttribute('data-state', 'online');
    expect(within(form).getByTestId('tunnel-state')).toHaveTextContent('Online at https://parley-mock.ngrok.app/webhook');
    expect(within(form).getByTestId('tunnel-registration')).toHaveTextContent(
      'Registered with Meta: webhooks go to https://parley-mock.ngrok.app/webhook',
    );

    // It goes down on its own.
    backend.tunnelGoes({ state: 'failed', error: 'ngrok: session closed by the server' });
    await settle();
    expect(within(form).getByTestId('tunnel-state')).toHaveTextContent('The tunnel failed: ngrok: session closed by the server');
    expect(within(form).getByRole('button', { name: 'Start tunnel' })).toBeInTheDocument();
  });

  it('stops a running tunnel', async () => {
    const { backend } = await renderApp((b) => {
      live(b);
      b.tunnel = { ...b.tunnel, state: { state: 'online', publicUrl: 'https://x.ngrok.app' }, webhookUrl: 'https://x.ngrok.app/webhook' };
    });
    const form = within(await openSettings()).getByTestId('tunnel-form');
    expect(within(form).getByTestId('tunnel-state')).toHaveTextContent('Online at https://x.ngrok.app/webhook');
    await fireEvent.click(within(form).getByRole('button', { name: 'Stop tunnel' }));
    await settle();
    expect(backend.calls.stopTunnel).toBe(1);
    expect(within(form).getByTestId('tunnel-state')).toHaveTextContent('Stopped');
  });

  it('shows why a tunnel did not start, and when Meta refused its address', async () => {
    const { backend } = await renderApp((b) => {
      live(b);
      b.tunnelOutcome = { kind: 'refused', error: { code: 'invalidSettings', message: 'bore: could not connect to bore.example.com:7835' } };
    });
    const form = within(await openSettings()).getByTestId('tunnel-form');
    await fireEvent.change(within(form).getByLabelText('Tunnel service'), { target: { value: 'bore' } });
    await settle();
    await fireEvent.input(within(form).getByLabelText('bore server'), { target: { value: 'bore.example.com' } });
    await fireEvent.input(within(form).getByLabelText('Port (optional)'), { target: { value: '70000' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Start tunnel' }));
    await settle();
    expect(within(form).getByRole('alert')).toHaveTextContent('The port must be a whole number from 1 to 65535.');
    expect(backend.calls.startTunnel).toBe(0);

    await fireEvent.input(within(form).getByLabelText('Port (optional)'), { target: { value: '7835' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Start tunnel' }));
    await settle();
    expect(backend.calls.saveTunnel.at(-1)).toMatchObject({ kind: 'bore', boreServer: 'bore.example.com', borePort: 7835 });
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'The tunnel could not be set up: bore: could not connect to bore.example.com:7835',
    );
    expect(within(form).getByTestId('tunnel-state')).toHaveTextContent('Stopped');

    backend.tunnelOutcome = {
      kind: 'online',
      publicUrl: 'https://bore.example.com:7835',
      registration: { state: 'failed', error: 'Graph API: (#100) callback URL could not be verified' },
    };
    await fireEvent.click(within(form).getByRole('button', { name: 'Start tunnel' }));
    await settle();
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(within(form).getByTestId('tunnel-registration')).toHaveTextContent(
      'Meta refused the webhook address: Graph API: (#100) callback URL could not be verified',
    );
  });

  it('says whether cloudflared is installed and asks only what a named tunnel needs', async () => {
    await renderApp((b) => {
      live(b);
      b.tunnel = { ...b.tunnel, kind: 'cloudflared', cloudflaredInstalled: false };
    });
    const form = within(await openSettings()).getByTestId('tunnel-form');
    expect(within(form).getByTestId('cloudflared-installed')).toHaveTextContent('cloudflared is not installed');
    expect(within(form).getByLabelText('Named tunnel hostname')).toBeInTheDocument();
    expect(within(form).getByLabelText('Named tunnel token')).toHaveAttribute('type', 'password');
    expect(form).toHaveTextContent('Leave both empty for a quick tunnel');
    expect(within(form).queryByLabelText('ngrok authtoken')).toBeNull();
  });
});
