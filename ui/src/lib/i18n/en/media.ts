// English: photos, voice notes, documents and shared locations, and opening them.

import type { Messages } from '../catalog';

export const media = {
  'media.downloading': 'Downloading…',
  'media.failed': 'This file could not be downloaded: {error}',
  'media.retry': 'Retry',
  'media.voice': 'Voice message',
  'media.photo': 'Photo',
  'media.sticker': 'Sticker',
  'media.open': 'Open',
  'media.openTitle': 'Open {name} with its app',
  'media.unnamed': 'Unnamed file',

  'location.title': 'Shared location',
  'location.coordinates': '{latitude}, {longitude}',
  'location.open': 'Open map',
} as const satisfies Messages;
