// English: the settings dialog: the WhatsApp account and the inbox preferences.

import type { Messages } from '../catalog';

export const settings = {
  'settings.title': 'Settings',
  'settings.demoNotice':
    'You are in demo mode. Connect a real WhatsApp Business account below to start your own inbox; the demo stays available with --demo.',
  'settings.account': 'WhatsApp Business account',
  'settings.accountHelp':
    'Find these in Meta’s WhatsApp Manager (API Setup). Secrets are kept in the system keyring, never in Parley’s database.',
  'settings.phoneNumberId': 'Phone number ID',
  'settings.wabaId': 'WhatsApp Business Account ID',
  'settings.graphVersion': 'Graph API version',
  'settings.apiBaseUrl': 'Cloud API address',
  'settings.accessToken': 'Access token',
  'settings.appSecret': 'App secret',
  'settings.verifyToken': 'Webhook verify token',
  'settings.appId': 'Meta app ID (optional)',
  'settings.appIdHelp':
    'Needed to upload example images, videos and documents for template headers. Find it in Meta’s App Dashboard → App settings → Basic → App ID.',
  'settings.secretStored': 'Stored in the keyring — leave empty to keep it',
  'settings.secretMissing': 'Not set',
  'settings.save': 'Save and connect',
  'settings.saving': 'Connecting…',
  'settings.saved': 'Saved. Parley is now using this account.',
  'settings.webhook': 'Webhook address',
  'settings.webhookHelp':
    'Meta must reach this address through a tunnel (ngrok, cloudflared or bore) pointed at /webhook.',
  'settings.keyringError': 'The system keyring cannot be read: {details}',
  'settings.problem': 'The inbox is not running: {details}',

  'prefs.title': 'Inbox preferences',
  'prefs.readReceipts': 'Send read receipts (blue ticks) when a conversation is opened',
  'prefs.typing': 'Show “typing…” to the customer while an agent writes',
  'prefs.typingNote': 'WhatsApp only shows typing together with a read receipt, so this needs read receipts.',
  'prefs.linkPreviews': 'Preview links in sent messages by default',
  'prefs.templateSync': 'Template sync (minutes)',
  'prefs.healthCheck': 'Number health check (minutes)',
  'prefs.statusAudit': 'Delivery audit (minutes)',
  'prefs.sendRate': 'Send rate (messages per second)',
  'prefs.save': 'Save preferences',
  'prefs.saving': 'Saving…',
  'prefs.saved': 'Preferences saved.',
  'prefs.range': '{field} must be a whole number from {min} to {max}.',
} as const satisfies Messages;
