// Helpers of the coordinator, client and schedule tests.
import { RetrainClient } from '../../../src/client';
import type { CoordinatorView } from '../../../src/workflows/coordinator-view';
import { eventually, type TestStack } from '../retrain/stack';

export function retrainClientOf(t: TestStack): RetrainClient {
  return new RetrainClient({ client: t.client, taskQueue: t.taskQueue });
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; results in item order. */
export async function inBatches<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

export async function submissionsOf(t: TestStack, modelId: string): Promise<number> {
  return (await t.control.submissions()).byModel[modelId] ?? 0;
}

/** Waits until the coordinator's view satisfies `check`. */
export function coordinatorWhen(client: RetrainClient, domain: 'vision' | 'language', modelId: string, check: (view: CoordinatorView) => boolean, timeoutMs = 60_000): Promise<CoordinatorView> {
  return eventually(async () => {
    const view = await client.coordinatorState(domain, modelId).catch(() => undefined);
    return view && check(view) ? view : undefined;
  }, timeoutMs, 200);
}

/** The coordinator is idle: nothing running, nothing pending. */
export const idle = (view: CoordinatorView) => view.running === undefined && view.pending === undefined;
