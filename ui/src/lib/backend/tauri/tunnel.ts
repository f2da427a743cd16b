import { commands } from '../../ipc/bindings';
import type { TunnelBackend } from '../types';
import { unwrap } from './answer';

export const tunnelAdapter: TunnelBackend = {
  getTunnel: () => unwrap(commands.getTunnel()),
  saveTunnel: (input) => unwrap(commands.saveTunnel(input)),
  startTunnel: () => unwrap(commands.startTunnel()),
  stopTunnel: () => unwrap(commands.stopTunnel()),
};
