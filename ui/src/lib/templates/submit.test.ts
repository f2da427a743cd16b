// Submitting a template: refusals Meta explains come back into the editor's checks, worded
// by rule and with Meta's error code, the draft kept; refusals it cannot explain show in
// Meta's words. And the header example upload of a live account, which needs the Meta app
// id of Settings → Account.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { MockBackend } from '../backend/mock';
import { CREATIONS_PER_HOUR } from '../backend/mock/templates';
import type { Diagnostic, TemplateDefinition } from '../backend/api/templates';
import { HOUR, renderApp, settle } from '../../test/app';
import { diagnosticText } from './diagnosticText';
import { Templates } from './templates.svelte';

const READY: TemplateDefinition = {
  name: 'order_ready',
  language: 'en_US',
  category: 'UTILITY',
  components: [{ type: 'BODY', text: 'Hi {{1}}, your order is ready at the shop.', example: { body_text: [['Ana']] } }],
};

/// Meta's hourly creation limit, reached `ago` milliseconds back.
function limitReached(backend: MockBackend, ago = 0): void {
  backend.creations.splice(0, backend.creations.length, ...Array<number>(CREATIONS_PER_HOUR).fill(backend.now() - ago));
}

function live(backend: MockBackend, appId: string | null): void {
  backend.settingsView = {
    ...backend.settingsView,
    mode: 'live',
    account: { phoneNumberId: '1065', wabaId: '2001', graphVersion: 'v26.0', apiBaseUrl: 'https://graph.facebook.com', appId },
  };
}

async function openEditor(setup: (b: MockBackend) => void = () => {}) {
  const app = await renderApp(setup);
  await fireEvent.click(screen.getByTestId('open-templates'));
  await settle();
  await fireEvent.click(screen.getByTestId('template-new'));
  await settle();
  return app;
}

async function type(testid: string, value: string): Promise<void> {
  await fireEvent.input(screen.getByTestId(testid), { target: { value } });
  await settle();
}

async function click(testid: string): Promise<void> {
  await fireEvent.click(screen.getByTestId(testid));
  await settle();
}

async function writeReady(body = 'Hi {{1}}, your order is ready at the shop.'): Promise<void> {
  await type('template-name', 'order_ready');
  await type('template-body', body);
  const example = screen.getAllByTestId('template-param-example').find((e) => e.getAttribute('data-param') === '1')!;
  await fireEvent.input(example, { target: { value: 'Ana' } });
  await settle();
}

const checks = () => screen.queryAllByTestId('template-diagnostic');

