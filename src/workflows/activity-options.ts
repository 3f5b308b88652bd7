// Timeouts and retry policies of the retrain's activities, in one place. Type-only import of the activities keeps
// Node code out of the workflow bundle.
import { isCancellation, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { ActivityFailure, RetryState, TemporalFailure } from '@temporalio/common';
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
  'ReportInputError',
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
];

const quickCalls = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20, nonRetryableErrorTypes: PERMANENT_ERRORS },
} as const;

export const { reportSinks } = proxyActivities<RetrainActivities>(quickCalls);

/**
 * The quick reads (inspect, metrics) run as local activities: their result is one marker event in the workflow task
 * that asked for them instead of a task of their own (six events and two round trips each). They only read, so
 * running one again (a local retry starts at attempt 1; a worker lost before its task completed re-runs it) is
 * harmless: the inspect that sets the baseline is recorded in the same task that schedules the first submit.
 * Retries beyond `localRetryThreshold` wait on a durable timer.
 */
const localReads = proxyLocalActivities<RetrainActivities>({ ...quickCalls, localRetryThreshold: '10 seconds' });

export function inspectModel(summary: string, input: Parameters<RetrainActivities['inspectModel']>[0]) {
  return asActivityFailure('inspectModel', localReads.inspectModel.executeWithOptions({ summary }, [input]));
}

export function fetchMetrics(summary: string, input: Parameters<RetrainActivities['fetchMetrics']>[0]) {
  return asActivityFailure('fetchMetrics', localReads.fetchMetrics.executeWithOptions({ summary }, [input]));
}

/**
 * The end of a retrain: read the new metrics, build the report, deliver it to every sink (src/activities/finish-report.ts). A local
 * activity, so the common path costs one marker instead of a report child workflow. It must not hold the workflow
 * task for long: each attempt is bounded (`startToCloseTimeout`), and each sink inside it is bounded shorter
 * (INLINE_SINK_TIMEOUT_MS); a sink that fails or is slow is returned, not thrown, and goes to the `deliverReport`
 * child. Attempts fail only when the metrics read (or the build) does, so the retries are the read's, as for
 * `fetchMetrics`; beyond `localRetryThreshold` they wait on a durable timer, not inside the task.
 * At least once: an attempt re-run after a crash or a timeout delivers again, with the same report id (the
 * idempotency key receivers and the history store deduplicate by).
 */
const localReport = proxyLocalActivities<RetrainActivities>({ ...quickCalls, startToCloseTimeout: '30 seconds', localRetryThreshold: '10 seconds' });

export function finishReport(summary: string, input: Parameters<RetrainActivities['finishReport']>[0]) {
  return asActivityFailure('finishReport', localReport.finishReport.executeWithOptions({ summary }, [input]));
}

/**
 * A local activity that fails for good may reach the workflow as its bare cause (an ApplicationFailure) rather than
 * wrapped in an ActivityFailure as a regular activity's does; the retrain's failure handling reads both alike.
 */
async function asActivityFailure<T>(activityType: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ActivityFailure || isCancellation(error) || !(error instanceof TemporalFailure)) throw error;
    throw new ActivityFailure(error.message, activityType, undefined, RetryState.NON_RETRYABLE_FAILURE, undefined, error);
  }
}

/** Submit: a worker that dies mid-attempt is noticed after `startToCloseTimeout`; the retry then adopts its POST. */
export function submitActivity(attemptTimeoutMs: number) {
  return proxyActivities<RetrainActivities>({ ...quickCalls, startToCloseTimeout: attemptTimeoutMs }).submitRetrain;
}

/**
 * Polling: every attempt is one status call and the activity sets each retry delay itself (`nextRetryDelay`: the
 * scheduler's sleep, or the heal backoff), which the server honours beyond `maximumInterval`. The retry policy's own
 * backoff therefore applies only to an attempt that ended without saying when to come back: a worker killed mid-read
 * or an attempt past its timeout. Its attempt number counts every poll of the training, so an exponential backoff
 * from it would be minutes long late in a run; a small `maximumInterval` resumes within seconds instead. A read takes
 * well under a second, so a short `startToCloseTimeout` notices a lost worker quickly (the HTTP call is aborted 1 s
 * before it, as a healable network error). The caller bounds the whole wait with `scheduleToCloseTimeout`.
 */
export const POLL_ATTEMPT_TIMEOUT_MS = 20_000;
export const POLL_LOST_ATTEMPT_RETRY_MS = 5_000;

/** The polling activities' options: one attempt per status read, the wait bounded by `scheduleToCloseTimeoutMs`. */
function polling(startToCloseTimeoutMs: number, scheduleToCloseTimeoutMs: number) {
  return proxyActivities<RetrainActivities>({
    startToCloseTimeout: startToCloseTimeoutMs,
    scheduleToCloseTimeout: Math.max(1_000, scheduleToCloseTimeoutMs),
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: POLL_LOST_ATTEMPT_RETRY_MS, nonRetryableErrorTypes: PERMANENT_ERRORS },
  });
}

export function pollActivity(scheduleToCloseTimeoutMs: number) {
  return polling(POLL_ATTEMPT_TIMEOUT_MS, scheduleToCloseTimeoutMs).pollTraining;
}

/**
 * Submit and follow in one activity (src/activities/submit-and-follow.ts): the poll's retry policy, since every
 * attempt after the submission is a poll attempt; submit attempts set their own delays and give up after their own
 * number of attempts. An attempt may be a submit, so its timeout is at least the request's submit attempt timeout
 * (a poll attempt lost with its worker is then noticed after that, 30 s by default, rather than 20 s).
 */
export function submitAndFollowActivity(submitAttemptTimeoutMs: number, scheduleToCloseTimeoutMs: number) {
  return polling(Math.max(submitAttemptTimeoutMs, POLL_ATTEMPT_TIMEOUT_MS), scheduleToCloseTimeoutMs).submitAndFollow;
}

/** Sinks: retried durably for a day; a sink that stays down only delays its own delivery. */
export const { emitReport } = proxyActivities<RetrainActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: PERMANENT_ERRORS },
});
