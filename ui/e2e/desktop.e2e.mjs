// End-to-end test of the real desktop binary (built with tauri's custom-protocol, as a
// release is): tauri-driver + WebKitWebDriver start it in demo mode with a fresh data
// directory; a simulated customer's message must appear, the test opens it, replies,
// waits for the reply to be delivered (or read) by the simulated customer, and then for
// the photo and voice note she sends next to load in the webview.
//
// Run by scripts/test as:
//   PARLEY_APP=path/to/parley-desktop xvfb-run -a dbus-run-session -- node ui/e2e/desktop.e2e.mjs

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
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

function step(text) {
  console.log(`e2e: ${text}`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
// CI machines have no sound device, and a WebKit player whose audio sink cannot open
// never reports a duration. GStreamer's fake audio sink (gst-plugins-bad) stands in for
// the speakers; the app inherits this from tauri-driver.
const driver = spawn('tauri-driver', ['--port', String(PORT)], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { GST_PLUGIN_FEATURE_RANK: 'fakeaudiosink:MAX', ...process.env },
});
let browser;
let failed = false;
try {
  await waitForPort(PORT, 20_000);
  browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'warn',
    connectionRetryCount: 0,
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
