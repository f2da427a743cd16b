// End-to-end test of the real desktop binary (built with tauri's custom-protocol, as a
// release is): tauri-driver + WebKitWebDriver start it in demo mode with a fresh data
// directory; a simulated customer's message must appear, the test opens it, replies,
// waits for the reply to be delivered (or read) by the simulated customer, and then for
// the photo and voice note she sends next to load in the webview. Then the team inbox:
// the `/` picker inserts an expanded quick reply, a label is applied and the list
// filtered by it, and an away message set in the UI reaches a new simulated customer
// (checked through the simulator's control API, on the fixed PARLEY_SIM_LISTEN address).
// Last, the template studio: a template with a dangling parameter shows the lint, the fix
// clears it and updates the preview, the simulator's review approves it, and it goes to
// Sam, whose 24-hour window is closed.
//
// Run by scripts/test as:
//   PARLEY_APP=path/to/parley-desktop xvfb-run -a dbus-run-session -- node ui/e2e/desktop.e2e.mjs

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { remote } from 'webdriverio';

const APP = process.env.PARLEY_APP;
if (!APP) {
  console.error('Set PARLEY_APP to the desktop binary.');
  process.exit(2);
}
const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444);
const DANA = '972501234567';
const REPLY = 'Yes, size 38 is in stock. See you tomorrow!';

