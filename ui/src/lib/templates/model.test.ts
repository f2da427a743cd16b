// The form <-> Meta JSON mapping keeps what the editor does not edit: an AUTHENTICATION
// template's `add_security_recommendation` and `code_expiration_minutes`.

import { describe, expect, it } from 'vitest';
import type { TemplateDefinition } from '../backend/api/templates';
import { blankForm, fromDefinition, toDefinition } from './model';

// Meta's "Create authentication template w/ OTP copy code button".
const AUTH: TemplateDefinition = {
  name: 'authentication_code_copy_code_button',
  language: 'en_US',
  category: 'AUTHENTICATION',
  components: [
    { type: 'BODY', add_security_recommendation: true },
    { type: 'FOOTER', code_expiration_minutes: 10 },
    { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy Code' }] },
  ],
};

describe('authentication templates', () => {
  it('export with the security line and the code expiry they were imported with', () => {
    const form = fromDefinition(AUTH);
    expect(form.addSecurityRecommendation).toBe(true);
    expect(form.codeExpirationMinutes).toBe(10);
    expect(toDefinition(form)).toEqual(AUTH);
  });

  it('keep a false security line, and a footer with both text and expiry', () => {
    const definition: TemplateDefinition = {
      ...AUTH,
      components: [
        { type: 'BODY', add_security_recommendation: false },
        { type: 'FOOTER', text: 'Parley', code_expiration_minutes: 5 },
      ],
    };
    expect(toDefinition(fromDefinition(definition))).toEqual(definition);
  });

  it('leave other templates as they were', () => {
    const form = { ...blankForm(), name: 'hello', body: 'Hello there', footer: 'Thanks' };
    expect(toDefinition(form).components).toEqual([
      { type: 'BODY', text: 'Hello there' },
      { type: 'FOOTER', text: 'Thanks' },
    ]);
    expect(toDefinition(blankForm()).components).toEqual([{ type: 'BODY', text: '' }]);
  });
});
