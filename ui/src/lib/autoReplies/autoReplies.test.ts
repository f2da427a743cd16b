// The auto-replies dialog, driven like a user against the mock backend.

import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { MockBackend } from '../backend/mock';
import { BackendError } from '../backend/types';
import { bubble, openThread, renderApp, settle } from '../../test/app';
import { defaultAutoReplies } from './draft';

// Saturday 21 November 2026, 12:00 UTC.
const SATURDAY_NOON = Date.UTC(2026, 10, 21, 12, 0);

async function openDialog(): Promise<HTMLElement> {
  await fireEvent.click(screen.getByTestId('open-auto-replies'));
  await settle();
  return screen.getByTestId('auto-replies-dialog');
}

async function save(): Promise<void> {
  await fireEvent.click(screen.getByTestId('auto-replies-save'));
  await settle();
}

function fixedClock(backend: MockBackend): void {
  backend.now = () => SATURDAY_NOON;
  backend.autoReplySettings = { ...defaultAutoReplies(), timeZone: 'UTC' };
}

/// The problems shown in `container`, by field.
function problems(container: HTMLElement = document.body): Record<string, string> {
  return Object.fromEntries(
    within(container)
      .queryAllByTestId('auto-replies-problem')
      .map((p) => [p.getAttribute('data-field'), p.textContent]),
  );
}

