// The shapes of a message catalog. English (`en/`) is the source: it defines every key, in
// one module per domain of the UI. A translation gives some or all of those keys.

/// Plural forms of one message, picked by `Intl.PluralRules` from the `count` parameter.
export interface PluralForms {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/// One domain's messages: key → text (`{name}` is a parameter) or plural forms.
export type Messages = Readonly<Record<string, string | PluralForms>>;

/// A translation of one English module (`typeof inbox`, say): the same keys, any of them
/// left out (English shows instead), none added. Use it as
/// `export const inbox = { ... } as const satisfies Translation<typeof en.inbox>`.
export type Translation<M extends Messages> = { readonly [K in keyof M]?: string | PluralForms };
