// Typed errors of the client API. Each has a stable `code` that the HTTP API and the CLI map to a status or an exit
// code, and a message that says what to do next. None carries credentials.
import { isNotFound, isUnavailable } from '../temporal/service-errors';

/**
 * What each error code means to a caller, in one table: the CLI turns the kind into its exit code
 * (src/cli/errors/client-errors.ts) and the HTTP API into its status (src/api/errors.ts).
 * - invalid: the input was wrong (exit 2, HTTP 400); not-found: no such run or schedule (exit 2, HTTP 404);
 * - conflict: the run or schedule is not in a state that allows it (exit 2, HTTP 409);
 * - unavailable: Temporal cannot be reached (exit 3, HTTP 503 with Retry-After).
 */
export const CLIENT_ERROR_KINDS = {
  INVALID_TRIGGER: 'invalid',
  INVALID_FILTER: 'invalid',
  INVALID_SCHEDULE: 'invalid',
  RETRAIN_NOT_FOUND: 'not-found',
  SCHEDULE_NOT_FOUND: 'not-found',
  NOT_RETRYABLE: 'conflict',
  ALREADY_CLOSED: 'conflict',
  SCHEDULE_EXISTS: 'conflict',
  TEMPORAL_UNAVAILABLE: 'unavailable',
} as const;
export type ClientErrorCode = keyof typeof CLIENT_ERROR_KINDS;
export type ClientErrorKind = (typeof CLIENT_ERROR_KINDS)[ClientErrorCode];

export abstract class RetrainClientError extends Error {
  abstract readonly code: ClientErrorCode;
  /** The field-by-field problems of an invalid input ("field: message"); empty for other kinds. */
  readonly issues: string[] = [];
  get kind(): ClientErrorKind {
    return CLIENT_ERROR_KINDS[this.code];
  }
}

/** Thrown when a feedback event or a retrain request does not validate; `issues` name each field. */
export class InvalidTriggerError extends RetrainClientError {
  override readonly name = 'InvalidTriggerError';
  readonly code = 'INVALID_TRIGGER';
  constructor(override readonly issues: string[]) {
    super(`Invalid trigger: ${issues.join('; ')}`);
  }
}

/** Thrown when a list filter does not validate; `issues` name each field. */
export class InvalidFilterError extends RetrainClientError {
  override readonly name = 'InvalidFilterError';
  readonly code = 'INVALID_FILTER';
  constructor(override readonly issues: string[]) {
    super(`Invalid filter: ${issues.join('; ')}`);
  }
}

/** Thrown when no retrain run has the given workflow id (or the id names a workflow that is not a retrain). */
export class RetrainNotFoundError extends RetrainClientError {
  override readonly name = 'RetrainNotFoundError';
  readonly code = 'RETRAIN_NOT_FOUND';
  constructor(readonly workflowId: string, detail = 'no retrain run has this workflow id') {
    super(`Retrain ${workflowId} not found: ${detail}. List runs with 'einstein-retrain list --model <modelId>'.`);
  }
}

/** Thrown by retry when the run succeeded or is still running: only failed, cancelled or timed-out runs are re-run. */
export class NotRetryableError extends RetrainClientError {
  override readonly name = 'NotRetryableError';
  readonly code = 'NOT_RETRYABLE';
  constructor(readonly workflowId: string, readonly status: string, reason: string) {
    super(`Retrain ${workflowId} cannot be retried: ${reason}`);
  }
}

/** Thrown by cancel when the run has already closed. */
export class AlreadyClosedError extends RetrainClientError {
  override readonly name = 'AlreadyClosedError';
  readonly code = 'ALREADY_CLOSED';
  constructor(readonly workflowId: string, readonly status: string) {
    super(`Retrain ${workflowId} is already closed (${status}); there is nothing to cancel.`);
  }
}

/** Thrown when the Temporal service cannot be reached; the address is in the configuration (TEMPORAL_ADDRESS). */
export class TemporalUnavailableError extends RetrainClientError {
  override readonly name = 'TemporalUnavailableError';
  readonly code = 'TEMPORAL_UNAVAILABLE';
  constructor(detail: string) {
    super(`Temporal is unavailable (${detail}). Check TEMPORAL_ADDRESS and that the server is running.`);
  }
}

/** Thrown when no schedule has the given id. */
export class ScheduleNotFoundError extends RetrainClientError {
  override readonly name = 'ScheduleNotFoundError';
  readonly code = 'SCHEDULE_NOT_FOUND';
  constructor(readonly scheduleId: string) {
    super(`Schedule ${scheduleId} not found. List schedules with 'einstein-retrain schedule list'.`);
  }
}

/** Thrown by schedule create when the model already has a schedule. */
export class ScheduleExistsError extends RetrainClientError {
  override readonly name = 'ScheduleExistsError';
  readonly code = 'SCHEDULE_EXISTS';
  constructor(readonly scheduleId: string) {
    super(`Schedule ${scheduleId} already exists. Delete it first, or pause/unpause it.`);
  }
}

/** Thrown when schedule options do not validate; `issues` name each field. */
export class InvalidScheduleError extends RetrainClientError {
  override readonly name = 'InvalidScheduleError';
  readonly code = 'INVALID_SCHEDULE';
  constructor(override readonly issues: string[]) {
    super(`Invalid schedule: ${issues.join('; ')}`);
  }
}

/** Maps the SDK's not-found and unavailable errors to ours; anything else is rethrown as it is. */
export function translateTemporalError(error: unknown, workflowId?: string): never {
  if (error instanceof RetrainClientError) throw error;
  if (workflowId !== undefined && isNotFound(error)) throw new RetrainNotFoundError(workflowId);
  if (isUnavailable(error)) throw new TemporalUnavailableError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  throw error;
}
