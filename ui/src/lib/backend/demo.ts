// A mock backend with a few customers, every kind of message and some account activity,
// for working on the UI in a browser without the desktop shell (`npm run dev`).

import type { DeliveryStatus } from '../ipc/bindings';
import { MockBackend } from './mock';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

function svgUrl(label: string, color: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="220"><rect width="320" height="220" fill="${color}"/><text x="160" y="118" font-family="sans-serif" font-size="26" fill="#fff" text-anchor="middle">${label}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/// A WAV file with no samples: enough for the audio player to show.
const SILENCE = 'data:audio/wav;base64,UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=';

export function demoBackend(): MockBackend {
  const backend = new MockBackend();
  // The same team and labels as the desktop demo (src-tauri/src/demo.rs), the owner at the desk.
  backend.agentList = [{ id: 1, name: 'Noam', role: 'owner', hasSecret: false }];
  const maya = backend.seedAgent('Maya', 'manager');
  backend.seedAgent('Avi', 'agent');
  const [newCustomer, newOrder, paid, vip] = ([
    ['New customer', 'sky'],
    ['New order', 'amber'],
    ['Paid', 'green'],
    ['VIP', 'purple'],
  ] as const).map(([name, color]) => backend.seedLabel(name, color));
  const now = Date.now();

  backend.files.set('/home/demo/Pictures/sneakers.jpg', { size: 182_044, mimeType: 'image/jpeg', url: svgUrl('sneakers.jpg', '#00796b') });
  backend.files.set('/home/demo/Documents/price-list.pdf', { size: 245_760, mimeType: 'application/pdf' });
  backend.files.set('/data/media/in/photo-1.jpg', { size: 96_512, mimeType: 'image/jpeg', url: svgUrl('Blue sneakers, size 38', '#1565c0') });
  backend.files.set('/data/media/in/voice-1.ogg', { size: 14_336, mimeType: 'audio/ogg', url: SILENCE });
  backend.files.set('/data/media/in/invoice.pdf', { size: 61_440, mimeType: 'application/pdf' });

  const sam = backend.customerWrites('447700900123', 'Sam Carter', 'Thanks for the quick delivery!', now - 27 * HOUR);
  backend.updateContact(sam.conversationId, { marketingOptOut: true });

  const noa = backend.customerWrites('972541112233', 'נועה כהן', 'היי, ההזמנה שלי הגיעה? 📦', now - 23 * HOUR - 20 * MINUTE);
  const voice = backend.customerSends('972541112233', 'נועה כהן', {
    type: 'media',
    media: { kind: 'voice', id: 'm1', mimeType: 'audio/ogg', sha256: null, size: 14_336, filename: null, caption: null, animated: false },
  }, {}, now - 23 * HOUR);
  backend.setMedia(voice.id, { state: 'failed', error: 'Meta answered 404 for the media URL (it may have expired)' });
  backend.customerReacts(noa.id, '🙏');

  const order = backend.customerSends('37256781234', 'Erik Tamm', {
    type: 'order',
    order: {
      catalogId: 'cat-1',
      text: 'Palun saatke kiiresti 🙂',
      items: [
        { productRetailerId: 'SNK-BLUE-38', quantity: 1, itemPrice: 89.9, currency: 'EUR' },
        { productRetailerId: 'SOCKS-3PK', quantity: 2, itemPrice: 9.5, currency: 'EUR' },
      ],
    },
  }, {}, now - 5 * HOUR);
  backend.customerSends('37256781234', 'Erik Tamm', {
    type: 'location',
    location: { latitude: 59.43696, longitude: 24.75353, name: 'Viru Keskus', address: 'Viru väljak 4, Tallinn', url: null },
  }, {}, now - 5 * HOUR + MINUTE);

  const first = backend.customerWrites('972501234567', 'Dana Levi', 'Hi! Do you still have the blue sneakers in size 38?', now - 40 * MINUTE);
  backend.updateMessage(first.id, (m) => ({
    ...m,
    referral: {
      sourceUrl: 'https://fb.me/demo-ad',
      sourceType: 'ad',
      sourceId: '120210000000',
      headline: 'Summer sneakers, 20% off',
      body: 'Free delivery this week only',
      mediaType: 'image',
      imageUrl: null,
      videoUrl: null,
      ctwaClid: null,
    },
  }));
  const photo = backend.customerSends('972501234567', 'Dana Levi', {
    type: 'media',
    media: { kind: 'image', id: 'm2', mimeType: 'image/jpeg', sha256: null, size: 96_512, filename: null, caption: 'These ones 👆', animated: false },
  }, { context: { quotedWamid: null, forwarded: true, frequentlyForwarded: false, referredProductId: null } }, now - 38 * MINUTE);
  backend.setMedia(photo.id, { state: 'ready', path: '/data/media/in/photo-1.jpg', mimeType: 'image/jpeg', size: 96_512 });
  const edited = backend.customerWrites('972501234567', 'Dana Levi', 'Size 39 would work too', now - 35 * MINUTE);
  backend.customerEdits(edited.id, 'Size 38 or 39 would work too', now - 34 * MINUTE);

  // Triage: labels, assignees, a status and a private note, so each view has something.
  backend.seedConversationLabels(edited.conversationId, [newCustomer!.id]);
  backend.seedConversationLabels(noa.conversationId, [vip!.id, paid!.id]);
  void backend.assignConversation(noa.conversationId, maya.id);
  backend.seedConversationLabels(order.conversationId, [newOrder!.id]);
  void backend.assignConversation(order.conversationId, 1);
  void backend.setConversationStatus(sam.conversationId, 'pending');
  backend.businessSent(sam.conversationId, { type: 'text', body: 'Thanks for writing! We are closed now and will answer first thing in the morning.' }, {
    sentBy: { by: 'automation', automation: 'away' },
  }, now - 27 * HOUR + MINUTE);
  backend.seedNote(edited.conversationId, maya.id, 'Size 38 is back in stock on Thursday — offer to reserve a pair.', now - 33 * MINUTE);

  backend.emitNotice({ kind: 'templateStatus', templateId: '1192339204654487', name: 'hello_world', language: 'en_US', status: 'APPROVED', reason: null, recommendation: null }, now - 3 * HOUR);
  backend.emitNotice({
    kind: 'templateStatus',
    templateId: '771122334455667',
    name: 'summer_sale',
    language: 'en_US',
    status: 'REJECTED',
    reason: 'INVALID_FORMAT',
    recommendation: 'Add an example for every variable.',
  }, now - 2 * HOUR);
  backend.emitNotice({ kind: 'numberQuality', event: 'UPGRADE', currentLimit: 'TIER_10K' }, now - HOUR);
  backend.emitNotice({ kind: 'marketingPreference', waId: '447700900123', optedOut: true, detail: null }, now - 30 * MINUTE);
  backend.templateList = [
    { id: '1192339204654487', name: 'hello_world', language: 'en_US', status: 'APPROVED', category: 'UTILITY', quality: 'GREEN', rejectionReason: null, updatedAt: now - 3 * HOUR },
    { id: '920070352646140', name: 'order_ready', language: 'he', status: 'APPROVED', category: 'UTILITY', quality: 'GREEN', rejectionReason: null, updatedAt: now - 3 * HOUR },
    { id: '771122334455667', name: 'summer_sale', language: 'en_US', status: 'REJECTED', category: 'MARKETING', quality: null, rejectionReason: 'INVALID_FORMAT', updatedAt: now - 2 * HOUR },
  ];
  // The template studio's list (the engine's richer summaries).
  backend.seedTemplate({ name: 'hello_world', language: 'en_US', category: 'UTILITY', components: [{ type: 'HEADER', format: 'TEXT', text: 'Hello World' }, { type: 'BODY', text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API.' }, { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' }] });
  backend.seedTemplate({ name: 'order_ready', language: 'he', category: 'UTILITY', components: [{ type: 'BODY', text: 'שלום {{1}}, ההזמנה שלך *מוכנה* לאיסוף.', example: { body_text: [['דנה']] } }] });
  backend.seedTemplate({ name: 'summer_sale', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hi {{1}}! Our summer sale starts today: _{{2}} off_ everything.', example: { body_text: [['Ana', '20%']] } }] }, 'REJECTED', { rejectionReason: 'INVALID_FORMAT', recommendation: 'Add an example for every variable.' });
  backend.syncs = [
    { name: 'templates', lastAttemptAt: now - 3 * MINUTE, lastSuccessAt: now - 3 * MINUTE, lastError: null },
    { name: 'numberHealth', lastAttemptAt: now - MINUTE, lastSuccessAt: now - MINUTE, lastError: null },
    { name: 'statusAudit', lastAttemptAt: now - 2 * MINUTE, lastSuccessAt: now - 42 * MINUTE, lastError: 'HTTP 503 from graph.facebook.com' },
  ];

  // The quick replies src-tauri/src/demo.rs furnishes.
  backend.seedQuickReply('hours', "Hi {{contact.first_name|there}}! We're open Sunday to Thursday 9:00–19:00 and Friday 9:00–14:00.", ['opening hours', 'open']);
  backend.seedQuickReply('thanks', 'Thank you for shopping at {{business.name|our shop}}, {{contact.first_name|friend}}! — {{agent.name}}', ['thank you']);
  backend.seedQuickReply('shipping', "Orders leave within 1 business day; delivery takes 2–4 days. You'll get a tracking link by WhatsApp.", ['delivery', 'tracking']);
  backend.importFiles.push('shortcut,text,keywords\nsize,"Our sizes run small, so take one size up.",size;fit\nopening hours,Ask me,\n');

  // The file chooser offers the demo's two files in turn.
  const choices = ['/home/demo/Pictures/sneakers.jpg', '/home/demo/Documents/price-list.pdf'];
  let chosen = 0;
  backend.chooseFile = async () => choices[chosen++ % choices.length] ?? null;

  // A retried download succeeds a moment later.
  const retry = backend.retryMedia.bind(backend);
  backend.retryMedia = async (id) => {
    await retry(id);
    setTimeout(() => backend.setMedia(id, { state: 'ready', path: '/data/media/in/voice-1.ogg', mimeType: 'audio/ogg', size: 14_336 }), 1_200);
  };

  // Replies progress as WhatsApp would report them.
  const send = backend.sendMessage.bind(backend);
  backend.sendMessage = async (id, outgoing, replyTo) => {
    const message = await send(id, outgoing, replyTo);
    if (outgoing.type === 'reaction') return message;
    const steps: DeliveryStatus[] = ['accepted', 'sent', 'delivered', 'read'];
    steps.forEach((status, i) => setTimeout(() => backend.setStatus(message.id, status), 400 * (i + 1)));
    return message;
  };
  return backend;
}
