// How a closed retrain run ended, read from what Temporal gives back: its result, or the failure it closed with.
// The workflow's failures carry `details[0] = { code, outcome }` (src/workflows/retrain-errors.ts); cancellation,
// termination and timeouts are Temporal's own failure classes.
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import { FAILURE_OUTCOMES, type FailureOutcome, type RetrainOutcome } from '../report';

/** How a run ended, as far as exit codes care: an outcome (ours, or Temporal's for terminated runs) and a code. */
export interface RunEnding {
  outcome: RetrainOutcome | 'TERMINATED';
  /** Stable failure code from the workflow (`details[0].code`), e.g. MODEL_NOT_FOUND, UNAUTHENTICATED. */
  code?: string;
}

export interface DescribedEnding extends RunEnding {
  message: string;
}

export const SUCCEEDED_ENDING: DescribedEnding = { outcome: 'SUCCEEDED', message: 'The retrain succeeded' };

/** The ending of a run that closed with `cause` (WorkflowFailedError.cause). */
export function endingFromFailure(cause: unknown): DescribedEnding {
  if (cause instanceof CancelledFailure) return { outcome: 'CANCELLED', code: 'CANCELLED', message: cause.message || 'The retrain was cancelled' };
  if (cause instanceof TerminatedFailure) return { outcome: 'TERMINATED', code: 'TERMINATED', message: cause.message || 'The run was terminated' };
  if (cause instanceof TimeoutFailure) return { outcome: 'TIMED_OUT', code: 'WORKFLOW_TIMED_OUT', message: cause.message || 'The run timed out' };
  if (cause instanceof ApplicationFailure) return applicationEnding(cause);
  const message = cause instanceof Error ? cause.message : 'The run failed';
  return { outcome: 'FAILED', code: 'WORKFLOW_FAILED', message };
}

/** The ending Temporal reports for a closed run whose failure cause could not be read. */
export function endingFromStatus(workflowStatus: string): DescribedEnding | undefined {
  switch (workflowStatus) {
    case 'COMPLETED':
      return SUCCEEDED_ENDING;
    case 'CANCELLED':
      return { outcome: 'CANCELLED', code: 'CANCELLED', message: 'The retrain was cancelled' };
    case 'TERMINATED':
      return { outcome: 'TERMINATED', code: 'TERMINATED', message: 'The run was terminated' };
    case 'TIMED_OUT':
      return { outcome: 'TIMED_OUT', code: 'WORKFLOW_TIMED_OUT', message: 'The run timed out' };
    case 'FAILED':
      return { outcome: 'FAILED', code: 'WORKFLOW_FAILED', message: 'The run failed' };
    default:
      return undefined;
  }
}

function applicationEnding(failure: ApplicationFailure): DescribedEnding {
  const details = (failure.details?.[0] ?? {}) as { code?: unknown; outcome?: unknown };
  const code = typeof details.code === 'string' ? details.code : (failure.type ?? undefined);
  const outcome = isFailureOutcome(details.outcome)
    ? details.outcome
    : failure.type === 'InvalidRetrainInput'
      ? 'REJECTED'
      : 'FAILED';
  return { outcome, ...(code !== undefined && { code }), message: failure.message };
}

function isFailureOutcome(value: unknown): value is FailureOutcome {
  return typeof value === 'string' && (FAILURE_OUTCOMES as readonly string[]).includes(value);
}
