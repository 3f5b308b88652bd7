// Tiny workflows that prove the Temporal servers work; the product's own workflows have their own tests.
import { sleep, proxyActivities } from '@temporalio/workflow';

const { echo } = proxyActivities<{ echo(text: string): Promise<string> }>({ startToCloseTimeout: '10s' });

export async function greetAfter(name: string, delayMs: number): Promise<string> {
  await sleep(delayMs);
  return echo(`hello ${name}`);
}
