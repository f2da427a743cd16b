// The lint's diagnostics in the user's language: every engine rule has a wording, the
// parameters fill it, and anything the catalog cannot word shows the engine's English.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../backend/api/templates';
import { modules } from '../i18n/en';
import { hasKey } from '../i18n/index.svelte';
import { countedBy, diagnosticText } from './diagnosticText';

/// The engine's rule ids, read from its source (`pub const NAME: &str = "id";`).
const RULE_RS = join(__dirname, '../../../../crates/core/src/template/lint/rule.rs');
const ruleIds = [...readFileSync(RULE_RS, 'utf8').matchAll(/pub const \w+\s*:\s*&str\s*=\s*"([^"]+)"/g)].map((m) => m[1]!);

function diagnostic(rule: string, params: Record<string, string>, message = 'English message.', fix: string | null = 'english fix'): Diagnostic {
  return {
    rule,
    severity: 'error',
    location: { component: 'body', button: null, field: 'text' },
    span: null,
    message,
    fix,
    params,
    metaSubcode: null,
  };
}

describe('the lint catalog', () => {
  it('words every rule the engine defines', () => {
    expect(ruleIds.length).toBeGreaterThan(40);
    expect(ruleIds).toContain('body.ends_with_parameter');
    const missing = ruleIds.filter((id) => !hasKey(`lint.${id}.message`));
    expect(missing, 'rules in rule.rs without a lint.<rule>.message key in i18n/en/lint.ts').toEqual([]);
  });

  it('has no wording for a rule the engine does not have', () => {
    const known = new Set(ruleIds);
    const stray = Object.keys(modules.lint)
      .map((key) => key.replace(/^lint\./, '').replace(/\.(message|fix)(\.general)?$/, ''))
      .filter((id) => !known.has(id));
    expect(stray).toEqual([]);
  });

  it('counts each plural form by a parameter its text shows', () => {
    for (const [key, value] of Object.entries(modules.lint)) {
      if (typeof value === 'string') continue;
      expect(value.other, key).toContain(`{${countedBy(key)}}`);
      if (countedBy(key) !== 'count') expect(value.other, `${key} shows {count}, which picks its plural`).not.toContain('{count}');
    }
  });
});

describe('diagnosticText', () => {
  it('words a diagnostic by its rule, filling in its parameters', () => {
    expect(diagnosticText(diagnostic('body.ends_with_parameter', { parameter: '{{2}}' }))).toEqual({
      message:
        'The body ends with the parameter {{2}}; Meta rejects a body that starts or ends with a parameter (punctuation after it does not count).',
      fix: 'add words after {{2}}',
    });
    expect(diagnosticText(diagnostic('params.gap', { parameter: '{{3}}', expected: '{{1}} {{2}}' })).fix).toBe('renumber to {{1}} {{2}}');
  });

  it('picks plural forms by the counted parameter and formats numbers', () => {
    const body = diagnosticText(diagnostic('body.too_long', { length: '1025', limit: '1024', excess: '1' }));
    expect(body).toEqual({
      message: 'The body is 1,025 characters long; Meta allows at most 1,024.',
      fix: 'shorten the body by 1 character',
    });
    expect(diagnosticText(diagnostic('body.too_long', { length: '1030', limit: '1024', excess: '6' })).fix).toBe(
      'shorten the body by 6 characters',
    );
    const ratio = diagnosticText(diagnostic('body.parameter_ratio', { parameters: '2', words: '1', needed: '7', missing: '6' }));
    expect(ratio.message).toContain('only 1 word for its parameters (2)');
    expect(ratio.fix).toBe('add at least 6 more words, or use fewer parameters');
  });

  it('uses the general wording when the diagnostic lacks the main one’s parameters', () => {
    expect(diagnosticText(diagnostic('language.unknown', { language: 'iw', suggestion: 'he' })).fix).toBe('use the code he');
    expect(diagnosticText(diagnostic('language.unknown', { language: 'xx' })).fix).toBe(
      "pick a code from Meta's list, e.g. en_US, he, ar, ru, et, pt_BR",
    );
    expect(diagnosticText(diagnostic('buttons.authentication_otp_only', {})).message).toBe(
      'AUTHENTICATION templates need an OTP button (copy code, one-tap or zero-tap).',
    );
    expect(diagnosticText(diagnostic('buttons.authentication_otp_only', { kind: 'URL' })).fix).toBe('remove the URL button');
  });

  it('shows the engine’s English for a rule it has no wording for, or a parameter it lacks', () => {
    expect(diagnosticText(diagnostic('body.brand_new_rule', { x: '1' }, 'A new problem.', 'do something'))).toEqual({
      message: 'A new problem.',
      fix: 'do something',
    });
    // (footer.parameter would not do: it has a `.general` wording, for Meta's refusal 2388073.)
    expect(diagnosticText(diagnostic('params.adjacent', {}, '{{1}} and {{2}} stand side by side.', 'put words between them'))).toEqual({
      message: '{{1}} and {{2}} stand side by side.',
      fix: 'put words between them',
    });
  });

  it('keeps a diagnostic without a fix without one', () => {
    expect(diagnosticText(diagnostic('header.newline', {}, 'x', null))).toEqual({ message: 'Headers must be a single line.', fix: null });
  });
});
