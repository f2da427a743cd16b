// Desktop figures for `parley-bench`: how long a cold start of the release binary takes to
// the first painted inbox (on the large generated store), and the idle memory of its process
// tree (the app, WebKitWebProcess, WebKitNetworkProcess) 10 s after, RSS and PSS; each beside
// the same figures for a minimal Tauri window built in the same run (the baseline).
// Needs a display and a session bus: `scripts/bench-desktop` runs it under xvfb-run and
// dbus-run-session. Writes a JSON list of sections (the `--extra` format of parley-bench) to
// the `--out` file: stdout is shared with the session's daemons, which print there too.
//
//   node ui/scripts/bench-desktop.mjs --app BIN --data-dir DIR --baseline BIN --out FILE [--runs N] [--idle-seconds S] [--breakdown FILE]

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
function startUntilPainted(bin, binArgs, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, binArgs, {
      env: { ...process.env, PARLEY_STARTUP_PROBE: '1', RUST_LOG: 'warn', ...env },
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
        resolve({ child, ms: performance.now() - started, stages: stagesOf(output) });
      }
    });
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${bin} exited (${code}) before painting:\n${errors.slice(-2000)}`));
    });
  });
}

/// The start-up probe's stages before the paint (Parley prints them; the minimal window
/// only prints the paint): `mark MS STAGE` from the shell and `window START END DURATION
/// NAME` from the page, all in milliseconds since the process started.
function stagesOf(output) {
  const stages = [];
  for (const line of output.split('\n')) {
    const mark = /^parley-startup: mark (\S+) (.+)$/.exec(line);
    if (mark) stages.push({ name: mark[2], start: Number(mark[1]), end: Number(mark[1]) });
    const window = /^parley-startup: window (\S+) (\S+) \S+ (.+)$/.exec(line);
    if (window) stages.push({ name: `window: ${window[3]}`, start: Number(window[1]), end: Number(window[2]) });
  }
  return stages;
}

/// The median start and end of each stage over the runs, in the order they start.
function breakdown(runsStages) {
  const byName = new Map();
  for (const stages of runsStages) {
    const seen = new Map();
    for (const stage of stages) {
      // A command sent twice before the paint is two stages.
      const count = (seen.get(stage.name) ?? 0) + 1;
      seen.set(stage.name, count);
      const key = count > 1 ? `${stage.name} #${count}` : stage.name;
      if (!byName.has(key)) byName.set(key, []);
      byName.get(key).push(stage);
    }
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return [...byName]
    .map(([name, stages]) => ({
      name,
      runs: stages.length,
      start: median(stages.map((s) => s.start)),
      end: median(stages.map((s) => s.end)),
      duration: median(stages.map((s) => s.end - s.start)),
    }))
    .sort((a, b) => a.start - b.start);
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

async function measure(label, bin, binArgs, env = {}) {
  const starts = [];
  const runsStages = [];
  let memory = null;
  for (let run = 0; run < runs; run++) {
    const { child, ms, stages } = await startUntilPainted(bin, binArgs, env);
    starts.push(ms);
    runsStages.push(stages);
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
  const stages = breakdown(runsStages);
  if (stages.length > 0) {
    console.error(`${label}: start-up stages, median of ${runs} runs (ms since process start: start, end, duration)`);
    for (const stage of stages) {
      const span = stage.duration > 0 ? `${stage.end.toFixed(0).padStart(6)} ${stage.duration.toFixed(1).padStart(7)}` : '';
      console.error(`  ${stage.start.toFixed(0).padStart(6)} ${span.padEnd(15)} ${stage.name}${stage.runs < runs ? ` (${stage.runs} runs)` : ''}`);
    }
  }
  console.error(`${label}: starts ${starts.map((s) => s.toFixed(0)).join(', ')} ms; idle PSS ${memory.pss.toFixed(1)} MiB (${memory.processes})`);
  return { first: starts[0], median: starts[Math.floor(starts.length / 2)], worst: starts.at(-1), memory, stages };
}

const round = (value) => Math.round(value * 10) / 10;
const ratio = (a, b) => Math.round((a / b) * 100) / 100;
const minimal = await measure('minimal window', baseline, []);
const parley = await measure('Parley', app, ['--data-dir', dataDir]);
// Without a GPU Parley draws the page directly instead of compositing it through llvmpipe
// (src-tauri/src/rendering.rs). The minimal window keeps Tauri's default, so the target's
// ratio is against what a plain Tauri window costs; the minimal window drawing directly
// too is measured beside it, so the saving of the drawing is not taken for Parley's own.
// The shell's probe mark for it (src-tauri/src/rendering.rs, `Drawing::probe_mark`).
const drawsDirectly = parley.stages.some((stage) => stage.name === 'drawing: direct');
const minimalDirect = drawsDirectly
  ? await measure('minimal window, drawing directly', baseline, [], { WEBKIT_DISABLE_COMPOSITING_MODE: '1' })
  : null;
const directFigures = minimalDirect
  ? [
      { name: 'minimal window drawing directly, first paint median', value: round(minimalDirect.median), unit: 'ms', target: null },
      { name: 'idle PSS, minimal window drawing directly', value: round(minimalDirect.memory.pss), unit: 'MiB', target: null },
      { name: 'idle PSS, Parley / minimal drawing directly', value: ratio(parley.memory.pss, minimalDirect.memory.pss), unit: 'x', target: null },
    ]
  : [];

const section = {
  title: 'Desktop',
  setup: `Release builds under Xvfb: Parley opening ${setup || 'the generated store'} (live mode, no account), and a minimal Tauri window built in the same run; ${runs} starts each (a new process every time), memory of the process tree ${idleSeconds} s after the first paint. Parley ${drawsDirectly ? 'found no GPU and drew the page directly (without OpenGL compositing); the minimal window composited, as Tauri does by default, and was measured drawing directly too' : 'composited the page with OpenGL, as the minimal window'}. Parley: ${parley.memory.processes}. Minimal: ${minimal.memory.processes}${minimalDirect ? `. Minimal drawing directly: ${minimalDirect.memory.processes}` : ''} (PSS MiB).`,
  figures: [
    { name: 'first inbox paint, median', value: round(parley.median), unit: 'ms', target: { at_most: 500 } },
    { name: 'first inbox paint, worst', value: round(parley.worst), unit: 'ms', target: null },
    { name: 'minimal window first paint, median', value: round(minimal.median), unit: 'ms', target: null },
    { name: 'idle RSS, Parley', value: round(parley.memory.rss), unit: 'MiB', target: null },
    { name: 'idle RSS, minimal window', value: round(minimal.memory.rss), unit: 'MiB', target: null },
    { name: 'idle PSS, Parley', value: round(parley.memory.pss), unit: 'MiB', target: null },
    { name: 'idle PSS, minimal window', value: round(minimal.memory.pss), unit: 'MiB', target: null },
    { name: 'idle PSS, Parley / minimal', value: ratio(parley.memory.pss, minimal.memory.pss), unit: 'x', target: { at_most: 1.25 } },
    ...directFigures,
  ],
};
writeFileSync(out, `${JSON.stringify([section])}\n`);
// The start-up breakdown beside it, for whoever looks for where the time goes.
const breakdownOut = option('breakdown');
if (breakdownOut) writeFileSync(breakdownOut, `${JSON.stringify({ parley: parley.stages, minimal: minimal.stages, minimalDirect: minimalDirect?.stages ?? null }, null, 1)}\n`);