// WebKitWebDriver's "visible text" is empty inside some elements (buttons); the DOM's
// textContent is what the user reads here.
const textOf = (element) => element.getProperty('textContent');

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.end();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`tauri-driver did not listen on ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/// Waits for an element matching `selector` whose text contains `text`.
async function elementWithText(browser, selector, text, timeout = 10_000) {
  let found;
  await browser.waitUntil(
    async () => {
      for (const element of await browser.$$(selector)) {
        if ((await textOf(element)).includes(text)) {
          found = element;
          return true;
        }
      }
      return false;
    },
    { timeout, interval: 100, timeoutMsg: `no ${selector} reads ${JSON.stringify(text)}` },
  );
  return found;
}

/// A loopback port nobody listens on now, for the demo's simulator.
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function step(text) {
  console.log(`e2e: ${text}`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
const SIM = `127.0.0.1:${await freePort()}`;
const NOA = '972509998877';
const AWAY = "We're closed right now, back tomorrow at 9:00.";
const SAM = '447700900123';
const TEMPLATE = 'order_pickup';
// CI machines have no sound device, and a WebKit player whose audio sink cannot open
// never reports a duration. GStreamer's fake audio sink (gst-plugins-bad) stands in for
// the speakers; the app inherits this from tauri-driver.
const driver = spawn('tauri-driver', ['--port', String(PORT)], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { GST_PLUGIN_FEATURE_RANK: 'fakeaudiosink:MAX', ...process.env, PARLEY_SIM_LISTEN: SIM },
});
let browser;
let failed = false;
try {
  await waitForPort(PORT, 20_000);
  browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'warn',
    // tauri-driver answers before its WebKitWebDriver listens: on a loaded machine the
    // first session request can find nobody there (and starts no app), so it is retried.
    connectionRetryCount: 3,
    capabilities: {
      browserName: 'wry',
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: APP, args: ['--demo', '--data-dir', dataDir] },
    },
  });

  step('the app starts in demo mode');
  await (await browser.$('[data-testid="demo-badge"]')).waitForExist({ timeout: 30_000 });

  step('a simulated customer message appears in the list');
  const row = await browser.$(`[data-testid="conversation-row"][data-wa-id="${DANA}"]`);
  await row.waitForExist({ timeout: 30_000 });
  const name = await textOf(await row.$('[data-testid="conversation-name"]'));
  if (!name.includes('Dana Levi')) throw new Error(`unexpected contact name ${JSON.stringify(name)}`);

  step('open it');
  await row.click();
  await (await browser.$('[data-testid="thread-name"]')).waitForExist({ timeout: 10_000 });
  const inbound = await browser.$('[data-testid="message"][data-direction="inbound"]');
  await inbound.waitForExist({ timeout: 10_000 });

  step('reply');
  const input = await browser.$('[data-testid="composer-input"]');
  await input.waitForEnabled({ timeout: 10_000 });
  await input.setValue(REPLY);
  await (await browser.$('[data-testid="composer-send"]')).click();

  const reply = await browser.$('[data-testid="message"][data-direction="outbound"]');
  await reply.waitForExist({ timeout: 10_000 });
  const text = await textOf(reply);
  if (!text.includes(REPLY)) throw new Error(`reply bubble shows ${JSON.stringify(text)}`);

  step('the reply reaches delivered or read');
  let status = null;
  await browser.waitUntil(
    async () => {
      status = await reply.getAttribute('data-status');
      return status === 'delivered' || status === 'read';
    },
    { timeout: 30_000, interval: 200, timeoutMsg: 'the reply never reached delivered or read' },
  );
  step(`reply status: ${status}`);

  // The demo customer sends a photo and a voice note after her text: both must come
  // through the real media path (simulator → download → asset protocol → WebKit).
  step("Dana's photo is shown");
  const image = await browser.$('[data-testid="media-image"]');
  await image.waitForExist({ timeout: 30_000 });
  await browser.waitUntil(async () => (await image.getProperty('naturalWidth')) > 0, {
    timeout: 20_000,
    interval: 200,
    timeoutMsg: 'the photo never loaded',
  });

  step('her voice note loads, with its length');
  const voice = await browser.$('[data-testid="media-audio"]');
  await voice.waitForExist({ timeout: 30_000 });
  let duration = 0;
  await browser.waitUntil(
    async () => {
      duration = await voice.getProperty('duration');
      return Number.isFinite(duration) && duration > 0;
    },
    { timeout: 20_000, interval: 200, timeoutMsg: 'the voice note never loaded its metadata' },
  );
  step(`voice note: ${duration.toFixed(1)} s`);

  await quickReplyFromThePicker(browser);
  await labelAndFilter(browser);
  await awayMessageReachesACustomer(browser);
  await templateFromLintToAClosedWindow(browser);
  if (process.env.PARLEY_E2E_SCREENSHOT) {
    await browser.saveScreenshot(process.env.PARLEY_E2E_SCREENSHOT);
    step(`screenshot at ${process.env.PARLEY_E2E_SCREENSHOT}`);
  }
  step('passed');
} catch (error) {
  failed = true;
  console.error(`e2e: FAILED: ${error?.stack ?? error}`);
  if (browser) {
    const shot = join(tmpdir(), `parley-e2e-failure-${Date.now()}.png`);
    await browser.saveScreenshot(shot).then(
      () => console.error(`e2e: screenshot at ${shot}`),
      () => {},
    );
  }
} finally {
  if (browser) await browser.deleteSession().catch(() => {});
  driver.kill();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

async function quickReplyFromThePicker(browser) {
  step('typing /tha opens the quick reply picker');
  const input = await browser.$('[data-testid="composer-input"]');
  await input.click();
  await input.clearValue();
  await input.addValue('/tha');
  const option = await browser.$('[data-testid="quick-reply-option"][data-shortcut="thanks"]');
  await option.waitForExist({ timeout: 10_000 });
  step('Enter inserts it, expanded for Dana and the agent at the desk');
  await browser.keys('Enter');
  let value = '';
  await browser.waitUntil(
    async () => {
      value = await input.getProperty('value');
      return value.startsWith('Thank you for shopping at');
    },
    { timeout: 10_000, interval: 100, timeoutMsg: 'the quick reply was not inserted' },
  );
  if (!value.includes('Dana! — Noam') || value.includes('/tha')) {
    throw new Error(`expanded quick reply reads ${JSON.stringify(value)}`);
  }
  step(`composer: ${value}`);
  await (await browser.$('[data-testid="composer-send"]')).click();
  await elementWithText(browser, '[data-testid="message"][data-direction="outbound"]', 'shopping at');
}

async function labelAndFilter(browser) {
  step('label the conversation VIP from the thread header');
  await (await browser.$('[data-testid="thread-labels"]')).click();
  const vip = await elementWithText(browser, '[data-testid="label-option"]', 'VIP');
  await vip.click();
  await browser.keys('Escape');
  const row = await browser.$(`[data-testid="conversation-row"][data-wa-id="${DANA}"]`);
  await browser.waitUntil(
    async () => (await textOf(row)).includes('VIP'),
    { timeout: 10_000, interval: 100, timeoutMsg: "Dana's row never showed the VIP label" },
  );

  step('filter the list by VIP: only Dana is left');
  const waIds = async () => {
    const ids = [];
    for (const row of await browser.$$('[data-testid="conversation-row"]')) ids.push(await row.getAttribute('data-wa-id'));
    return ids;
  };
  // The demo's customers keep writing, so the list may grow meanwhile; it must not shrink.
  const before = await waIds();
  const chip = await elementWithText(browser, '[data-testid="label-filter-chip"]', 'VIP');
  await chip.click();
  await browser.waitUntil(
    async () => {
      const rows = await browser.$$('[data-testid="conversation-row"]');
      if (rows.length !== 1) return false;
      return (await rows[0].getAttribute('data-wa-id')) === DANA;
    },
    { timeout: 10_000, interval: 100, timeoutMsg: `the VIP filter did not leave Dana alone (of ${before.length})` },
  );
  await chip.click();
  await browser.waitUntil(
    async () => {
      const now = await waIds();
      return before.every((id) => now.includes(id));
    },
    { timeout: 10_000, interval: 100, timeoutMsg: 'clearing the filter did not bring the list back' },
  );
}

async function awayMessageReachesACustomer(browser) {
  step('turn the away message on, always');
  await (await browser.$('[data-testid="open-auto-replies"]')).click();
  const enabled = await browser.$('[data-testid="away-enabled"]');
  await enabled.waitForExist({ timeout: 10_000 });
  if (!(await enabled.isSelected())) await enabled.click();
  const text = await browser.$('[data-testid="away-text"]');
  await text.clearValue();
  await text.addValue(AWAY);
  await (await browser.$('[data-testid="away-schedule-always"]')).click();
  await (await browser.$('[data-testid="auto-replies-save"]')).click();
  await (await browser.$('[data-testid="auto-replies-saved"]')).waitForExist({ timeout: 10_000 });
  await browser.keys('Escape');

  step('a new customer writes, through the simulator');
  const response = await fetch(`http://${SIM}/_sim/customers/${NOA}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'Hello, are you open?', name: 'Noa Katz' }),
  });
  if (!response.ok) throw new Error(`the simulator refused the customer message: ${response.status}`);

  step('the away message reaches her');
  let received = [];
  await browser.waitUntil(
    async () => {
      const answer = await fetch(`http://${SIM}/_sim/customers/${NOA}/received`);
      received = (await answer.json()).messages;
      return received.some((m) => m.text?.body === AWAY);
    },
    { timeout: 30_000, interval: 250, timeoutMsg: 'the away message never reached the simulated customer' },
  );
  if (received.length !== 1) throw new Error(`she got ${received.length} messages, not one away message`);

  step('her thread shows it, marked automatic, and delivered');
  const row = await browser.$(`[data-testid="conversation-row"][data-wa-id="${NOA}"]`);
  await row.waitForExist({ timeout: 10_000 });
  await row.click();
  const away = await elementWithText(browser, '[data-testid="message"][data-direction="outbound"]', AWAY);
  const by = await textOf(await away.$('[data-testid="sent-by"]'));
  if (!/automatic/i.test(by)) throw new Error(`the away message is marked ${JSON.stringify(by)}`);
  await browser.waitUntil(
    async () => ['delivered', 'read'].includes(await away.getAttribute('data-status')),
    { timeout: 30_000, interval: 200, timeoutMsg: 'the away message never reached delivered' },
  );
}

