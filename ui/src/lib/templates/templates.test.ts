// The template studio (editor, preview, lint, drafts, manager's view) and sending a
// template from the composer, against the mock (whose lint implements a few of the rules).

import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { MockBackend } from '../backend/mock';
import type { TemplateDefinition } from '../backend/api/templates';
import { HOUR, openThread, renderApp, settle } from '../../test/app';
import { AUTOSAVE_MS, definitionSlots } from './model';

const ORDER: TemplateDefinition = {
  name: 'order_ready',
  language: 'en_US',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1234'] } },
    { type: 'BODY', text: 'Hi {{1}}, your order is *ready* at {{2}}.', example: { body_text: [['Ana', 'the shop']] } },
    { type: 'FOOTER', text: 'Parley Demo Shop' },
  ],
};

const SALE: TemplateDefinition = {
  name: 'summer_sale',
  language: 'he',
  category: 'MARKETING',
  components: [{ type: 'BODY', text: 'מבצע קיץ {{1}} עכשיו!', example: { body_text: [['50%']] } }],
};

async function openStudio(setup: (b: MockBackend) => void = () => {}) {
  const app = await renderApp(setup);
  await fireEvent.click(screen.getByTestId('open-templates'));
  await settle();
  return app;
}

async function type(testid: string, value: string, index = 0): Promise<void> {
  await fireEvent.input(screen.getAllByTestId(testid)[index]!, { target: { value } });
  await settle();
}

async function choose(testid: string, value: string): Promise<void> {
  await fireEvent.change(screen.getByTestId(testid), { target: { value } });
  await settle();
}

async function click(testid: string, index = 0): Promise<void> {
  await fireEvent.click(screen.getAllByTestId(testid)[index]!);
  await settle();
}

const example = (param: string): HTMLInputElement =>
  screen.getAllByTestId('template-param-example').find((e) => e.getAttribute('data-param') === param) as HTMLInputElement;
const diagnostics = () => screen.queryAllByTestId('template-diagnostic');
const rules = () => diagnostics().map((d) => d.getAttribute('data-rule'));

