// The people at the desk: who is there, switching (with PINs), locking, and managing the
// team with the engine's role rules, against the in-memory backend.

import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { MockBackend } from '../backend/mock';
import type { Agent } from '../ipc/bindings';
import { renderApp, settle } from '../../test/app';

interface People {
  maya: Agent;
  avi: Agent;
}

/// Noam (owner, at the desk), Maya (manager) and Avi (agent), as the demo has them.
function seedTeam(b: MockBackend, secrets: { maya?: string; avi?: string } = {}): People {
  b.agentList = [{ id: 1, name: 'Noam', role: 'owner', hasSecret: false }];
  const maya = b.seedAgent('Maya', 'manager', secrets.maya ?? null);
  const avi = b.seedAgent('Avi', 'agent', secrets.avi ?? null);
  b.customerWrites('972501234567', 'Dana Levi', 'Size 38?');
  return { maya, avi };
}

async function openDeskMenu(): Promise<HTMLElement> {
  await fireEvent.click(screen.getByTestId('desk-menu'));
  await settle();
  return screen.getByRole('menu');
}

async function switchTo(name: string): Promise<void> {
  const menu = await openDeskMenu();
  await fireEvent.click(within(menu).getByRole('menuitem', { name: `Switch to ${name}` }));
  await settle();
}

async function openTeam(): Promise<HTMLElement> {
  const menu = await openDeskMenu();
  await fireEvent.click(within(menu).getByTestId('open-team'));
  await settle();
  return screen.getByTestId('team-dialog');
}

function member(dialog: HTMLElement, name: string): HTMLElement {
  const found = within(dialog)
    .getAllByTestId('team-member')
    .find((m) => within(m).queryByTestId('team-member-name')?.textContent?.startsWith(name));
  if (!found) throw new Error(`no member ${name}`);
  return found;
}

describe('the desk', () => {
  it('shows who is at the desk and switches to a profile without a PIN', async () => {
    let people!: People;
    const { backend } = await renderApp((b) => (people = seedTeam(b)));
    expect(screen.getByTestId('desk-agent')).toHaveTextContent('Noam · Owner');

    await switchTo('Maya');
    expect(backend.calls.unlockDesk).toEqual([{ agentId: people.maya.id, secret: '' }]);
    expect(screen.getByTestId('desk-agent')).toHaveTextContent('Maya · Manager');
    // The shell reloads the window for the new person: the inbox is there, read again.
    expect(screen.getAllByTestId('conversation-row')).toHaveLength(1);
  });

  it('asks the PIN of a profile that has one and says so plainly when it is wrong', async () => {
    const { backend } = await renderApp((b) => seedTeam(b, { maya: '2468' }));
    await switchTo('Maya');
    const dialog = screen.getByTestId('switch-dialog');
    await fireEvent.input(within(dialog).getByTestId('pin-input'), { target: { value: '1111' } });
    await fireEvent.click(within(dialog).getByTestId('pin-submit'));
    await settle();
    expect(within(dialog).getByTestId('pin-error')).toHaveTextContent('That PIN or password is not right.');
    expect(screen.getByTestId('desk-agent')).toHaveTextContent('Noam · Owner');

    await fireEvent.input(within(dialog).getByTestId('pin-input'), { target: { value: '2468' } });
    await fireEvent.click(within(dialog).getByTestId('pin-submit'));
    await settle();
    expect(screen.queryByTestId('switch-dialog')).toBeNull();
    expect(screen.getByTestId('desk-agent')).toHaveTextContent('Maya · Manager');
    expect(backend.calls.unlockDesk.map((c) => c.secret)).toEqual(['1111', '2468']);
  });

  it('locks: the profile chooser replaces the inbox until someone chooses their profile', async () => {
    const { backend } = await renderApp((b) => seedTeam(b, { maya: '2468' }));
    const menu = await openDeskMenu();
    await fireEvent.click(within(menu).getByTestId('lock-desk'));
    await settle();
    expect(backend.calls.lockDesk).toBe(1);
    expect(screen.getByTestId('lock-screen')).toBeInTheDocument();
    expect(screen.queryByTestId('conversation-row')).toBeNull();
    expect(screen.queryByTestId('app')).toBeNull();

    // Maya's profile asks for her PIN; a wrong one keeps the desk locked.
    const maya = screen.getAllByTestId('profile-option').find((p) => p.textContent?.includes('Maya'))!;
    await fireEvent.click(maya);
    await fireEvent.input(screen.getByTestId('pin-input'), { target: { value: '0000' } });
    await fireEvent.click(screen.getByTestId('pin-submit'));
    await settle();
    expect(screen.getByTestId('pin-error')).toHaveTextContent('That PIN or password is not right.');
    expect(screen.getByTestId('lock-screen')).toBeInTheDocument();

    await fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    const avi = screen.getAllByTestId('profile-option').find((p) => p.textContent?.includes('Avi'))!;
    await fireEvent.click(avi);
    await settle();
    expect(screen.queryByTestId('lock-screen')).toBeNull();
    expect(screen.getByTestId('desk-agent')).toHaveTextContent('Avi · Agent');
    expect(screen.getAllByTestId('conversation-row')).toHaveLength(1);
  });

  it('opens at the profile chooser when nobody is seated; the inbox is refused meanwhile', async () => {
    const { backend } = await renderApp((b) => {
      seedTeam(b);
      b.seat(null);
    });
    expect(screen.getByTestId('lock-screen')).toBeInTheDocument();
    await expect(backend.listConversations({}, null, 10)).rejects.toMatchObject({ code: 'locked' });
    const noam = screen.getAllByTestId('profile-option').find((p) => p.textContent?.includes('Noam'))!;
    await fireEvent.click(noam);
    await settle();
    expect(screen.getByTestId('desk-agent')).toHaveTextContent('Noam · Owner');
    expect(screen.getAllByTestId('conversation-row')).toHaveLength(1);
  });

  it('hides the account and tunnel settings from agents', async () => {
    await renderApp((b) => seedTeam(b));
    expect(screen.getByTestId('open-settings')).toBeInTheDocument();
    await switchTo('Avi');
    expect(screen.getByTestId('desk-agent')).toHaveTextContent('Avi · Agent');
    expect(screen.queryByTestId('open-settings')).toBeNull();
  });
});