describe('auto-replies', () => {
  it('shows the saved settings, with the opt-out defaults, and explains how replies combine', async () => {
    await renderApp();
    const dialog = await openDialog();
    expect(within(dialog).getByTestId('away-enabled')).not.toBeChecked();
    expect(within(dialog).getByTestId('away-schedule-always')).toBeChecked();
    expect(within(dialog).getByTestId('opt-out-enabled')).toBeChecked();
    expect(within(dialog).getByTestId('opt-out-keywords')).toHaveValue('STOP\nUNSUBSCRIBE\nהסר\nстоп');
    expect(within(dialog).getByTestId('greeting-quiet-days')).toHaveValue(14);
    expect(within(dialog).getByTestId('away-cooldown')).toHaveValue(6);
    expect(dialog).toHaveTextContent(/the greeting wins|When the greeting answers, the away message waits/);
  });

  it('switches the away message on for always and saves exactly that', async () => {
    const { backend } = await renderApp(fixedClock);
    const dialog = await openDialog();
    await fireEvent.click(within(dialog).getByTestId('away-enabled'));
    await fireEvent.click(within(dialog).getByTestId('away-schedule-custom'));
    await fireEvent.click(within(dialog).getByTestId('away-schedule-always'));
    await fireEvent.input(within(dialog).getByTestId('away-text'), { target: { value: 'Back on Sunday!' } });
    await fireEvent.input(within(dialog).getByTestId('away-cooldown'), { target: { value: '12' } });
    await save();

    expect(backend.calls.saveAutoReplies).toHaveLength(1);
    const sent = backend.calls.saveAutoReplies[0]!;
    expect(sent.away).toEqual({
      enabled: true,
      text: 'Back on Sunday!',
      schedule: { kind: 'always' },
      recipients: { kind: 'everyone' },
      cooldownMinutes: 720,
    });
    expect(sent.greeting?.enabled).toBe(false);
    expect(backend.autoReplySettings.away.enabled).toBe(true);
    expect(screen.getByTestId('auto-replies-saved')).toHaveTextContent('Auto-replies saved.');
    await waitFor(() => expect(screen.getByTestId('away-status')).toHaveTextContent('Away message is on now: always'));
  });

  it('shows the live status for outside business hours, with when the business opens', async () => {
    await renderApp(fixedClock);
    const dialog = await openDialog();
    await fireEvent.click(within(dialog).getByTestId('away-enabled'));
    await fireEvent.click(within(dialog).getByTestId('away-schedule-outside-hours'));
    const sunday = within(dialog).getAllByTestId('hours-day').find((d) => d.dataset.day === 'sunday')!;
    await fireEvent.click(within(sunday).getByTestId('interval-add'));
    await waitFor(() =>
      expect(screen.getByTestId('away-status')).toHaveTextContent(/Away message is on now: outside business hours \(opens Sunday 09:00/),
    );

    // Open on Saturday now: during business hours, closing at 17:00.
    const saturday = within(dialog).getAllByTestId('hours-day').find((d) => d.dataset.day === 'saturday')!;
    await fireEvent.click(within(saturday).getByTestId('interval-add'));
    await waitFor(() =>
      expect(screen.getByTestId('away-status')).toHaveTextContent(/Away message is not sent now: during business hours \(closes Saturday 0?5:00/),
    );
  });

  it('marks every problem next to its field, sends nothing, and loses no edit', async () => {
    const { backend } = await renderApp(fixedClock);
    const dialog = await openDialog();
    await fireEvent.click(within(dialog).getByTestId('away-enabled'));
    await fireEvent.input(within(dialog).getByTestId('away-text'), { target: { value: '   ' } });
    await fireEvent.click(within(dialog).getByTestId('away-schedule-custom'));
    await fireEvent.input(within(dialog).getByTestId('away-custom-start'), { target: { value: '2026-12-24T18:00' } });
    await fireEvent.input(within(dialog).getByTestId('away-custom-end'), { target: { value: '2026-12-20T08:00' } });
    await fireEvent.click(within(dialog).getByTestId('greeting-enabled'));
    await fireEvent.input(within(dialog).getByTestId('greeting-text'), { target: { value: 'Shalom!' } });
    await fireEvent.input(within(dialog).getByTestId('greeting-quiet-days'), { target: { value: '0' } });
    await fireEvent.input(within(dialog).getByTestId('time-zone'), { target: { value: 'Mars/Olympus' } });
    await fireEvent.input(within(dialog).getByTestId('away-cooldown'), { target: { value: '' } });
    await save();

    expect(backend.calls.saveAutoReplies).toEqual([]);
    expect(problems(within(dialog).getByTestId('away-section'))).toEqual({
      'away.text': 'Write the message, or switch it off.',
      'away.schedule': 'The away period must end after it starts.',
      'away.cooldown': 'Enter a number of hours, more than 0 and at most 720.',
    });
    expect(problems(within(dialog).getByTestId('greeting-section'))).toEqual({
      'greeting.quietDays': 'Enter a whole number from 1 to 365.',
    });
    expect(problems()['timeZone']).toBe('“Mars/Olympus” is not a time zone Parley knows: pick one from the list.');
    expect(within(dialog).getByTestId('away-text')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('auto-replies-error')).toHaveTextContent('Nothing was saved: fix the 5 problems marked below.');
    // Nothing typed was lost.
    expect(within(dialog).getByTestId('greeting-text')).toHaveValue('Shalom!');
    expect(within(dialog).getByTestId('away-custom-start')).toHaveValue('2026-12-24T18:00');

    // Fixing a field clears its problem at once; fixing all saves.
    await fireEvent.input(within(dialog).getByTestId('away-text'), { target: { value: 'Closed for the holidays' } });
    expect(problems()['away.text']).toBeUndefined();
    await fireEvent.input(within(dialog).getByTestId('away-custom-end'), { target: { value: '2026-12-27T08:00' } });
    await fireEvent.input(within(dialog).getByTestId('greeting-quiet-days'), { target: { value: '30' } });
    await fireEvent.input(within(dialog).getByTestId('time-zone'), { target: { value: 'asia/jerusalem' } });
    await fireEvent.input(within(dialog).getByTestId('away-cooldown'), { target: { value: '1.5' } });
    await save();
    expect(problems()).toEqual({});
    expect(backend.calls.saveAutoReplies).toHaveLength(1);
    expect(backend.autoReplySettings.away.schedule).toEqual({ kind: 'custom', start: '2026-12-24T18:00', end: '2026-12-27T08:00' });
    expect(backend.autoReplySettings.greeting).toMatchObject({ enabled: true, text: 'Shalom!', quietDays: 30 });
    expect(backend.autoReplySettings.away.cooldownMinutes).toBe(90);
    // Shown as the engine keeps it: the zone's canonical name.
    expect(within(dialog).getByTestId('time-zone')).toHaveValue('Asia/Jerusalem');
  });

  it('edits business hours: several intervals a day, overlaps refused, closed days and dates', async () => {
    const { backend } = await renderApp(fixedClock);
    const dialog = await openDialog();
    const day = (name: string) => within(dialog).getAllByTestId('hours-day').find((d) => d.dataset.day === name)!;

    const monday = day('monday');
    expect(within(monday).getByTestId('day-closed')).toHaveTextContent('Closed');
    await fireEvent.click(within(monday).getByTestId('interval-add'));
    await fireEvent.input(within(monday).getAllByTestId('interval-closes')[0]!, { target: { value: '13:00' } });
    await fireEvent.click(within(monday).getByTestId('interval-add'));
    // The second one starts where the first closes: set it to overlap.
    expect(within(monday).getAllByTestId('interval-opens')[1]).toHaveValue('13:00');
    await fireEvent.input(within(monday).getAllByTestId('interval-opens')[1]!, { target: { value: '12:00' } });
    await fireEvent.input(within(monday).getAllByTestId('interval-closes')[1]!, { target: { value: '18:00' } });
    expect(within(monday).queryByTestId('day-closed')).toBeNull();

    const friday = day('friday');
    await fireEvent.click(within(friday).getByTestId('interval-add'));
    await fireEvent.click(within(friday).getByTestId('interval-add'));
    await fireEvent.click(within(friday).getAllByTestId('interval-remove')[1]!);
    expect(within(friday).getAllByTestId('interval')).toHaveLength(1);

    await fireEvent.input(within(dialog).getByTestId('closed-date-new'), { target: { value: '2026-12-25' } });
    await fireEvent.click(within(dialog).getByTestId('closed-date-add'));
    await fireEvent.input(within(dialog).getByTestId('closed-date-new'), { target: { value: '2026-04-13' } });
    await fireEvent.click(within(dialog).getByTestId('closed-date-add'));
    expect(within(dialog).getAllByTestId('closed-date').map((d) => d.textContent?.trim().slice(0, 10))).toEqual(['2026-04-13', '2026-12-25']);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Remove 2026-04-13' }));
    await save();

    expect(backend.calls.saveAutoReplies).toEqual([]);
    expect(problems(monday)).toEqual({ 'hours.monday.1': 'These hours overlap with Monday 09:00–13:00.' });

    await fireEvent.input(within(monday).getAllByTestId('interval-opens')[1]!, { target: { value: '14:00' } });
    await save();
    expect(backend.calls.saveAutoReplies).toHaveLength(1);
    expect(backend.autoReplySettings.businessHours.monday).toEqual([
      { opens: '09:00', closes: '13:00' },
      { opens: '14:00', closes: '18:00' },
    ]);
    expect(backend.autoReplySettings.businessHours.friday).toEqual([{ opens: '09:00', closes: '17:00' }]);
    expect(backend.autoReplySettings.businessHours.tuesday).toEqual([]);
    expect(backend.autoReplySettings.closedDates).toEqual(['2026-12-25']);
  });

  it('adds, reorders, switches off and removes keyword replies; a keyword used twice is refused', async () => {
    const { backend } = await renderApp(fixedClock);
    const dialog = await openDialog();
    await fireEvent.click(within(dialog).getByTestId('keyword-add'));
    await fireEvent.click(within(dialog).getByTestId('keyword-add'));
    await fireEvent.click(within(dialog).getByTestId('keyword-add'));
    const rules = () => within(dialog).getAllByTestId('keyword-rule');
    const fill = async (index: number, keywords: string, reply: string) => {
      await fireEvent.input(within(rules()[index]!).getByTestId('keyword-rule-keywords'), { target: { value: keywords } });
      await fireEvent.input(within(rules()[index]!).getByTestId('keyword-rule-reply'), { target: { value: reply } });
    };
    await fill(0, 'price\nhow much', 'See our price list.');
    await fill(1, 'hours\n\n', 'We open at 9.');
    await fill(2, 'Stop', 'This one repeats an opt-out keyword.');
    await save();
    expect(backend.calls.saveAutoReplies).toEqual([]);
    // The engine checks the rules before the opt-out list, so the repeat is found there.
    expect(problems(within(dialog).getByTestId('opt-out-section'))).toEqual({ 'optOut.keywords': 'The keyword “STOP” is used twice.' });

    await fireEvent.click(within(rules()[2]!).getByTestId('keyword-rule-remove'));
    await fireEvent.click(within(rules()[1]!).getByTestId('keyword-rule-up'));
    await fireEvent.click(within(rules()[1]!).getByTestId('keyword-rule-enabled'));
    await fireEvent.change(within(rules()[0]!).getByTestId('keyword-rule-match'), { target: { value: 'wholeMessage' } });
    await save();

    expect(backend.calls.saveAutoReplies).toHaveLength(1);
    expect(backend.autoReplySettings.keywordReplies).toEqual([
      { enabled: true, keywords: ['hours'], reply: 'We open at 9.', matchMode: 'wholeMessage' },
      { enabled: false, keywords: ['price', 'how much'], reply: 'See our price list.', matchMode: 'anywhere' },
    ]);
  });

  it('chooses the contacts an away message goes to', async () => {
    const { backend } = await renderApp((b) => {
      fixedClock(b);
      b.customerWrites('972501234567', 'Dana Levi', 'hi');
      b.customerWrites('3725551234', 'Mari', 'tere');
    });
    const dialog = await openDialog();
    await fireEvent.click(within(dialog).getByTestId('away-enabled'));
    await fireEvent.change(within(dialog).getByTestId('away-recipients-kind'), { target: { value: 'onlyTo' } });
    await save();
    expect(problems()['away.recipients']).toBe('Choose at least one contact.');

    const add = within(dialog).getByTestId('away-recipients-add') as HTMLSelectElement;
    const dana = [...add.options].find((o) => o.textContent?.includes('Dana Levi'))!;
    await fireEvent.change(add, { target: { value: dana.value } });
    expect(within(dialog).getByTestId('away-recipients-chosen')).toHaveTextContent('Dana Levi (+972501234567)');
    await save();
    expect(backend.autoReplySettings.away.recipients).toEqual({ kind: 'onlyTo', contacts: [Number(dana.value)] });
  });

  it('tells an agent in plain words that only owners and managers may save, and keeps the edits', async () => {
    const { backend } = await renderApp((b) => {
      fixedClock(b);
      b.agentList = [{ id: 1, name: 'Avi', role: 'agent', hasSecret: false }];
    });
    const dialog = await openDialog();
    await fireEvent.click(within(dialog).getByTestId('away-enabled'));
    await fireEvent.input(within(dialog).getByTestId('away-text'), { target: { value: 'Gone fishing' } });
    await save();
    expect(backend.calls.saveAutoReplies).toHaveLength(1);
    expect(screen.getByTestId('auto-replies-error')).toHaveTextContent(
      'Only an owner or a manager can change the auto-replies. Your changes were not saved.',
    );
    expect(backend.autoReplySettings.away.enabled).toBe(false);
    expect(within(dialog).getByTestId('away-text')).toHaveValue('Gone fishing');
    expect(screen.queryByTestId('auto-replies-saved')).toBeNull();
  });

  it("shows the engine's own refusal in its section", async () => {
    const { backend } = await renderApp(fixedClock);
    const dialog = await openDialog();
    backend.failNext = { code: 'invalidSettings', message: 'The greeting has 5000 characters; WhatsApp allows at most 4096' };
    await save();
    expect(screen.getByTestId('auto-replies-error')).toHaveTextContent(
      'Nothing was saved: The greeting has 5000 characters; WhatsApp allows at most 4096',
    );
    expect(problems(within(dialog).getByTestId('greeting-section'))['greeting']).toMatch(/5000 characters/);
  });

  it('Cancel drops the edits', async () => {
    const { backend } = await renderApp(fixedClock);
    let dialog = await openDialog();
    await fireEvent.click(within(dialog).getByTestId('away-enabled'));
    await fireEvent.input(within(dialog).getByTestId('away-text'), { target: { value: 'never saved' } });
    await fireEvent.click(within(dialog).getByTestId('auto-replies-cancel'));
    await settle();
    expect(screen.queryByTestId('auto-replies-dialog')).toBeNull();
    expect(backend.calls.saveAutoReplies).toEqual([]);

    dialog = await openDialog();
    expect(within(dialog).getByTestId('away-enabled')).not.toBeChecked();
    expect(within(dialog).getByTestId('away-text')).not.toHaveValue('never saved');
  });

  it("proposes the computer's time zone until one is saved, and keeps a saved one", async () => {
    const original = Intl.DateTimeFormat.prototype.resolvedOptions;
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockImplementation(function (this: Intl.DateTimeFormat) {
      return { ...original.call(this), timeZone: 'Europe/Tallinn' };
    });
    try {
      const { backend } = await renderApp();
      let dialog = await openDialog();
      expect(within(dialog).getByTestId('time-zone')).toHaveValue('Europe/Tallinn');
      await fireEvent.click(within(dialog).getByTestId('auto-replies-cancel'));
      await settle();

      backend.autoReplySettings = { ...defaultAutoReplies(), timeZone: 'Asia/Jerusalem' };
      dialog = await openDialog();
      expect(within(dialog).getByTestId('time-zone')).toHaveValue('Asia/Jerusalem');
    } finally {
      spy.mockRestore();
    }
  });

  it('shows why the settings could not be loaded', async () => {
    const { backend } = await renderApp(fixedClock);
    backend.failNext = { code: 'storage', message: 'disk full' };
    const dialog = await openDialog();
    expect(within(dialog).getByTestId('auto-replies-load-error')).toHaveTextContent(
      'The auto-replies could not be loaded: Parley could not read or write its database: disk full',
    );
    expect(within(dialog).queryByTestId('auto-replies-save')).toBeNull();
  });
});

describe('why a customer message got no auto-reply', () => {
  it('asks on demand and says it in plain words', async () => {
    let held = 0;
    let greeted = 0;
    const { backend } = await openThread((b) => {
      const first = b.customerWrites('972501234567', 'Dana Levi', 'hi');
      const second = b.customerWrites('972501234567', 'Dana Levi', 'anyone?');
      greeted = first.id;
      held = second.id;
      b.autoReplyDecisions.set(first.id, {
        messageId: first.id,
        verdict: 'greeting',
        automation: 'greeting',
        replyMessageId: null,
        notSent: 'the 24-hour window had closed',
        decidedAt: SATURDAY_NOON,
      });
      b.autoReplyDecisions.set(second.id, {
        messageId: second.id,
        verdict: 'agentActive',
        automation: null,
        replyMessageId: null,
        notSent: null,
        decidedAt: SATURDAY_NOON,
      });
    });
    expect(backend.calls.autoReplyDecision).toEqual([]);

    await fireEvent.click(within(bubble({ id: held })).getByTestId('auto-reply-why'));
    await settle();
    expect(backend.calls.autoReplyDecision).toEqual([held]);
    expect(within(bubble({ id: held })).getByTestId('auto-reply-decision')).toHaveTextContent(
      'No auto-reply: an agent had just written to this customer.',
    );

    await fireEvent.click(within(bubble({ id: greeted })).getByTestId('auto-reply-why'));
    await settle();
    expect(within(bubble({ id: greeted })).getByTestId('auto-reply-decision')).toHaveTextContent(
      'An auto-reply was due but could not be sent: the 24-hour window had closed',
    );

    // Closing hides the answer; a message never decided says so.
    await fireEvent.click(within(bubble({ id: held })).getByTestId('auto-reply-why'));
    expect(within(bubble({ id: held })).queryByTestId('auto-reply-decision')).toBeNull();
    backend.autoReplyDecisions.delete(held);
    await fireEvent.click(within(bubble({ id: held })).getByTestId('auto-reply-why'));
    await settle();
    expect(within(bubble({ id: held })).getByTestId('auto-reply-decision')).toHaveTextContent(/No auto-reply was considered/);
  });
});

describe('the mock refuses what the engine refuses', () => {
  it('with the engine wording, the first problem only', async () => {
    const { backend } = await renderApp(fixedClock);
    const settings = defaultAutoReplies();
    settings.greeting.enabled = true;
    settings.greeting.text = '';
    settings.businessHours.sunday = [{ opens: '22:00', closes: '02:00' }];
    settings.businessHours.monday = [{ opens: '01:00', closes: '08:00' }];
    const refusal = await backend.saveAutoReplies(settings).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(BackendError);
    expect(refusal).toMatchObject({ code: 'invalidSettings', message: 'the business hours Monday 01:00-08:00 and Sunday 22:00-02:00 overlap' });

    settings.businessHours.monday = [{ opens: '2:00', closes: '8:00' }];
    await expect(backend.saveAutoReplies(settings)).rejects.toMatchObject({ message: 'The greeting needs a text' });
    settings.greeting.text = 'Hi';
    const saved = await backend.saveAutoReplies(settings);
    expect(saved.businessHours?.monday).toEqual([{ opens: '02:00', closes: '08:00' }]);
  });
});