describe('the editor and its preview', () => {
  it('previews the bubble as it is typed, with examples in place of parameters', async () => {
    await openStudio();
    expect(screen.getByTestId('templates-dialog')).toBeInTheDocument();
    await click('template-new');
    await type('template-name', 'order_ready');
    await type('template-body', 'Hi {{1}}, your order is *ready* _now_.\n- ~old~ `code`\n1. first');
    const body = screen.getByTestId('template-preview-body');
    expect(body.querySelector('strong')).toHaveTextContent('ready');
    expect(body.querySelector('em')).toHaveTextContent('now');
    expect(body.querySelector('s')).toHaveTextContent('old');
    expect(body.querySelector('code')).toHaveTextContent('code');
    expect(body.querySelector('[data-kind="bullet"]')).toBeInTheDocument();
    expect(body.querySelector('[data-kind="numbered"]')).toHaveTextContent('1. first');
    // No example yet: the parameter shows as it is written.
    expect(within(body).getByTestId('template-preview-placeholder')).toHaveTextContent('{{1}}');
    await fireEvent.input(example('1'), { target: { value: 'Ana' } });
    await settle();
    expect(body).toHaveTextContent('Hi Ana, your order is ready now.');
    expect(within(body).queryByTestId('template-preview-placeholder')).toBeNull();
  });

  it('shows the header, footer in grey, media placeholders and at most three buttons', async () => {
    const { backend } = await openStudio();
    await click('template-new');
    await type('template-body', 'Thanks for your order.');
    await choose('template-header-format', 'TEXT');
    await type('template-header-text', 'Order {{1}}');
    expect(screen.getByTestId('template-preview-header')).toHaveTextContent('Order {{1}}');
    await fireEvent.input(screen.getAllByTestId('template-param-example').find((e) => e.getAttribute('data-component') === 'header')!, {
      target: { value: '#42' },
    });
    await settle();
    expect(screen.getByTestId('template-preview-header')).toHaveTextContent('Order #42');
    await type('template-footer', 'Reply STOP to opt out');
    expect(screen.getByTestId('template-preview-footer')).toHaveTextContent('Reply STOP to opt out');

    await choose('template-header-format', 'DOCUMENT');
    expect(screen.getByTestId('template-preview-media')).toHaveAttribute('data-format', 'DOCUMENT');
    backend.uploadAnswers.push({ handle: '4::aW1hZ2U=', fileName: 'invoice.pdf' });
    await click('template-header-upload');
    expect(screen.getByTestId('template-preview-media')).toHaveTextContent('invoice.pdf');

    for (const label of ['Yes', 'No', 'Later']) {
      await click('template-button-add');
      const inputs = screen.getAllByTestId('template-button-text');
      await fireEvent.input(inputs[inputs.length - 1]!, { target: { value: label } });
    }
    await settle();
    expect(screen.getAllByTestId('template-preview-button').map((b) => b.textContent)).toEqual(['Yes', 'No', 'Later']);
    await click('template-button-add');
    expect(screen.getAllByTestId('template-preview-button').map((b) => b.textContent)).toEqual(['Yes', 'No']);
    expect(screen.getByTestId('template-preview-all')).toHaveTextContent('See all options');

    await click('template-save-draft');
    const saved = backend.calls.saveTemplateDraft.at(-1)!.definition;
    expect(saved.components[0]).toEqual({ type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['4::aW1hZ2U='] } });
    expect(saved.components.at(-1)).toMatchObject({ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }, {}, {}, {}] });
  });

  it('lays out right-to-left paragraphs by their own direction', async () => {
    await openStudio();
    await click('template-new');
    await type('template-body', 'שלום *עולם*\nHello');
    const paragraphs = screen.getByTestId('template-preview-body').querySelectorAll('p');
    expect(paragraphs).toHaveLength(2);
    for (const p of paragraphs) expect(p).toHaveAttribute('dir', 'auto');
    expect(paragraphs[0]!.querySelector('strong')).toHaveTextContent('עולם');
  });

  it('writes named parameters as Meta wants them', async () => {
    const { backend } = await openStudio();
    await click('template-new');
    await type('template-name', 'welcome');
    await choose('template-parameter-format', 'NAMED');
    await type('template-body', 'Hello {{first_name}}, welcome!');
    await fireEvent.input(example('first_name'), { target: { value: 'Dana' } });
    await settle();
    await click('template-save-draft');
    expect(backend.calls.saveTemplateDraft.at(-1)!.definition).toEqual({
      name: 'welcome',
      language: 'en_US',
      category: 'UTILITY',
      parameter_format: 'NAMED',
      components: [
        { type: 'BODY', text: 'Hello {{first_name}}, welcome!', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Dana' }] } },
      ],
    });
  });
});