describe('managing the team', () => {
  it('adds a profile with a name, a role and a PIN, which switching then asks', async () => {
    const { backend } = await renderApp((b) => seedTeam(b));
    const dialog = await openTeam();
    await fireEvent.input(within(dialog).getByTestId('team-add-name'), { target: { value: '  Lea  ' } });
    await fireEvent.change(within(dialog).getByTestId('team-add-role'), { target: { value: 'manager' } });
    await fireEvent.input(within(dialog).getByTestId('team-add-secret'), { target: { value: '12' } });
    await fireEvent.click(within(dialog).getByTestId('team-add-save'));
    await settle();
    expect(within(dialog).getByTestId('team-error')).toHaveTextContent('A PIN or password needs at least 4 characters.');
    expect(backend.calls.addAgent).toEqual([]);

    await fireEvent.input(within(dialog).getByTestId('team-add-secret'), { target: { value: '1357' } });
    await fireEvent.click(within(dialog).getByTestId('team-add-save'));
    await settle();
    expect(backend.calls.addAgent).toEqual([{ name: '  Lea  ', role: 'manager', secret: '1357' }]);
    const lea = member(dialog, 'Lea');
    expect(within(lea).getByTestId('team-member-role')).toHaveTextContent('Manager');
    expect(lea).toHaveTextContent('PIN set');

    await fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await switchTo('Lea');
    expect(screen.getByTestId('switch-dialog')).toBeInTheDocument();
  });

  it('renames, changes a role, and sets and removes a PIN', async () => {
    let people!: People;
    const { backend } = await renderApp((b) => (people = seedTeam(b)));
    const dialog = await openTeam();
    await fireEvent.click(within(member(dialog, 'Avi')).getByTestId('team-edit'));
    await fireEvent.input(within(dialog).getByTestId('team-edit-name'), { target: { value: 'Avi Ben-David' } });
    await fireEvent.change(within(dialog).getByTestId('team-edit-role'), { target: { value: 'manager' } });
    await fireEvent.click(within(dialog).getByTestId('team-edit-save'));
    await settle();
    expect(backend.calls.updateAgent).toEqual([{ agentId: people.avi.id, name: 'Avi Ben-David', role: 'manager' }]);
    expect(within(member(dialog, 'Avi Ben-David')).getByTestId('team-member-role')).toHaveTextContent('Manager');

    await fireEvent.click(within(member(dialog, 'Avi Ben-David')).getByTestId('team-secret'));
    await fireEvent.input(within(dialog).getByTestId('team-secret-input'), { target: { value: '9999' } });
    await fireEvent.click(within(dialog).getByTestId('team-secret-save'));
    await settle();
    expect(within(dialog).getByRole('status')).toHaveTextContent('The PIN of Avi Ben-David was saved.');
    expect(member(dialog, 'Avi Ben-David')).toHaveTextContent('PIN set');

    await fireEvent.click(within(member(dialog, 'Avi Ben-David')).getByTestId('team-secret-remove'));
    await settle();
    expect(backend.calls.setAgentSecret).toEqual([
      { agentId: people.avi.id, secret: '9999' },
      { agentId: people.avi.id, secret: null },
    ]);
    expect(member(dialog, 'Avi Ben-David')).toHaveTextContent('No PIN');
  });

  it('keeps one owner: the engine refuses, in plain words, and nothing changes', async () => {
    const { backend } = await renderApp((b) => seedTeam(b));
    const dialog = await openTeam();
    await fireEvent.click(within(member(dialog, 'Noam')).getByTestId('team-edit'));
    await fireEvent.change(within(dialog).getByTestId('team-edit-role'), { target: { value: 'manager' } });
    await fireEvent.click(within(dialog).getByTestId('team-edit-save'));
    await settle();
    expect(within(dialog).getByTestId('team-error')).toHaveTextContent(
      'Your role does not allow this: this is the only owner: make someone else an owner first',
    );
    expect(backend.agentList.find((a) => a.id === 1)?.role).toBe('owner');
    expect(screen.getByTestId('desk-agent')).toHaveTextContent('Noam · Owner');
  });

  it('deletes a profile after asking; their conversations become unassigned', async () => {
    let people!: People;
    const { backend } = await renderApp((b) => {
      people = seedTeam(b);
      void b.assignConversation(1, people.avi.id);
    });
    const dialog = await openTeam();
    expect(within(member(dialog, 'Noam')).queryByTestId('team-delete')).toBeNull();
    await fireEvent.click(within(member(dialog, 'Avi')).getByTestId('team-delete'));
    expect(within(dialog).getByText('Delete the profile of Avi? Messages they sent keep their name.')).toBeInTheDocument();
    expect(backend.calls.deleteAgent).toEqual([]);
    await fireEvent.click(within(dialog).getByTestId('team-delete-confirm'));
    await settle();
    expect(backend.calls.deleteAgent).toEqual([people.avi.id]);
    expect(within(dialog).getAllByTestId('team-member')).toHaveLength(2);
    const page = await backend.listConversations({ view: 'unassigned' }, null, 10);
    expect(page.conversations).toHaveLength(1);
  });

  it('lets a manager run the team but not touch owners', async () => {
    const { backend } = await renderApp((b) => {
      seedTeam(b);
      b.seat(2);
    });
    expect(screen.getByTestId('desk-agent')).toHaveTextContent('Maya · Manager');
    const dialog = await openTeam();
    expect(within(member(dialog, 'Noam')).queryByTestId('team-edit')).toBeNull();
    const roles = within(within(dialog).getByTestId('team-add-form')).getAllByRole('option').map((o) => o.textContent);
    expect(roles).toEqual(['Manager', 'Agent']);
    // The engine's rule, which the mock mirrors, should the UI ever offer it.
    await expect(backend.addAgent({ name: 'Boss', role: 'owner', secret: null })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(backend.deleteAgent(1)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('lets an agent rename themselves only', async () => {
    const { backend } = await renderApp((b) => {
      seedTeam(b);
      b.seat(3);
    });
    const dialog = await openTeam();
    expect(within(dialog).getByText(/Only an owner or a manager can change the team/)).toBeInTheDocument();
    expect(within(dialog).queryByTestId('team-add-form')).toBeNull();
    expect(within(member(dialog, 'Noam')).queryByTestId('team-edit')).toBeNull();
    await fireEvent.click(within(member(dialog, 'Avi')).getByTestId('team-edit'));
    await fireEvent.input(within(dialog).getByTestId('team-edit-name'), { target: { value: 'Avi B.' } });
    await fireEvent.click(within(dialog).getByTestId('team-edit-save'));
    await settle();
    expect(screen.getByTestId('desk-agent')).toHaveTextContent('Avi B. · Agent');
    await expect(backend.addAgent({ name: 'X', role: 'agent', secret: null })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'only an owner or a manager may manage profiles',
    });
  });
});
