// English: how each kind of message shows in the thread: its kind, badges and actions,
// and the content of shared contacts, buttons, replies, orders, system notices and ad referrals.

import type { Messages } from '../catalog';

export const messages = {
  'kind.text': 'Message',
  'kind.image': 'Photo',
  'kind.video': 'Video',
  'kind.audio': 'Audio',
  'kind.voice': 'Voice message',
  'kind.document': 'Document',
  'kind.sticker': 'Sticker',
  'kind.location': 'Location',
  'kind.contacts': 'Contact',
  'kind.interactive': 'Buttons',
  'kind.button': 'Button reply',
  'kind.order': 'Order',
  'kind.template': 'Template',
  'kind.system': 'WhatsApp notice',
  'kind.reaction': 'Reaction',

  'message.you': 'You',
  'message.forwarded': 'Forwarded',
  'message.forwardedMany': 'Forwarded many times',
  'message.edited': 'Edited',
  'message.editedTitle': 'Edited on {time}',
  'message.deleted': 'This message was deleted',
  'message.quotedFrom': 'Reply to {name}',
  'message.showQuoted': 'Show the quoted message',
  'message.aboutProduct': 'About product {id}',
  'message.reactions': 'Reactions',
  'message.reactedCustomer': '{name} reacted with {emoji}',
  'message.reactedYou': 'You reacted with {emoji}',

  'actions.label': 'Message actions',
  'actions.reply': 'Reply',
  'actions.react': 'React',
  'actions.reactWith': 'React with {emoji}',
  'actions.removeReaction': 'Remove your reaction',
  'actions.sendAgain': 'Send again',
  'actions.sendAgainTitle': 'Send this message again, as a new message',

  'contacts.title': { one: 'Shared contact', other: '{count} shared contacts' },
  'contacts.phone': 'Phone',
  'contacts.onWhatsApp': 'on WhatsApp',
  'contacts.email': 'Email',
  'contacts.web': 'Web',

  'interactive.listButton': 'List: {button}',
  'interactive.showRows': 'Show the choices',

  'reply.button': 'Tapped a button',
  'reply.list': 'Chose from a list',
  'reply.flow': 'Sent a form',
  'reply.template': 'Tapped a template button',
  'reply.choice': '↩ {title}',
  'reply.answers': 'Answers',

  'order.title': { one: 'Order · {count} item', other: 'Order · {count} items' },
  'order.product': 'Product {id}',
  'order.line': '{quantity} × {price}',
  'order.noPrice': '{quantity} × (no price)',
  'order.total': 'Total: {amount}',

  'system.newNumber': 'New number: +{waId}',

  'referral.fromAd': 'From an ad',
  'referral.fromPost': 'From a post',
  'referral.open': 'Open ad',
} as const satisfies Messages;