/// Types into a field the way a person does: replaces what is there, key by key.
async function retype(element, text) {
  await element.click();
  await element.clearValue();
  await element.addValue(text);
}

async function templateFromLintToAClosedWindow(browser) {
  step('a new template ends with a parameter: the lint says so');
  await (await browser.$('[data-testid="open-templates"]')).click();
  await (await browser.$('[data-testid="template-new"]')).click();
  await retype(await browser.$('[data-testid="template-name"]'), TEMPLATE);
  const body = await browser.$('[data-testid="template-body"]');
  await retype(body, 'Hi {{1}}, your order is ready: {{2}}');
  await browser.waitUntil(
    async () => (await browser.$$('[data-testid="template-param-example"]')).length === 2,
    { timeout: 10_000, interval: 100, timeoutMsg: 'no example fields for {{1}} and {{2}}' },
  );
  for (const [param, example] of [['1', 'Sam'], ['2', '#1042']]) {
    await retype(await browser.$(`[data-testid="template-param-example"][data-param="${param}"]`), example);
  }
  await (await browser.$('[data-testid="template-diagnostic"][data-rule="body.ends_with_parameter"]')).waitForExist({
    timeout: 10_000,
  });
  if (await (await browser.$('[data-testid="template-submit"]')).isEnabled()) {
    throw new Error('submit is enabled although the lint found an error');
  }

  step('fixing it clears the error and the preview follows');
  await retype(body, 'Hi {{1}}, your order {{2}} is ready for pickup at our shop today.');
  // Warnings may stay (they do not block submitting); no error may.
  await browser.waitUntil(
    async () => (await browser.$$('[data-testid="template-diagnostic"][data-severity="error"]')).length === 0,
    { timeout: 10_000, interval: 100, timeoutMsg: 'errors were left after the fix' },
  );
  await elementWithText(browser, '[data-testid="template-preview-body"]', 'Hi Sam, your order #1042 is ready for pickup');

  step('submit: the simulated review approves it');
  const submit = await browser.$('[data-testid="template-submit"]');
  await browser.waitUntil(() => submit.isEnabled(), { timeout: 10_000, interval: 100, timeoutMsg: 'submit stayed disabled' });
  await submit.click();
  await (await browser.$('[data-testid="templates-tab-manage"]')).click();
  const row = await browser.$(`[data-testid="template-row"][data-name="${TEMPLATE}"]`);
  await row.waitForExist({ timeout: 10_000 });
  let status = null;
  await browser.waitUntil(
    async () => {
      status = await (await row.$('[data-testid="template-status"]')).getAttribute('data-status');
      return status === 'APPROVED';
    },
    { timeout: 30_000, interval: 250, timeoutMsg: `the template stayed ${status}` },
  );
  await browser.keys('Escape');

  step("Sam's window is closed: the template goes to him anyway");
  const sam = await browser.$(`[data-testid="conversation-row"][data-wa-id="${SAM}"]`);
  await sam.click();
  await (await browser.$('[data-testid="composer-template"]')).click();
  const option = await browser.$(`[data-testid="template-picker-option"][data-name="${TEMPLATE}"]`);
  await option.waitForExist({ timeout: 10_000 });
  await option.click();
  for (const [param, value] of [['1', 'Sam'], ['2', '#1042']]) {
    await retype(await browser.$(`[data-testid="template-send-param"][data-param="${param}"]`), value);
  }
  await (await browser.$('[data-testid="template-send"]')).click();
  const sent = await elementWithText(
    browser,
    '[data-testid="message"][data-direction="outbound"]',
    'Hi Sam, your order #1042 is ready for pickup',
    15_000,
  );
  await browser.waitUntil(
    async () => ['delivered', 'read'].includes(await sent.getAttribute('data-status')),
    { timeout: 30_000, interval: 200, timeoutMsg: 'the template never reached delivered' },
  );
  const received = await (await fetch(`http://${SIM}/_sim/customers/${SAM}/received`)).json();
  if (!received.messages.some((m) => m.type === 'template' && m.template?.name === TEMPLATE)) {
    throw new Error('the simulator never received the template for Sam');
  }
}
