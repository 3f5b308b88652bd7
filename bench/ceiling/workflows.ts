/**
 * The ceilings bench:overhead compares the product against.
 *
 * - `noopWorkflow`: the least a workflow can do on Temporal and still do something — one local activity, then
 *   return. What a dev server and one worker carry of these per second, on the same stack and in the same run, is the
 *   most any orchestrator built on them could reach.
 * - `shapeWorkflow`: the least a workflow of the retrain's shape costs — a local activity, one regular activity (the
 *   part that must outlive a workflow task: a training is followed for minutes to hours), then a local activity and
 *   return. Two workflow tasks and one activity task, as a retrain, with no work in any of them: what is left between
 *   it and `noopWorkflow` is the price of the shape, and between the retrain and it, the price of the product.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { NoopActivities } from './activities';

const { noop } = proxyLocalActivities<NoopActivities>({ startToCloseTimeout: '10 seconds' });
const regular = proxyActivities<NoopActivities>({ startToCloseTimeout: '10 seconds' });

export async function noopWorkflow(): Promise<number> {
  return noop();
}

export async function shapeWorkflow(): Promise<number> {
  const begun = await noop();
  await regular.noop();
  await noop();
  return begun;
}
