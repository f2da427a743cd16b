// The window's side of the start-up probe (the desktop benchmark's breakdown): how long
// each command before the first paint took, and the page's own loading stages, sent with
// `inbox_painted`. The shell prints them only under the benchmark; recording stops at
// the first paint, so it costs a few timestamps.

import type { StartupMark } from '../../ipc/bindings';

/// A mark as recorded here: always timed (the generated type allows `null`, which JSON
/// makes of a non-finite number).
type Mark = StartupMark & { start: number; end: number };

const marks: Mark[] = [];
let recording = true;

/// Unix milliseconds with the page's precision (the shell's clock is Unix time too).
const now = () => performance.timeOrigin + performance.now();

export function markStartup(name: string, start = now(), end = start): void {
  if (recording) marks.push({ name, start, end });
}

/// Times one start-up step that is not a command (listening to an event).
export function timeStartup<T>(name: string, step: Promise<T>): Promise<T> {
  if (!recording) return step;
  const start = now();
  const done = () => markStartup(name, start, now());
  step.then(done, done);
  return step;
}

/// Times every command the window sends through `commands` until the first paint (name
/// and round trip); listening to events is timed by the events adapter.
export function timeStartupCommands(commands: Record<string, (...args: never[]) => Promise<unknown>>): void {
  for (const [name, command] of Object.entries(commands)) {
    commands[name] = (...args: never[]) => {
      if (!recording) return command(...args);
      return timeStartup(`command ${name}`, command(...args));
    };
  }
}

/// The page's loading stages from the browser's own timing, then everything recorded;
/// nothing is recorded after this.
export function takeStartupMarks(): Mark[] {
  recording = false;
  const origin = performance.timeOrigin;
  const page: Mark[] = [];
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  if (navigation) {
    page.push({ name: 'page: fetch to response end', start: origin + navigation.fetchStart, end: origin + navigation.responseEnd });
    page.push({ name: 'page: dom interactive', start: origin + navigation.responseEnd, end: origin + navigation.domInteractive });
    page.push({ name: 'page: DOMContentLoaded', start: origin + navigation.domContentLoadedEventStart, end: origin + navigation.domContentLoadedEventEnd });
  }
  for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    const file = entry.name.split('/').pop() ?? entry.name;
    page.push({ name: `load ${file} (${entry.initiatorType})`, start: origin + entry.startTime, end: origin + entry.responseEnd });
  }
  for (const entry of performance.getEntriesByType('mark')) {
    page.push({ name: entry.name, start: origin + entry.startTime, end: origin + entry.startTime });
  }
  const all = [...page, ...marks];
  all.sort((a, b) => a.start - b.start);
  return all;
}
