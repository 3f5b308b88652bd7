// Counts Einstein API calls per activity execution. The client reports every HTTP exchange (token requests
// included) to one `onCall` hook; an AsyncLocalStorage scope attributes each call to the activity that made it.
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<{ calls: number }>();

/** Give this to `EinsteinClient`'s `onCall` option. */
export function recordApiCall(): void {
  const counter = scope.getStore();
  if (counter) counter.calls += 1;
}

/**
 * Runs `work` and returns its result with the number of API calls it made. The counter is the caller's when given,
 * so calls made before a failure can still be read after it.
 */
export async function countingApiCalls<T>(
  work: () => Promise<T>,
  counter: { calls: number } = { calls: 0 },
): Promise<{ result: T; apiCalls: number }> {
  const result = await scope.run(counter, work);
  return { result, apiCalls: counter.calls };
}
