// English, the source catalog. Every string the UI shows is here; other languages copy
// the keys. `{name}` is a parameter; an object holds plural forms (Intl.PluralRules).

export const en = {
  'app.title': 'Parley',
  'app.demoBadge': 'Demo',
  'app.demoTitle':
    'Demo mode: a simulated WhatsApp number with simulated customers. Nothing is sent to Meta.',
  'app.settings': 'Settings',
  'app.loadFailed': 'Parley could not load the inbox: {reason}',
  'app.retry': 'Try again',

  'connection.checking': 'Checking the connection…',
  'connection.connected': 'Connected as {name}',
  'connection.notConfigured': 'No WhatsApp account connected',
  'connection.refused': 'WhatsApp refused the connection: {message}',
  'connection.unreachable': 'WhatsApp Cloud API cannot be reached',
  'connection.quality': 'Quality: {rating}',

  'inbox.heading': 'Conversations',
  'inbox.empty': 'No conversations yet. Messages from customers appear here as they arrive.',
  'inbox.emptyLive': 'Connect your WhatsApp account in Settings to receive messages.',
  'inbox.connect': 'Connect an account',
  'inbox.loadMore': 'Load more conversations',
  'inbox.unread': { one: '{count} unread message', other: '{count} unread messages' },
  'inbox.you': 'You: {text}',
  'inbox.unsupportedPreview': 'A message Parley cannot show yet',
  'inbox.noMessages': 'No messages yet',
  'inbox.yesterday': 'Yesterday',

  'thread.pick': 'Choose a conversation to read it.',
  'thread.loadOlder': 'Show older messages',
  'thread.today': 'Today',
  'thread.yesterday': 'Yesterday',
  'thread.unsupported': 'This {kind} message cannot be shown in Parley yet.',
  'thread.loadFailed': 'This conversation could not be loaded: {reason}',

  'window.open': 'Reply window: {time} left',
  'window.openTitle':
    'The customer service window is open: any message can be sent until {time}.',
  'window.closed': 'Reply window closed',
  'window.closedExplanation':
    'More than 24 hours have passed since {name} last wrote. WhatsApp now only delivers approved message templates to this customer; a free-form message would fail. Sending templates comes in a later version of Parley.',
  'window.neverOpened': 'Waiting for the customer',
  'window.neverOpenedExplanation':
    '{name} has not written to this number yet. WhatsApp only lets a business start a conversation with an approved message template.',

  'composer.label': 'Message',
  'composer.placeholder': 'Type a message',
  'composer.send': 'Send',
  'composer.hint': 'Enter to send · Shift+Enter for a new line',
  'composer.count': '{count} / 4096',

  'status.pending': 'Sending',
  'status.accepted': 'Sending',
  'status.sent': 'Sent',
  'status.delivered': 'Delivered',
  'status.read': 'Read',
  'status.played': 'Played',
  'status.failed': 'Not delivered',
  'status.deleted': 'Deleted',
  'status.unconfirmed': 'Not confirmed',

  'failure.network':
    'WhatsApp could not be reached, and retrying did not help. Check the internet connection and send it again.',
  'failure.outcomeUnknown':
    'The connection dropped while this message was being sent, so it may or may not have arrived. Parley did not send it again, to avoid a duplicate.',
  'failure.local': 'Parley could not send this message: {details}',
  'failure.metaOther': 'WhatsApp refused this message (error {code}: {title}).',

  'meta.131047':
    'More than 24 hours have passed since the customer last wrote, so WhatsApp did not deliver this message. Only an approved template can reach them now.',
  'meta.131026':
    'WhatsApp could not deliver this message: the number may not use WhatsApp, or its app is too old.',
  'meta.131049':
    "WhatsApp held back this marketing message to protect the customer's experience. Try again later.",
  'meta.131050': 'The customer has stopped marketing messages from you.',
  'meta.131056': 'Too many messages to this customer in a short time. Wait a little before sending again.',
  'meta.130429': 'Your number sent more messages per second than WhatsApp allows.',
  'meta.130472':
    'The customer is part of a WhatsApp marketing experiment, so this marketing message was not delivered.',
  'meta.131051': 'WhatsApp does not support this type of message.',
  'meta.131052': 'WhatsApp could not download the media of this message.',
  'meta.131053': 'WhatsApp could not upload the media: check its type and size.',
  'meta.132000': 'The number of template parameters does not match the template.',
  'meta.132001': 'That template does not exist, or is not approved in that language.',
  'meta.132005': 'The text is too long once the parameters are filled in.',
  'meta.132007': "The message breaks WhatsApp's content policies.",
  'meta.132012': 'A template parameter has the wrong format.',
  'meta.132015': 'The template is paused because of low quality.',
  'meta.132016': 'The template is disabled because of low quality.',
  'meta.132018':
    'A template parameter contains a new line, a tab or more than four spaces in a row.',
  'meta.190': 'The access token has expired or is not valid. Enter a new one in Settings.',
  'meta.4': 'Too many requests to WhatsApp in a short time.',
  'meta.80007': 'Your WhatsApp Business Account reached its request limit.',
  'meta.100': 'WhatsApp rejected a parameter of this message.',

  'errors.windowClosed':
    'The 24-hour window is closed: only a template can be sent to this customer now.',
  'errors.emptyMessage': 'Type a message first.',
  'errors.messageTooLong': 'The message is longer than the 4096 characters WhatsApp allows.',
  'errors.notFound': 'This conversation no longer exists.',
  'errors.invalidSettings': 'Please check the settings: {details}',
  'errors.keyring':
    'The system keyring is not available, so the secrets cannot be kept safely: {details}',
  'errors.notConnected': 'Connect a WhatsApp account in Settings first.',
  'errors.listenFailed': 'Parley could not listen for webhooks: {details}',
  'errors.storage': 'Parley could not read or write its database: {details}',
  'errors.internal': 'Something went wrong: {details}',

  'settings.title': 'Settings',
  'settings.close': 'Close',
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

  'notification.otherKind': 'Sent a message',
} as const satisfies Record<string, string | PluralForms>;

export interface PluralForms {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export type MessageKey = keyof typeof en;
