// English: the tunnel that gives Meta a public address for the webhook (in settings).

import type { Messages } from '../catalog';

export const tunnel = {
  'tunnel.title': 'Tunnel',
  'tunnel.help':
    'A tunnel gives Meta a public address for the webhook receiver on this computer. When it starts, Parley points your app’s webhooks at it.',
  'tunnel.demo': 'Tunnels are for a connected account: in demo mode everything stays on this computer.',
  'tunnel.kind': 'Tunnel service',
  'tunnel.kind.ngrok': 'ngrok',
  'tunnel.kind.cloudflared': 'cloudflared (Cloudflare Tunnel)',
  'tunnel.kind.bore': 'bore',
  'tunnel.ngrokToken': 'ngrok authtoken',
  'tunnel.ngrokDomain': 'Reserved domain (optional)',
  'tunnel.cloudflaredHostname': 'Named tunnel hostname',
  'tunnel.cloudflaredToken': 'Named tunnel token',
  'tunnel.cloudflaredQuick': 'Leave both empty for a quick tunnel with a random trycloudflare.com address.',
  'tunnel.cloudflaredInstalled': 'cloudflared is installed.',
  'tunnel.cloudflaredMissing': 'cloudflared is not installed: install it from Cloudflare first.',
  'tunnel.boreServer': 'bore server',
  'tunnel.borePort': 'Port (optional)',
  'tunnel.boreSecret': 'Secret (optional)',
  'tunnel.secretStored': 'Stored — leave empty to keep',
  'tunnel.secretMissing': 'Not set',
  'tunnel.save': 'Save tunnel',
  'tunnel.saved': 'Tunnel settings saved.',
  'tunnel.start': 'Start tunnel',
  'tunnel.stop': 'Stop tunnel',
  'tunnel.state.starting': 'Starting the tunnel…',
  'tunnel.state.online': 'Online at {url}',
  'tunnel.state.failed': 'The tunnel failed: {error}',
  'tunnel.state.stopped': 'Stopped',
  'tunnel.registered': 'Registered with Meta: webhooks go to {url}',
  'tunnel.refused': 'Meta refused the webhook address: {error}',
  'tunnel.forwardsTo': 'Forwards to {url}',
  'tunnel.error': 'The tunnel could not be set up: {details}',
  'tunnel.portRange': 'The port must be a whole number from 1 to 65535.',
} as const satisfies Messages;
