// English: the address book (contacts screen). `contacts.*` belongs to shared contact cards.

import type { Messages } from '../catalog';

export const addressBook = {
  'addressBook.open': 'Address book',
  'addressBook.title': 'Address book',
  'addressBook.close': 'Close the address book',
  'addressBook.filterLabel': 'Find in the address book',
  'addressBook.filterPlaceholder': 'Name, number or notes',
  'addressBook.groupLabel': 'Show',
  'addressBook.group.all': 'Everyone',
  'addressBook.group.saved': 'Saved by you',
  'addressBook.group.blocked': 'Blocked',
  'addressBook.group.optedIn': 'Agreed to marketing',
  'addressBook.group.optedOut': 'Stopped marketing',
  'addressBook.total': {
    zero: 'No contacts',
    one: '{count} contact',
    other: '{count} contacts',
  },
  'addressBook.loading': 'Loading contacts…',
  'addressBook.loadFailed': 'The address book could not be loaded: {reason}',
  'addressBook.empty': 'No contacts here yet.',
  'addressBook.noMatch': 'No contact matches “{text}”.',
  'addressBook.more': 'Show more contacts',
  'addressBook.blockedBadge': 'Blocked',
  'addressBook.pick': 'Choose a contact to see and edit their details.',

  'addressBook.add': 'Add a contact',
  'addressBook.addTitle': 'New contact',
  'addressBook.phone': 'Phone number, with country code',
  'addressBook.phonePlaceholder': '+972 50 123 4567',
  'addressBook.name': 'Name',
  'addressBook.namePlaceholder': 'The name you call them (optional)',
  'addressBook.notes': 'Notes',
  'addressBook.save': 'Save',
  'addressBook.cancel': 'Cancel',
  'addressBook.saved': 'Saved.',
  'addressBook.added': '{name} was added to the address book.',

  'addressBook.profileName': 'WhatsApp name: {name}',
  'addressBook.noProfileName': 'They have not shared a WhatsApp name.',
  'addressBook.savedAt': 'Saved on {time}',
  'addressBook.notSaved': 'Only known from their messages.',
  'addressBook.openConversation': 'Open conversation',
  'addressBook.noConversation': 'No conversation with them yet.',

  'addressBook.consentTitle': 'Marketing messages',
  'addressBook.consent.optedIn': 'Agreed to marketing messages',
  'addressBook.consent.optedOut': 'Stopped marketing messages',
  'addressBook.consent.unknown': 'No consent recorded: no marketing messages can be sent to them.',
  'addressBook.consentSince': 'Since {time}, source: {source}',
  'addressBook.consentSinceNoSource': 'Since {time}',
  'addressBook.consentSource': 'How did they tell you?',
  'addressBook.consentSourcePlaceholder': 'Website form, asked in the shop…',
  'addressBook.recordOptIn': 'Record consent',
  'addressBook.recordOptOut': 'Record opt-out',

  'addressBook.blockTitle': 'Blocking',
  'addressBook.blockExplanation':
    'Messages from a blocked contact are still kept, but they do not notify anyone and get no automatic replies.',
  'addressBook.blockedSince': 'Blocked since {time}.',
  'addressBook.block': 'Block',
  'addressBook.unblock': 'Unblock',

  'addressBook.import': 'Import CSV…',
  'addressBook.export': 'Export CSV…',
  'addressBook.importing': 'Importing…',
  'addressBook.importDone':
    'Import finished: {created} added, {updated} updated, {unchanged} unchanged, {skipped} skipped.',
  'addressBook.importProblems': 'Rows to check',
  'addressBook.problemRow': 'Row {row}',
  'addressBook.problemSkipped': 'not imported',
  'addressBook.problemPartly': 'imported, except for this',
  'addressBook.problemsNotListed': {
    one: 'and {count} more problem not listed',
    other: 'and {count} more problems not listed',
  },
  'addressBook.exported': {
    zero: 'The address book is empty: no contacts were exported.',
    one: '{count} contact was exported.',
    other: '{count} contacts were exported.',
  },
  'addressBook.dismiss': 'Dismiss',

  'addressBook.error.nameTooLong': 'The name has {count} characters; at most {max} are allowed.',
  'addressBook.error.nameOneLine': 'A name must fit on one line.',
  'addressBook.error.notesTooLong': 'The notes have {count} characters; at most {max} are allowed.',
  'addressBook.error.sourceMissing': 'Say how they told you (a form, a conversation, a CSV file…).',
  'addressBook.error.sourceTooLong': 'The source has {count} characters; at most {max} are allowed.',
  'addressBook.error.phoneEmpty': 'Type the phone number.',
  'addressBook.error.phoneCharacter':
    'A phone number has only digits, spaces, +, -, dots and parentheses, not “{character}”.',
  'addressBook.error.phoneNoCountryCode':
    'The number starts with 0: write it with its country code (+972 50…, +44 7…).',
  'addressBook.error.phoneTooShort':
    'The number has {count} digits; a full international number has at least {min}.',
  'addressBook.error.phoneTooLong': 'The number has {count} digits; international numbers have at most {max}.',
  'addressBook.error.duplicate': 'That number is already in the address book.',
  'addressBook.error.invalid': 'That was not accepted: {details}',
  'addressBook.error.failed': 'That did not work: {reason}',
} as const satisfies Messages;
