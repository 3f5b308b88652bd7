// The ways a retrain workflow ends in failure, as typed, non-retryable Temporal failures. The `type` strings are the
// contract for ops tooling (CLI exit codes, retry decisions); `details[0]` carries a stable code and context.
import { ApplicationFailure, ActivityFailure, TimeoutFailure } from '@temporalio/common';
import type { FailureOutcome, RetrainReport } from '../report';

export interface RetrainFailureDetails {
  code: string;
  outcome: FailureOutcome;
  [key: string]: unknown;
}

/** `report`, when the run built one, is `details[1]`: clients read a failed run's report there. */
export function retrainFailure(message: string, type: string, details: RetrainFailureDetails, report?: RetrainReport): ApplicationFailure {
  return ApplicationFailure.create({ message, type, nonRetryable: true, details: report ? [details, report] : [details] });
}

/** Error types that mean Einstein refused the retrain for good (model or dataset gone, request invalid). */
const REJECTION_TYPES: Record<string, string> = {
  ModelNotFoundError: 'MODEL_NOT_FOUND',
  DatasetDeletedError: 'DATASET_DELETED',
  InvalidRequestError: 'INVALID_REQUEST',
  UnauthenticatedError: 'UNAUTHENTICATED',
};

/**
 * Whether a polling wait ran out of its time budget. When the next retry would pass the activity's
 * schedule-to-close timeout, Temporal ends it with the last attempt's failure (our benign 'PollAgain') rather than
 * a TimeoutFailure, so both mean "still not finished when time was up".
 */
export function isWaitExhausted(error: unknown): boolean {
  if (!(error instanceof ActivityFailure)) return false;
  const cause = error.cause;
  return cause instanceof TimeoutFailure || (cause instanceof ApplicationFailure && cause.type === 'PollAgain');
}

/** What an activity failure means for the report: its outcome, a stable code and a message for people. */
export function describeActivityFailure(error: ActivityFailure): { outcome: FailureOutcome; code: string; message: string } {
  const cause = error.cause;
  if (isWaitExhausted(error)) {
    return { outcome: 'TIMED_OUT', code: 'DEADLINE_EXCEEDED', message: 'The retrain did not finish before its deadline' };
  }
  if (cause instanceof ApplicationFailure) {
    const code = REJECTION_TYPES[cause.type ?? ''];
    if (code) return { outcome: 'REJECTED', code, message: cause.message };
    return { outcome: 'FAILED', code: cause.type ?? 'ACTIVITY_FAILED', message: cause.message };
  }
  return { outcome: 'FAILED', code: 'ACTIVITY_FAILED', message: cause?.message ?? error.message };
}

/** Einstein calls made by the attempts of a failed activity (carried in its failure details by the activity). */
export function failedActivityCalls(error: ActivityFailure): number {
  const cause = error.cause;
  if (!(cause instanceof ApplicationFailure)) return 0;
  const calls = (cause.details?.[0] as { apiCalls?: unknown } | undefined)?.apiCalls;
  return typeof calls === 'number' && Number.isFinite(calls) ? calls : 0;
}