describe('the lint', () => {
  it('lists errors first, marks them in the field, and selects the span on a click', async () => {
    await openStudio();
    await click('template-new');
    await type('template-name', 'Bad Name');
    await type('template-body', '{{1}} hello     there {{3}} end');
    expect(rules()).toEqual(expect.arrayContaining(['name.format', 'body.starts_with_parameter', 'params.gap', 'params.missing_example']));
    const severities = diagnostics().map((d) => d.getAttribute('data-severity'));
    expect(severities.at(-1)).toBe('warning');
    expect(severities.indexOf('warning')).toBe(severities.length - 1);
    expect(diagnostics().find((d) => d.getAttribute('data-rule') === 'params.gap')).toHaveTextContent('Fix: renumber to {{1}} {{2}}');

    const marks = screen.getAllByTestId('template-highlight').filter((m) => m.getAttribute('data-field') === 'body');
    expect(marks.map((m) => m.textContent)).toEqual(['{{1}}', '     ', '{{3}}']);
    expect(marks[1]).toHaveAttribute('data-severity', 'warning');

    const gap = diagnostics().find((d) => d.getAttribute('data-rule') === 'params.gap')!;
    await fireEvent.click(within(gap).getByRole('button'));
    const body = screen.getByTestId('template-body') as HTMLTextAreaElement;
    expect(document.activeElement).toBe(body);
    expect(body.value.slice(body.selectionStart, body.selectionEnd)).toBe('{{3}}');

    const missing = diagnostics().find((d) => d.getAttribute('data-rule') === 'params.missing_example')!;
    await fireEvent.click(within(missing).getByRole('button'));
    expect(document.activeElement).toBe(example('1'));
  });

  it("words each diagnostic from its rule and params in the UI's language, else shows the engine's text", async () => {
    await openStudio((b) => {
      const lint = b.lintTemplate.bind(b);
      b.lintTemplate = async (definition, status) => [
        ...(await lint(definition, status)),
        {
          rule: 'body.rule_added_later', severity: 'warning', location: { component: 'body', button: null, field: null },
          span: null, message: 'A rule the UI has no words for yet.', fix: null, params: {}, metaSubcode: null,
        },
      ];
    });
    await click('template-new');
    await type('template-name', 'order_note');
    await type('template-body', '{{1}} is ready for pickup, thank you for waiting.');
    await type('template-footer', 'x'.repeat(61));
    const starts = diagnostics().find((d) => d.getAttribute('data-rule') === 'body.starts_with_parameter')!;
    expect(starts).toHaveTextContent(
      'The body starts with the parameter {{1}}; Meta rejects a body that starts or ends with a parameter.',
    );
    expect(starts).toHaveTextContent('Fix: add words before {{1}}');
    expect(starts).not.toHaveTextContent('may not start');
    const footer = diagnostics().find((d) => d.getAttribute('data-rule') === 'footer.too_long')!;
    expect(footer).toHaveTextContent('The footer is 61 characters long; Meta allows at most 60.');
    expect(footer).toHaveTextContent('Fix: shorten the footer by 1 character');
    const later = diagnostics().find((d) => d.getAttribute('data-rule') === 'body.rule_added_later')!;
    expect(later).toHaveTextContent('A rule the UI has no words for yet.');
    expect(within(later).queryByText(/^Fix:/)).toBeNull();
  });

  it('disables submit while errors remain, says why, and submits once fixed', async () => {
    const { backend } = await openStudio();
    await click('template-new');
    await type('template-name', 'shipping_update');
    await type('template-body', 'Your parcel {{1}}');
    expect(screen.getByTestId('template-submit')).toBeDisabled();
    expect(screen.getByTestId('template-submit-blocked')).toHaveTextContent('Fix the 2 errors above first');
    await type('template-body', 'Your parcel {{1}} is on its way.');
    await fireEvent.input(example('1'), { target: { value: 'LP123' } });
    await settle();
    expect(screen.getByTestId('template-lint-clean')).toBeInTheDocument();
    expect(screen.getByTestId('template-submit')).toBeEnabled();
    await click('template-submit');
    expect(backend.calls.submitTemplateDraft).toHaveLength(1);
    expect(screen.getByTestId('templates-notice')).toHaveTextContent('shipping_update was sent to Meta for review.');
    const row = screen.getAllByTestId('template-row').find((r) => r.getAttribute('data-name') === 'shipping_update')!;
    expect(within(row).getByTestId('template-status')).toHaveAttribute('data-status', 'PENDING');
    expect(backend.templateDraftList).toEqual([]);
  });

  it('shows the refusal when submitting fails, and when the lint cannot run', async () => {
    const { backend } = await openStudio((b) => b.seedTemplate(ORDER));
    await click('template-new');
    await type('template-name', 'order_ready');
    await type('template-body', 'Your order is ready.');
    await click('template-submit');
    expect(screen.getByTestId('template-error')).toHaveTextContent("WhatsApp refused the request: Meta refused the template: Content in This Language Already Exists: There's already en_US content for the template order_ready.");
    backend.failNext = { code: 'internal', message: 'engine gone' };
    await type('template-body', 'Your order is ready!');
    expect(screen.getByText(/The template could not be checked/)).toHaveTextContent('engine gone');
  });
});

