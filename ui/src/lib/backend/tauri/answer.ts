// The generated commands answer `{ status, data | error }`; the `Backend` resolves with the
// data or throws a `BackendError`.

import type { CommandError } from '../../ipc/bindings';
import { BackendError } from '../types';

type Answer<T> = { status: 'ok'; data: T } | { status: 'error'; error: CommandError };

export async function unwrap<T>(answer: Promise<Answer<T>>): Promise<T> {
  const result = await answer;
  if (result.status === 'error') throw new BackendError(result.error);
  return result.data;
}

export async function done(answer: Promise<Answer<null>>): Promise<void> {
  await unwrap(answer);
}
