// The tunnel that gives Meta a public address for the webhook.

import type { TunnelInput, TunnelView } from '../../ipc/bindings';

export interface TunnelBackend {
  getTunnel(): Promise<TunnelView>;
  saveTunnel(input: TunnelInput): Promise<TunnelView>;
  startTunnel(): Promise<TunnelView>;
  stopTunnel(): Promise<TunnelView>;
}
