// English, the source catalog: every string the UI shows, in one module per domain
// (`./app.ts`, `./inbox.ts`, ...) listed in `./modules.ts`, merged here into the one
// dictionary `t` reads. `MessageKey` is the union of every module's keys, so `t('x.y')`
// with a key no module defines does not compile.
//
// Adding a language (Hebrew, say):
//   1. Make `../he/` mirroring this folder: `he/inbox.ts` is
//      `export const inbox = { 'inbox.heading': 'שיחות', ... } as const satisfies Translation<typeof en.inbox>;`
//      (`import type * as en from '../en/modules'`), for each module translated so far; and
//      `he/index.ts`: `export const he: Catalog = { ...inbox, ... };`. A key left out shows in
//      English; a key English does not have does not compile.
//   2. In `../index.svelte.ts`: add `'he'` to `Locale` and `he` to `catalogs`. Right-to-left
//      layout follows from the locale (`directionOf`); the CSS uses logical properties only.
//   Plural forms follow the language's `Intl.PluralRules` categories (Russian needs `one`,
//   `few`, `many` and `other`; Arabic all six).

import type { PluralForms } from '../catalog';
import * as modules from './modules';

export type { PluralForms };

type Modules = typeof modules;

/// Every message key of every module.
export type MessageKey = { [M in keyof Modules]: keyof Modules[M] }[keyof Modules];

/// A language's messages: any of the English keys (English shows for the rest).
export type Catalog = Partial<Record<MessageKey, string | PluralForms>>;

/// The English dictionary: all modules merged (their keys are distinct; a test checks).
export const en: Readonly<Record<MessageKey, string | PluralForms>> = Object.assign({}, ...Object.values(modules));

/// The modules one by one, for tests.
export { modules };
