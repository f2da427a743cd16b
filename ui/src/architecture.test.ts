// Rules the UI keeps, checked over its sources.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const sources = files(SRC).filter((f) => /\.(ts|svelte|css)$/.test(f) && !f.endsWith('.test.ts'));

describe('the UI', () => {
  it('imports @tauri-apps only in the adapter and the generated bindings', () => {
    const allowed = ['lib/backend/tauri.ts', 'lib/ipc/bindings.ts'];
    const offenders = sources.filter(
      (f) => /from ['"]@tauri-apps\//.test(readFileSync(f, 'utf8')) && !allowed.includes(relative(SRC, f)),
    );
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('uses the generated commands and events only in the adapter; elsewhere bindings give types', () => {
    // `import { x }` (even `import { type x }`) loads bindings.ts, and with it @tauri-apps.
    const adapter = (f: string) => f === 'lib/backend/tauri.ts' || f.startsWith('lib/backend/tauri/');
    const loadsBindings = /^\s*(import|export)\s+(?!type\s)[^;]*?\sfrom\s+['"][^'"]*ipc\/bindings['"]/m;
    const offenders = sources.filter((f) => loadsBindings.test(readFileSync(f, 'utf8')) && !adapter(relative(SRC, f)));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
    expect(sources.filter((f) => adapter(relative(SRC, f)) && loadsBindings.test(readFileSync(f, 'utf8')))).not.toEqual([]);
  });

  it('loads the sections not on the first screen only when they are opened', () => {
    // A static import anywhere would pull the section back into the first bundle.
    const sections = ['ThreadView', 'SettingsDialog', 'AutoRepliesDialog', 'AddressBook', 'ActivityPanel', 'TemplatesDialog', 'QuickRepliesDialog'];
    const staticImport = new RegExp(`^\\s*import\\s+\\w+\\s+from\\s+['"][^'"]*/(${sections.join('|')})\\.svelte['"]`, 'm');
    const offenders = sources.filter((f) => staticImport.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
    const app = readFileSync(join(SRC, 'App.svelte'), 'utf8');
    for (const section of sections) expect(app).toMatch(new RegExp(`import\\('[^']*/${section}\\.svelte'\\)`));
  });

  it('never renders strings as HTML', () => {
    const offenders = sources.filter((f) => /\{@html|innerHTML/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('lays out with logical CSS properties, so right-to-left locales mirror', () => {
    const physical =
      /(^|[\s;{])(margin|padding|border)-(left|right)\b|(^|[\s;{])(left|right)\s*:|text-align:\s*(left|right)|float:\s*(left|right)/m;
    const offenders = sources.filter((f) => physical.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('uses no inline style attributes (the CSP forbids them)', () => {
    const offenders = sources
      .filter((f) => f.endsWith('.svelte'))
      .filter((f) => /\sstyle="/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});
