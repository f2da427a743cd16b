// Who is at the desk and the team's profiles, as the UI holds them. Switching profile or
// locking makes the shell reload the window (`reload`): every store then reads again what
// the new person sees (their unread counts, "Mine").

import type { Agent, AgentId, AgentInput, Desk, Role } from '../ipc/bindings';
import type { EventsBackend, TeamBackend, Unlisten } from '../backend/types';
import { commandErrorText } from '../inbox/failure';

/// The parts of the `Backend` the team uses.
export type TeamDeps = Pick<
  TeamBackend,
  'desk' | 'unlockDesk' | 'lockDesk' | 'addAgent' | 'updateAgent' | 'setAgentSecret' | 'deleteAgent'
> &
  EventsBackend;

/// Owners and managers manage profiles, labels and settings; agents answer customers.
export function mayManage(role: Role | undefined): boolean {
  return role === 'owner' || role === 'manager';
}

/// Whether someone with role `by` may give `role` to a profile or edit one that has it.
export function mayAssignRole(by: Role | undefined, role: Role): boolean {
  return by === 'owner' || (by === 'manager' && role !== 'owner');
}

export class Team {
  desk = $state<Desk | null>(null);
  loadError = $state<string | null>(null);

  readonly #backend: TeamDeps;

  constructor(backend: TeamDeps) {
    this.#backend = backend;
  }

  /// The profile at the desk; `null` while locked or not loaded yet.
  get me(): Agent | null {
    return this.desk?.agent ?? null;
  }

  get agents(): Agent[] {
    return this.desk?.agents ?? [];
  }

  /// Nobody is at the desk: the profile chooser shows instead of the inbox.
  get locked(): boolean {
    return this.desk !== null && this.desk.agent === null;
  }

  get mayManage(): boolean {
    return mayManage(this.me?.role);
  }

  async start(): Promise<Unlisten> {
    const stop = await this.#backend.onInboxEvent((event) => {
      if (event.kind === 'reload') void this.load();
    });
    await this.load();
    return stop;
  }

  async load(): Promise<void> {
    try {
      this.desk = await this.#backend.desk();
      this.loadError = null;
    } catch (error) {
      this.loadError = commandErrorText(error);
    }
  }

  /// Sits `agentId` at the desk; the error in plain words when refused (a wrong PIN).
  unlock(agentId: AgentId, secret: string): Promise<string | null> {
    return this.#run(async () => {
      this.desk = await this.#backend.unlockDesk(agentId, secret);
    });
  }

  lock(): Promise<string | null> {
    return this.#run(async () => {
      this.desk = await this.#backend.lockDesk();
    });
  }

  addAgent(input: AgentInput): Promise<string | null> {
    return this.#change(() => this.#backend.addAgent(input));
  }

  updateAgent(agentId: AgentId, name: string, role: Role): Promise<string | null> {
    return this.#change(() => this.#backend.updateAgent(agentId, name, role));
  }

  /// Sets, or with `null` removes, a profile's PIN or password.
  setSecret(agentId: AgentId, secret: string | null): Promise<string | null> {
    return this.#change(() => this.#backend.setAgentSecret(agentId, secret));
  }

  deleteAgent(agentId: AgentId): Promise<string | null> {
    return this.#change(() => this.#backend.deleteAgent(agentId));
  }

  /// Runs a change to the profiles and reads the desk again (names, roles, PINs moved).
  #change(action: () => Promise<unknown>): Promise<string | null> {
    return this.#run(async () => {
      await action();
      this.desk = await this.#backend.desk();
    });
  }

  async #run(action: () => Promise<void>): Promise<string | null> {
    try {
      await action();
      return null;
    } catch (error) {
      return commandErrorText(error);
    }
  }
}
