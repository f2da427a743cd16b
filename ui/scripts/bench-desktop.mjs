// Desktop figures for `parley-bench`: how long a cold start of the release binary takes to
// the first painted inbox (on the large generated store), and the idle memory of its process
// tree (the app, WebKitWebProcess, WebKitNetworkProcess) 10 s after, RSS and PSS; each beside
// the same figures for a minimal Tauri window built in the same run (the baseline).
// Needs a display and a session bus: `scripts/bench-desktop` runs it under xvfb-run and
// dbus-run-session. Writes a JSON list of sections (the `--extra` format of parley-bench) to
// the `--out` file: stdout is shared with the session's daemons, which print there too.
//
//   node ui/scripts/bench-desktop.mjs --app BIN --data-dir DIR --baseline BIN --out FILE [--runs N] [--idle-seconds S]

import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const app = option('app');
const dataDir = option('data-dir');
const baseline = option('baseline');
const runs = Number(option('runs', '5'));
const idleSeconds = Number(option('idle-seconds', '10'));
const setup = option('setup', '');
const out = option('out');
if (!app || !dataDir || !baseline || !out) {
  console.error('usage: bench-desktop.mjs --app BIN --data-dir DIR --baseline BIN --out FILE [--runs N] [--idle-seconds S]');
  process.exit(2);
}

const PAINTED = 'parley-startup: painted';
const START_TIMEOUT_MS = 60_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/// Starts `bin` and resolves with the child and the milliseconds until it printed PAINTED.
function startUntilPainted(bin, binArgs) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, binArgs, {
      env: { ...process.env, PARLEY_STARTUP_PROBE: '1', RUST_LOG: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${bin} did not paint within ${START_TIMEOUT_MS} ms:\n${errors.slice(-2000)}`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes(PAINTED)) {
        clearTimeout(timer);
        resolve({ child, ms: performance.now() - started });
      }
    });
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${bin} exited (${code}) before painting:\n${errors.slice(-2000)}`));
    });
  });
}

/// The process and every descendant (WebKit's web and network processes).
function processTree(root) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces: fields start after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // Gone since the listing.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  }
  return tree;
}

/// RSS and PSS of one process in KiB, with its name.
function memoryOf(pid) {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
  const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  return { name, rss: field('Rss'), pss: field('Pss') };
}

async function stop(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
  // WebKit's helpers leave with their parent; give them a moment.
  await sleep(500);
}

async function measure(label, bin, binArgs) {
  const starts = [];
  let memory = null;
  for (let run = 0; run < runs; run++) {
    const { child, ms } = await startUntilPainted(bin, binArgs);
    starts.push(ms);
    if (run === runs - 1) {
      await sleep(idleSeconds * 1000);
      const processes = processTree(child.pid).flatMap((pid) => {
        try {
          return [memoryOf(pid)];
        } catch {
          return [];
        }
      });
      memory = {
        rss: processes.reduce((sum, p) => sum + p.rss, 0) / 1024,
        pss: processes.reduce((sum, p) => sum + p.pss, 0) / 1024,
        processes: processes.map((p) => `${p.name} ${(p.pss / 1024).toFixed(1)}`).join(', '),
      };
    }
    await stop(child);
  }
  starts.sort((a, b) => a - b);
  console.error(`${label}: starts ${starts.map((s) => s.toFixed(0)).join(', ')} ms; idle PSS ${memory.pss.toFixed(1)} MiB (${memory.processes})`);
  return { first: starts[0], median: starts[Math.floor(starts.length / 2)], worst: starts.at(-1), memory };
}

const round = (value) => Math.round(value * 10) / 10;
const minimal = await measure('minimal window', baseline, []);
const parley = await measure('Parley', app, ['--data-dir', dataDir]);

const section = {
  title: 'Desktop',
  setup: `Release builds under Xvfb: Parley opening ${setup || 'the generated store'} (live mode, no account), and a minimal Tauri window built in the same run; ${runs} starts each (a new process every time), memory of the process tree ${idleSeconds} s after the first paint. Parley: ${parley.memory.processes}. Minimal: ${minimal.memory.processes} (PSS MiB).`,
  figures: [
    { name: 'first inbox paint, median', value: round(parley.median), unit: 'ms', target: { at_most: 500 } },
    { name: 'first inbox paint, worst', value: round(parley.worst), unit: 'ms', target: null },
    { name: 'minimal window first paint, median', value: round(minimal.median), unit: 'ms', target: null },
    { name: 'idle RSS, Parley', value: round(parley.memory.rss), unit: 'MiB', target: null },
    { name: 'idle RSS, minimal window', value: round(minimal.memory.rss), unit: 'MiB', target: null },
    { name: 'idle PSS, Parley', value: round(parley.memory.pss), unit: 'MiB', target: null },
    { name: 'idle PSS, minimal window', value: round(minimal.memory.pss), unit: 'MiB', target: null },
    { name: 'idle PSS, Parley / minimal', value: Math.round((parley.memory.pss / minimal.memory.pss) * 100) / 100, unit: 'x', target: { at_most: 1.25 } },
  ],
};
writeFileSync(out, `${JSON.stringify([section])}\n`);
