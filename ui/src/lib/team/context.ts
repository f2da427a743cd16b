// The team's stores, handed from App.svelte to the components deep in the inbox (rows,
// bubbles, the thread header) without threading them through components other features own.
// Components rendered without them (alone in a test) show none of the team's parts.

import { getContext, setContext } from 'svelte';
import type { Labels } from '../labels/labels.svelte';
import type { Team } from './team.svelte';
import type { Triage } from './triage.svelte';

export interface Desk {
  team: Team;
  triage: Triage;
  labels: Labels;
}

const KEY = Symbol('desk');

export function setDeskContext(desk: Desk): void {
  setContext(KEY, desk);
}

export function deskContext(): Desk | undefined {
  return getContext<Desk | undefined>(KEY);
}
