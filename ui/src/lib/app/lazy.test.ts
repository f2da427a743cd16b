import { describe, expect, it } from 'vitest';
import type { Component } from 'svelte';
import { lazySection, sectionsLoaded } from './lazy';

const Section: Component = () => ({});

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('lazySection', () => {
  it('loads a section once, on the first call', async () => {
    let loads = 0;
    const section = lazySection(async () => {
      loads += 1;
      return { default: Section };
    });
    expect(loads).toBe(0);
    const first = section();
    expect(section()).toBe(first);
    expect(await first).toBe(Section);
    expect(await section()).toBe(Section);
    expect(loads).toBe(1);
  });

  it('asks again after a failed load instead of keeping the failure', async () => {
    let loads = 0;
    const section = lazySection(async () => {
      loads += 1;
      if (loads === 1) throw new Error('chunk missing');
      return { default: Section };
    });
    await expect(section()).rejects.toThrow('chunk missing');
    expect(await section()).toBe(Section);
    expect(loads).toBe(2);
  });

  it('lets the tests wait for every load in flight', async () => {
    const module = deferred<{ default: Component }>();
    const section = lazySection(() => module.promise);
    void section();
    let loaded = false;
    const waiting = sectionsLoaded().then(() => (loaded = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(loaded).toBe(false);
    module.resolve({ default: Section });
    await waiting;
    expect(loaded).toBe(true);
  });
});
