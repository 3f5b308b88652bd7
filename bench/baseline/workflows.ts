/**
 * The naive baseline the scale bench compares against: what a team writes first on Temporal — submit the retrain,
 * then a fixed 5 s timer loop around a status-check activity until a terminal status. No inspection, no report, no
 * adaptive polling; its history grows with every check.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { BaselineActivities, BaselineStatus } from './activities';

export const BASELINE_POLL_INTERVAL_MS = 5_000;
const TERMINAL = ['SUCCEEDED', 'FAILED', 'KILLED', 'FAILED_WITH_RETRIES'];

export interface NaiveRetrainInput {
  domain: 'vision' | 'language';
  modelId: string;
}

export interface NaiveRetrainResult {
  modelId: string;
  status: string;
  /** When the retrain was submitted and when a check first saw the terminal status (epoch ms, the worker's clock). */
  submittedAtMs: number;
  seenAtMs: number;
  checks: number;
}

const { submitRetrain, checkStatus } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumAttempts: 10 },
});

export async function naiveRetrain(input: NaiveRetrainInput): Promise<NaiveRetrainResult> {
  const submitted = await submitRetrain(input);
  let last: BaselineStatus = submitted;
  let checks = 0;
  while (!TERMINAL.includes(last.status)) {
    await sleep(BASELINE_POLL_INTERVAL_MS);
    last = await checkStatus(input);
    checks += 1;
  }
  return { modelId: input.modelId, status: last.status, submittedAtMs: submitted.atMs, seenAtMs: last.atMs, checks };
}