describe('drafts', () => {
  it('saves on request and by itself after a change, and reopens and deletes them', async () => {
    const { backend } = await openStudio();
    await click('template-new');
    await type('template-name', 'first_draft');
    await click('template-save-draft');
    expect(backend.calls.saveTemplateDraft).toEqual([
      { draftId: null, definition: expect.objectContaining({ name: 'first_draft' }), templateId: null },
    ]);
    expect(screen.getByTestId('template-notice')).toHaveTextContent('Draft saved.');

    await type('template-body', 'Changed later.');
    await new Promise((r) => setTimeout(r, AUTOSAVE_MS + 100));
    await settle();
    expect(backend.calls.saveTemplateDraft).toHaveLength(2);
    expect(backend.templateDraftList).toHaveLength(1);
    expect(backend.calls.saveTemplateDraft[1]!.draftId).toBe(backend.templateDraftList[0]!.id);
    expect(backend.templateDraftList[0]!.definition.components[0]).toEqual({ type: 'BODY', text: 'Changed later.' });

    await click('template-close-editor');
    const draft = screen.getByTestId('template-draft');
    expect(draft).toHaveAttribute('data-name', 'first_draft');
    await fireEvent.click(within(draft).getByTestId('template-draft-open'));
    await settle();
    expect((screen.getByTestId('template-body') as HTMLTextAreaElement).value).toBe('Changed later.');
    await click('template-close-editor');
    await click('template-draft-delete');
    expect(backend.calls.deleteTemplateDraft).toHaveLength(1);
    expect(screen.getByTestId('template-drafts-empty')).toBeInTheDocument();
  });

  it('imports Meta JSON and exports it', async () => {
    const { backend } = await openStudio();
    backend.importAnswers.push([ORDER]);
    await click('template-import');
    expect((screen.getByTestId('template-name') as HTMLInputElement).value).toBe('order_ready');
    expect((screen.getByTestId('template-header-text') as HTMLInputElement).value).toBe('Order {{1}}');
    expect(screen.getByTestId('template-preview-body')).toHaveTextContent('Hi Ana, your order is ready at the shop.');
    await click('template-export');
    expect(backend.calls.exportTemplateJson.at(-1)).toEqual(ORDER);
    expect(screen.getByTestId('template-notice')).toHaveTextContent('Exported');

    await click('template-close-editor');
    backend.importAnswers.push([ORDER, SALE]);
    await click('template-import');
    expect(screen.getByTestId('templates-notice')).toHaveTextContent('2 templates imported as drafts.');
    expect(screen.getAllByTestId('template-draft')).toHaveLength(2);
  });
});

