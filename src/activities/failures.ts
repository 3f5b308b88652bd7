// Turns what an activity throws into a Temporal failure. The failure `type` is the error's class name (the contract
// callers match on); an Einstein error is non-retryable exactly when the client says it is permanent; a programming
// error (TypeError, RangeError, ...) is non-retryable too, since retrying the same code with the same input cannot
// help; a server's Retry-After becomes the next retry delay. `details[0]` carries the error code and the Einstein
// calls the activity made so far, so a run's call count includes the attempts that failed.
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { isEinsteinError } from '../einstein';

const PROGRAMMING_ERRORS = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']);

export function toApplicationFailure(error: unknown, apiCalls?: number): unknown {
  const calls = apiCalls === undefined ? {} : { apiCalls };
  if (error instanceof CancelledFailure) return error;
  if (isEinsteinError(error)) {
    return ApplicationFailure.create({
      message: error.message,
      type: error.name,
      nonRetryable: !error.retryable,
      nextRetryDelay: error.retryAfterMs,
      details: [{ code: error.code, httpStatus: error.httpStatus, endpoint: error.endpoint, ...calls }],
    });
  }
  if (error instanceof ApplicationFailure) {
    if (apiCalls === undefined) return error;
    const [first, ...rest] = error.details ?? [];
    return ApplicationFailure.create({
      message: error.message,
      type: error.type ?? undefined,
      nonRetryable: error.nonRetryable ?? undefined,
      nextRetryDelay: error.nextRetryDelay ?? undefined,
      category: error.category ?? undefined,
      details: [{ ...(typeof first === 'object' && first !== null ? first : {}), ...calls }, ...rest],
    });
  }
  if (error instanceof Error) {
    return ApplicationFailure.create({
      message: error.message,
      type: error.name,
      nonRetryable: PROGRAMMING_ERRORS.has(error.name),
      details: [{ code: PROGRAMMING_ERRORS.has(error.name) ? 'INTERNAL_ERROR' : 'ACTIVITY_FAILED', ...calls }],
    });
  }
  return error;
}
