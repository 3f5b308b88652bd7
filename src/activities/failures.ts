// Turns client errors into Temporal failures. The failure `type` is the error's class name (the contract that
// `nonRetryableErrorTypes` and callers match on); permanent errors are non-retryable so they fail on the first
// attempt; a server's Retry-After becomes the next retry delay.
import { ApplicationFailure } from '@temporalio/common';
import { isEinsteinError } from '../einstein';

export function toApplicationFailure(error: unknown): unknown {
  if (!isEinsteinError(error)) return error;
  return ApplicationFailure.create({
    message: error.message,
    type: error.name,
    nonRetryable: !error.retryable,
    nextRetryDelay: error.retryAfterMs,
    details: [{ code: error.code, httpStatus: error.httpStatus, endpoint: error.endpoint }],
  });
}

/** Wraps an activity implementation so every Einstein error leaves it as a typed ApplicationFailure. */
export function withTypedFailures<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw toApplicationFailure(error);
    }
  };
}
