// The mock's tunnel: it comes up (or is refused) as `tunnelOutcome` says, for a live
// account only.

import type { CommandError, Registration, TunnelInput, TunnelKind, TunnelState, TunnelView } from '../../ipc/bindings';
import { BackendError, type TunnelBackend } from '../types';
import { refuse, type MockBase } from './core';

/// What `startTunnel` does next.
export type TunnelOutcome =
  | { kind: 'online'; publicUrl: string; registration: Registration | null }
  | { kind: 'refused'; error: CommandError };

export interface TunnelCalls {
  saveTunnel: TunnelInput[];
  startTunnel: number;
  stopTunnel: number;
}

export function tunnelMock<B extends MockBase>(Base: B) {
  return class TunnelMock extends Base implements TunnelBackend {
    declare readonly calls: TunnelCalls;
    tunnel: TunnelView = {
      kind: 'ngrok',
      ngrokDomain: null,
      cloudflaredHostname: null,
      boreServer: null,
      borePort: null,
      secretStored: false,
      enabled: false,
      cloudflaredInstalled: false,
      state: { state: 'stopped' },
      webhookUrl: null,
      registration: null,
      localWebhookUrl: 'http://127.0.0.1:8787/webhook',
    };
    tunnelOutcome: TunnelOutcome = {
      kind: 'online',
      publicUrl: 'https://parley-mock.ngrok.app',
      registration: { state: 'registered', callbackUrl: 'https://parley-mock.ngrok.app/webhook' },
    };
    #tunnelSecrets = new Set<TunnelKind>();

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, { saveTunnel: [], startTunnel: 0, stopTunnel: 0 } satisfies TunnelCalls);
    }

    /// The tunnel changed on its own (it came up, or died).
    tunnelGoes(state: TunnelState): void {
      this.tunnel = {
        ...this.tunnel,
        state,
        webhookUrl: state.state === 'online' ? `${state.publicUrl}/webhook` : this.tunnel.webhookUrl,
      };
      this.emit({ kind: 'tunnelChanged', state });
    }

    #liveOnly(): void {
      if (this.settingsView.mode !== 'live') {
        refuse('invalidSettings', 'the demo runs on this machine only: tunnels are for a connected account');
      }
    }

    #tunnelView(): TunnelView {
      return { ...this.tunnel, secretStored: this.#tunnelSecrets.has(this.tunnel.kind) };
    }

    async getTunnel(): Promise<TunnelView> {
      this.check();
      return this.#tunnelView();
    }

    async saveTunnel(input: TunnelInput): Promise<TunnelView> {
      this.calls.saveTunnel.push(input);
      this.check();
      this.#liveOnly();
      this.tunnel = {
        ...this.tunnel,
        kind: input.kind,
        ngrokDomain: input.ngrokDomain,
        cloudflaredHostname: input.cloudflaredHostname,
        boreServer: input.boreServer,
        borePort: input.borePort,
      };
      if (input.secret) this.#tunnelSecrets.add(input.kind);
      return this.#tunnelView();
    }

    async startTunnel(): Promise<TunnelView> {
      this.calls.startTunnel++;
      this.check();
      this.#liveOnly();
      const t = this.tunnel;
      const secret = this.#tunnelSecrets.has(t.kind);
      if (t.kind === 'ngrok' && !secret) refuse('invalidMessage', 'ngrok needs an authtoken (from dashboard.ngrok.com)');
      if (t.kind === 'cloudflared' && t.cloudflaredHostname?.trim() && !secret) {
        refuse('invalidMessage', 'a named Cloudflare tunnel needs its token');
      }
      if (t.kind === 'bore' && !t.boreServer?.trim()) refuse('invalidMessage', 'bore needs the address of your bore server');
      const outcome = this.tunnelOutcome;
      if (outcome.kind === 'refused') throw new BackendError(outcome.error);
      const state: TunnelState = { state: 'online', publicUrl: outcome.publicUrl };
      this.tunnel = {
        ...t,
        enabled: true,
        state,
        webhookUrl: `${outcome.publicUrl}/webhook`,
        registration: outcome.registration,
      };
      this.emit({ kind: 'tunnelChanged', state });
      return this.#tunnelView();
    }

    async stopTunnel(): Promise<TunnelView> {
      this.calls.stopTunnel++;
      this.check();
      const state: TunnelState = { state: 'stopped' };
      this.tunnel = { ...this.tunnel, enabled: false, state, webhookUrl: null, registration: null };
      this.emit({ kind: 'tunnelChanged', state });
      return this.#tunnelView();
    }
  };
}