describe("the manager's view", () => {
  function seed(b: MockBackend): void {
    b.seedTemplate(ORDER);
    b.seedTemplate(SALE, 'REJECTED', { rejectionReason: 'PROMOTIONAL', recommendation: 'Choose the marketing category.' });
    b.seedTemplate({ ...ORDER, name: 'old_notice', category: 'MARKETING' }, 'PAUSED', { rejectionReason: 'LOW_QUALITY', quality: 'RED' });
  }

  async function openManager() {
    const app = await openStudio(seed);
    await click('templates-tab-manage');
    return app;
  }

  const names = () => screen.getAllByTestId('template-row').map((r) => r.getAttribute('data-name'));

  it('lists every template with its status, reason and advice, filtered', async () => {
    await openManager();
    expect(names()).toEqual(['old_notice', 'order_ready', 'summer_sale']);
    const statuses = screen.getAllByTestId('template-status').map((s) => s.getAttribute('data-status'));
    expect(statuses).toEqual(['PAUSED', 'APPROVED', 'REJECTED']);
    const rejected = screen.getAllByTestId('template-row')[2]!;
    expect(within(rejected).getByTestId('template-rejected')).toHaveTextContent('Rejected because: PROMOTIONAL');
    expect(within(rejected).getByTestId('template-recommendation')).toHaveTextContent('Choose the marketing category.');
    const paused = screen.getAllByTestId('template-row')[0]!;
    expect(within(paused).getByTestId('template-paused')).toHaveTextContent('Paused by Meta');
    expect(within(paused).getByTestId('template-rejected')).toHaveTextContent('Reason: LOW_QUALITY');
    expect(paused).toHaveTextContent('Quality: low');
    const approved = screen.getAllByTestId('template-row')[1]!;
    expect(within(approved).getByTestId('template-edits-left')).toHaveTextContent('10 edits left in these 30 days');
    expect(within(approved).queryByTestId('template-rejected')).toBeNull();

    await choose('template-filter-status', 'REJECTED');
    expect(names()).toEqual(['summer_sale']);
    await choose('template-filter-status', '');
    await choose('template-filter-category', 'MARKETING');
    expect(names()).toEqual(['old_notice', 'summer_sale']);
    await choose('template-filter-status', 'APPROVED');
    expect(screen.getByTestId('template-manager-empty')).toBeInTheDocument();
  });

  it('edits an approved template without errors, and shows the engine refusing', async () => {
    const { backend } = await openManager();
    backend.editRefusal = '(#2388068) This template has been edited too many times in the last 30 days.';
    const row = screen.getAllByTestId('template-row').find((r) => r.getAttribute('data-name') === 'order_ready')!;
    await fireEvent.click(within(row).getByTestId('template-edit'));
    await settle();
    expect(backend.calls.lintTemplate.at(-1)!.status).toBe('APPROVED');
    expect(diagnostics()).toEqual([]);
    expect(screen.queryByTestId('template-save-draft')).toBeNull();
    await type('template-footer', 'Parley Shop');
    await click('template-submit');
    // The changes are a draft of that template, submitted.
    const id = backend.managedTemplateList.find((x) => x.name === 'order_ready')!.id;
    expect(backend.calls.saveTemplateDraft.at(-1)).toMatchObject({ draftId: null, templateId: id });
    expect(backend.calls.saveTemplateDraft.at(-1)!.definition.components).toContainEqual({ type: 'FOOTER', text: 'Parley Shop' });
    expect(backend.calls.submitTemplateDraft).toHaveLength(1);
    expect(screen.getByTestId('template-error')).toHaveTextContent('edited too many times');

    backend.editRefusal = null;
    await click('template-submit');
    // The same draft again, not a second one.
    expect(backend.calls.saveTemplateDraft.at(-1)!.draftId).toBe(backend.calls.submitTemplateDraft[0]);
    expect(backend.calls.submitTemplateDraft).toHaveLength(2);
    expect(screen.getByTestId('templates-notice')).toHaveTextContent('The changes to order_ready were sent to Meta for review.');
    const edited = screen.getAllByTestId('template-row').find((r) => r.getAttribute('data-name') === 'order_ready')!;
    expect(within(edited).getByTestId('template-status')).toHaveAttribute('data-status', 'PENDING');
    expect(backend.templateDraftList).toEqual([]);
    expect(backend.managedTemplateList.find((x) => x.id === id)).toMatchObject({ editsLeft: 9, definition: expect.objectContaining({ name: 'order_ready' }) });
  });

  it('offers no edit when Meta allows no more this month', async () => {
    await openStudio((b) => b.seedTemplate(ORDER, 'APPROVED', { editsLeft: 0 }));
    await click('templates-tab-manage');
    expect(screen.getByTestId('template-edit')).toBeDisabled();
    expect(screen.getByTestId('template-edits-left')).toHaveTextContent('Meta allows no more edits in these 30 days.');
  });

  it('deletes after asking', async () => {
    const { backend } = await openManager();
    const row = () => screen.getAllByTestId('template-row').find((r) => r.getAttribute('data-name') === 'summer_sale')!;
    await fireEvent.click(within(row()).getByTestId('template-delete'));
    await settle();
    expect(row()).toHaveTextContent('Delete summer_sale?');
    // Its only language: no choice to make.
    expect(within(row()).queryByTestId('template-confirm-delete-language')).toBeNull();
    await fireEvent.click(within(row()).getByTestId('template-confirm-delete'));
    await settle();
    expect(backend.calls.deleteTemplate).toEqual([{ name: 'summer_sale', language: null }]);
    expect(names()).toEqual(['old_notice', 'order_ready']);
  });

  it('deletes one language of a name, or every language', async () => {
    const { backend } = await openStudio((b) => {
      b.seedTemplate(ORDER);
      b.seedTemplate({ ...ORDER, language: 'he' });
      b.seedTemplate({ ...ORDER, language: 'ar' });
    });
    await click('templates-tab-manage');
    const row = (language: string) => screen.getAllByTestId('template-row').find((r) => r.getAttribute('data-language') === language)!;
    await fireEvent.click(within(row('he')).getByTestId('template-delete'));
    await settle();
    await fireEvent.click(within(row('he')).getByTestId('template-confirm-delete-language'));
    await settle();
    expect(backend.calls.deleteTemplate).toEqual([{ name: 'order_ready', language: 'he' }]);
    expect(screen.getAllByTestId('template-row').map((r) => r.getAttribute('data-language'))).toEqual(['ar', 'en_US']);

    await fireEvent.click(within(row('ar')).getByTestId('template-delete'));
    await settle();
    expect(within(row('ar')).getByTestId('template-confirm-delete')).toHaveTextContent('Every language');
    await fireEvent.click(within(row('ar')).getByTestId('template-confirm-delete'));
    await settle();
    expect(backend.calls.deleteTemplate.at(-1)).toEqual({ name: 'order_ready', language: null });
    expect(screen.getByTestId('template-manager-empty')).toBeInTheDocument();
  });

  it("refreshes the list and notifies the desktop when Meta's review comes in", async () => {
    const { backend } = await openStudio((b) => {
      b.seedTemplate(ORDER, 'PENDING');
      b.seedTemplate(SALE, 'PENDING');
    });
    await click('templates-tab-manage');
    const status = (name: string) =>
      within(screen.getAllByTestId('template-row').find((r) => r.getAttribute('data-name') === name)!).getByTestId('template-status');
    expect(status('order_ready')).toHaveAttribute('data-status', 'PENDING');

    const order = backend.managedTemplateList.find((x) => x.name === 'order_ready')!;
    backend.changeTemplateStatus(order.id, 'APPROVED');
    await settle();
    expect(status('order_ready')).toHaveAttribute('data-status', 'APPROVED');
    expect(backend.calls.notifyTemplateStatus).toEqual([
      { title: 'Template order_ready (en_US): approved', body: 'It can be sent to customers now.' },
    ]);

    const sale = backend.managedTemplateList.find((x) => x.name === 'summer_sale')!;
    backend.changeTemplateStatus(sale.id, 'REJECTED', 'PROMOTIONAL');
    await settle();
    expect(status('summer_sale')).toHaveAttribute('data-status', 'REJECTED');
    expect(backend.calls.notifyTemplateStatus.at(-1)).toEqual({
      title: 'Template summer_sale (he): rejected',
      body: 'Rejected because: PROMOTIONAL',
    });
  });

  it('is for owners and managers: an agent at the desk gets no studio button', async () => {
    await renderApp((b) => b.seat(b.seedAgent('Avi', 'agent').id));
    expect(screen.queryByTestId('open-templates')).toBeNull();
  });
});

