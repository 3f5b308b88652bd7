// Timeouts and retry policies of the retrain's activities, in one place. Type-only import of the activities keeps
// Node code out of the workflow bundle.
import { proxyActivities } from '@temporalio/workflow';
import type { RetrainActivities } from '../activities';

/**
 * Errors that no retry can fix: they fail the activity on its first attempt. Einstein errors that are sometimes
 * permanent (UnauthenticatedError, MalformedResponseError) are not listed: each failure says itself whether it is
 * (`nonRetryable`). Programming errors are listed because retrying the same code on the same input cannot help.
 */
export const PERMANENT_ERRORS = [
  'ModelNotFoundError',
  'DatasetDeletedError',
  'InvalidRequestError',
  'SinkPermanentError',
  'UnknownSink',
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
];

const quickCalls = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20, nonRetryableErrorTypes: PERMANENT_ERRORS },
} as const;

export const { inspectModel, fetchMetrics, reportSinks } = proxyActivities<RetrainActivities>(quickCalls);

/** Submit: a worker that dies mid-attempt is noticed after `startToCloseTimeout`; the retry then adopts its POST. */
export function submitActivity(attemptTimeoutMs: number) {
  return proxyActivities<RetrainActivities>({ ...quickCalls, startToCloseTimeout: attemptTimeoutMs }).submitRetrain;
}

/**
 * Polling: every attempt is one status call and the scheduler sets each retry delay, so the retry policy only needs
 * no attempt limit; the caller bounds the whole wait with `scheduleToCloseTimeout`.
 */
export function pollActivity(scheduleToCloseTimeoutMs: number) {
  return proxyActivities<RetrainActivities>({
    startToCloseTimeout: '1 minute',
    scheduleToCloseTimeout: Math.max(1_000, scheduleToCloseTimeoutMs),
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: PERMANENT_ERRORS },
  }).pollTraining;
}

/** Sinks: retried durably for a day; a sink that stays down only delays its own delivery. */
export const { emitReport } = proxyActivities<RetrainActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: PERMANENT_ERRORS },
});