describe("Meta's refusal at submit", () => {
  it('joins the checks with its error code, errors first, and keeps the draft', async () => {
    const { backend } = await openEditor((b) => limitReached(b));
    // Five spaces in a row: a warning, which does not block submitting.
    await writeReady('Hi {{1}}, your order is ready     at the shop.');
    expect(checks().map((c) => c.getAttribute('data-severity'))).toEqual(['warning']);
    expect(screen.getByTestId('template-submit')).toBeEnabled();

    await click('template-submit');
    expect(backend.calls.submitTemplateDraft).toHaveLength(1);
    const [first, second] = checks();
    expect(first).toHaveAttribute('data-source', 'meta');
    expect(first).toHaveAttribute('data-severity', 'error');
    expect(first).toHaveAttribute('data-rule', 'account.too_many_templates');
    expect(within(first!).getByTestId('template-meta-error')).toHaveTextContent('Meta error 2388019');
    expect(first).toHaveTextContent('this business account reached its limit of templates');
    expect(first).toHaveTextContent('Fix: wait an hour before submitting again');
    expect(second).toHaveAttribute('data-source', 'lint');
    expect(second).toHaveAttribute('data-severity', 'warning');
    expect(screen.getByTestId('template-error')).toHaveTextContent('Meta refused order_ready. Nothing was changed and the draft is kept');

    // Nothing lost: the editor keeps what was written, the draft is saved, Meta has nothing new.
    expect(screen.getByTestId('templates-dialog')).toBeInTheDocument();
    expect(screen.getByTestId('template-name')).toHaveValue('order_ready');
    expect(backend.templateDraftList.map((d) => d.definition.name)).toEqual(['order_ready']);
    expect(backend.managedTemplateList.some((t) => t.name === 'order_ready')).toBe(false);
    // Meta's answer does not block a new try: only the lint's errors do.
    expect(screen.queryByTestId('template-submit-blocked')).toBeNull();
    expect(screen.getByTestId('template-submit')).toBeEnabled();

    // An hour later Meta accepts it, and the refusal goes.
    limitReached(backend, HOUR + 1);
    await click('template-submit');
    expect(screen.getByTestId('templates-notice')).toHaveTextContent('order_ready was sent to Meta for review.');
    expect(backend.templateDraftList).toEqual([]);
    expect(backend.managedTemplateList.find((t) => t.name === 'order_ready')?.status).toBe('PENDING');
  });

  it('is one creation short of the limit: the 100th of the hour still goes through', async () => {
    const { backend } = await openEditor((b) => {
      limitReached(b);
      b.creations.pop();
    });
    await writeReady();
    await click('template-submit');
    expect(screen.getByTestId('templates-notice')).toHaveTextContent('order_ready was sent to Meta for review.');
    expect(backend.creations).toHaveLength(CREATIONS_PER_HOUR);
  });

  it("shows a refusal it cannot explain in Meta's words, and keeps the draft", async () => {
    const { backend } = await openEditor((b) => b.seedTemplate(READY));
    await writeReady();
    await click('template-submit');
    expect(screen.getByTestId('template-error')).toHaveTextContent(
      "WhatsApp refused the request: Meta refused the template: Content in This Language Already Exists: There's already en_US content for the template order_ready.",
    );
    expect(checks().filter((c) => c.getAttribute('data-source') === 'meta')).toEqual([]);
    expect(backend.templateDraftList).toHaveLength(1);
  });
});

describe('the store', () => {
  it("answers the engine's lint refusal with every diagnostic and keeps the draft", async () => {
    const backend = new MockBackend();
    const store = new Templates(backend);
    const dangling: TemplateDefinition = {
      ...READY,
      components: [{ type: 'BODY', text: 'Your order is ready at {{1}}', example: { body_text: [['the shop']] } }],
    };
    const draft = await store.saveDraft(null, dangling);
    const outcome = await store.submit(draft.id);
    expect(outcome.outcome).toBe('refused');
    if (outcome.outcome !== 'refused') return;
    expect(outcome.by).toBe('lint');
    expect(outcome.diagnostics.map((d) => d.rule)).toContain('body.ends_with_parameter');
    expect(backend.templateDraftList.map((d) => d.id)).toEqual([draft.id]);
    expect(backend.managedTemplateList).toEqual([]);

    const fixed = await store.saveDraft(draft.id, READY);
    const submitted = await store.submit(fixed.id);
    expect(submitted.outcome).toBe('submitted');
    expect(store.list.map((t) => t.name)).toEqual(['order_ready']);
  });
});

describe("Meta's explanations in the user's words", () => {
  /// What `CreationErrorExplanation::diagnostic` answers: no params (Meta does not say which
  /// parameter or how long), the English explanation, the subcode.
  function refusal(rule: string, metaSubcode: number, component: Diagnostic['location']['component']): Diagnostic {
    return {
      rule,
      severity: 'error',
      location: { component, button: null, field: null },
      span: null,
      message: 'English explanation.',
      fix: 'english fix',
      params: {},
      metaSubcode,
    };
  }

  it.each([
    ['body.too_long', 2388040, 'template', 'a text is too long', 'shorten the text that is over its limit'],
    ['header.formatting', 2388047, 'header', "Meta rejected the header's format", 'simplify the header'],
    ['footer.parameter', 2388073, 'footer', "Meta rejected the footer's format", 'remove parameters and emoji from the footer'],
    ['body.parameter_ratio', 2388293, 'body', 'too many parameters for the amount of text', 'add more words around the parameters'],
    ['body.ends_with_parameter', 2388299, 'body', 'the body starts or ends with a parameter', 'add words before the first parameter'],
    ['account.too_many_templates', 2388019, 'template', 'reached its limit of templates', 'wait an hour'],
  ] as const)('words %s (%i) from the catalog, not the engine’s English', (rule, code, component, message, fix) => {
    const text = diagnosticText(refusal(rule, code, component));
    expect(text.message).toContain(message);
    expect(text.message).not.toContain('{');
    expect(text.fix).toContain(fix);
    expect(text.fix).not.toContain('{');
  });

  it('still words the lint’s own diagnostic of the same rule with its parameters', () => {
    const lint = { ...refusal('body.ends_with_parameter', 2388299, 'body'), params: { parameter: '{{2}}' } };
    expect(diagnosticText(lint).fix).toBe('add words after {{2}}');
  });
});