describe('sending from the composer', () => {
  async function closedThread(optOut = false) {
    const app = await openThread((b) => {
      b.seedTemplate(ORDER);
      b.seedTemplate(SALE);
      b.seedTemplate({ ...ORDER, name: 'in_review' }, 'PENDING');
      const m = b.customerWrites('972501234567', 'Dana', 'Hello?', Date.now() - 30 * HOUR);
      if (optOut) b.updateContact(m.conversationId, { marketingOptOut: true });
    });
    return app;
  }

  it('offers only templates when the window is closed, validates the values, and sends', async () => {
    const { backend } = await closedThread();
    expect(screen.getByTestId('composer-input')).toBeDisabled();
    await click('composer-template-offer');
    expect(screen.getByTestId('template-picker')).toBeInTheDocument();
    expect(screen.getAllByTestId('template-picker-option').map((o) => o.getAttribute('data-name'))).toEqual(['order_ready', 'summer_sale']);
    await click('template-picker-option', 0);
    const params = screen.getAllByTestId('template-send-param');
    expect(params.map((p) => `${p.getAttribute('data-component')}:${p.getAttribute('data-param')}`)).toEqual(['header:1', 'body:1', 'body:2']);

    await click('template-send');
    expect(backend.calls.sendTemplate).toEqual([]);
    expect(screen.getAllByTestId('template-send-problem').map((p) => p.textContent)).toEqual(['Required.', 'Required.', 'Required.']);
    expect(screen.getByTestId('template-send')).toBeDisabled();

    await type('template-send-param', '#77', 0);
    await type('template-send-param', 'Dana\tCohen', 1);
    await type('template-send-param', 'the     shop', 2);
    expect(screen.getAllByTestId('template-send-problem').map((p) => p.textContent)).toEqual([
      'WhatsApp does not allow a tab here.',
      'WhatsApp does not allow more than four spaces in a row.',
    ]);
    await type('template-send-param', 'Dana', 1);
    await type('template-send-param', 'the shop', 2);
    expect(within(screen.getByTestId('template-picker')).getByTestId('template-preview-body')).toHaveTextContent(
      'Hi Dana, your order is ready at the shop.',
    );
    await click('template-send');
    expect(backend.calls.sendTemplate).toEqual([
      {
        conversationId: expect.any(Number),
        name: 'order_ready',
        language: 'en_US',
        // In the template's parameter order: header, then body.
        values: ['#77', 'Dana', 'the shop'],
        header: null,
        copyCode: null,
      },
    ]);
    expect(screen.queryByTestId('template-picker')).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId('message').at(-1)).toHaveTextContent('Hi Dana, your order is ready at the shop.'));
  });

  it('shows why a marketing template cannot go to someone who opted out', async () => {
    const { backend } = await closedThread(true);
    await click('composer-template');
    await fireEvent.input(screen.getByTestId('template-picker-search'), { target: { value: 'sale' } });
    await settle();
    await click('template-picker-option', 0);
    await type('template-send-param', '50%');
    await click('template-send');
    expect(backend.calls.sendTemplate).toHaveLength(1);
    expect(screen.getByTestId('template-send-error')).toHaveTextContent('stopped marketing messages');
    expect(screen.getByTestId('template-picker')).toBeInTheDocument();
  });
});

describe('parameters in the engine\'s order', () => {
  it('lists header, body (numbered ones ascending), then URL buttons, as the values are sent', () => {
    const slots = definitionSlots({
      name: 'reorder',
      language: 'en_US',
      category: 'UTILITY',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'For {{1}}', example: { header_text: ['Ana'] } },
        { type: 'BODY', text: 'Pick up {{2}} at {{1}} today.', example: { body_text: [['the shop', 'order 7']] } },
        { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://example.com/t/{{1}}', example: ['https://example.com/t/LP1'] }] },
      ],
    });
    expect(slots.map((s) => [s.component, s.button, s.name, s.example])).toEqual([
      ['header', null, '1', 'Ana'],
      ['body', null, '1', 'the shop'],
      ['body', null, '2', 'order 7'],
      ['button', 0, '1', 'LP1'],
    ]);
  });
});
