// The ways a retrain workflow ends in failure, as typed, non-retryable Temporal failures. The `type` strings are the
// contract for ops tooling (CLI exit codes, retry decisions); `details[0]` carries a stable code and context.
import { ApplicationFailure, ActivityFailure, TimeoutFailure } from '@temporalio/common';
import type { FailureOutcome } from '../report';

export interface RetrainFailureDetails {
  code: string;
  outcome: FailureOutcome;
  [key: string]: unknown;
}

export function retrainFailure(message: string, type: string, details: RetrainFailureDetails): ApplicationFailure {
  return ApplicationFailure.create({ message, type, nonRetryable: true, details: [details] });
}

/** Error types that mean Einstein refused the retrain for good (model or dataset gone, request invalid). */
const REJECTION_TYPES: Record<string, string> = {
  ModelNotFoundError: 'MODEL_NOT_FOUND',
  DatasetDeletedError: 'DATASET_DELETED',
  InvalidRequestError: 'INVALID_REQUEST',
  UnauthenticatedError: 'UNAUTHENTICATED',
};

/** What an activity failure means for the report: its outcome, a stable code and a message for people. */
export function describeActivityFailure(error: ActivityFailure): { outcome: FailureOutcome; code: string; message: string } {
  const cause = error.cause;
  if (cause instanceof TimeoutFailure) {
    return { outcome: 'TIMED_OUT', code: 'DEADLINE_EXCEEDED', message: 'The retrain did not finish before its deadline' };
  }
  if (cause instanceof ApplicationFailure) {
    const code = REJECTION_TYPES[cause.type ?? ''];
    if (code) return { outcome: 'REJECTED', code, message: cause.message };
    return { outcome: 'FAILED', code: cause.type ?? 'ACTIVITY_FAILED', message: cause.message };
  }
  return { outcome: 'FAILED', code: 'ACTIVITY_FAILED', message: cause?.message ?? error.message };
}
