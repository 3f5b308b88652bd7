// The abort signal of the work that is making Einstein calls (an activity attempt), carried implicitly so that every
// request of that work — token mints and the state lookups that explain a refusal included — is aborted when the
// attempt times out or is cancelled. Without it, a POST whose attempt gave up could still be in flight and land
// later, after the next attempt already looked.
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` so that every Einstein request it makes is aborted when `signal` fires. */
export function withAbortSignal<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return scope.run(signal, work);
}

/** The signal of the current scope, if any. */
export function currentAbortSignal(): AbortSignal | undefined {
  return scope.getStore();
}
