// How the coordinator starts a retrain and learns that it closed. The child is abandoned on parent close, so the
// coordinator can continue-as-new while it runs: the run that started it awaits its result; a later run watches it
// through an activity that polls its status. Either way a close is noticed without any message from the child.
import type { Domain } from '../contract/ids';
import {
  log,
  ParentClosePolicy,
  proxyActivities,
  sleep,
  startChild,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure, CancelledFailure, ChildWorkflowFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import type { CoordinationActivities } from '../activities/coordination';
import type { RetrainLaunch, RunClosure } from './coordinator-decisions';
import type { retrainModel, RetrainResult } from './retrain-model';
import { DOMAIN, MODEL_ID, TRIGGER_SOURCE } from './search-attributes';
import { RETRAIN_WORKFLOW_TYPE } from './workflow-ids';
import { retrainStaticDetails, retrainSummary } from './run-details';

const { findOpenRetrain } = proxyActivities<CoordinationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1s', maximumAttempts: 3 },
});

export const WATCH_ATTEMPT_MS = 10 * 60_000;

function watchActivity() {
  return proxyActivities<CoordinationActivities>({
    startToCloseTimeout: WATCH_ATTEMPT_MS + 60_000,
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
  }).awaitRetrainClose;
}

export function startRetrainChild(launch: RetrainLaunch): Promise<ChildWorkflowHandle<typeof retrainModel>> {
  const { input } = launch;
  return startChild<typeof retrainModel>(RETRAIN_WORKFLOW_TYPE, {
    workflowId: launch.workflowId,
    args: [input],
    // The coordinator may continue-as-new while the run goes on; the next coordinator run watches it.
    parentClosePolicy: ParentClosePolicy.ABANDON,
    workflowExecutionTimeout: launch.executionTimeoutMs,
    staticSummary: retrainSummary(input),
    staticDetails: retrainStaticDetails(input),
    typedSearchAttributes: [
      { key: MODEL_ID, value: input.modelId },
      { key: DOMAIN, value: input.domain },
      { key: TRIGGER_SOURCE, value: input.trigger.source },
    ],
  });
}

/** Awaits the child started by this coordinator run and says how it closed. */
export async function childClosure(handle: ChildWorkflowHandle<typeof retrainModel>): Promise<RunClosure> {
  const workflowId = handle.workflowId;
  try {
    const result: RetrainResult = await handle.result();
    return { workflowId, status: 'COMPLETED', outcome: result.report.outcome };
  } catch (error) {
    return { workflowId, ...closureOfFailure(error) };
  }
}

export function closureOfFailure(error: unknown): Omit<RunClosure, 'workflowId'> {
  const cause = error instanceof ChildWorkflowFailure ? error.cause : error;
  if (cause instanceof CancelledFailure) return { status: 'CANCELLED', outcome: 'CANCELLED' };
  if (cause instanceof TerminatedFailure) return { status: 'TERMINATED' };
  if (cause instanceof TimeoutFailure) return { status: 'TIMED_OUT', outcome: 'TIMED_OUT' };
  if (cause instanceof ApplicationFailure) {
    const details = cause.details?.[0] as { outcome?: string } | undefined;
    return { status: 'FAILED', ...(details?.outcome && { outcome: details.outcome }), message: cause.message };
  }
  return { status: 'FAILED', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Watches a run this coordinator run did not start (it was started before a continue-as-new, or adopted), one
 * bounded activity attempt after another, until it closes or `stillWatched` says it no longer matters.
 */
export async function watchRun(
  run: { workflowId: string; runId?: string },
  poll: { min: number; max: number },
  stillWatched: () => boolean,
): Promise<RunClosure | undefined> {
  const awaitRetrainClose = watchActivity();
  while (stillWatched()) {
    try {
      const result = await awaitRetrainClose.executeWithOptions({ summary: `watch retrain ${run.workflowId} until it closes` }, [
        { workflowId: run.workflowId, runId: run.runId, maxWaitMs: WATCH_ATTEMPT_MS, minPollMs: poll.min, maxPollMs: poll.max },
      ]);
      if (result.closed) return result;
    } catch (error) {
      // Each watch is bounded (20 attempts); the coordinator must outlive a Temporal outage, so it pauses and
      // watches again rather than failing with the run still open.
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('Watching a retrain failed; watching again in 5 minutes', { workflowId: run.workflowId, error: error.cause?.message });
      await sleep('5 minutes', { summary: `watch ${run.workflowId} again after a failed watch` });
    }
  }
  return undefined;
}

/** A run of the model that is open although no coordinator knows it (its coordinator was terminated), if any. */
export async function openRunOfModel(domain: Domain, modelId: string) {
  try {
    return await findOpenRetrain.executeWithOptions({ summary: `look for an open retrain of ${domain} model ${modelId} that nobody watches` }, [{ domain, modelId }]);
  } catch {
    return null; // visibility unavailable: the retrain itself still waits for a busy dataset
  }
}