describe('uploading a header example', () => {
  async function pickImageHeader(): Promise<void> {
    await fireEvent.change(screen.getByTestId('template-header-format'), { target: { value: 'IMAGE' } });
    await settle();
  }

  it('needs the Meta app id in a live account, and says where to enter it', async () => {
    await openEditor((b) => {
      live(b, null);
      b.uploadAnswers.push({ handle: '4::aW1hZ2U=', fileName: 'shop.png' });
    });
    await pickImageHeader();
    await click('template-header-upload');
    expect(screen.getByTestId('template-error')).toHaveTextContent('enter it in Settings → Account (Meta App Dashboard → App settings → Basic → App ID)');
    expect(screen.getByTestId('template-header-file')).toHaveTextContent('No example yet');
  });

  it('uploads with an app id, and in the demo', async () => {
    for (const setup of [(b: MockBackend) => live(b, '1234567890'), () => {}]) {
      const { unmount } = await openEditor((b) => {
        setup(b);
        b.uploadAnswers.push({ handle: '4::aW1hZ2U=', fileName: 'shop.png' });
      });
      await pickImageHeader();
      await click('template-header-upload');
      expect(screen.queryByTestId('template-error')).toBeNull();
      expect(screen.getByTestId('template-header-file')).toHaveTextContent('shop.png');
      unmount();
    }
  });
});

describe('the Meta app id in Settings → Account', () => {
  async function accountForm(setup: (b: MockBackend) => void = () => {}) {
    const app = await renderApp(setup);
    await fireEvent.click(screen.getByTestId('open-settings'));
    await settle();
    const dialog = screen.getByTestId('settings-dialog');
    await fireEvent.input(within(dialog).getByTestId('settings-phone-number-id'), { target: { value: '106540352242922' } });
    await fireEvent.input(within(dialog).getByLabelText('WhatsApp Business Account ID'), { target: { value: '419561257915477' } });
    return { ...app, dialog };
  }

  it('explains where to find it, and saves it', async () => {
    const { backend, dialog } = await accountForm();
    const field = within(dialog).getByTestId('settings-app-id');
    expect(field).toHaveAccessibleDescription(/App Dashboard → App settings → Basic → App ID/);
    await fireEvent.input(field, { target: { value: ' 1234567890 ' } });
    await fireEvent.submit(field.closest('form')!);
    await settle();
    expect(backend.settingsView.account?.appId).toBe('1234567890');
  });

  it('refuses an app id that is not numeric, and saves none when left empty', async () => {
    const { backend, dialog } = await accountForm();
    const field = within(dialog).getByTestId('settings-app-id');
    await fireEvent.input(field, { target: { value: 'my-shop-app' } });
    await fireEvent.submit(field.closest('form')!);
    await settle();
    expect(within(screen.getByTestId('settings-dialog')).getByTestId('settings-error')).toHaveTextContent('numeric App ID');
    expect(backend.settingsView.account).toBeNull();

    await fireEvent.input(within(screen.getByTestId('settings-dialog')).getByTestId('settings-app-id'), { target: { value: '' } });
    await fireEvent.submit(within(screen.getByTestId('settings-dialog')).getByTestId('settings-app-id').closest('form')!);
    await settle();
    expect(backend.settingsView.account?.appId).toBeNull();
  });
});
