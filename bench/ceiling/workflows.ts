/**
 * The ceiling bench:overhead compares the product against: the least a workflow can do on Temporal and still do
 * something — one local activity, then return. What a dev server and one worker carry of these per second, on the
 * same stack and in the same run, is the most any orchestrator built on them could reach.
 */
import { proxyLocalActivities } from '@temporalio/workflow';
import type { NoopActivities } from './activities';

const { noop } = proxyLocalActivities<NoopActivities>({ startToCloseTimeout: '10 seconds' });

export async function noopWorkflow(): Promise<number> {
  return noop();
}
