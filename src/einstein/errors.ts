// Typed failures of the Einstein API client. Each class has a stable `code`; retry rules, logs and metrics key on it.
// Temporal matches `nonRetryableErrorTypes` by error *name*, so the class names below are part of the contract.
// No error ever carries a token, a key or a request body: messages are built from ids, routes and status codes.

export type EinsteinErrorCode =
  | 'DATASET_BUSY'
  | 'DATASET_DELETED'
  | 'MODEL_NOT_FOUND'
  | 'INVALID_REQUEST'
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'MALFORMED_RESPONSE';

/** Where a failure happened; every field is optional because client-side failures have no HTTP exchange. */
export interface ErrorContext {
  /** Route that failed, e.g. `POST /v2/vision/retrain` or `GET /v2/vision/train/:modelId`. */
  endpoint?: string;
  httpStatus?: number;
  /** How long the server asked us to wait (from `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
}

/** Base class of every failure the Einstein client throws. */
export abstract class EinsteinError extends Error {
  abstract readonly code: EinsteinErrorCode;
  /** Whether trying the same call again later can succeed. */
  abstract readonly retryable: boolean;
  declare readonly endpoint?: string;
  declare readonly httpStatus?: number;
  declare readonly retryAfterMs?: number;

  protected constructor(message: string, context: ErrorContext = {}) {
    super(message);
    // The class name is the failure type Temporal matches on; recapture the stack so it starts with that name too.
    this.name = new.target.name;
    Error.captureStackTrace(this, new.target);
    if (context.endpoint !== undefined) this.endpoint = context.endpoint;
    if (context.httpStatus !== undefined) this.httpStatus = context.httpStatus;
    if (context.retryAfterMs !== undefined) this.retryAfterMs = context.retryAfterMs;
  }
}

/**
 * Thrown by `train` and `retrain` when Einstein refused the submission and the dataset's state shows a model of that
 * dataset `QUEUED` or `RUNNING` (Einstein runs one training per dataset). Retryable: wait for `blockingModelId` to
 * reach a terminal status, then submit again.
 */
export class DatasetBusyError extends EinsteinError {
  readonly code = 'DATASET_BUSY' as const;
  readonly retryable = true;
  constructor(
    readonly datasetId: number,
    readonly blockingModelId: string,
    readonly blockingStatus: string,
    context: ErrorContext = {},
  ) {
    super(
      `Dataset ${datasetId} is busy: model ${blockingModelId} is ${blockingStatus}. ` +
        `Wait until that training ends, then submit again.`,
      context,
    );
  }
}

/**
 * Thrown when a dataset no longer exists or is being deleted: `GET /datasets/{id}` answers 404 or reports
 * `statusMsg: DELETE_PENDING` (also when a train/retrain refusal is explained by that state). Permanent: the models
 * built on it can still predict but can never be retrained.
 */
export class DatasetDeletedError extends EinsteinError {
  readonly code = 'DATASET_DELETED' as const;
  readonly retryable = false;
  constructor(
    readonly datasetId: number,
    readonly reason: 'NOT_FOUND' | 'DELETE_PENDING',
    context: ErrorContext = {},
  ) {
    super(
      reason === 'NOT_FOUND'
        ? `Dataset ${datasetId} does not exist (deleted or never created). Retraining its models is impossible; ` +
            `train a new model on an existing dataset.`
        : `Dataset ${datasetId} is being deleted (DELETE_PENDING). Retraining its models is impossible; ` +
            `train a new model on an existing dataset.`,
      context,
    );
  }
}

/**
 * Thrown when a model id is unknown or was deleted: `GET /train/{modelId}` or `GET /models/{modelId}` answers 404
 * (also when a retrain refusal is explained by that state). Permanent: check the model id.
 */
export class ModelNotFoundError extends EinsteinError {
  readonly code = 'MODEL_NOT_FOUND' as const;
  readonly retryable = false;
  constructor(
    readonly modelId: string,
    context: ErrorContext = {},
  ) {
    super(`Model ${modelId} does not exist or was deleted. Check the model id; retrying will not help.`, context);
  }
}

/**
 * Thrown when a request is wrong: the client's own validation rejected a parameter before sending (then `field`
 * names it), or Einstein answered 4xx and no dataset/model state explains why. Permanent: fix the request.
 */
export class InvalidRequestError extends EinsteinError {
  readonly code = 'INVALID_REQUEST' as const;
  readonly retryable = false;
  declare readonly field?: string;
  constructor(message: string, context: ErrorContext & { field?: string } = {}) {
    super(message, context);
    if (context.field !== undefined) this.field = context.field;
  }
}

/**
 * Thrown when Einstein does not accept our credentials. Permanent (`retryable: false`) when the token endpoint refused
 * them or a static token was refused: nothing changes until someone fixes the configuration. Retryable when a data
 * endpoint answered 401 or 403 to a token the token endpoint had just issued: that heals when a burst of refusals
 * passes or a revoked token is replaced, and the caller's retry policy bounds how long it is given.
 */
export class UnauthenticatedError extends EinsteinError {
  readonly code = 'UNAUTHENTICATED' as const;
  readonly retryable: boolean;
  constructor(message: string, context: ErrorContext & { retryable?: boolean } = {}) {
    super(message, context);
    this.retryable = context.retryable ?? false;
  }
}

/**
 * Thrown on HTTP 429 (usage limit). Retryable: `retryAfterMs` says how long the server asked us to wait, when it did.
 */
export class RateLimitedError extends EinsteinError {
  readonly code = 'RATE_LIMITED' as const;
  readonly retryable = true;
  constructor(context: ErrorContext = {}) {
    super(`Einstein rate limit reached${describeWait(context.retryAfterMs)}. Try again later.`, context);
  }
}

/**
 * Thrown on HTTP 5xx. Retryable: the server may recover; `retryAfterMs` is set when it sent `Retry-After` (e.g. 503).
 * After a 5xx from train/retrain the training may or may not have been queued: look before submitting again.
 */
export class ServerError extends EinsteinError {
  readonly code = 'SERVER_ERROR' as const;
  readonly retryable = true;
  constructor(context: ErrorContext = {}) {
    super(
      `Einstein answered HTTP ${context.httpStatus ?? '5xx'} (server error)${describeWait(context.retryAfterMs)}. ` +
        `Try again later.`,
      context,
    );
  }
}

/**
 * Thrown when the connection failed (refused, reset, closed mid-response, DNS). Retryable. If it happened during
 * train/retrain the request may have reached Einstein: look at the model's status before submitting again.
 */
export class NetworkError extends EinsteinError {
  readonly code = 'NETWORK_ERROR' as const;
  readonly retryable = true;
  constructor(detail: string, context: ErrorContext = {}) {
    super(`Could not reach Einstein (${detail}). Check the base URL and network, then try again.`, context);
  }
}

/**
 * Thrown when connecting, waiting for response headers or reading the body took longer than the configured timeout
 * (or on HTTP 408). Retryable; as with NetworkError, a timed-out train/retrain may still have been accepted.
 */
export class TimeoutError extends EinsteinError {
  readonly code = 'TIMEOUT' as const;
  readonly retryable = true;
  constructor(phase: 'connect' | 'headers' | 'body' | 'server', context: ErrorContext = {}) {
    super(`Einstein did not answer in time (${phase} timeout). Try again later.`, context);
  }
}

/**
 * Thrown when a response cannot be used: the body is not JSON (retryable — usually a truncated or proxied answer), or
 * it lacks a field the product needs or has one of the wrong type (permanent — `field` names it), or the status code
 * makes no sense for the endpoint.
 */
export class MalformedResponseError extends EinsteinError {
  readonly code = 'MALFORMED_RESPONSE' as const;
  readonly retryable: boolean;
  declare readonly field?: string;
  constructor(message: string, context: ErrorContext & { field?: string; retryable: boolean }) {
    super(message, context);
    this.retryable = context.retryable;
    if (context.field !== undefined) this.field = context.field;
  }
}

export function isEinsteinError(value: unknown): value is EinsteinError {
  return value instanceof EinsteinError;
}

function describeWait(retryAfterMs: number | undefined): string {
  return retryAfterMs === undefined ? '' : `; the server asked to wait ${Math.ceil(retryAfterMs / 1000)} s`;
}
