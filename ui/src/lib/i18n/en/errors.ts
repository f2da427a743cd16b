// English: why something failed, in plain words: send failures, Cloud API error codes and
// the shell’s command errors.

import type { Messages } from '../catalog';

export const errors = {
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
  'meta.131050':
    'This customer turned off marketing messages from your business in WhatsApp, so this marketing template was not delivered. Parley now marks them as opted out; utility templates and replies still reach them.',
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
  'errors.invalidMessage': 'WhatsApp would not accept this: {details}',
  'errors.fileUnreadable': 'The file could not be read: {details}',
  'errors.cloudApi': 'WhatsApp refused the request: {details}',
  'errors.notFound': 'This is no longer available: {details}',
  'errors.invalidSettings': 'Please check the settings: {details}',
  'errors.keyring':
    'The system keyring is not available, so the secrets cannot be kept safely: {details}',
  'errors.notConnected': 'Connect a WhatsApp account in Settings first.',
  'errors.appIdMissing':
    'Uploading an example needs your Meta app’s ID: enter it in Settings → Account (Meta App Dashboard → App settings → Basic → App ID).',
  'errors.locked': 'Choose who is at the desk first.',
  'errors.forbidden': 'Your role does not allow this: {details}',
  'errors.wrongSecret': 'That PIN or password is not right.',
  'errors.duplicate': 'That is already taken: {details}',
  'errors.invalidContact': 'Please check the contact: {details}',
  'errors.listenFailed': 'Parley could not listen for webhooks: {details}',
  'errors.storage': 'Parley could not read or write its database: {details}',
  'errors.internal': 'Something went wrong: {details}',
} as const satisfies Messages;
